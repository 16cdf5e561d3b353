"""Reading the scoring content: domains with thresholds, and the advice library."""

from __future__ import annotations

import re
from typing import Any

from dialoog.flow.model import (
    ALL_LEVELS,
    GENERIC_STRENGTH,
    LEVELS,
    MAX_STRENGTH,
    SPECIFIC_STRENGTH,
    UNKNOWN,
    Advice,
    Domain,
    Step,
    UnknownRule,
)
from dialoog.flow.problems import Pos, Problem
from dialoog.flow.reader import Reader
from dialoog.flow.yamlfile import YList, YMap

OPEN_PLACEHOLDER = re.compile(r"\{\{\s*open\s*\}\}")
"""Where `meaning.unknown` names the topics that were left open."""
UNKNOWN_KEYS = frozenset({"deciding", "mostly", "needs"})

ADVICE_KEYS = frozenset(
    {
        "id",
        "domain",
        "level",
        "if",
        "entries",
        "strength",
        "replaces",
        "priority",
        "title",
        "why",
        "risks",
        "steps",
        "contacts",
        "source",
    }
)
ADVICE_FILE_KEYS = frozenset({"advice", "topic_names"})


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
        r.keys(m, {"id", "title", "meaning", "thresholds", "unknown", "mark"}, "a domain")
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
                r.error(mm.at(UNKNOWN), "DLG036", f"domain '{dom_id}' has meaning.unknown but no 'unknown' rule")
            elif not OPEN_PLACEHOLDER.search(meaning[UNKNOWN]):
                r.error(mm.at(UNKNOWN), "DLG036",
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
            mark=_read_mark(r, m, dom_id, domains),
        )
    role_audience: dict[str, str] = {}
    if "role_audience" in top:
        ra = r.mapping(top["role_audience"], top.at("role_audience"), "'role_audience'")
        if ra is not None:
            role_audience = {k: str(v) for k, v in ra.items()}
    return domains, role_audience


def _read_mark(r: Reader, m: YMap, dom_id: str, domains: dict[str, Domain]) -> str | None:
    """`mark:`: the one letter that marks the domain's risk signals on the network map, unique among domains."""
    mark: str | None = r.get(m, "mark", str, "a domain")
    if mark is None:
        return None
    if not is_mark(mark):
        r.error(m.at("mark"), "DLG042", f"the 'mark' of '{dom_id}' must be one capital letter, not '{mark}'")
        return None
    for other in domains.values():
        if other.mark == mark and other.id != dom_id:
            r.error(m.at("mark"), "DLG042", f"the 'mark' '{mark}' of '{dom_id}' is also that of '{other.id}': "
                    "each domain needs its own letter")
            return None
    return mark


def check_mark_translations(lang: str, domains: dict[str, Domain], catalog: dict[str, tuple[str, bool, Pos]],
                            problems: list[Problem]) -> None:
    """Each domain's `mark` translated into `lang` (the msgstr of `catalog`) is one capital letter, and no two
    domains get the same one (DLG042 at the translation): the map of that language tells them apart."""
    seen: dict[str, str] = {}
    for dom in domains.values():
        if dom.mark is None:
            continue
        msgstr, _fuzzy, where = catalog.get(dom.mark, ("", False, dom.pos))
        letter = msgstr or dom.mark
        if msgstr and not is_mark(msgstr):
            problems.append(Problem.at(where, "DLG042", f"the {lang} translation of the 'mark' of '{dom.id}' must be "
                                       f"one capital letter, not '{msgstr}'"))
        elif letter in seen:
            problems.append(Problem.at(where, "DLG042", f"in {lang}, the 'mark' of '{dom.id}' and that of "
                                       f"'{seen[letter]}' are both '{letter}': each domain needs its own letter"))
        seen.setdefault(letter, dom.id)


def is_mark(text: str) -> bool:
    """One capital letter (any script): what marks a domain's risk signals on the network map."""
    return len(text) == 1 and text.isalpha() and text.isupper()


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
            r.error(um.at("needs"), "DLG036", f"'needs' of '{dom_id}' names '{need}', which is not in its 'deciding'")
    return UnknownRule(deciding=deciding, mostly=mostly, needs=tuple(n for n in needs if n in deciding))


def read_advice(r: Reader, data: Any, pos: Pos) -> list[Advice]:
    top = r.mapping(data, pos, "the advice file")
    if top is None:
        return []
    r.keys(top, ADVICE_FILE_KEYS, "the advice file")
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
        entries = r.get(m, "entries", str, what)
        if level is None and condition is None and entries is None:
            r.error(m.pos, "DLG004", f"{what} needs 'level', 'if' or 'entries'")
        default_strength = GENERIC_STRENGTH if condition is None and entries is None else SPECIFIC_STRENGTH
        strength = r.get(m, "strength", int, what, default=default_strength)
        if not 0 <= strength <= MAX_STRENGTH:
            r.error(m.at("strength"), "DLG026", f"'strength' of {what} must be 0 to {MAX_STRENGTH}")
            strength = default_strength
        contacts: dict[str, list[str]] = {}
        contact_pos: dict[str, list[Pos]] = {}
        if "contacts" in m:
            cm = r.mapping(m["contacts"], m.at("contacts"), "'contacts'")
            if cm is not None:
                contacts = {k: r.strings(cm, k, "'contacts'") for k in cm}
                contact_pos = {k: _item_positions(cm, k) for k in cm}
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
                steps=read_steps(r, m, what),
                contacts=contacts,
                source=r.get(m, "source", str, what),
                pos=m.pos,
                condition_pos=m.at("if") if condition else None,
                strength=strength,
                replaces=r.strings(m, "replaces", what),
                replaces_pos=m.at("replaces") if "replaces" in m else None,
                entries=entries,
                entries_pos=m.at("entries") if entries else None,
                contact_pos=contact_pos,
            )
        )
    return out


def read_steps(r: Reader, m: YMap, what: str) -> list[Step]:
    """The steps of an advice item: each a text, or `{text: ..., if: condition}`."""
    raw = m.get("steps")
    if raw is None:
        return []
    steps: list[Step] = []
    for i, item in enumerate(r.items(raw, m.at("steps"), f"'steps' of {what}")):
        if isinstance(item, YMap):
            r.keys(item, {"text", "if"}, f"a step of {what}")
            text = r.get(item, "text", str, f"a step of {what}", required=True, default="")
            condition = r.get(item, "if", str, f"a step of {what}")
            steps.append(Step(text, condition, item.at("if") if condition else item.pos))
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
            steps.append(Step(str(item), None, raw.at(i)))
        else:
            r.error(raw.at(i), "DLG003", f"a step of {what} must be text or a mapping with 'text' and 'if'")
    return steps


def read_topic_names(r: Reader, data: Any, pos: Pos) -> tuple[dict[str, str], dict[str, Pos]]:
    """`topic_names` of the advice file: node id -> the short name of its topic, for "because" in words;
    and where each stands."""
    if not isinstance(data, YMap) or "topic_names" not in data:
        return {}, {}
    tm = r.mapping(data["topic_names"], data.at("topic_names"), "'topic_names'")
    if tm is None:
        return {}, {}
    names: dict[str, str] = {}
    where: dict[str, Pos] = {}
    for key, value in tm.items():
        if not isinstance(value, str) or not value.strip():
            r.error(tm.at(key), "DLG003", f"the topic name of '{key}' must be text")
            continue
        names[str(key)] = value
        where[str(key)] = tm.at(key)
    return names, where
def _item_positions(m: YMap, key: str) -> list[Pos]:
    """Where each item of the list at `key` stands (the value itself for a single text)."""
    value = m.get(key)
    if isinstance(value, YList):
        return [value.at(i) for i in range(len(value))]
    return [m.at(key)]
