"""The comparison of a repeat scan with the previous one: what changed in the domains, the advice, the agenda
and the network, and which questions could not be compared because the content changed in between.

    compare(previous, current) -> Comparison

Pure: two sessions in, plain values out (no store, no front end). Both summaries are computed by the engine
(`Session.summary`); a network entry's risk signals are read by `dialoog.engine.signals`. A domain is `up`
when its level needs more attention than before, `down` when less, `same`, `new` when the previous scan did
not have it, and `unknown` when either scan gives no picture of it (or the domain is gone from the content).

A question cannot be compared when the content changed between the scans and the answer given before no
longer fits: the question is gone, its kind or its options (values or labels) changed, or the saved answer
could not be taken back into the current content (`Session.unused`). Such questions are named by their
question text (their id when the text is gone with the question).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dialoog.engine.agenda import review_key
from dialoog.engine.signals import signal_domains

if TYPE_CHECKING:
    from dialoog.engine.session import Session
    from dialoog.flow.model import Flow, Node

DIRECTIONS = ("up", "down", "same", "new", "unknown")
UNREVIEWED = "unreviewed"
_RANK = {"low": 0, "attention": 1, "high": 2}


@dataclass(frozen=True, slots=True)
class DomainChange:
    id: str
    title: str
    before: str | None
    """The level id in the previous scan (`low`, `attention`, `high`, `unknown`), None when it had no such domain."""
    after: str | None
    """The level id now, None when the domain is gone from the content."""
    direction: str
    """`up` (needs more attention than before), `down`, `same`, `new` or `unknown`."""
    before_label: str = ""
    after_label: str = ""
    """The levels in words (flows/domains.yaml `levels:`), in the current session's language."""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "before": self.before, "after": self.after,
                "direction": self.direction, "before_label": self.before_label, "after_label": self.after_label}


@dataclass(frozen=True, slots=True)
class AdviceRef:
    id: str
    title: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title}


@dataclass(frozen=True, slots=True)
class AgendaStatus:
    """One commitment of the previous scan and how it stands, as the user said at the repeat scan."""

    id: str
    text: str
    status: str
    """`done`, `open`, `dropped`, or `unreviewed` (not said yet)."""
    due: str | None = None
    own: bool = True
    """The user's own words (False: one of the advice's steps)."""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "status": self.status, "due": self.due, "own": self.own}


@dataclass(frozen=True, slots=True)
class EntryChange:
    """A network entry in both scans whose risk signals changed (domain ids, in the content's order)."""

    name: str
    before: tuple[str, ...]
    after: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "before": list(self.before), "after": list(self.after)}


@dataclass(frozen=True, slots=True)
class Comparison:
    previous: str | None
    """The id of the previous session as the current one knows it (`Session.previous`), if any."""
    domains: tuple[DomainChange, ...]
    advice_new: tuple[AdviceRef, ...]
    advice_resolved: tuple[AdviceRef, ...]
    agenda: tuple[AgendaStatus, ...]
    network_added: tuple[str, ...]
    network_gone: tuple[str, ...]
    network_changed: tuple[EntryChange, ...]
    not_comparable: tuple[str, ...]
    """The questions whose answers could not be compared (the content changed), by their question text."""

    @property
    def changed(self) -> bool:
        """Anything to tell beyond "all the same"."""
        return bool(self.advice_new or self.advice_resolved or self.network_added or self.network_gone
                    or self.network_changed or self.not_comparable
                    or any(d.direction != "same" for d in self.domains))

    def as_json(self) -> dict[str, Any]:
        return {
            "previous": self.previous,
            "domains": [d.as_json() for d in self.domains],
            "advice_new": [a.as_json() for a in self.advice_new],
            "advice_resolved": [a.as_json() for a in self.advice_resolved],
            "agenda": [a.as_json() for a in self.agenda],
            "network_added": list(self.network_added),
            "network_gone": list(self.network_gone),
            "network_changed": [e.as_json() for e in self.network_changed],
            "not_comparable": list(self.not_comparable),
        }


def compare(previous: Session, current: Session, *, previous_id: str | None = None) -> Comparison:
    """What changed from `previous` (a finished scan) to `current` (the repeat scan). `previous_id` is the id
    under which the agenda review of `current` names the previous scan (default: `current.previous`)."""
    before, after = previous.summary(), current.summary()
    old = {d.id: d for d in before.domains}
    domains: list[DomainChange] = []
    for d in after.domains:
        was = old.pop(d.id, None)
        domains.append(DomainChange(d.id, d.title, was.level if was else None, d.level,
                                    _direction(was.level if was else None, d.level),
                                    (was.label if was else ""), d.label))
    for was in old.values():  # gone from the content
        domains.append(DomainChange(was.id, was.title, was.level, None, "unknown", was.label, ""))

    had = {a.id: a for a in before.advice}
    has = {a.id: a for a in after.advice}
    advice_new = tuple(AdviceRef(a.id, a.title) for a in after.advice if a.id not in had)
    advice_resolved = tuple(AdviceRef(a.id, _title(current, a.id) or a.title)
                            for a in before.advice if a.id not in has)

    pid = previous_id or current.previous or ""
    agenda = tuple(
        AgendaStatus(c.id, c.text, current.agenda_review.get(review_key(pid, c.id), UNREVIEWED),
                     c.due.isoformat() if c.due else None, c.advice is None)
        for c in previous.agenda
    )
    added, gone, changed = _network(previous, current)
    return Comparison(pid or None, tuple(domains), advice_new, advice_resolved, agenda, added, gone, changed,
                      not_comparable(previous, current))


def _direction(before: str | None, after: str | None) -> str:
    if before is None:
        return "new"
    if after is None or before not in _RANK or after not in _RANK:
        return "unknown"
    diff = _RANK[after] - _RANK[before]
    return "up" if diff > 0 else "down" if diff < 0 else "same"


def _title(session: Session, advice_id: str) -> str:
    """An advice item's title in `session`'s language, when the content still has it."""
    title = next((a.title for a in session.flow.advice if a.id == advice_id), "")
    return session.texts.t(title) if title else ""


# -- the network ------------------------------------------------------------------------------------------------


def _entries(session: Session) -> dict[tuple[str, str], tuple[str, tuple[str, ...]]]:
    """Every network entry by (network question, name as typed, case and spacing ignored): its name and signals."""
    out: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
    for node_id, value in session.answers.items():
        node = session.flow.nodes.get(node_id)
        if node is None or node.kind != "network" or not isinstance(value, list):
            continue
        for entry in value:
            if not isinstance(entry, dict):
                continue
            name = " ".join(str(entry.get("name") or "").split())
            if name:
                out.setdefault((node_id, name.casefold()), (name, signal_domains(node, entry)))
    return out


def _network(previous: Session, current: Session
             ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[EntryChange, ...]]:
    before, after = _entries(previous), _entries(current)
    added = tuple(name for key, (name, _) in after.items() if key not in before)
    gone = tuple(name for key, (name, _) in before.items() if key not in after)
    changed = tuple(
        EntryChange(name, before[key][1], signals)
        for key, (name, signals) in after.items()
        if key in before and set(before[key][1]) != set(signals)
    )
    return added, gone, changed


# -- questions that cannot be compared --------------------------------------------------------------------------


_SHAPES: dict[tuple[str, str], dict[str, str]] = {}
"""By flow id and content hash (the same content means the same shapes); a few at most in one process."""


def question_shapes(flow: Flow) -> dict[str, str]:
    """Per question of `flow`, a short fingerprint of what an answer to it means (see `_shape`). A session saves
    those of the questions it answered, so that a later comparison sees which of them changed meaning even when
    the content they were answered on is gone."""
    key = (flow.id, flow.content_hash)
    shapes = _SHAPES.get(key)
    if shapes is None:
        if len(_SHAPES) >= 16:
            _SHAPES.clear()
        shapes = _SHAPES[key] = {
            node.id: hashlib.blake2b(repr(_shape(flow, node)).encode(), digest_size=6).hexdigest()
            for node in flow.nodes.values() if node.is_question
        }
    return shapes


def not_comparable(previous: Session, current: Session) -> tuple[str, ...]:
    """The questions answered (or left open) in `previous` whose answer cannot be set beside `current`'s because
    the content changed in between, by their question text, in the order of the previous content."""
    before = previous.saved_shapes or question_shapes(previous.flow)
    now = question_shapes(current.flow)
    left_open = previous.declined | previous.skipped
    given = [n for n in previous.flow.nodes if n in previous.answers or n in left_open]
    given += [n for n in previous.unused if n not in given]
    ids = [n for n in given if n in previous.unused or n not in now or (n in before and before[n] != now[n])]
    return tuple(_question_text(n, previous, current) for n in ids)


def _shape(flow: Flow, node: Node) -> tuple[Any, ...]:
    """What an answer to `node` means: its kind, options (values and labels), scale, categories, follow-ups,
    card. Not its wording or points (those change what follows from an answer, not what it says)."""
    options: list[Any] = [(o.value, o.label) for o in node.options]
    if node.card:
        card = flow.cards.get(node.card)
        options = [(o.key, o.text) for o in card.options] if card is not None else []
    return (
        node.kind,
        tuple(options),
        (node.min, node.max),
        tuple((c.value, c.label) for c in node.categories),
        tuple(_shape(flow, f) for f in node.followups),
        node.card,
    )


def _question_text(node_id: str, previous: Session, current: Session) -> str:
    for session in (previous, current):
        node = session.flow.nodes.get(node_id)
        if node is None:
            continue
        text = node.text
        if node.card:
            card = session.flow.cards.get(node.card)
            text = card.title if card is not None else text
        if text:
            try:
                return " ".join(current.texts.t(text).split()) if "{" not in text else _rendered(session, node)
            except Exception:  # noqa: BLE001 - a text that cannot be rendered any more: its source words
                return " ".join(text.split())
    return node_id


def _rendered(session: Session, node: Node) -> str:
    return " ".join(session.node_text(node).split())


__all__ = ["DIRECTIONS", "UNREVIEWED", "AdviceRef", "AgendaStatus", "Comparison", "DomainChange", "EntryChange",
           "compare", "not_comparable", "question_shapes"]
