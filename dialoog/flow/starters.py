"""Conversation starters (`flows/starters.yaml`): opening sentences for the talk about the result, per person
the talk is with (a contact of `flows/contacts.yaml`) and per audience, each with its public source.

    actions:                      # per theme (a domain id): a line put first when a main action is in it
      belangenverstrengeling: ...
    starters:
      - id: formateur
        with: formateur           # a contact id: its name says whom the talk is with
        audiences: [kandidaat_bewindspersoon]   # audiences of role_audience, or `default` (role unknown)
        source: ...
        lines: [3 to 5 lines]
        actions: {domain: line}   # optional: this starter's own line for a theme

`dialoog check` reports an unknown contact or audience, or a contact that does not serve the audience
(DLG045), lines that are too few, too many or too long (DLG046), an unknown theme in `actions` (DLG047), an
audience without starters (DLG048) and a starter without a public source (DLG049).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dialoog.flow.problems import Pos
from dialoog.flow.reader import Reader
from dialoog.flow.yamlfile import YMap

if TYPE_CHECKING:
    from dialoog.flow.library import Library

MIN_LINES, MAX_LINES = 3, 5
MAX_LINE = 200
"""Characters in one line: an opening sentence or question, not a paragraph."""
DEFAULT_AUDIENCE = "default"
STARTER_KEYS = frozenset({"id", "with", "audiences", "source", "lines", "actions"})


@dataclass(slots=True)
class StarterSpec:
    """One starter as the content gives it (texts in the source language, translated when shown)."""

    id: str
    contact: str
    audiences: list[str]
    source: str
    lines: list[str]
    actions: dict[str, str]
    pos: Pos
    contact_pos: Pos
    audience_pos: Pos
    action_pos: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Starters:
    """The starters of a content root, and the shared lines per theme."""

    items: list[StarterSpec] = field(default_factory=list)
    actions: dict[str, str] = field(default_factory=dict)
    action_pos: dict[str, Pos] = field(default_factory=dict)
    pos: Pos = field(default_factory=lambda: Pos(""))


def _actions(r: Reader, m: YMap, what: str) -> tuple[dict[str, str], dict[str, Pos]]:
    raw = m.get("actions")
    if raw is None:
        return {}, {}
    am = r.mapping(raw, m.at("actions"), f"'actions' of {what}")
    if am is None:
        return {}, {}
    out: dict[str, str] = {}
    where: dict[str, Pos] = {}
    for key in am:
        line = r.get(am, key, str, f"'actions' of {what}", required=True, default="")
        if line:
            out[str(key)] = line
            where[str(key)] = am.key_pos.get(key, am.at(key))
    return out, where


def read_starters(r: Reader, data: Any, pos: Pos) -> Starters:
    top = r.mapping(data, pos, "the starters file")
    if top is None:
        return Starters(pos=pos)
    r.keys(top, {"starters", "actions"}, "the starters file")
    actions, action_pos = _actions(r, top, "the starters file")
    out = Starters(actions=actions, action_pos=action_pos, pos=top.pos)
    seen: dict[str, Pos] = {}
    raw = r.items(top.get("starters"), top.at("starters"), "'starters'")
    if not raw:
        r.error(top.pos, "DLG004", "the starters file needs 'starters'")
    for i, item in enumerate(raw):
        m = r.mapping(item, raw.at(i), "a starter")
        if m is None:
            continue
        r.keys(m, STARTER_KEYS, "a starter")
        starter_id = r.ident(m, "id", "a starter")
        if starter_id is None:
            continue
        what = f"starter '{starter_id}'"
        if starter_id in seen:
            first = seen[starter_id]
            r.error(m.at("id"), "DLG008", f"{what} is defined twice (first at {first.path}:{first.line})")
            continue
        seen[starter_id] = m.pos
        contact = r.ident(m, "with", what) or ""
        audiences = r.strings(m, "audiences", what)
        if not audiences:
            r.error(m.pos, "DLG004", f"{what} needs 'audiences' (the roles it is for, or 'default')")
        source = r.get(m, "source", str, what, default="")
        if not source.strip():
            r.error(m.at("source") if "source" in m else m.pos, "DLG049",
                    f"{what} needs 'source': the public source the conversation is based on")
        lines = _lines(r, m, what)
        own, own_pos = _actions(r, m, what)
        out.items.append(StarterSpec(
            id=starter_id, contact=contact, audiences=audiences, source=source, lines=lines, actions=own,
            pos=m.pos, contact_pos=m.at("with") if "with" in m else m.pos,
            audience_pos=m.at("audiences") if "audiences" in m else m.pos, action_pos=own_pos,
        ))
    return out


def _lines(r: Reader, m: YMap, what: str) -> list[str]:
    raw = r.items(m.get("lines"), m.at("lines") if "lines" in m else m.pos, f"'lines' of {what}")
    lines: list[str] = []
    for i, item in enumerate(raw):
        if not isinstance(item, str) or not item.strip():
            r.error(raw.at(i), "DLG003", f"the lines of {what} must be text")
            continue
        words = " ".join(item.split())
        if len(words) > MAX_LINE:
            r.error(raw.at(i), "DLG046", f"line {i + 1} of {what} has {len(words)} characters: at most {MAX_LINE}"
                    " (an opening sentence or question, in plain words)")
        lines.append(item)
    if not MIN_LINES <= len(raw) <= MAX_LINES:
        r.error(m.at("lines") if "lines" in m else m.pos, "DLG046",
                f"{what} has {len(raw)} lines: give {MIN_LINES} to {MAX_LINES}")
    return lines


def check_starters(r: Reader, lib: Library) -> None:
    """Every starter talks with a known contact that serves its audiences, about known themes; every audience of
    the content has a starter. Content without flows/starters.yaml has no starters: nothing to check then."""
    from dialoog.flow.contacts import audiences_of

    starters = lib.starters
    if starters is None:
        return
    audiences = audiences_of(lib)
    known = set(audiences)
    domains = set(lib.domains)
    for key, pos in starters.action_pos.items():
        if key not in domains:
            r.error(pos, "DLG047", f"'actions' names unknown theme '{key}' (themes: {', '.join(lib.domains)})")
    for line_key, line in starters.actions.items():
        if len(" ".join(line.split())) > MAX_LINE:
            r.error(starters.action_pos[line_key], "DLG046",
                    f"the line for theme '{line_key}' has more than {MAX_LINE} characters")
    covered: set[str] = set()
    for item in starters.items:
        what = f"starter '{item.id}'"
        for key, pos in item.action_pos.items():
            if key not in domains:
                r.error(pos, "DLG047", f"{what} has a line for unknown theme '{key}'"
                        f" (themes: {', '.join(lib.domains)})")
        contact = lib.contacts.get(item.contact)
        if item.contact and contact is None:
            r.error(item.contact_pos, "DLG045", f"{what} is with unknown contact '{item.contact}'"
                    " (not in flows/contacts.yaml)")
        for audience in item.audiences:
            if audience != DEFAULT_AUDIENCE and audience not in known:
                r.error(item.audience_pos, "DLG045", f"{what} names unknown audience '{audience}'"
                        f" (audiences: {', '.join(audiences)}, or default)")
                continue
            covered.add(audience)
            if contact is None or audience == DEFAULT_AUDIENCE:
                continue
            if contact.holds == audience:
                r.error(item.audience_pos, "DLG045", f"{what} has a {audience} talk with '{contact.id}', that is"
                        " with their own role")
            elif audience not in contact.audiences:
                r.error(item.audience_pos, "DLG045", f"{what} has a {audience} talk with '{contact.id}', which"
                        f" does not serve '{audience}' (it serves: {', '.join(contact.audiences)})")
    for audience in audiences:
        if audience not in covered:
            r.error(starters.pos, "DLG048", f"audience '{audience}' has no conversation starters")


__all__ = ["DEFAULT_AUDIENCE", "MAX_LINE", "MAX_LINES", "MIN_LINES", "StarterSpec", "Starters", "check_starters",
           "read_starters"]
