"""Reading the scoring content: domains with thresholds, and the advice library."""

from __future__ import annotations

import re
from typing import Any

from dialoog.flow.model import ALL_LEVELS, LEVELS, UNKNOWN, Advice, Domain, UnknownRule
from dialoog.flow.problems import Pos
from dialoog.flow.reader import Reader
from dialoog.flow.yamlfile import YMap

OPEN_PLACEHOLDER = re.compile(r"\{\{\s*open\s*\}\}")
"""Where `meaning.unknown` names the topics that were left open."""
UNKNOWN_KEYS = frozenset({"deciding", "mostly", "needs"})

ADVICE_KEYS = frozenset(
    {"id", "domain", "level", "if", "priority", "title", "why", "risks", "steps", "contacts", "source"}
)


def read_domains(r: Reader, data: Any, pos: Pos) -> tuple[dict[str, Domain], dict[str, str]]:
    top = r.mapping(data, pos, "the domains file")
    if top is None:
        return {}, {}
    r.keys(top, {"domains", "levels", "role_audience", "role_question"}, "the domains file")
    labels = _read_level_words(r, top)
    domains: dict[str, Domain] = {}
    raw = r.items(top.get("domains"), top.at("domains"), "'domains'")
    for i, item in enumerate(raw):
        m = r.mapping(item, raw.at(i), "a domain")
        if m is None:
            continue
        r.keys(m, {"id", "title", "meaning", "thresholds", "unknown"}, "a domain")
        dom_id = r.ident(m, "id", "a domain")
        if dom_id is None:
            continue
        if dom_id in domains:
            r.error(m.at("id"), "DLG008", f"domain '{dom_id}' is defined twice")
        unknown = _read_unknown_rule(r, m, dom_id)
        meaning: dict[str, str] = {}
        mm = r.mapping(m.get("meaning"), m.at("meaning"), "'meaning'") if "meaning" in m else None
        if mm is not None:
            r.keys(mm, set(ALL_LEVELS), "'meaning'")
            meaning = {k: str(v) for k, v in mm.items() if k in ALL_LEVELS}
        if not set(LEVELS) <= set(meaning):
            r.error(m.pos, "DLG004", f"domain '{dom_id}' needs a 'meaning' for low, attention and high")
        if unknown is not None and UNKNOWN not in meaning:
            r.error(m.at("unknown"), "DLG004", f"domain '{dom_id}' has an 'unknown' rule: it needs meaning.unknown")
        if UNKNOWN in meaning and mm is not None:
            if unknown is None:
                r.error(mm.at(UNKNOWN), "DLG031", f"domain '{dom_id}' has meaning.unknown but no 'unknown' rule")
            elif not OPEN_PLACEHOLDER.search(meaning[UNKNOWN]):
                r.error(mm.at(UNKNOWN), "DLG031",
                        f"the 'meaning' for unknown of '{dom_id}' must name the open topics with {{{{ open }}}}")
        attention, high = 1.0, 2.0
        tm = r.mapping(m.get("thresholds"), m.at("thresholds"), "'thresholds'") if "thresholds" in m else None
        if tm is None:
            r.error(m.pos, "DLG004", f"domain '{dom_id}' needs 'thresholds' (attention and high)")
        else:
            r.keys(tm, {"attention", "high"}, "'thresholds'")
            attention = r.get(tm, "attention", float, "'thresholds'", required=True, default=1.0)
            high = r.get(tm, "high", float, "'thresholds'", required=True, default=2.0)
            if not 0 < attention < high:
                r.error(tm.pos, "DLG026", f"thresholds of '{dom_id}' must satisfy 0 < attention < high")
        domains[dom_id] = Domain(
            id=dom_id,
            title=r.get(m, "title", str, "a domain", required=True, default=dom_id),
            meaning=meaning,
            attention=attention,
            high=high,
            pos=m.pos,
            labels=labels,
            unknown=unknown,
        )
    role_audience: dict[str, str] = {}
    if "role_audience" in top:
        ra = r.mapping(top["role_audience"], top.at("role_audience"), "'role_audience'")
        if ra is not None:
            role_audience = {k: str(v) for k, v in ra.items()}
    return domains, role_audience


def _read_level_words(r: Reader, top: YMap) -> dict[str, str]:
    """`levels:`: every level in words, the one source of the words every view shows."""
    if "levels" not in top:
        if top.get("domains"):
            r.error(top.pos, "DLG004", f"the domains file needs 'levels' (the words for {', '.join(ALL_LEVELS)})")
        return {}
    lm = r.mapping(top["levels"], top.at("levels"), "'levels'")
    if lm is None:
        return {}
    r.keys(lm, set(ALL_LEVELS), "'levels'")
    words = {level: r.get(lm, level, str, "'levels'", required=True, default=level) for level in ALL_LEVELS}
    return words


def _read_unknown_rule(r: Reader, m: YMap, dom_id: str) -> UnknownRule | None:
    """A domain's `unknown:` rule: its deciding questions (id: topic in words), `mostly`, `needs`."""
    if "unknown" not in m:
        return None
    um = r.mapping(m["unknown"], m.at("unknown"), "'unknown'")
    if um is None:
        return None
    r.keys(um, UNKNOWN_KEYS, "'unknown'")
    deciding: dict[str, str] = {}
    dm = r.mapping(um.get("deciding"), um.at("deciding"), "'deciding'") if "deciding" in um else None
    if dm is None:
        r.error(um.pos, "DLG004", f"the 'unknown' rule of '{dom_id}' needs 'deciding' (question id: topic in words)")
    else:
        for key, value in dm.items():
            if not isinstance(value, str) or not value.strip():
                r.error(dm.at(key), "DLG003", f"the topic of '{key}' in 'deciding' must be text")
                continue
            deciding[str(key)] = value
    mostly = r.get(um, "mostly", float, "'unknown'", default=0.5)
    if not 0 < mostly <= 1:
        r.error(um.at("mostly"), "DLG026", f"'mostly' of '{dom_id}' must satisfy 0 < mostly <= 1")
        mostly = 0.5
    needs = r.strings(um, "needs", "'unknown'")
    for need in needs:
        if need not in deciding:
            r.error(um.at("needs"), "DLG031", f"'needs' of '{dom_id}' names '{need}', which is not in its 'deciding'")
    return UnknownRule(deciding=deciding, mostly=mostly, needs=tuple(n for n in needs if n in deciding))


def read_advice(r: Reader, data: Any, pos: Pos) -> list[Advice]:
    top = r.mapping(data, pos, "the advice file")
    if top is None:
        return []
    r.keys(top, {"advice"}, "the advice file")
    out: list[Advice] = []
    seen: set[str] = set()
    raw = r.items(top.get("advice"), top.at("advice"), "'advice'")
    for i, item in enumerate(raw):
        m = r.mapping(item, raw.at(i), "an advice item")
        if m is None:
            continue
        r.keys(m, ADVICE_KEYS, "an advice item")
        adv_id = r.ident(m, "id", "an advice item")
        if adv_id is None:
            continue
        if adv_id in seen:
            r.error(m.at("id"), "DLG008", f"advice '{adv_id}' is defined twice")
        seen.add(adv_id)
        what = f"advice '{adv_id}'"
        level = r.get(m, "level", str, what)
        if level is not None and level not in LEVELS:
            r.error(m.at("level"), "DLG026", f"'level' must be one of {', '.join(LEVELS)}")
            level = None
        condition = r.get(m, "if", str, what)
        if level is None and condition is None:
            r.error(m.pos, "DLG004", f"{what} needs 'level' or 'if' (or both)")
        contacts: dict[str, list[str]] = {}
        if "contacts" in m:
            cm = r.mapping(m["contacts"], m.at("contacts"), "'contacts'")
            if cm is not None:
                contacts = {k: r.strings(cm, k, "'contacts'") for k in cm}
        if "default" not in contacts:
            r.error(
                m.at("contacts") if "contacts" in m else m.pos,
                "DLG004",
                f"{what} needs 'contacts' with a 'default' list",
            )
        out.append(
            Advice(
                id=adv_id,
                domain=r.get(m, "domain", str, what, required=True, default=""),
                level=level,
                condition=condition,
                priority=r.get(m, "priority", int, what, default=5),
                title=r.get(m, "title", str, what, required=True, default=""),
                why=r.get(m, "why", str, what, required=True, default=""),
                risks=r.get(m, "risks", str, what, default=""),
                steps=r.strings(m, "steps", what),
                contacts=contacts,
                source=r.get(m, "source", str, what),
                pos=m.pos,
                condition_pos=m.at("if") if condition else None,
            )
        )
    return out
