"""Changing an earlier answer (issue 11, item 1): no other answer is altered.

On the real scan flow, with complete sessions played by the random answerer of `dialoog play`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialoog import play
from dialoog.engine import AnswerError, Session, StaleSession
from dialoog.engine.change import Record, records, step_key
from dialoog.engine.scores import answer_points
from dialoog.flow.library import load_library
from dialoog.flow.model import FINISH, Flow

pytestmark = pytest.mark.usefixtures("plain_env")

ROOT = Path(__file__).resolve().parents[1]
_FLOW: list[Flow] = []


def scan() -> Flow:
    if not _FLOW:
        _FLOW.append(load_library(ROOT).flow("scan"))
    return _FLOW[0]


def played(seed: int, role: str | None = None) -> Session:
    """The scan answered at random; with `role`, that role instead of the drawn one (the same draws follow)."""
    session = Session(scan(), "nl", ROOT)
    drawn = play.auto("random", seed)

    def answer(session: Session, turn: Any) -> Any:
        value = drawn(session, turn)
        return role if role is not None and turn.node == "role" else value

    play.run(session, answer)
    assert session.finished
    return session


def answers_of(session: Session) -> dict[str, Record]:
    return records(session)[0]


def other_values(session: Session, key: str) -> list[Any]:
    """Other valid answers to the (top-level) question at `key`."""
    node = session.flow.nodes[key]
    old = session.answers.get(key)
    if node.kind == "yesno":
        values: list[Any] = ["yes", "no"]
    elif node.kind == "choice":
        values = [o.value for o in node.options]
    elif node.kind == "scale":
        values = list(range(node.min, node.max + 1))
    elif node.kind == "card":
        values = list("abcd")
    else:
        return []
    return [v for v in values if v != old]


def top_keys(session: Session) -> list[str]:
    return [step_key(session, i) for i, s in enumerate(session.history) if s.how != "continue"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), pick=st.integers(0, 10_000))
def test_the_same_value_again_leaves_every_answer_as_it_was(seed: int, pick: int) -> None:
    session = played(seed)
    keys = top_keys(session)
    key = keys[pick % len(keys)]
    before = json.dumps(session.to_dict(), sort_keys=True)
    record = answers_of(session)[key]
    plan = session.plan_change(key, record.value, record.how)
    assert json.dumps(session.to_dict(), sort_keys=True) == before  # planning changes nothing
    assert plan.unchanged and not plan.dropped and not plan.pending and plan.back_where_it_was
    turn = session.apply_change(plan)
    assert turn.finished
    assert json.dumps(session.to_dict(), sort_keys=True) == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), pick=st.integers(0, 10_000), choice=st.integers(0, 100))
def test_another_value_keeps_every_answer_still_on_the_route(seed: int, pick: int, choice: int) -> None:
    session = played(seed)
    keys = [k for k in top_keys(session) if k in session.flow.nodes and other_values(session, k)]
    key = keys[pick % len(keys)]
    values = other_values(session, key)
    value = values[choice % len(values)]
    old = answers_of(session)
    plan = session.plan_change(key, value)
    session.apply_change(plan)
    answerer = play.auto("random", seed + 1)
    turn = session.turn()
    for _ in range(1000):  # answer whatever the new route asks that has no answer, until the end
        if session.finished:
            break
        turn = play.give(session, turn, answerer(session, turn) if turn.expects_answer else None)
    assert session.finished
    new = answers_of(session)
    assert new[key] == Record("answer", value)
    cards = {session.flow.nodes[k].card: r for k, r in old.items() if k in session.flow.nodes}
    for k, record in new.items():
        if k == key:
            continue
        node = session.flow.nodes.get(k)
        if k in old:
            assert record == old[k], f"{k} was {old[k]}, is now {record}"
        elif node is not None and node.kind == "card" and node.card in cards:
            assert record == cards[node.card], f"card {node.card} was answered {cards[node.card]}"
    dropped = {d.key for d in plan.dropped}
    assert not dropped & set(new), "an answer named as no longer applying is on the route"


def test_a_new_question_then_the_kept_answers_follow_and_the_user_is_back_at_the_end() -> None:
    session = played(4)
    old = answers_of(session)
    assert session.answers["side_positions"] == "no"
    plan = session.plan_change("side_positions", "yes")
    assert plan.new_question and plan.stop == "side_positions_kind" and not plan.dropped
    assert len(plan.pending) == 31
    turn = session.apply_change(plan)
    assert turn.node == "side_positions_kind"
    assert session.resume_to == FINISH
    node = session.flow.nodes["side_positions_kind"]
    turn = session.answer([node.options[0].value])
    while not session.finished:  # only the questions that were never answered are asked
        assert turn.node not in old and (turn.followup is None), turn.node
        turn = play.give(session, turn, play.auto("random", 1)(session, turn) if turn.expects_answer else None)
    new = answers_of(session)
    assert all(new[k] == r for k, r in old.items() if k != "side_positions" and k in new)
    assert session.resume_to is None


def test_dropped_answers_are_named_and_come_back_when_changed_back() -> None:
    # seed 1 as a council member: its safety card is also one the role's deck can deal (with the cards of round
    # 5, the top civil servant of seed 4 no longer has such a card)
    session = played(1, "raadslid")
    original = json.dumps({k: v for k, v in session.to_dict().items() if k != "shelf"}, sort_keys=True)
    plan = session.plan_change("intimidation", "no")
    # the safety deck is no longer shown: its card moves, with its answer, to the role's deck, where it takes
    # the place of the last card (A1 in the UX review)
    moved, last = "bui_diaspora_vereniging", "deck_raadslid__ges_bezwaar_buurvrouw"
    assert [d.key for d in plan.dropped] == ["intimidation_detail", "intimidation_reported", last]
    assert [session.history[d.index].node for d in plan.dropped] == [d.key for d in plan.dropped]
    answer = session.answers[f"deck_druk__{moved}"]
    session.apply_change(plan)
    assert session.finished and "intimidation_detail" not in session.answers
    assert session.answers[f"deck_raadslid__{moved}"] == answer and last not in session.answers
    assert set(session.shelf) == {d.key for d in plan.dropped}
    back = session.plan_change("intimidation", answers_of(played(1, "raadslid"))["intimidation"].value)
    assert back.restored == ("intimidation_detail", "intimidation_reported", last)
    assert not back.dropped and not back.new_question
    session.apply_change(back)
    assert json.dumps({k: v for k, v in session.to_dict().items() if k != "shelf"}, sort_keys=True) == original
    assert session.shelf == {}


def test_the_shelf_is_saved_and_sessions_saved_without_it_still_load() -> None:
    session = played(4)
    old = session.to_dict()
    assert "shelf" not in old  # a session without a change saves as before
    assert Session.from_dict(scan(), old, ROOT).to_dict() == old
    session.apply_change(session.plan_change("intimidation", "no"))
    saved = json.loads(json.dumps(session.to_dict()))
    restored = Session.from_dict(scan(), saved, ROOT)
    assert restored.shelf == session.shelf and restored.to_dict() == session.to_dict()
    back = restored.plan_change("intimidation", old["answers"]["intimidation"])
    assert len(back.restored) == 3


def test_changing_the_network_keeps_the_follow_ups_of_the_persons_still_there() -> None:
    def first_person_gives_no_points(session: Session) -> bool:  # so removing them decides no dilemma deck
        entries = session.answers.get("network") or []
        return len(entries) >= 2 and not answer_points(session.flow.nodes["network"], entries[:1])

    session = next(s for s in map(played, range(1, 60)) if first_person_gives_no_points(s))
    entries = session.answers["network"]
    assert len(entries) >= 2, entries
    kept = entries[1:]
    plan = session.plan_change("network", [{"name": e["name"], "category": e["category"]} for e in kept])
    name = entries[0]["name"].casefold()
    assert plan.dropped and all(d.key.startswith(f"network.{name}.") for d in plan.dropped)
    session.apply_change(plan)
    assert session.answers["network"] == kept
    assert session.finished


def test_a_change_planned_on_another_state_is_refused_and_a_bad_value_changes_nothing() -> None:
    session = played(4)
    before = json.dumps(session.to_dict(), sort_keys=True)
    with pytest.raises(AnswerError):
        session.plan_change("intimidation", "perhaps")
    with pytest.raises(AnswerError):
        session.plan_change("no_such_question", "yes")
    plan = session.plan_change("intimidation", "no")
    session.apply_change(session.plan_change("side_positions", "no"))  # the same value: nothing changes
    assert json.dumps(session.to_dict(), sort_keys=True) == before
    session.back()
    with pytest.raises(StaleSession):
        session.apply_change(plan)


def test_a_change_in_the_middle_returns_to_the_question_the_user_was_at() -> None:
    session = Session(scan(), "nl", ROOT)
    answerer = play.auto("random", 4)
    turn = session.turn()
    while turn.node != "intimidation":
        turn = play.give(session, turn, answerer(session, turn) if turn.expects_answer else None)
    keys = top_keys(session)
    plan = session.plan_change(keys[2], answers_of(session)[keys[2]].value)
    assert plan.back_where_it_was and plan.stop == "intimidation"
    assert session.apply_change(plan).node == "intimidation"
