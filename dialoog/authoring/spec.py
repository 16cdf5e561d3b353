"""Transcript test files (`tests/flows/*.yaml`): reading them, with the line of every expectation.

A file is a mapping with `tests:` (a list) and optional defaults for its tests (`flow`, `lang`, `auto`).
Each test names a flow, its answers (inline, or the path of an answers file relative to the test file)
and/or `auto: low|high|random:SEED` for the questions the answers do not give, and what must happen.
Every mistake in a file is a Problem (DLG052) at its place, with a "did you mean" for a misspelt id; a
file with problems runs none of its tests. The format: docs/transcript-tests.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialoog.authoring.answering import parse_auto
from dialoog.flow.library import Library
from dialoog.flow.model import LEVELS, UNKNOWN, Flow
from dialoog.flow.problems import Pos, Problem, did_you_mean
from dialoog.flow.yamlfile import YList, YMap, load_yaml

BAD = "DLG052"
"""The code of a mistake in a transcript test file."""

FILE_KEYS = frozenset({"flow", "lang", "auto", "tests"})
TEST_KEYS = frozenset({
    "name", "flow", "lang", "answers", "auto",
    "levels", "advice", "top", "says", "not_says", "asks", "not_asks", "finished",
})
ADVICE_KEYS = frozenset({"must", "must_not"})
LANGS = ("nl", "en")
ALL_LEVELS = (*LEVELS, UNKNOWN)


@dataclass(frozen=True, slots=True)
class Expectation:
    """One thing that must happen: `kind` (levels, advice.must, advice.must_not, top, says, not_says, asks,
    not_asks, finished), what it is about (`key`: a domain for levels), the value expected, and its place."""

    kind: str
    value: Any
    pos: Pos
    key: str | None = None
    item_pos: tuple[Pos, ...] = ()
    """For `top`: the place of each id in the list."""

    @property
    def label(self) -> str:
        """How the expectation reads in a report: `levels.veiligheid: high`, `advice.must: x`, `top: [a, b]`."""
        kind = f"{self.kind}.{self.key}" if self.key else self.kind
        value = f"[{', '.join(map(str, self.value))}]" if isinstance(self.value, list) else str(self.value)
        if isinstance(self.value, bool):
            value = "true" if self.value else "false"
        return f"{kind}: {value}"


@dataclass
class TranscriptTest:
    path: str
    name: str
    pos: Pos
    flow: str
    lang: str
    answers: dict[str, Any] | None
    answers_pos: Pos
    auto: str | None
    expectations: list[Expectation] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.pos.path}:{self.pos.line}"


@dataclass
class SpecFile:
    path: Path
    tests: list[TranscriptTest]
    problems: list[Problem]


class _Reading:
    def __init__(self, path: Path, lib: Library) -> None:
        self.path = path
        self.lib = lib
        self.problems: list[Problem] = []
        self.flows: dict[str, Flow | None] = {}

    def bad(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem.at(pos, BAD, message))

    def keys(self, data: YMap, allowed: frozenset[str], what: str) -> None:
        for key in data:
            if key not in allowed:
                self.bad(data.key_pos[key], f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}")

    def text(self, data: YMap, key: str, what: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.bad(data.at(key), f"'{key}' of {what} must be text")
            return None
        return str(value)

    def strings(self, data: YMap, key: str, what: str) -> list[tuple[str, Pos]]:
        """A list of texts (one text is a list of one), each with its place."""
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return [(str(value), data.at(key))]
        if not isinstance(value, YList):
            self.bad(data.at(key), f"'{key}' of {what} must be a list")
            return []
        out: list[tuple[str, Pos]] = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.bad(value.at(i), f"the items of '{key}' of {what} must be text")
            else:
                out.append((str(item), value.at(i)))
        return out

    def flow(self, flow_id: str, pos: Pos) -> Flow | None:
        if flow_id not in self.flows:
            if flow_id not in self.lib.flow_ids():
                self.bad(pos, f"there is no flow '{flow_id}'{did_you_mean(flow_id, self.lib.flow_ids())}")
                self.flows[flow_id] = None
            else:
                self.flows[flow_id] = self.lib.flow(flow_id)
        return self.flows[flow_id]


def read_test_file(path: Path, lib: Library) -> SpecFile:
    """The tests of one file, checked against the content of `lib` (its flows, domains, advice, nodes)."""
    data, problems, _raw = load_yaml(path)
    reading = _Reading(path, lib)
    reading.problems.extend(problems)
    top = Pos(str(path))
    if data is None and not problems:
        reading.bad(top, "the file is empty: it needs 'tests:', a list of tests")
    if data is None:
        return SpecFile(path, [], reading.problems)
    if not isinstance(data, YMap):
        reading.bad(getattr(data, "pos", top), "a transcript test file must be a mapping with 'tests:'")
        return SpecFile(path, [], reading.problems)
    reading.keys(data, FILE_KEYS, "a transcript test file")
    defaults = {key: reading.text(data, key, "the file") for key in ("flow", "lang", "auto")}
    items = data.get("tests")
    tests: list[TranscriptTest] = []
    if not isinstance(items, YList) or not items:
        reading.bad(data.at("tests") if "tests" in data else data.pos, "'tests' must be a list of tests")
        return SpecFile(path, [], reading.problems)
    for i, item in enumerate(items):
        test = _read_test(reading, item, items.at(i), i, defaults)
        if test is not None:
            tests.append(test)
    problems = sorted(reading.problems, key=lambda p: (p.line, p.col))
    return SpecFile(path, tests if not problems else [], problems)


def _read_test(
    reading: _Reading, item: Any, pos: Pos, index: int, defaults: dict[str, str | None]
) -> TranscriptTest | None:
    if not isinstance(item, YMap):
        reading.bad(pos, f"test {index + 1} must be a mapping (name:, flow:, answers:, ...)")
        return None
    name = reading.text(item, "name", f"test {index + 1}") or f"test {index + 1}"
    what = f"test '{name}'"
    reading.keys(item, TEST_KEYS, what)
    flow_id = reading.text(item, "flow", what) or defaults["flow"]
    lang = reading.text(item, "lang", what) or defaults["lang"] or "nl"
    auto_spec = reading.text(item, "auto", what) or defaults["auto"]
    if lang not in LANGS:
        reading.bad(item.at("lang"), f"'lang' of {what} must be nl or en, not '{lang}'")
    if auto_spec is not None:
        try:
            parse_auto(auto_spec)
        except ValueError as exc:
            reading.bad(item.at("auto"), f"'auto' of {what}: {exc}")
    if flow_id is None:
        reading.bad(item.pos, f"{what} needs 'flow' (or the file a default 'flow')")
        return None
    flow = reading.flow(flow_id, item.at("flow"))
    if flow is None:
        return None
    answers = _answers(reading, item, flow, what)
    if answers is None and auto_spec is None:
        reading.bad(item.pos, f"{what} needs 'answers', 'auto' or both")
    test = TranscriptTest(str(reading.path), name, item.pos, flow_id, lang, answers, item.at("answers"), auto_spec)
    test.expectations = _expectations(reading, item, flow, what)
    if not (TEST_KEYS - {"name", "flow", "lang", "answers", "auto"}) & set(item):
        reading.bad(item.pos, f"{what} expects nothing: give 'levels', 'advice', 'top', 'says', 'asks', ... ")
    return test


def _answers(reading: _Reading, item: YMap, flow: Flow, what: str) -> dict[str, Any] | None:
    from dialoog.play import PlayError, load_answers

    raw = item.get("answers")
    if raw is None:
        return None
    if isinstance(raw, str):  # an answers file, relative to the test file
        try:
            return load_answers((reading.path.parent / raw), None)
        except PlayError as exc:
            reading.bad(item.at("answers"), f"'answers' of {what}: {exc}")
            return None
    if not isinstance(raw, YMap):
        reading.bad(item.at("answers"), f"'answers' of {what} must be a mapping (node id: answer) or a file name")
        return None
    known = _answer_ids(flow)
    for key in raw:
        if key not in known:
            reading.bad(raw.key_pos[key], f"'answers' of {what} names '{key}', which is no question of "
                        f"'{flow.id}'{did_you_mean(key, known)}")
        else:
            _check_value(reading, flow, key, raw[key], raw.at(key), what)
    return {k: ("yes" if v is True else "no" if v is False else _plain(v)) for k, v in raw.items()}


def _check_value(reading: _Reading, flow: Flow, key: str, value: Any, pos: Pos, what: str) -> None:
    """An answer that is no option of its question (a choice, a multiple choice, yes/no, a card), with the
    option meant when one is close; other answers the flow itself judges when the test runs."""
    node = flow.nodes.get(key) or next((n for n in flow.nodes.values() if n.card == key), None)
    if node is None or isinstance(value, dict):  # {decline: true}, {skip: true}
        return
    if node.kind in ("choice", "multi"):
        options = [o.value for o in node.options]
    elif node.kind == "yesno":
        options = ["yes", "no"]
    elif node.kind == "card":
        options = ["a", "b", "c", "d"]
    else:
        return
    values = value if node.kind == "multi" and isinstance(value, list) else [value]
    items = value.item_pos if isinstance(value, YList) else [pos] * len(values)
    for item, at in zip(values, items, strict=False):
        shown = "yes" if item is True else "no" if item is False else str(item)
        if shown not in options:
            reading.bad(at, f"'{shown}' is no answer to '{key}' in {what}: use {', '.join(options)}"
                        f"{did_you_mean(shown, options)}")


def _plain(value: Any) -> Any:
    """YAML with positions as plain dicts and lists (as `load_answers` gives them: only the top level's
    yes/no become texts)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _answer_ids(flow: Flow) -> set[str]:
    ids = {n.id for n in flow.nodes.values() if n.is_question}
    return ids | {n.card for n in flow.nodes.values() if n.card}


def asked_ids(flow: Flow) -> set[str]:
    """What `asks`/`not_asks` may name: a question's id, a card's id, or a network follow-up as `node.followup`."""
    ids = _answer_ids(flow) | {n.id for n in flow.nodes.values() if n.kind == "message"}
    return ids | {f"{n.id}.{f.id}" for n in flow.nodes.values() for f in n.followups}


def _expectations(reading: _Reading, item: YMap, flow: Flow, what: str) -> list[Expectation]:
    out: list[Expectation] = []
    levels = item.get("levels")
    if levels is not None:
        if not isinstance(levels, YMap):
            reading.bad(item.at("levels"), f"'levels' of {what} must map domains to levels (veiligheid: high)")
        else:
            for dom, level in levels.items():
                if dom not in flow.domains:
                    reading.bad(levels.key_pos[dom], f"'levels' of {what} names unknown domain '{dom}'"
                                f"{did_you_mean(dom, flow.domains)}")
                elif level not in ALL_LEVELS:
                    reading.bad(levels.at(dom), f"'{level}' is no level: use {', '.join(ALL_LEVELS)}"
                                f"{did_you_mean(str(level), ALL_LEVELS)}")
                else:
                    out.append(Expectation("levels", level, levels.at(dom), key=dom))
    advice_ids = {a.id for a in flow.advice}
    advice = item.get("advice")
    if advice is not None:
        if not isinstance(advice, YMap):
            reading.bad(item.at("advice"), f"'advice' of {what} must be a mapping with 'must' and/or 'must_not'")
        else:
            reading.keys(advice, ADVICE_KEYS, f"'advice' of {what}")
            for key in ("must", "must_not"):
                for adv_id, pos in reading.strings(advice, key, f"'advice' of {what}"):
                    if adv_id not in advice_ids:
                        reading.bad(pos, f"'advice.{key}' of {what} names '{adv_id}', which is no advice id"
                                    f"{did_you_mean(adv_id, advice_ids)}")
                    else:
                        out.append(Expectation("advice", adv_id, pos, key=key))
    if "top" in item:
        ids = reading.strings(item, "top", what)
        for adv_id, pos in ids:
            if adv_id not in advice_ids:
                reading.bad(pos, f"'top' of {what} names '{adv_id}', which is no advice id"
                            f"{did_you_mean(adv_id, advice_ids)}")
        out.append(Expectation("top", [i for i, _ in ids], item.at("top"), item_pos=tuple(p for _, p in ids)))
    for kind in ("says", "not_says"):
        out += [Expectation(kind, text, pos) for text, pos in reading.strings(item, kind, what)]
    known = asked_ids(flow)
    for kind in ("asks", "not_asks"):
        for node_id, pos in reading.strings(item, kind, what):
            if node_id not in known:
                reading.bad(pos, f"'{kind}' of {what} names '{node_id}', which is no question of '{flow.id}'"
                            f"{did_you_mean(node_id, known)}")
            else:
                out.append(Expectation(kind, node_id, pos))
    if "finished" in item:
        value = item["finished"]
        if not isinstance(value, bool):
            reading.bad(item.at("finished"), f"'finished' of {what} must be true or false")
        else:
            out.append(Expectation("finished", value, item.at("finished")))
    return out
