"""Changing an earlier answer without altering any other answer.

A change has two phases. `plan_change` is pure: it replays the session's history on
a fresh session with the one answer changed, re-giving every other answer that is
still asked on the new route (a card's answer follows its card, a network
follow-up's answer follows its person), and stops at the first question on the new
route that has no answer, at the question the user was at, or at the end. The plan
says which answers are kept, which no longer apply (`dropped`) and which come back
from an earlier change (`restored`). `apply_change` commits it.

Answers that no longer apply are kept aside on the session's `shelf` (saved with
it), so changing back restores them. When the route stops at a new question, the
session remembers where the user was (`resume_to`): once the new questions are
answered, the answers on the shelf are given again up to there (`resume`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dialoog.engine.errors import AnswerError, StaleSession
from dialoog.flow.model import FINISH, Node

if TYPE_CHECKING:
    from dialoog.engine.session import Session
    from dialoog.engine.turn import Turn

ANSWERED, DECLINED, SKIPPED, CONTINUED = "answer", "declined", "skipped", "continue"
_LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class Record:
    """One answer as given: how (answered, declined, skipped) and the value."""

    how: str
    value: Any = None

    def as_json(self) -> dict[str, Any]:
        return {"how": self.how, "value": copy.deepcopy(self.value)}

    @classmethod
    def from_json(cls, data: Any) -> Record | None:
        if isinstance(data, Mapping) and data.get("how") in (ANSWERED, DECLINED, SKIPPED):
            return cls(str(data["how"]), copy.deepcopy(data.get("value")))
        return None


@dataclass(frozen=True, slots=True)
class Dropped:
    """An answer that no longer applies after the change: its history step (in the session before the
    change) and its key (the node id, or `node.name.followup` for a network follow-up)."""

    index: int
    key: str


@dataclass(slots=True)
class ChangePlan:
    """What a change would do; `apply_change` commits it."""

    key: str
    record: Record
    kept: tuple[str, ...]
    """Keys of the other answers that are given again, in the order of the new route."""
    dropped: tuple[Dropped, ...]
    """Answers that no longer apply (kept aside on the shelf)."""
    pending: tuple[Dropped, ...]
    """Answers after a new question that may apply again once it is answered (kept aside meanwhile)."""
    restored: tuple[str, ...]
    """Keys of answers that come back from the shelf (an earlier change)."""
    stop: str
    """Where the new route stops: the key of the first question without an answer, or FINISH."""
    back_where_it_was: bool
    """True when the route stops where the user was, or at the end: no new question is asked."""
    unchanged: bool
    """True when every answer stays as it is (the same value was given again)."""
    _shadow: Session = field(repr=False)
    _base: str = field(repr=False)
    _shelf: dict[str, Record] = field(repr=False)

    @property
    def new_question(self) -> bool:
        """The route stops at a question that has no answer yet (not where the user was)."""
        return not self.back_where_it_was


def followup_key(node_id: str, name: str, followup: str) -> str:
    return f"{node_id}.{name.casefold()}.{followup}"


def position(session: Session) -> str:
    """The key of the question the session is at (FINISH at the end)."""
    node = session.node
    if node is None or node.kind == "end":
        return FINISH
    if node.kind == "network" and session.sub is not None:
        entry = session.answers[node.id][session.sub[0]]
        return followup_key(node.id, str(entry.get("name", "")), node.followups[session.sub[1]].id)
    return node.id


def step_key(session: Session, index: int) -> str:
    """The key of the answer given at history step `index`."""
    step = session.history[index]
    if step.entry is not None and step.followup is not None:
        entry = session.answers[step.node][step.entry]
        return followup_key(step.node, str(entry.get("name", "")), step.followup)
    return step.node


def records(session: Session) -> tuple[dict[str, Record], dict[str, int], set[str]]:
    """The answers in the session's history: by key, each key's history step, and the messages gone past."""
    found: dict[str, Record] = {}
    steps: dict[str, int] = {}
    continued: set[str] = set()
    for index, step in enumerate(session.history):
        if step.how == CONTINUED:
            continued.add(step.node)
            continue
        key = step_key(session, index)
        if step.how != ANSWERED:
            found[key] = Record(step.how)
        elif step.entry is not None and step.followup is not None:
            found[key] = Record(ANSWERED, session.answers[step.node][step.entry]["answers"].get(step.followup))
        else:
            found[key] = Record(ANSWERED, session.answers.get(step.node))
        steps[key] = index
    return found, steps, continued


def _fingerprint(session: Session) -> str:
    import json

    data = session.to_dict()
    return json.dumps([data["history"], data["answers"], data["node"], data["sub"], data.get("shelf")],
                      sort_keys=True, default=str)


def _give(shadow: Session, node: Node, record: Record) -> None:
    if record.how == DECLINED:
        shadow.decline()
    elif record.how == SKIPPED:
        shadow.skip()
    elif node.kind == "network" and shadow.sub is None:
        value = record.value if isinstance(record.value, list) else []
        shadow.answer([{"name": e.get("name"), "category": e.get("category")} for e in value if isinstance(e, dict)])
    else:
        shadow.answer(record.value)


class _Source:
    """The answers a replay may give again: the history's first, then the shelf's."""

    def __init__(self, session: Session, key: str, record: Record) -> None:
        self.session = session
        self.key = key
        self.record = record
        self.found, self.steps, self.continued = records(session)
        self.shelf: dict[str, Record] = dict(session.shelf)
        self.used: set[str] = set()
        self.restored: list[str] = []
        self.kept: list[str] = []
        self.resuming = False

    def _card(self, card: str | None, pool: Mapping[str, Record]) -> str | None:
        nodes = self.session.flow.nodes
        return next((k for k in pool if k not in self.used and k in nodes and nodes[k].card == card), None)

    def take(self, key: str, node: Node) -> Record | None:
        if key == self.key:
            self.used.add(key)
            return self.record
        if key in self.found and key not in self.used:
            self.used.add(key)
            self.kept.append(key)
            return self.found[key]
        if node.kind == "card" and key == node.id:
            other = self._card(node.card, self.found)
            if other is not None:
                self.used.add(other)
                self.kept.append(other)
                return self.found[other]
        if key in self.shelf:
            self.restored.append(key)
            return self.shelf.pop(key)
        if node.kind == "card" and key == node.id:
            other = self._card(node.card, self.shelf)
            if other is not None:
                self.restored.append(other)
                return self.shelf.pop(other)
        return None

    def left(self) -> bool:
        """Are there answers left that a message may lead to?"""
        return any(k not in self.used for k in self.found) or (self.resuming and bool(self.shelf))


def _replay(shadow: Session, source: _Source, until: str) -> str:
    """Give answers from `source` on `shadow` until a question without one, `until`, or the end."""
    replayed: set[str] = set()
    for _ in range(_LIMIT):
        pause = shadow._pause()
        if pause is not None and shadow.history[pause].node in replayed:
            shadow.answer()  # a card given again from the user's answers: they read its feedback before
            continue
        node = shadow.node
        if node is None or node.kind == "end":
            return FINISH
        key = position(shadow)
        if key == until and key != source.key:
            return key
        if node.kind == "message":
            if node.id in source.continued or source.left():
                shadow.answer()
                continue
            return key
        record = source.take(key, node)
        if record is None:
            return key
        try:
            _give(shadow, node, record)
            if key != source.key:
                replayed.add(node.id)
        except AnswerError:
            if key == source.key:
                raise
            return key  # an answer that no longer fits is asked again
    raise RuntimeError("the replay did not end")  # cannot happen: every answer moves on


def _reachable(session: Session, start: str) -> set[str]:
    """Node ids that can still come after `start` (following every route, whatever its condition)."""
    nodes = session.flow.nodes
    start_node = start.split(".", 1)[0] if start not in nodes else start
    seen: set[str] = set()
    todo = [start_node]
    while todo:
        current = todo.pop()
        if current in seen or current not in nodes:
            continue
        seen.add(current)
        todo.extend(route.target for route in nodes[current].routes)
    return seen


def plan_change(session: Session, key: str, value: Any = None, how: str = ANSWERED) -> ChangePlan:
    """What changing the answer at `key` (a node id, or a follow-up's key) to `value` would do. Pure: the
    session is not changed. Raises AnswerError when `value` is no answer to that question."""
    found, steps, _continued = records(session)
    if key not in found:
        raise AnswerError(session.ui._("That question has not been answered yet."), key.split(".", 1)[0])
    record = Record(how, copy.deepcopy(value) if how == ANSWERED else None)
    from dialoog.engine.session import Session as SessionClass

    shadow = SessionClass(session.flow, session.lang, session.root, seed=session.seed)
    shadow.drafts = copy.deepcopy(session.drafts)
    shadow.keep_deals_of(session)
    source = _Source(session, key, record)
    was = position(session)
    stop = _replay(shadow, source, was)
    back = stop in (was, FINISH)
    unused = [k for k in found if k not in source.used]
    later = _reachable(session, stop) if not back else set()
    dropped: list[Dropped] = []
    pending: list[Dropped] = []
    for k in unused:
        item = Dropped(steps[k], k)
        node_id = session.history[steps[k]].node
        (pending if node_id in later else dropped).append(item)
    shelf = dict(source.shelf)
    for k in unused:
        shelf[k] = found[k]
    unchanged = (not unused and not source.restored and stop == was and shadow.answers == session.answers
                 and shadow.declined == session.declined and shadow.skipped == session.skipped)
    return ChangePlan(
        key=key,
        record=record,
        kept=tuple(k for k in source.kept if k != key),
        dropped=tuple(sorted(dropped, key=lambda d: d.index)),
        pending=tuple(sorted(pending, key=lambda d: d.index)),
        restored=tuple(source.restored),
        stop=stop,
        back_where_it_was=back,
        unchanged=unchanged,
        _shadow=shadow,
        _base=_fingerprint(session),
        _shelf=shelf,
    )


def apply_change(session: Session, plan: ChangePlan) -> Turn:
    """Commit `plan` (made from this session as it is now). Returns the turn the route stops at."""
    if _fingerprint(session) != plan._base:
        raise StaleSession(session.ui._("The answers have changed since this change was prepared."))
    shadow = plan._shadow
    was = position(session)
    for attr in ("answers", "declined", "skipped", "history", "sub", "state", "deals"):
        setattr(session, attr, copy.deepcopy(getattr(shadow, attr)))
    drafts = copy.deepcopy(shadow.drafts)
    for k, record in plan._shelf.items():
        if record.how == ANSWERED and k in session.flow.nodes and k not in session.answers:
            drafts.setdefault(k, copy.deepcopy(record.value))
    session.drafts = drafts
    session.shelf = dict(plan._shelf)
    session.resume_to = None if plan.back_where_it_was else was
    session._changed()
    return session.turn()


def resume(session: Session) -> Turn:
    """After an answer to a question that a change made new: give the answers on the shelf again, up to
    where the user was before the change (or the next question without an answer)."""
    until = session.resume_to
    if until is None:
        return session.turn()
    session.resume_to = None
    source = _Source(session, "", Record(ANSWERED))
    source.found, source.steps, source.continued = {}, {}, set()
    source.resuming = True
    shelf_before = set(session.shelf)
    try:
        stop = _replay(session, source, until)
    finally:
        session.shelf = source.shelf
    for k in shelf_before - set(session.shelf):
        session.drafts.pop(k, None)
    if stop not in (until, FINISH):
        session.resume_to = until
    session._changed()
    return session.turn()


def shelf_from_json(data: Any) -> dict[str, Record]:
    """The shelf as saved (sessions saved before it existed have none)."""
    shelf: dict[str, Record] = {}
    if isinstance(data, Mapping):
        for key, value in data.items():
            record = Record.from_json(value)
            if isinstance(key, str) and record is not None:
                shelf[key] = record
    return shelf


def shelf_as_json(shelf: Mapping[str, Record]) -> dict[str, Any]:
    return {key: record.as_json() for key, record in shelf.items()}


def question_turn(session: Session, index: int) -> Turn:
    """The question answered at history step `index`, as it was asked then, its answer offered as the draft
    (`previous`). Pure: the session is not changed; answer it through `plan_change`."""
    key = step_key(session, index)
    found, _steps, _continued = records(session)
    from dialoog.engine.session import Session as SessionClass

    shadow = SessionClass(session.flow, session.lang, session.root)
    source = _Source(session, "", Record(ANSWERED))
    if _replay(shadow, source, key) != key:
        raise AnswerError(session.ui._("That question has not been answered yet."), session.history[index].node)
    record = found[key]
    if record.how == ANSWERED:
        shadow.drafts[key] = copy.deepcopy(record.value)
    shadow._changed()
    return shadow.turn()
