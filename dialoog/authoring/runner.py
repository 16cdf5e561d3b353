"""Running transcript tests: play each test's flow with its answers, then judge every expectation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialoog.authoring.answering import answering
from dialoog.authoring.spec import Expectation, SpecFile, TranscriptTest, read_test_file
from dialoog.engine import Session
from dialoog.flow.library import Library
from dialoog.flow.problems import Pos, Problem, display_path
from dialoog.i18n import UI
from dialoog.play import PlayError, PlayResult, run

TEST_SEED = 0
"""Transcript tests deal the dilemma cards from this seed, so a test names the same cards on every run."""

CANNOT_RUN = "DLG053"
"""The code of a test whose answers the flow refuses (or whose flow does not end)."""


@dataclass
class Outcome:
    expectation: Expectation
    passed: bool
    message: str = ""
    pos: Pos | None = None
    """Where the failure is (an item of `top`); the expectation's own place otherwise."""

    @property
    def where(self) -> Pos:
        return self.pos or self.expectation.pos

    def shown(self) -> str:
        pos = self.where
        place = f"{display_path(pos.path)}:{pos.line}"
        if self.passed:
            return f"ok    {self.expectation.label}"
        return f"FAIL  {place}: {self.expectation.label}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        pos = self.where
        return {
            "expectation": self.expectation.label,
            "kind": self.expectation.kind,
            "key": self.expectation.key,
            "expected": self.expectation.value,
            "passed": self.passed,
            "message": self.message,
            "path": display_path(pos.path),
            "line": pos.line,
            "col": pos.col,
        }


@dataclass
class Result:
    test: TranscriptTest
    outcomes: list[Outcome] = field(default_factory=list)
    problem: Problem | None = None
    """The test could not run (DLG053): its answers are refused, or a question has no answer."""

    @property
    def passed(self) -> bool:
        return self.problem is None and all(o.passed for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed]

    def report(self) -> str:
        """What failed, one line each with `path:line` (the same text in `dialoog test` and in pytest)."""
        if self.problem is not None:
            return self.problem.shown()
        return "\n".join(o.shown() for o in self.failures)

    def as_json(self) -> dict[str, Any]:
        t = self.test
        return {
            "name": t.name,
            "path": display_path(t.path),
            "line": t.pos.line,
            "flow": t.flow,
            "lang": t.lang,
            "passed": self.passed,
            "problem": self.problem.as_json() if self.problem else None,
            "expectations": [o.as_json() for o in self.outcomes],
        }


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _asked(result: PlayResult) -> set[str]:
    """What was asked (and answered, declined or skipped): node ids, card ids and `network.followup`."""
    session = result.session
    asked: set[str] = set()
    for step in session.history:
        asked.add(step.node)
        if step.followup:
            asked.add(f"{step.node}.{step.followup}")
        card = session.flow.nodes[step.node].card if step.node in session.flow.nodes else None
        if card:
            asked.add(card)
    return asked


def judge(test: TranscriptTest, result: PlayResult) -> list[Outcome]:
    session = result.session
    summary = session.summary()
    levels = {d.id: d.level for d in summary.domains}
    shown = [a.id for a in summary.advice]
    said = [_norm(line.text) for line in result.transcript]
    asked = _asked(result)
    outcomes: list[Outcome] = []
    for exp in test.expectations:
        if exp.kind == "levels":
            got = levels.get(str(exp.key))
            ok = got == exp.value
            outcomes.append(Outcome(exp, ok, "" if ok else f"the level is '{got}'"))
        elif exp.kind == "advice":
            present = exp.value in shown
            ok = present if exp.key == "must" else not present
            why = ("it is not among the advice" if exp.key == "must" else "it is among the advice")
            outcomes.append(Outcome(exp, ok, "" if ok else f"{why} (the advice: {', '.join(shown) or 'none'})"))
        elif exp.kind == "top":
            expected: list[str] = list(exp.value)
            top = list(summary.top)
            wrong = next((i for i, adv in enumerate(expected) if i >= len(top) or top[i] != adv), None)
            if wrong is None:
                outcomes.append(Outcome(exp, True))
            else:
                place = exp.item_pos[wrong] if wrong < len(exp.item_pos) else None
                outcomes.append(Outcome(exp, False, f"main action {wrong + 1} is "
                                        f"{repr(top[wrong]) if wrong < len(top) else 'missing'}"
                                        f" (the main actions: {', '.join(top) or 'none'})", place))
        elif exp.kind in ("says", "not_says"):
            text = _norm(str(exp.value))
            present = any(text in line for line in said)
            ok = present if exp.kind == "says" else not present
            outcomes.append(Outcome(exp, ok, "" if ok else (
                "no line of the transcript says it" if exp.kind == "says" else "a line of the transcript says it")))
        elif exp.kind in ("asks", "not_asks"):
            present = exp.value in asked
            ok = present if exp.kind == "asks" else not present
            outcomes.append(Outcome(exp, ok, "" if ok else (
                "it was not asked" if exp.kind == "asks" else "it was asked")))
        elif exp.kind == "finished":
            ok = session.finished == exp.value
            outcomes.append(Outcome(exp, ok, "" if ok else (
                "the conversation did not end" if exp.value else "the conversation ended")))
    return outcomes


def run_test(test: TranscriptTest, lib: Library) -> Result:
    flow = lib.flow(test.flow)
    try:  # the messages of `dialoog test` are English, as those of `dialoog check`
        answerer = answering(flow, test.answers, test.auto, UI("en"))
        session = Session(flow, test.lang, lib.root, seed=TEST_SEED)
        result = run(session, answerer)
    except PlayError as exc:
        return Result(test, problem=Problem.at(test.answers_pos, CANNOT_RUN, f"test '{test.name}': {exc}"))
    return Result(test, judge(test, result))


@dataclass
class Run:
    files: list[SpecFile]
    results: list[Result]

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    @property
    def ok(self) -> bool:
        return not self.problems and all(r.passed for r in self.results)


def files_under(paths: list[Path]) -> list[Path]:
    """The YAML files named, and those in the folders named (sorted; not recursive into hidden folders)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")
                          and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            out.append(path)
    return out


def run_all(paths: list[Path], lib: Library) -> Run:
    files = [read_test_file(p, lib) for p in files_under(paths)]
    results = [run_test(t, lib) for f in files for t in f.tests]
    return Run(files, results)
