"""The trainer's session model: reveal steps, votes and their refusals, the chart's minimum, the timer on a
fake clock, notes, next/previous, and the record saved after every change (and summed by group_votes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialoog.training import MAX_VOTES, STEPS, TrainingSession, VoteError, group_votes
from dialoog.training.model import parse_counts

from .helpers import FakeClock, card


def session(tmp_path: Path | None = None, **kw: object) -> TrainingSession:
    return TrainingSession([card("c1"), card("c2")], "nl", tmp_path, **kw)  # type: ignore[arg-type]


def test_steps_are_revealed_one_at_a_time_in_order() -> None:
    s = session()
    assert s.state.revealed == ["situation"]
    seen = [s.reveal_next() for _ in range(5)]
    assert seen == [*STEPS[1:], None]
    assert s.state.revealed == list(STEPS)
    assert s.conceal() == "perspectives"


def test_the_chart_shows_only_when_revealed_and_with_the_minimum_of_votes() -> None:
    s = session(min_votes=3)
    s.add_vote("a")
    s.add_vote("b")
    s.add_vote("b")
    assert not s.chart_visible()  # not revealed
    s.reveal_next()
    s.reveal_next()
    assert s.chart_visible()
    s.type_counts("a=1 b=1")
    assert not s.chart_visible()  # 2 votes: below the minimum
    assert s.distribution() == [("a", 1, 50.0), ("b", 1, 50.0), ("c", 0, 0.0), ("d", 0, 0.0)]


@pytest.mark.parametrize(("typed", "says"), [
    ("3 x 0 2", "not a number"), ("-3 1 1 1", "negative"), ("20000 1 1 1", "more than 10000"),
    ("1 2", "one count per option"), ("e=3", "no option 'e'"), ("", "at least one count"),
])
def test_bad_counts_are_refused_and_nothing_changes(typed: str, says: str) -> None:
    s = session()
    s.type_counts("1 2 3 4")
    with pytest.raises(VoteError, match=says):
        s.type_counts(typed)
    assert s.state.votes == {"a": 1, "b": 2, "c": 3, "d": 4}


def test_a_vote_beyond_the_maximum_is_refused() -> None:
    s = session()
    s.set_votes({"a": MAX_VOTES})
    with pytest.raises(VoteError):
        s.add_vote("a")
    assert s.state.votes["a"] == MAX_VOTES


@given(st.text(max_size=30))
def test_typed_counts_never_change_anything_unless_all_are_good(text: str) -> None:
    s = TrainingSession([card()], "nl", None)
    try:
        counts = parse_counts(text, ["a", "b", "c", "d"])
    except VoteError:
        with pytest.raises(VoteError):
            s.type_counts(text)
        assert s.state.total == 0
        return
    assert all(0 <= n <= MAX_VOTES for n in counts.values())
    s.type_counts(text)
    assert all(s.state.votes[k] == n for k, n in counts.items())


def test_the_timer_counts_down_pauses_and_takes_minutes() -> None:
    clock = FakeClock()
    s = session(clock=clock, minutes=5)
    assert s.state.timer.shown() == "5:00"
    s.toggle_timer()
    clock.advance(61)
    assert s.state.timer.shown() == "3:59"
    s.toggle_timer()  # pause
    clock.advance(600)
    assert s.state.timer.shown() == "3:59"
    s.adjust_timer(+1)
    assert s.state.timer.shown() == "4:59"
    s.adjust_timer(-1)
    s.adjust_timer(-1)
    assert s.state.timer.shown() == "2:59"
    s.start_timer()
    clock.advance(200)
    assert s.state.timer.shown() == "-0:21"  # over time


def test_leaving_a_card_pauses_its_timer_and_each_card_keeps_its_own() -> None:
    clock = FakeClock()
    s = session(clock=clock)
    s.start_timer()
    clock.advance(30)
    s.set_notes("Goede discussie")
    assert s.next()
    clock.advance(100)
    assert not s.next()  # the last card
    assert s.previous()
    assert s.state.timer.elapsed() == 30
    assert s.state.notes == "Goede discussie"
    assert s.states[1].timer.elapsed() == 0


def test_every_change_is_saved_as_the_record_of_schema_1(tmp_path: Path) -> None:
    clock = FakeClock()
    s = session(tmp_path, clock=clock)
    s.add_vote("b")
    s.set_notes("Veel twijfel")
    path = tmp_path / "training" / "sessions" / f"{s.id}.json"
    data = json.loads(path.read_text())
    assert data["schema"] == 1 and data["deck"] == ["c1", "c2"] and data["current"] == 0
    assert data["cards"][0]["votes"] == {"a": 0, "b": 1, "c": 0, "d": 0}
    assert data["cards"][0]["notes"] == "Veel twijfel"
    assert data["cards"][0]["revealed"] == ["situation"] and data["cards"][1]["revealed"] == []
    assert data["live"] is None
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    s.set_live("K7Q2")
    assert json.loads(path.read_text())["live"] == {"join_code": "K7Q2"}


def test_group_votes_sums_the_votes_of_every_saved_session(tmp_path: Path) -> None:
    one = session(tmp_path, session_id="one")
    one.type_counts("1 2 0 0")
    two = session(tmp_path, session_id="two")
    two.type_counts("a=3")
    two.next()
    two.type_counts("0 0 0 5")
    (tmp_path / "training" / "sessions" / "broken.json").write_text("{not json")
    assert group_votes(tmp_path) == {"c1": {"a": 4, "b": 2, "c": 0, "d": 0}, "c2": {"a": 0, "b": 0, "c": 0, "d": 5}}
    assert group_votes(tmp_path / "nothing") == {}


def test_listeners_hear_every_change() -> None:
    s = session()
    heard: list[str] = []
    stop = s.subscribe(heard.append)
    s.add_vote("a")
    s.reveal_next()
    s.next()
    stop()
    s.add_vote("a")
    assert heard == ["votes", "reveal", "card"]


def test_a_save_that_fails_is_said_and_the_session_goes_on(tmp_path: Path) -> None:
    (tmp_path / "training").write_text("not a folder")
    s = session(tmp_path)
    s.add_vote("a")
    assert s.save_error is not None and s.state.votes["a"] == 1


def test_a_saved_session_resumes_where_it_was(tmp_path: Path) -> None:
    from dialoog.training import records

    clock = FakeClock()
    s = session(tmp_path, clock=clock)
    s.start_timer()
    clock.advance(90)
    s.type_counts("1 2 3 4")
    s.reveal_next()
    s.next()
    s.set_notes("kaart twee")
    record = records.latest(tmp_path)
    assert record is not None
    again = TrainingSession.resume(record, {"c1": card("c1"), "c2": card("c2")}, tmp_path, clock=clock)
    assert again.id == s.id and again.index == 1 and again.state.notes == "kaart twee"
    assert again.states[0].votes == {"a": 1, "b": 2, "c": 3, "d": 4}
    assert again.states[0].revealed == ["situation", "options"]
    assert again.states[0].timer.elapsed() == 90


def test_a_live_tally_replaces_the_previous_one_and_adds_to_the_keyed_votes(tmp_path: Path) -> None:
    s = session(tmp_path)
    s.add_vote("a")
    s.set_live_votes({"a": 2, "b": 1})
    s.set_live_votes({"a": 1, "b": 2})  # a participant changed a vote
    assert s.state.counts == {"a": 2, "b": 2, "c": 0, "d": 0}
    with pytest.raises(VoteError):
        s.set_live_votes({"z": 1})
    with pytest.raises(VoteError):
        s.set_live_votes({"a": -1})
    saved = json.loads((tmp_path / "training" / "sessions" / f"{s.id}.json").read_text())
    assert saved["cards"][0]["votes"] == {"a": 2, "b": 2, "c": 0, "d": 0}


def test_background_saving_writes_the_last_change(tmp_path: Path) -> None:
    s = TrainingSession([card("c1")], "nl", tmp_path, background=True)
    for _ in range(50):
        s.add_vote("c")
    s.flush()
    data = json.loads((tmp_path / "training" / "sessions" / f"{s.id}.json").read_text())
    assert data["cards"][0]["votes"]["c"] == 50
    assert not list((tmp_path / "training" / "sessions").glob(".*.tmp"))
