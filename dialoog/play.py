"""`dialoog play`: run a flow without a UI, from an answers file or automatically."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dialoog.engine import AnswerError, Session, Turn
from dialoog.engine.transcript import Entry, EntryKind, turn_entries
from dialoog.flow.model import Flow, Node, Points
from dialoog.i18n import UI

if TYPE_CHECKING:
    from dialoog.keeping.keeper import Keeper

STRATEGIES = ("low", "high", "random")


class Leave(Enum):
    """An answerer's way of leaving a question open, where the question allows it."""

    DECLINE = "decline"
    SKIP = "skip"


DECLINE, SKIP = Leave.DECLINE, Leave.SKIP


class PlayError(Exception):
    """A mistake in the answers file or the options; the message names the node."""


class AnswersFileError(PlayError):
    """The answers file cannot be read, or an answer in it is refused (`dialoog play` exits with 2)."""


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
    """Give an answerer's `value` for `turn`: DECLINE or SKIP where allowed (a PlayError where not), otherwise
    `answer(value)`. The words "decline" and "skip" leave a question open too, where it allows it."""
    where = turn.followup or turn.node
    if value is DECLINE or (value == DECLINE.value and turn.can_decline):
        if not turn.can_decline:
            raise AnswersFileError(session.ui._("answer for '{node}': this question cannot be declined", node=where))
        return session.decline()
    if value is SKIP or (value == SKIP.value and turn.can_skip):
        if not turn.can_skip:
            raise AnswersFileError(session.ui._("answer for '{node}': this question cannot be skipped", node=where))
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
            raise AnswersFileError(session.ui._("answer for '{node}': {problem}", node=turn.followup or turn.node,
                                         problem=exc.message)) from None
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

MAX_ANSWERS_BYTES = 1 << 20
"""An answers file is at most 1 MiB (a whole scan with 20 people in the network is a few KB)."""
MAX_DEPTH = 32
"""Nesting of lists and mappings in an answers file (a network answer needs 3)."""
MAX_ALIASES = 64
"""YAML aliases (`*name`) in an answers file: enough for reuse, too few for a billion laughs."""
MAX_UNKNOWN_SHOWN = 3
"""Unknown node ids named in the message (the first few, each shortened)."""


def _ui(ui: UI | None) -> UI:
    return ui if ui is not None else UI("en")


def _read_answers_bytes(path: Path, ui: UI) -> bytes:
    """The bytes of a regular file of at most MAX_ANSWERS_BYTES (a FIFO, a device, a folder: a PlayError)."""
    import os
    import stat

    _ = ui._
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise AnswersFileError(_("cannot read answers file {path}: {reason}", path=path,
                          reason=exc.strerror or type(exc).__name__)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise AnswersFileError(_("{path}: the answers file must be a regular file (not a folder, device or pipe)",
                              path=path))
        if info.st_size > MAX_ANSWERS_BYTES:
            raise AnswersFileError(_("{path}: the answers file is too large (more than {limit} bytes)",
                              path=path, limit=MAX_ANSWERS_BYTES))
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_ANSWERS_BYTES:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_ANSWERS_BYTES:
            raise AnswersFileError(_("{path}: the answers file is too large (more than {limit} bytes)",
                              path=path, limit=MAX_ANSWERS_BYTES))
        return b"".join(chunks)
    except OSError as exc:
        raise AnswersFileError(_("cannot read answers file {path}: {reason}", path=path,
                          reason=exc.strerror or type(exc).__name__)) from None
    finally:
        os.close(fd)


def _loader() -> Any:
    """PyYAML's safe loader (libyaml's where there is one) that refuses a key given twice in a mapping."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[valid-type,misc]  # a class chosen at run time
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:  # an unhashable key: the constructor says so below
                    continue
                if duplicate:
                    raise DuplicateKey(key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return Loader


class DuplicateKey(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__("duplicate key")
        self.mark = mark


def _where(path: Path, mark: Any) -> str:
    return f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)


def _check_shape(text: str, path: Path, loader: Any, ui: UI) -> None:
    """Nesting depth and aliases bounded, from the parser's events (no recursion, nothing built yet).

    libyaml's scanner stops at 1,000 levels of flow nesting on its own; that is the same message."""
    import yaml

    too_deep = ui._("{where}: the answers file is nested too deeply (more than {limit} levels)")
    depth = aliases = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise AnswersFileError(too_deep.format(where=_where(path, event.start_mark), limit=MAX_DEPTH))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise AnswersFileError(ui._("{where}: the answers file has too many aliases (more than {limit})",
                                                where=_where(path, event.start_mark), limit=MAX_ALIASES))
    except yaml.YAMLError as exc:
        if "nesting depth" not in str(getattr(exc, "problem", "")):
            raise
        mark = getattr(exc, "problem_mark", None)
        raise AnswersFileError(too_deep.format(where=_where(path, mark), limit=MAX_DEPTH)) from None


def load_answers(path: Path, ui: UI | None = None) -> dict[str, Any]:
    """The answers file at `path`: node id -> answer. Anything odd in it is a PlayError with a clear message."""
    import yaml

    ui = _ui(ui)
    raw = _read_answers_bytes(path, ui)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersFileError(ui._("{path}: the answers file is not UTF-8 text (byte {offset} cannot be read)",
                             path=path, offset=exc.start)) from None
    if "\x00" in text:
        raise AnswersFileError(ui._("{path}: the answers file is not UTF-8 text (it holds a NUL character)", path=path))
    loader = _loader()
    try:
        _check_shape(text, path, loader, ui)
        data = yaml.load(text, Loader=loader)  # a safe loader: SafeLoader or CSafeLoader
    except DuplicateKey as exc:
        raise AnswersFileError(ui._("{where}: a node id is given twice in the answers file",
                             where=_where(path, exc.mark))) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise AnswersFileError(ui._("{where}: the answers file is not valid YAML", where=_where(path, mark))) from None
    except (ValueError, OverflowError, RecursionError, MemoryError):
        # e.g. an integer of thousands of digits (Python refuses to convert it)
        raise AnswersFileError(ui._("{path}: the answers file holds a value that cannot be read", path=path)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AnswersFileError(ui._("{path}: the answers file must map node ids to answers", path=path))
    return {str(k): ("yes" if v is True else "no" if v is False else v) for k, v in data.items()}


_NODE_ID = re.compile(r"[a-z][a-z0-9_]*")


def _unknown_ids(unknown: list[str], ui: UI) -> str:
    """The message for keys that are not node ids: at most MAX_UNKNOWN_SHOWN of them, each shortened, and only
    keys that look like node ids (a file that is not an answers file, say /etc/shadow, is not echoed)."""
    shown = [u if len(u) <= 32 else u[:31] + "…" for u in unknown if _NODE_ID.fullmatch(u)][:MAX_UNKNOWN_SHOWN]
    rest = len(unknown) - len(shown)
    if not shown:
        return ui.ngettext("the answers file names {n} key that is not a node id",
                           "the answers file names {n} keys that are not node ids", rest)
    text = ui._("the answers file names unknown node id(s): {ids}", ids=", ".join(shown))
    if rest:
        text += " " + ui._("(and {n} more)", n=rest)
    return text


def _leave(value: Any) -> Any:
    """DECLINE or SKIP for `{decline: true}` / `{skip: true}` in an answers file; other values as they are."""
    if isinstance(value, dict) and value.get("decline") is True:
        return DECLINE
    if isinstance(value, dict) and value.get("skip") is True:
        return SKIP
    return value


def from_file(flow: Flow, answers: Mapping[str, Any], ui: UI | None = None) -> Answerer:
    ui = _ui(ui)
    known = set(flow.nodes) | {f.id for n in flow.nodes.values() for f in n.followups}
    known |= {n.card for n in flow.nodes.values() if n.card}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise AnswersFileError(_unknown_ids(unknown, ui))

    def answer(session: Session, turn: Turn) -> Any:
        node = session.flow.nodes[turn.node]
        if turn.followup is not None:
            entries = answers.get(node.id)
            entries = entries if isinstance(entries, list) else []
            entry = entries[turn.entry_index] if turn.entry_index < len(entries) else {}
            entry = entry if isinstance(entry, dict) else {}
            if turn.followup in entry:
                return _leave(entry[turn.followup])
            if turn.can_skip:
                return SKIP
            raise AnswersFileError(ui._("no answer for '{followup}' of '{entry}' in '{node}'",
                                 followup=turn.followup, entry=turn.entry, node=node.id))
        key = node.id if node.id in answers else node.card if node.card in answers else None
        if key is None:
            if turn.can_skip:
                return SKIP
            raise AnswersFileError(ui._("no answer for '{node}' in the answers file", node=node.id))
        value = _leave(answers[key])
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
