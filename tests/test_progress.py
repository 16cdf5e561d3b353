"""Honest progress (issue 11, item 6), on the real scan: what the progress line will say at every turn.

- the per-person network questions advance it, and are counted per person;
- a deck counts the cards it will show, not every card it could show;
- 100% only at the end;
- no step of a module is jumped over, and the count a module promises is the count it shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dialoog.engine import Session, Turn
from dialoog.flow.library import load_library
from dialoog.play import auto, give

pytestmark = pytest.mark.usefixtures("plain_env")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return load_library(ROOT)


def play(library, strategy: str, seed: int | None = None, role: str | None = None) -> list[Turn]:  # type: ignore[no-untyped-def]
    """Every turn of one way through the scan, the end included."""
    session = Session(library.flow("scan"), "nl", ROOT)
    answerer = auto(strategy, seed)
    turns = [session.turn()]
    for _ in range(2000):
        turn = turns[-1]
        if turn.finished and session.finished:
            return turns
        value = None
        if turn.expects_answer:
            value = role if role is not None and turn.node == "role" else answerer(session, turn)
        turns.append(give(session, turn, value))
    raise AssertionError("the scan did not end")


WAYS = [("high", None), ("low", None), ("random", 1), ("random", 3), ("random", 7)]


@pytest.mark.parametrize(("strategy", "seed"), WAYS)
def test_100_percent_only_at_the_end(library, strategy: str, seed: int | None) -> None:  # type: ignore[no-untyped-def]
    turns = play(library, strategy, seed)
    for turn in turns[:-1]:
        assert turn.progress.done < turn.progress.total, turn.node
        assert turn.progress.fraction < 1
    end = turns[-1].progress
    assert end.done == end.total and end.fraction == 1.0
    # every step the user takes moves it on; the pause after a card shows the card done
    dones = [t.progress.done for t in turns]
    assert dones == sorted(dones) and dones[-1] >= len([t for t in turns if not t.pause]) - 1


@pytest.mark.parametrize(("strategy", "seed"), WAYS)
def test_no_step_of_a_module_is_jumped_and_the_count_holds(  # type: ignore[no-untyped-def]
    library, strategy: str, seed: int | None
) -> None:
    turns = play(library, strategy, seed)
    by_module: dict[str, list[Turn]] = {}
    for turn in turns[:-1]:
        if not turn.pause:
            by_module.setdefault(turn.progress.module_id, []).append(turn)
    for module, shown in by_module.items():
        assert [t.progress.step for t in shown] == list(range(1, len(shown) + 1)), module
        # the last step of a module says "step n of n"
        last = shown[-1].progress
        assert last.step == last.steps, module


@pytest.mark.parametrize("role", ["wethouder", "bewindspersoon", "practice"])
def test_the_intake_does_not_jump_a_step_for_a_question_it_passes_over(library, role: str) -> None:  # type: ignore[no-untyped-def]
    turns = play(library, "low", role=role)
    intake = [t.progress for t in turns if t.progress.module_id == "intake"]
    assert [p.step for p in intake] == list(range(1, len(intake) + 1))
    assert {p.steps for p in intake[2:]} == {len(intake)}  # once the role is known, the count is right
    shown = [t.node for t in turns if t.progress.module_id == "intake"]
    assert ("practice_note" in shown) == (role == "practice")


@pytest.mark.parametrize(("strategy", "seed"), WAYS)
def test_a_deck_counts_the_cards_it_will_show(library, strategy: str, seed: int | None) -> None:  # type: ignore[no-untyped-def]
    turns = play(library, strategy, seed)
    cards = [t for t in turns if t.kind == "card"]
    assert 3 <= len(cards) <= 8  # three for the role, one more per theme with a high score
    assert [t.progress.card for t in cards] == list(range(1, len(cards) + 1))
    # from the first card on, the count is the number of cards the user gets
    assert {t.progress.cards for t in cards} == {len(cards)}
    # and the pause after a card still shows that card
    pauses = [t for t in turns if t.pause]
    assert [(p.progress.card, p.progress.cards) for p in pauses] == [(i, len(cards)) for i in range(1, len(cards) + 1)]
    # the module's steps: the intro, then one per card
    assert cards[0].progress.steps == len(cards) + 1


def test_the_network_questions_advance_per_person(library) -> None:  # type: ignore[no-untyped-def]
    turns = play(library, "high")  # five people
    followups = [t for t in turns if t.entry is not None]
    assert followups, "the high way names people"
    people = followups[0].entry_count
    assert people == 5
    steps = [t.progress.step for t in followups]
    assert steps == list(range(steps[0], steps[0] + len(followups)))  # one step further at every question
    assert len({t.progress.done for t in followups}) == len(followups)
    # counted per person: the module's steps hold the follow-ups that will be asked; a screening answer that
    # calls for the details adds them, so the count only grows, up to what was really asked
    counts = [t.progress.steps for t in followups]
    assert counts == sorted(counts)
    assert followups[0].progress.steps >= 3 * people + 2
    assert followups[-1].progress.steps >= len(followups) + 2
    last = [t for t in turns if t.progress.module_id == "network"][-1].progress
    assert last.step == last.steps


def test_the_own_situation_does_not_promise_it_is_nearly_done(library) -> None:  # type: ignore[no-untyped-def]
    turns = play(library, "high")
    own = [t.progress for t in turns if t.progress.module_id == "self"]
    # the network and the dilemmas are still ahead: the own situation ends well before the finish (about 63%
    # of the way since the self-assessment asks a few more questions and the network loop screens first)
    assert own[-1].fraction < 0.7
