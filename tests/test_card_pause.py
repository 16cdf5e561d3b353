"""The pause after a dilemma card (issue 11, item 7): the feedback stays until the user goes on.

The engine gives it as a turn of its own, so `dialoog play` and the TUI share it: a `message`
turn with `pause` set, the card's node, and the feedback as its text. Going on needs no answer
(an answers file names none); going back asks the card again; a saved session resumes in it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dialoog.engine import AnswerError, Session
from dialoog.flow.library import load_library
from dialoog.play import from_file, run

pytestmark = pytest.mark.usefixtures("plain_env")

CARD = "deck_all__kaartjes"
TO_CARD = {"role": "bewindspersoon", "gifts": "no", "stress": ["none"], "portfolio": "Financiën", "people": []}


def at_card(root: Path) -> Session:
    session = Session(load_library(root, strict=True).flow("mini"), "nl", root)
    turn = session.turn()
    while turn.kind != "card":
        turn = session.answer(TO_CARD.get(turn.node))
    return session


def test_after_a_card_the_feedback_waits_for_the_user(valid_root: Path) -> None:
    session = at_card(valid_root)
    turn = session.answer("b")
    assert (turn.node, turn.kind, turn.pause) == (CARD, "message", True)
    assert not turn.expects_answer and turn.can_back
    assert "U koos b." in turn.text
    assert not turn.finished and not session.finished  # the end comes after the pause
    assert session.to_dict()["finished"] is False
    # the progress still shows the card just answered
    assert (turn.progress.card, turn.progress.cards) == (1, 1)
    assert turn.progress.done < turn.progress.total

    turn = session.answer()
    assert (turn.node, turn.kind, turn.pause) == ("done", "end", False)
    assert not turn.pause and "Overwegingen" not in turn.text  # the feedback is not said a second time
    assert session.finished and turn.progress.fraction == 1.0
    assert [s.how for s in session.history[-2:]] == ["answer", "continue"]


def test_going_back_from_the_pause_asks_the_card_again(valid_root: Path) -> None:
    session = at_card(valid_root)
    session.answer("c")
    turn = session.back()
    assert (turn.node, turn.kind, turn.previous) == (CARD, "card", "c")
    # and going back after the pause, from the next turn, also lands on the card
    session.answer("d")
    session.answer()
    turn = session.back()
    assert (turn.node, turn.kind, turn.previous) == (CARD, "card", "d")


def test_a_session_saved_in_the_pause_resumes_in_it(valid_root: Path) -> None:
    session = at_card(valid_root)
    session.answer("a")
    flow = session.flow
    resumed = Session.from_dict(flow, json.loads(json.dumps(session.to_dict())), valid_root)
    turn = resumed.turn()
    assert turn.pause and "U koos a." in turn.text
    resumed.answer()
    again = Session.from_dict(flow, json.loads(json.dumps(resumed.to_dict())), valid_root)
    assert again.turn().node == "done" and not again.turn().pause


def test_a_session_saved_before_pauses_existed_loads(valid_root: Path) -> None:
    session = at_card(valid_root)
    session.answer("a")
    saved = json.loads(json.dumps(session.to_dict()))
    # an older version went from the card straight on; its history has no 'went on' after the card
    assert saved["history"][-1][:2] == [CARD, "answer"]
    resumed = Session.from_dict(session.flow, saved, valid_root)
    assert resumed.turn().pause
    assert resumed.answer().node == "done"


def test_a_replayed_session_goes_through_the_pauses(tmp_path: Path) -> None:
    from tests.test_decks import _root

    root = _root(tmp_path)
    session = Session(load_library(root, strict=True).flow("decks"), "nl", root)
    session.answer("raadslid")
    assert session.answer("a").pause  # the first card
    assert session.answer().kind == "card"
    session.answer("b")
    session.answer()
    assert session.finished
    saved = json.loads(json.dumps(session.to_dict()))
    saved["flow_hash"] = "older content"
    resumed = Session.from_dict(session.flow, saved, root)
    assert resumed.answers == session.answers  # the answer after the first pause was given again
    turn = resumed.turn()
    if turn.pause:  # the replay stops where the saved answers run out: after the last card
        turn = resumed.answer()
    assert turn.finished and resumed.finished


def test_an_answer_given_in_the_pause_is_for_the_next_question(engine_root: Path) -> None:
    session = at_card(engine_root)
    session.answer("a")
    # the conversation has ended after the card: there is nothing to answer
    with pytest.raises(AnswerError):
        session.answer("b")
    assert session.turn().pause  # a refused answer changes nothing
    with pytest.raises(AnswerError):
        session.decline()
    assert session.turn().pause


def test_play_shows_the_feedback_once_and_an_answers_file_needs_nothing_for_it(valid_root: Path) -> None:
    session = Session(load_library(valid_root, strict=True).flow("mini"), "nl", valid_root)
    result = run(session, from_file(session.flow, dict(TO_CARD, kaartjes="b")))
    texts = [(line.who, line.node) for line in result.transcript if "U koos b." in line.text]
    assert texts == [("bot", CARD)]
    assert ("user", CARD) in [(line.who, line.node) for line in result.transcript]
    assert session.finished


def test_a_caller_that_answers_card_after_card_still_gets_every_card(tmp_path: Path) -> None:
    from tests.test_decks import _root

    root = _root(tmp_path)
    session = Session(load_library(root, strict=True).flow("decks"), "nl", root)
    session.answer("raadslid")
    session.answer("a")
    turn = session.answer("b")  # given in the pause: the pause closes, and the answer is for the next card
    assert turn.pause and "lunch" in turn.node
    assert session.answers == {"role": "raadslid", "deck_role__kaartjes": "a", "deck_role__lunch": "b"}
