"""Answers for a flow from two sources: the answers an author gives, and automatic answers for the rest."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dialoog.engine import Session, Turn
from dialoog.flow.model import Flow
from dialoog.i18n import UI
from dialoog.play import STRATEGIES, Answerer, auto, from_file


def parse_auto(spec: str) -> tuple[str, int | None]:
    """`low`, `high`, `random` or `random:SEED` as (strategy, seed); a ValueError says what is wrong."""
    strategy, colon, seed = spec.partition(":")
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy '{spec}': use low, high or random[:SEED]")
    if colon and (strategy != "random" or not seed.isdigit()):
        raise ValueError(f"the seed in '{spec}' must be a whole number after 'random:'")
    return strategy, int(seed) if seed else None


def has_answer(flow: Flow, answers: Mapping[str, Any], turn: Turn) -> bool:
    """Whether `answers` (as in an answers file) holds the answer to `turn` (a follow-up: in its entry)."""
    node = flow.nodes[turn.node]
    if turn.followup is not None:
        entries = answers.get(node.id)
        if not isinstance(entries, list) or turn.entry_index >= len(entries):
            return False
        entry = entries[turn.entry_index]
        return isinstance(entry, dict) and turn.followup in entry
    return node.id in answers or (node.card is not None and node.card in answers)


def answering(
    flow: Flow,
    answers: Mapping[str, Any] | None,
    auto_spec: str | None,
    ui: UI | None = None,
    missing: Callable[[Session, Turn], None] | None = None,
) -> Answerer:
    """The given `answers` where they hold one; the automatic answer of `auto_spec` for every other question.

    Without `auto_spec`, a question without an answer is reported to `missing` (which may raise) and then
    gets its lowest-risk answer; without `missing` either, it is the answers file's own error (no answer).
    Raises AnswersFileError for an answers mapping that names unknown node ids, ValueError for a bad spec.
    """
    given = from_file(flow, answers or {}, ui)
    filler = given  # its own error: no answer for the question
    if auto_spec is not None:
        filler = auto(*parse_auto(auto_spec))
    elif missing is not None:  # reported; the lowest-risk answer lets the replay find every open question
        filler = auto("low")

    def answer(session: Session, turn: Turn) -> Any:
        if answers is not None and has_answer(flow, answers, turn):
            return given(session, turn)
        if auto_spec is None and missing is not None:
            if turn.can_skip:  # as in `play`: an optional question without an answer is skipped
                return given(session, turn)
            missing(session, turn)
        return filler(session, turn)

    return answer
