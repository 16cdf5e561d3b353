"""Conversation starters for the talk about the result (flows/starters.yaml), for the user's role.

A starter says whom the talk is with (the contact's name), a few opening sentences or questions, and the
public source it rests on, in the session's language. Lines about the themes of the main actions come first
(at most two themes, in the order of the main actions), then the starter's own lines, at most five in all.
A role without an audience (practice) gets the starters for `default`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dialoog.flow.starters import DEFAULT_AUDIENCE, MAX_LINES

if TYPE_CHECKING:
    from dialoog.engine.scores import Summary
    from dialoog.engine.session import Session

THEMED = 2
"""At most this many lines about the themes of the main actions."""


@dataclass(frozen=True, slots=True)
class Starter:
    who: str
    """Whom the talk is with, in words."""
    lines: tuple[str, ...]
    source: str
    id: str = ""
    contact: str = ""
    """The contact id (flows/contacts.yaml) the talk is with."""
    themes: tuple[str, ...] = ()
    """The domain ids of the main actions the first lines are about."""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "who": self.who, "contact": self.contact, "lines": list(self.lines),
                "source": self.source, "themes": list(self.themes)}


def starters_for(session: Session, summary: Summary | None = None) -> tuple[Starter, ...]:
    """The starters for the session's role, in the order of the content; () when the content has none."""
    flow = session.flow
    content = flow.starters
    if content is None:
        return ()
    audience = session.context()["role_audience"] or DEFAULT_AUDIENCE
    top = (summary if summary is not None else session.summary()).top_advice
    domains = list(dict.fromkeys(a.domain for a in top))
    t = session.texts.t
    out: list[Starter] = []
    for item in content.items:
        if audience not in item.audiences:
            continue
        themed: list[str] = []
        themes: list[str] = []
        for domain in domains:
            line = item.actions.get(domain) or content.actions.get(domain)
            if line and len(themed) < THEMED:
                themed.append(t(line))
                themes.append(domain)
        lines = (themed + [t(line) for line in item.lines])[:MAX_LINES]
        contact = flow.contacts.get(item.contact)
        who = t(contact.name) if contact is not None else t(item.contact)
        out.append(Starter(who, tuple(" ".join(line.split()) for line in lines), t(item.source), item.id,
                           item.contact, tuple(themes)))
    return tuple(out)


__all__ = ["Starter", "starters_for"]
