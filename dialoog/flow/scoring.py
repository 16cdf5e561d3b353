"""Reading the scoring content: domains with thresholds, and the advice library."""

from __future__ import annotations

from typing import Any

from dialoog.flow.model import LEVELS, Advice, Domain
from dialoog.flow.problems import Pos
from dialoog.flow.reader import Reader
from dialoog.flow.yamlfile import YList, YMap

ADVICE_KEYS = frozenset(
    {"id", "domain", "level", "if", "priority", "title", "why", "risks", "steps", "contacts", "source"}
)


def read_domains(r: Reader, data: Any, pos: Pos) -> tuple[dict[str, Domain], dict[str, str]]:
    top = r.mapping(data, pos, "the domains file")
    if top is None:
        return {}, {}
    r.keys(top, {"domains", "role_audience", "role_question"}, "the domains file")
    domains: dict[str, Domain] = {}
    raw = r.items(top.get("domains"), top.at("domains"), "'domains'")
    for i, item in enumerate(raw):
        m = r.mapping(item, raw.at(i), "a domain")
        if m is None:
            continue
        r.keys(m, {"id", "title", "meaning", "thresholds"}, "a domain")
        dom_id = r.ident(m, "id", "a domain")
        if dom_id is None:
            continue
        if dom_id in domains:
            r.error(m.at("id"), "DLG008", f"domain '{dom_id}' is defined twice")
        meaning: dict[str, str] = {}
        mm = r.mapping(m.get("meaning"), m.at("meaning"), "'meaning'") if "meaning" in m else None
        if mm is not None:
            r.keys(mm, set(LEVELS), "'meaning'")
            meaning = {k: str(v) for k, v in mm.items() if k in LEVELS}
        if set(meaning) != set(LEVELS):
            r.error(m.pos, "DLG004", f"domain '{dom_id}' needs a 'meaning' for low, attention and high")
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
        )
    role_audience: dict[str, str] = {}
    if "role_audience" in top:
        ra = r.mapping(top["role_audience"], top.at("role_audience"), "'role_audience'")
        if ra is not None:
            role_audience = {k: str(v) for k, v in ra.items()}
    return domains, role_audience


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
                steps=r.strings(m, "steps", what),
                contacts=contacts,
                source=r.get(m, "source", str, what),
                pos=m.pos,
                condition_pos=m.at("if") if condition else None,
                contact_pos=contact_pos,
            )
        )
    return out


def _item_positions(m: YMap, key: str) -> list[Pos]:
    """Where each item of the list at `key` stands (the value itself for a single text)."""
    value = m.get(key)
    if isinstance(value, YList):
        return [value.at(i) for i in range(len(value))]
    return [m.at(key)]
