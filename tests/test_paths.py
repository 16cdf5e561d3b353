"""Every way through every flow ends with a summary.

For each flow of the test content and of the real content (`dialoog.locations.content_root()`),
a depth-first walk gives every distinct answer to choice, yes/no and card questions, and a few
representative answers to scale, multi, text and network questions (declining and skipping
too, where allowed), going back (`Session.back`) to try the next one. Every complete
conversation must reach the end with a summary in which every domain has a level. When a
flow has more than CAP complete conversations, the walk stops and WALKS seeded random walks
follow instead.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dialoog.cli import main
from dialoog.engine import AnswerError, Session, Turn
from dialoog.flow.library import load_library
from dialoog.flow.model import ALL_LEVELS, Node
from dialoog.locations import content_root

pytestmark = pytest.mark.usefixtures("plain_env")

CAP = 3000
WALKS = 300
DECLINE, SKIP = "<decline>", "<skip>"

FIXTURE_FLOWS = ["mini", "intro", "questions", "branch", "circle"]


def _real_flow_ids() -> list[str]:
    ids = load_library(content_root()).flow_ids()
    # until the content is written, still ask for the two flows the program needs
    return ids or ["scan", "practice"]


REAL_FLOWS = _real_flow_ids()


class Capped(Exception):
    """More complete conversations than CAP."""


@dataclass
class Exploration:
    complete: int = 0
    exhaustive: bool = True
    visited: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    levels: dict[str, set[str]] = field(default_factory=dict)


def _question(session: Session, turn: Turn) -> Node:
    node = session.flow.nodes[turn.node]
    if turn.followup is not None:
        return next(f for f in node.followups if f.id == turn.followup)
    return node


def candidates(session: Session, turn: Turn) -> list[Any]:
    """The answers worth trying here, in a fixed order."""
    q = _question(session, turn)
    route_answers = [r.answer for r in q.routes if r.answer is not None]
    values: list[Any] = []
    if q.kind == "choice":
        values = [o.value for o in q.options]
    elif q.kind == "yesno":
        values = ["yes", "no"]
    elif q.kind == "card":
        values = ["a", "b", "c", "d"]
    elif q.kind == "scale":
        picks = {q.min, q.max, (q.min + q.max) // 2} | {int(k) for k in q.points}
        picks |= {int(a) for a in route_answers if a.lstrip("-").isdigit()}
        values = sorted(v for v in picks if q.min <= v <= q.max)
    elif q.kind == "multi":
        plain = [o.value for o in q.options if not o.exclusive]
        exclusive = [o.value for o in q.options if o.exclusive]
        options: list[list[str]] = [[v] for v in plain + exclusive]
        options += [plain[: q.max], plain[: max(q.min, 1)], []]
        values = []
        for option in options:
            if q.min <= len(option) <= q.max and option not in values:
                values.append(option)
    elif q.kind == "text":
        values = ["Antwoord"]
    elif q.kind == "network":
        categories = [c.value for c in q.categories]
        sizes = sorted({q.min, max(q.min, min(q.max, 2))})
        values = [
            [{"name": f"Persoon {i + 1}", "category": categories[i % len(categories)]} for i in range(n)] for n in sizes
        ]
    if turn.followup is not None and turn.entry_index > 0 and values:
        # later entries: one answer each (the first entry already tries them all)
        values = [values[turn.entry_index % len(values)]]
    if turn.can_decline:
        values.append(DECLINE)
    if turn.can_skip:
        values.append(SKIP)
    return values


def give(session: Session, value: Any) -> Turn:
    if value == DECLINE:
        return session.decline()
    if value == SKIP:
        return session.skip()
    return session.answer(value)


def past_messages(session: Session, visited: set[str]) -> Turn:
    turn = session.turn()
    while not session.finished and not turn.expects_answer:
        visited.add(turn.node)
        turn = session.answer()
    visited.add(turn.node)
    return turn


def check_ending(session: Session, result: Exploration) -> None:
    """The end of one conversation: a summary, every domain with a level, an end text that renders."""
    assert session.finished
    summary = session.summary()
    assert [d.id for d in summary.domains] == list(session.flow.domains)
    for domain in summary.domains:
        assert domain.level in ALL_LEVELS, domain
        result.levels.setdefault(domain.id, set()).add(domain.level)
    for advice in summary.advice:
        assert advice.domain in session.flow.domains
        assert advice.title
    turn = session.turn()
    assert turn.finished
    assert "{{" not in turn.text and "{%" not in turn.text
    assert ".j2: " not in turn.text, turn.text  # render_file's way of showing a broken template
    result.endings.add(turn.node)


def explore(session: Session, result: Exploration) -> None:
    turn = past_messages(session, result.visited)
    if session.finished:
        check_ending(session, result)
        result.complete += 1
        if result.complete >= CAP:
            raise Capped
        return
    accepted = 0
    for value in candidates(session, turn):
        try:
            give(session, value)
        except AnswerError:
            continue
        accepted += 1
        explore(session, result)
        session.back()
    assert accepted, f"no answer was accepted at {turn.node} ({turn.followup or turn.kind})"


def random_walks(flow: Any, root: Path, result: Exploration, seed: int = 20261123) -> Iterator[int]:
    rng = random.Random(seed)
    for walk in range(WALKS):
        session = Session(flow, "nl", root)
        for _ in range(2000):
            turn = past_messages(session, result.visited)
            if session.finished:
                break
            options = candidates(session, turn)
            rng.shuffle(options)
            for value in options:
                try:
                    give(session, value)
                    break
                except AnswerError:
                    continue
            else:
                pytest.fail(f"walk {walk}: no answer was accepted at {turn.node}")
        else:
            pytest.fail(f"walk {walk} did not end")
        check_ending(session, result)
        yield walk


def run_all(root: Path, flow_id: str) -> Exploration:
    lib = load_library(root)
    flow = lib.flow(flow_id)  # a broken flow fails here, naming its problems
    result = Exploration()
    session = Session(flow, "nl", root)
    start = json.dumps(session.to_dict()["answers"])
    try:
        explore(session, result)
        # going back all the way leaves nothing behind
        assert json.dumps(session.to_dict()["answers"]) == start
    except Capped:
        result.exhaustive = False
        for _ in random_walks(flow, root, result):
            result.complete += 1
    assert result.complete > 0
    if result.exhaustive and flow_id in lib.specs:
        # a composed flow: every node is asked on some way through it
        assert set(flow.nodes) - result.visited - {"__finish__"} == set()
    return result


@pytest.mark.parametrize("flow_id", FIXTURE_FLOWS)
def test_every_path_of_the_test_content_reaches_a_summary(engine_root: Path, flow_id: str) -> None:
    result = run_all(engine_root, flow_id)
    assert result.exhaustive


def test_the_explorer_finds_every_level_of_the_test_content(engine_root: Path) -> None:
    mini = run_all(engine_root, "mini")
    assert mini.levels == {"belangen": {"low", "attention", "high"}, "veiligheid": {"low", "attention", "high"}}
    assert mini.endings == {"done", "__finish__"}
    branch = run_all(engine_root, "branch")
    assert branch.visited >= {"sector", "gift_count", "gift_rules", "threats", "closing"}
    assert branch.levels["veiligheid"] == {"low", "high"}


@pytest.mark.parametrize("flow_id", REAL_FLOWS)
def test_every_path_of_the_real_content_reaches_a_summary(flow_id: str) -> None:
    root = content_root()
    result = run_all(root, flow_id)  # each way walked ends with a summary that gives every domain a level
    flow = load_library(root).flow(flow_id)
    # every way ended at one of the flow's end nodes (a module on its own: at the finish the loader adds)
    ends = {node.id for node in flow.nodes.values() if node.kind == "end"} | {"__finish__"}
    assert result.endings and result.endings <= ends, result.endings
    assert set(result.levels) == set(flow.domains)


def _auto(strategy: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code = main(["play", "scan", "--auto", strategy, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)["summary"]


def test_real_scan_answered_at_the_highest_risk_gets_high_levels_and_advice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary = _auto("high", capsys)
    high = [d["id"] for d in summary["domains"] if d["level"] == "high"]
    assert len(high) >= 2, summary["domains"]
    advised = {a["domain"] for a in summary["advice"]}
    assert set(high) <= advised, f"no advice for {set(high) - advised}"
    for advice in summary["advice"]:
        assert advice["because"], advice


def test_real_scan_answered_at_the_lowest_risk_gets_no_advice(capsys: pytest.CaptureFixture[str]) -> None:
    summary = _auto("low", capsys)
    assert {d["level"] for d in summary["domains"]} == {"low"}, summary["domains"]
    assert summary["advice"] == []
