"""`dialoog play`: run a flow without a UI, from an answers file or automatically."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dialoog.engine import AnswerError, Session, Turn
from dialoog.engine.transcript import Entry, EntryKind, turn_entries
from dialoog.flow.model import Flow, Node, Points

if TYPE_CHECKING:
    from dialoog.keeping.keeper import Keeper

STRATEGIES = ("low", "high", "random")
DECLINE, SKIP = "decline", "skip"


class PlayError(Exception):
    """A mistake in the answers file or the options; the message names the node."""


@dataclass
class Line:
    who: str
    node: str
    text: str

    def as_json(self) -> dict[str, str]:
        return {"who": self.who, "node": self.node, "text": self.text}


@dataclass
class PlayResult:
    session: Session
    transcript: list[Line] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        s = self.session
        return {
            "transcript": [line.as_json() for line in self.transcript],
            "answers": s.to_dict()["answers"],
            "declined": sorted(s.declined),
            "skipped": sorted(s.skipped),
            "scores": dict(s.tally().scores),
            "summary": s.summary().as_json(),
        }


Answerer = Callable[[Session, Turn], Any]


def card_text(turn: Turn) -> str:
    card = turn.card
    assert card is not None
    options = "\n".join(f"{o.value.upper()}. {o.label}" for o in card.options)
    return f"**{card.title}**\n\n{card.situation}\n\n{card.question}\n\n{options}"


def bot_text(turn: Turn) -> str:
    if turn.card is not None:
        return card_text(turn)
    text = turn.text
    if turn.entry is not None:
        text = f"({turn.entry}) {text}"
    if turn.options and turn.kind in ("choice", "multi"):
        text += "\n" + "\n".join(f"{i}. {o.label}" for i, o in enumerate(turn.options, 1))
    return text


def give(session: Session, turn: Turn, value: Any) -> Turn:
    """Give an answerer's `value` for `turn`: DECLINE or SKIP where allowed, otherwise `answer(value)`."""
    if value == DECLINE and turn.can_decline:
        return session.decline()
    if value == SKIP and turn.can_skip:
        return session.skip()
    return session.answer(value)


def entry_line(entry: Entry, turn: Turn) -> Line:
    """A transcript entry of the engine as `play` shows it; `turn` is the turn it belongs to.

    The bot's question comes with its options numbered (and a card as plain text); the user's
    answer to a follow-up is tagged `node.followup`.
    """
    if entry.kind == EntryKind.ANSWER:
        return Line("user", f"{entry.node}.{entry.followup}" if entry.followup else entry.node, entry.text)
    if entry.kind == EntryKind.FEEDBACK:
        return Line("bot", turn.node, entry.text)
    return Line("bot", turn.node, bot_text(turn))


def run(session: Session, answerer: Answerer, limit: int = 10_000) -> PlayResult:
    result = PlayResult(session)
    turn = session.turn()
    for _ in range(limit):
        finished = turn.finished and session.finished
        for entry in turn_entries(turn, len(session.history)):
            if entry.kind == EntryKind.FEEDBACK or not finished or entry.text:
                result.transcript.append(entry_line(entry, turn))
        if finished:
            return result
        value = answerer(session, turn) if turn.expects_answer else None
        try:
            turn = give(session, turn, value)
        except AnswerError as exc:
            raise PlayError(f"answer for '{turn.followup or turn.node}': {exc.message}") from None
        said = session.said
        if said is not None:
            result.transcript.append(entry_line(said, turn))
    raise PlayError("the conversation did not end")


# -- keeping the answers (--data-dir) ------------------------------------------------


def open_keeper(data_dir: Path, session: Session, report: Callable[[str], None]) -> Keeper:
    """The keeper of `session` in the encrypted store at `data_dir` (passphrase from DIALOOG_PASSPHRASE).

    Its messages (a damaged store set aside, going on in memory) go to `report`; a missing or wrong
    passphrase is a `PlayError`.
    """
    from dialoog.keeping.headless import HeadlessError, open_headless

    try:
        return open_headless(data_dir, session, report)
    except HeadlessError as exc:
        raise PlayError(exc.message) from None


def saving(answerer: Answerer, keeper: Keeper, report: Callable[[str], None]) -> Answerer:
    """`answerer`, saving the session before each answer (so every answer given is kept); says once where."""
    announced = False

    def answer(session: Session, turn: Turn) -> Any:
        nonlocal announced
        keeper.save(session)
        if not announced and keeper.persistent:
            announced = True
            report(f"saving as session {keeper.session_id} in {keeper.store.path}")
        return answerer(session, turn)

    return answer


# -- answers from a file -------------------------------------------------------


def load_answers(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlayError(f"cannot read answers file {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise PlayError(f"{path}{where}: the answers file is not valid YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PlayError(f"{path}: the answers file must map node ids to answers")
    return {str(k): ("yes" if v is True else "no" if v is False else v) for k, v in data.items()}


def from_file(flow: Flow, answers: Mapping[str, Any]) -> Answerer:
    known = set(flow.nodes) | {f.id for n in flow.nodes.values() for f in n.followups}
    known |= {n.card for n in flow.nodes.values() if n.card}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise PlayError(f"the answers file names unknown node id(s): {', '.join(unknown)}")

    def special(value: Any) -> Any:
        if isinstance(value, dict) and value.get("decline") is True:
            return DECLINE
        if isinstance(value, dict) and value.get("skip") is True:
            return SKIP
        return value

    def answer(session: Session, turn: Turn) -> Any:
        node = session.flow.nodes[turn.node]
        if turn.followup is not None:
            entries = answers.get(node.id) or []
            entry = entries[turn.entry_index] if turn.entry_index < len(entries) else {}
            if turn.followup in entry:
                return special(entry[turn.followup])
            if turn.can_skip:
                return SKIP
            raise PlayError(f"no answer for '{turn.followup}' of '{turn.entry}' in '{node.id}'")
        key = node.id if node.id in answers else node.card if node.card in answers else None
        if key is None:
            if turn.can_skip:
                return SKIP
            raise PlayError(f"no answer for '{node.id}' in the answers file")
        value = special(answers[key])
        if node.kind == "network" and isinstance(value, list):
            return [{"name": e.get("name"), "category": e.get("category")} if isinstance(e, dict) else e for e in value]
        return value

    return answer


# -- automatic answers -----------------------------------------------------------


def _weight(points: Points) -> float:
    return sum(points.values())


def auto(strategy: str, seed: int | None = None) -> Answerer:
    if strategy not in STRATEGIES:
        raise PlayError(f"unknown strategy '{strategy}': use low, high or random[:SEED]")
    rng = random.Random(seed)
    sign = -1 if strategy == "low" else 1

    def pick(candidates: list[tuple[Any, Points]]) -> Any:
        if strategy == "random":
            return rng.choice(candidates)[0]
        best = max(sign * _weight(p) for _, p in candidates)
        return next(v for v, p in candidates if sign * _weight(p) == best)

    def question(session: Session, turn: Turn, node: Node) -> Any:
        if strategy == "random" and turn.can_decline and rng.random() < 0.1:
            return DECLINE
        kind = node.kind
        if kind == "choice":
            return pick([(o.value, o.points) for o in node.options])
        if kind == "multi":
            plain = [o for o in node.options if not o.exclusive]
            if strategy == "random":
                exclusive = [o for o in node.options if o.exclusive]
                if exclusive and node.min <= 1 and rng.random() < 0.2:
                    return [rng.choice(exclusive).value]
                k = min(rng.randint(node.min, node.max), len(plain))
                return [o.value for o in rng.sample(plain, k)]
            if strategy == "high":
                ranked = sorted(plain, key=lambda o: -_weight(o.points))
                chosen = [o.value for o in ranked if _weight(o.points) > 0][: node.max]
                return chosen if len(chosen) >= node.min else [o.value for o in ranked[: node.min]]
            exclusive = [o for o in node.options if o.exclusive]
            if node.min == 0:
                return [exclusive[0].value] if exclusive and node.max >= 1 and _weight(exclusive[0].points) <= 0 else []
            ranked = sorted(plain, key=lambda o: _weight(o.points))
            return [exclusive[0].value] if exclusive else [o.value for o in ranked[: node.min]]
        if kind == "scale":
            return pick([(v, node.points.get(str(v), {})) for v in range(node.min, node.max + 1)])
        if kind == "yesno":
            order = ["no", "yes"] if strategy == "low" else ["yes", "no"]
            return pick([(v, node.points.get(v, {})) for v in order])
        if kind == "text":
            if turn.can_skip and (strategy == "low" or rng.random() < 0.5):
                return SKIP
            return "Automatisch antwoord" if session.lang == "nl" else "Automatic answer"
        if kind == "card":
            return rng.choice("abcd") if strategy == "random" else "a"
        return None

    def answer(session: Session, turn: Turn) -> Any:
        node = session.flow.nodes[turn.node]
        if turn.followup is not None:
            fu = next(f for f in node.followups if f.id == turn.followup)
            return question(session, turn, fu)
        if node.kind == "network":
            if strategy == "low":  # one contact: a map with nobody on it is 'not mapped', not the lowest risk
                n = max(node.min, min(node.max, 1))
            elif strategy == "high":
                n = max(node.min, min(node.max, 5))
            else:
                n = rng.randint(node.min, min(node.max, 3))
            cats = [c.value for c in node.categories]
            return [{"name": f"{chr(65 + i)}.", "category": cats[i % len(cats)]} for i in range(n)]
        return question(session, turn, node)

    return answer
