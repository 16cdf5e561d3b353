"""The transcript as the engine describes it: what was said and answered, once, for every front end.

The terminal app shows the entries as they come (a turn's words, then the answer the move
recorded) and rebuilds them from the history after resuming or switching language; both
must read the same. `dialoog play` prints the same entries.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_engine import CIRCLE, DECLINE, MINI_HIGH, MINI_LOW, SKIP, give, start

from dialoog.engine import Session, StaleSession
from dialoog.engine.transcript import (
    Entry,
    EntryKind,
    StepKind,
    answer_text,
    history_entries,
    shorten_words,
    turn_entries,
)

pytestmark = pytest.mark.usefixtures("plain_env")


def play_live(session: Session, answers: dict[str, Any]) -> list[Entry]:
    """Walk the session as a front end does: each turn's entries, then what the move recorded (`said`)."""
    shown: list[Entry] = []
    used: dict[str, int] = {}
    turn = session.turn()
    while not session.finished:
        shown += turn_entries(turn, len(session.history))
        key = turn.followup or turn.node
        if not turn.expects_answer:
            turn = session.answer()
        else:
            value = answers[key]
            if isinstance(value, tuple):
                value = value[used.get(key, 0)]
                used[key] = used.get(key, 0) + 1
            turn = give(session, value)
        if session.said is not None:
            shown.append(session.said)
    # the end: the feedback on a card answered last comes with it (its own words are no history)
    return shown + [e for e in turn_entries(turn, len(session.history)) if e.kind == EntryKind.FEEDBACK]


def readable(entries: list[Entry]) -> list[tuple[str, str, int]]:
    """What a reader sees of the entries (an empty bot line shows nothing)."""
    return [(e.kind.value, e.text or (e.card.title if e.card else ""), e.tag) for e in entries
            if e.text or e.card is not None]


@pytest.mark.parametrize(("flow_id", "answers"), [("mini", MINI_HIGH), ("mini", MINI_LOW), ("circle", CIRCLE),
                                                  ("circle", {**CIRCLE, "closeness": DECLINE, "remark": SKIP})])
def test_the_transcript_shown_as_it_goes_reads_as_the_one_rebuilt_from_the_history(
        engine_root: Path, flow_id: str, answers: dict[str, Any]) -> None:
    session = start(engine_root, flow_id)
    live = play_live(session, answers)
    assert readable(live) == readable(history_entries(session))
    users = [e.text for e in live if e.kind == EntryKind.ANSWER]
    assert users, "the user's answers are part of it"
    if flow_id == "circle" and answers["closeness"] is DECLINE:
        assert users.count("Zeg ik liever niet") == 2 and "Overgeslagen" in users


def test_each_move_says_what_it_recorded(engine_root: Path) -> None:
    session = start(engine_root, "mini")
    assert session.said is None
    session.answer()  # went on after the welcome message: nothing to show
    assert session.said is None
    session.answer("bewindspersoon")
    assert session.said == Entry(EntryKind.ANSWER, "role", "Bewindspersoon", 2, step=1)
    session.answer("yes")
    session.answer(3)
    said = session.said
    assert said is not None and said.text == "3 (op een schaal van 1 weinig tot 5 veel)" and said.node == "gifts_value"
    session.back()
    assert session.said is None, "going back records no answer"


def test_scale_answers_read_in_words_with_what_the_ends_mean(engine_root: Path) -> None:
    session = start(engine_root, "mini")
    for value in (None, "bewindspersoon", "yes", 1):
        session.answer(value)
    assert session.describe("gifts_value") == "1 (op een schaal van 1 weinig tot 5 veel)"
    session.set_language("en")
    assert session.describe("gifts_value") == "1 (on a scale of 1 little to 5 a lot)"
    assert answer_text(session, len(session.history) - 1) == "1 (on a scale of 1 little to 5 a lot)"


def test_a_follow_up_scale_without_labels_names_its_range(engine_root: Path) -> None:
    session = start(engine_root, "circle")
    play_live(session, CIRCLE)
    answers = [e.text for e in history_entries(session) if e.kind == EntryKind.ANSWER and e.followup == "closeness"]
    assert answers == ["3 (op een schaal van 1 tot 3)"] * 2


def test_step_kinds_are_saved_as_they_always_were(engine_root: Path) -> None:
    session = start(engine_root, "circle")
    play_live(session, {**CIRCLE, "closeness": DECLINE, "remark": SKIP})
    saved = json.loads(json.dumps(session.to_dict()))
    kinds = {how for _, how, _, _ in saved["history"]}
    assert kinds == {"answer", "declined", "skipped", "continue"}
    again = Session.from_dict(session.flow, saved, engine_root)
    assert again.note is None and [s.how for s in again.history] == [s.how for s in session.history]
    assert all(isinstance(s.how, StepKind) for s in again.history)


def test_a_saved_step_of_unknown_kind_is_replayed_not_trusted(engine_root: Path) -> None:
    session = start(engine_root, "mini")
    for value in (None, "bewindspersoon", "yes"):
        session.answer(value)
    saved = session.to_dict()
    saved["history"][1][1] = "maybe"
    again = Session.from_dict(session.flow, saved, engine_root)
    assert again.note is not None, "the session says it could not be restored exactly"
    assert again.answers == session.answers
    with pytest.raises(StaleSession):
        Session.from_dict(session.flow, {**saved, "version": 0}, engine_root)


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("Denk aan de toezichtfunctie die u heeft", 20, "Denk aan de…"),
    ("Denk aan de toezichtfunctie die u heeft", 40, "Denk aan de toezichtfunctie die u heeft"),
    ("Hoe vaak kreeg u,  in het afgelopen\njaar, een geschenk?", 18, "Hoe vaak kreeg u…"),
    ("Toezichtfunctiebekleding", 10, "Toezichtf…"),
    ("Kandidaat-bewindspersoon (minister)", 20, "Kandidaat-…"),
])
def test_shortening_cuts_at_a_word_boundary(text: str, width: int, expected: str) -> None:
    short = shorten_words(text, width)
    assert short == expected and len(short) <= width
    line, kept = " ".join(text.split()), short.removesuffix("…")
    assert line.startswith(kept)
    if " " in line[:width]:
        assert len(kept) == len(line) or line[len(kept)] in " ,;:.", "no word is cut"
