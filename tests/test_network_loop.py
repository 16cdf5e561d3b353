"""The shorter network loop (issue 16, items 3 and 4): three screening questions per person, the detailed
follow-ups only where a screening answer calls for them (a follow-up's `when`), the same risk signals for
risky entries as the old loop of eight questions, and the map's diversity as points for inclusiveness."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from dialoog import play
from dialoog.engine import Session
from dialoog.engine.signals import signal_domains
from dialoog.engine.transcript import history_entries
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow, Node
from dialoog.mapping import build_map, diversity

pytestmark = pytest.mark.usefixtures("plain_env")

ROOT = Path(__file__).resolve().parents[1]
OLD = json.loads((ROOT / "tests" / "fixtures" / "network_old_signals.json").read_text(encoding="utf-8"))
ORDINARY = {"closeness": 3, "policy_interest": "no", "check_more": "no"}


@cache
def scan() -> Flow:
    return load_library(ROOT).flow("scan")


def network() -> Node:
    return scan().nodes["network"]


def at_network(role: str = "wethouder", moment: str = "eerste", lang: str = "nl") -> Session:
    """A scan answered with the lowest-risk answers up to the network list."""
    session = Session(scan(), lang, ROOT)
    low = play.auto("low")
    turn = session.turn()
    while not (turn.node == "network" and turn.followup is None):
        value = {"role": role, "scan_moment": moment}.get(turn.node) if turn.followup is None else None
        turn = play.give(session, turn, value if value is not None else low(session, turn))
    return session


def answer_entries(session: Session, people: list[tuple[str, str, dict[str, Any]]]) -> list[tuple[str, str]]:
    """Name `people` (name, category, answers by follow-up id) and answer every follow-up asked about them;
    returns the (name, follow-up) pairs asked, in order. A follow-up asked that `answers` has no answer for
    fails the test."""
    turn = session.answer([{"name": n, "category": c} for n, c, _ in people])
    wanted = {n: a for n, _, a in people}
    asked: list[tuple[str, str]] = []
    while turn.node == "network" and turn.followup is not None:
        assert turn.entry is not None
        asked.append((turn.entry, turn.followup))
        value = wanted[turn.entry].get(turn.followup, KeyError)
        assert value is not KeyError, f"asked {turn.followup} about {turn.entry}, which the test did not expect"
        turn = session.decline() if value == "decline" else session.answer(value)
    return asked


def entry_of(session: Session, name: str) -> dict[str, Any]:
    return next(e for e in session.answers["network"] if e["name"] == name)


# -- the count -------------------------------------------------------------------------------------------


def test_five_ordinary_contacts_cost_no_more_than_fifteen_questions() -> None:
    session = at_network()
    people = [(f"{c[:3].title()}.", c, ORDINARY) for c in ("family", "friends", "neighbours", "clubs", "online")]
    asked = answer_entries(session, people)
    assert len(asked) == 15
    assert {f for _, f in asked} == {"closeness", "policy_interest", "check_more"}
    assert session.state != "network"  # the loop is over: on to the questions about the network as a whole


def test_the_old_loop_asked_eight_per_person_the_new_one_asks_the_screening_three() -> None:
    screening = [f.id for f in network().followups if not f.when]
    assert screening == ["closeness", "policy_interest", "check_more"]
    assert network().map is not None and network().map.ring == "closeness"


# -- the signals of risky entries ------------------------------------------------------------------------


def new_answers(row: list[Any]) -> tuple[dict[str, Any], set[str]]:
    """An old loop's answers as the new loop asks them, and the follow-ups the new loop must ask."""
    pol, gov, fin, concerns, pressure, public = row[:6]
    interest = "yes" if "yes" in (pol, gov) else "no"
    more = "yes" if fin == "yes" or concerns != "no" or pressure == "yes" else "no"
    answers = {"closeness": 3, "policy_interest": interest, "check_more": more, "contact_frequency": "monthly",
               "government_dealings": gov, "financial_ties": fin, "approached": "no", "favours": "no",
               "gifts": "no", "integrity_concerns": concerns, "could_pressure": pressure,
               "comfortable_public": public}
    expected = {"closeness", "policy_interest", "check_more"}
    if interest == "yes":
        expected |= {"contact_frequency", "government_dealings"}
    if more == "yes":
        expected |= {"financial_ties", "approached", "favours", "gifts", "integrity_concerns", "could_pressure"}
    if interest == "yes" or (more == "yes" and fin == "yes"):
        expected.add("comfortable_public")
    return answers, expected


@pytest.mark.parametrize("chunk", range(5))
def test_risky_entries_answered_the_new_way_keep_the_signals_of_the_old_way(chunk: int) -> None:
    rows = OLD["rows"][chunk * 20:(chunk + 1) * 20]
    assert rows
    session = at_network()
    people = [(f"R{chunk}-{i}", "business", new_answers(row)[0]) for i, row in enumerate(rows)]
    asked = answer_entries(session, people)
    for i, row in enumerate(rows):
        name = f"R{chunk}-{i}"
        assert {f for n, f in asked if n == name} == new_answers(row)[1], name
        assert list(signal_domains(network(), entry_of(session, name))) == row[6], (name, row)


def test_every_old_risky_entry_is_in_the_fixture() -> None:
    assert len(OLD["rows"]) == 91 and all(row[6] for row in OLD["rows"])


# -- a follow-up's condition -----------------------------------------------------------------------------


def test_a_follow_up_whose_condition_is_false_is_not_asked_not_in_the_transcript_and_not_counted() -> None:
    session = at_network()
    turn = session.answer([{"name": "Buurman K.", "category": "neighbours"}])
    left_after_list = turn.progress.total - turn.progress.done
    turn = session.answer(3)
    turn = session.answer("no")
    assert turn.followup == "check_more"
    assert turn.progress.total - turn.progress.done == left_after_list - 2
    turn = session.answer("yes")
    # now the details are asked and counted: the six that a 'yes' calls for
    assert turn.followup == "financial_ties"
    assert turn.progress.total - turn.progress.done == left_after_list - 3 + 6
    session = at_network()
    answer_entries(session, [("Buurman K.", "neighbours", ORDINARY)])
    entry = entry_of(session, "Buurman K.")
    assert set(entry["answers"]) == {"closeness", "policy_interest", "check_more"}
    words = " ".join(e.text for e in history_entries(session))
    assert "Buurman K." in words and "Hoe hecht" in words
    assert "financiële banden" not in words and "onder druk" not in words


def test_progress_counts_screening_questions_for_people_not_answered_yet() -> None:
    session = at_network()
    turn = session.answer([{"name": f"P{i}", "category": "friends"} for i in range(4)])
    assert turn.progress.total - turn.progress.done + 1 >= 4 * 3
    first = turn.progress.total
    for value in (3, "no", "no"):
        turn = session.answer(value)
    assert turn.progress.total == first  # what was counted is what was asked


def test_family_is_not_asked_the_newspaper_test_and_gets_a_gentle_question_with_decline() -> None:
    session = at_network()
    turn = session.answer([{"name": "Zus M.", "category": "family"}])
    seen: dict[str, Any] = {}
    answers = {"closeness": 5, "policy_interest": "yes", "check_more": "yes", "government_dealings": "no",
               "financial_ties": "yes", "approached": "no", "favours": "no", "could_pressure": "no"}
    while turn.followup is not None:
        seen[turn.followup] = turn
        declines = turn.followup == "integrity_concerns"
        turn = session.decline() if declines else session.answer(answers[turn.followup])
    assert "comfortable_public" not in seen and "gifts" not in seen
    gentle = seen["integrity_concerns"]
    assert gentle.can_decline and "lastige vraag" in gentle.text and "Zeg ik liever niet" in gentle.text
    assert "openbaarheid" not in signal_domains(network(), entry_of(session, "Zus M."))


@pytest.mark.parametrize(("role", "moment", "words"), [
    ("wethouder", "eerste", "sinds bekend is dat u het ambt krijgt"),
    ("wethouder", "halverwege", "sinds uw benoeming"),
    ("kandidaat_raadslid", "eerste", "sinds uw kandidaatstelling"),
])
def test_approached_since_the_appointment_is_worded_by_the_moment_of_the_scan(role: str, moment: str,
                                                                               words: str) -> None:
    session = at_network(role=role, moment=moment)
    turn = session.answer([{"name": "Aannemer T.", "category": "business"}])
    answers = {"closeness": 2, "policy_interest": "no", "check_more": "yes", "financial_ties": "no"}
    while turn.followup != "approached":
        turn = session.answer(answers[turn.followup or ""])
    assert words in turn.text and "Aannemer T." in turn.text


def test_changing_a_screening_answer_drops_the_details_that_no_longer_apply() -> None:
    session = at_network()
    answer_entries(session, [("Lobbyist D.", "lobby", {
        "closeness": 2, "policy_interest": "no", "check_more": "yes", "financial_ties": "no", "approached": "yes",
        "favours": "helped", "gifts": "large", "integrity_concerns": "doubts", "could_pressure": "no"})])
    key = "network.lobbyist d..check_more"
    plan = session.plan_change(key, "no")
    dropped = {d.key.rpartition(".")[2] for d in plan.dropped + plan.pending}
    assert dropped == {"financial_ties", "approached", "favours", "gifts", "integrity_concerns", "could_pressure"}
    assert not plan.new_question  # nothing new to ask: the change only leaves questions out
    session.apply_change(plan)
    entry = entry_of(session, "Lobbyist D.")
    assert entry["answers"] == {"closeness": 2, "policy_interest": "no", "check_more": "no"}
    assert not signal_domains(network(), entry)
    # and changing it back brings the details back from the shelf
    plan = session.plan_change(key, "yes")
    assert {k.rpartition(".")[2] for k in plan.restored} >= {"favours", "integrity_concerns"}


def test_changing_a_screening_answer_that_calls_for_details_asks_them() -> None:
    session = at_network()
    answer_entries(session, [("Vriend G.", "friends", ORDINARY)])
    plan = session.plan_change("network.vriend g..check_more", "yes")
    assert plan.new_question and plan.stop == "network.vriend g..financial_ties"


# -- inclusiveness from the map --------------------------------------------------------------------------


def scores_with(entries: list[dict[str, Any]]) -> float:
    session = at_network()
    answer_entries(session, [(e["name"], e["category"], ORDINARY) for e in entries])
    return session.tally().scores.get("inclusiviteit", 0.0)


def test_a_narrow_map_adds_points_for_inclusiveness_and_a_varied_one_does_not() -> None:
    narrow = scores_with([{"name": f"F{i}", "category": "friends"} for i in range(4)])
    varied = scores_with([{"name": f"V{i}", "category": c} for i, c in
                          enumerate(["friends", "business", "media", "neighbours", "foreign"])])
    assert narrow - varied == 2


def test_an_empty_map_gives_no_points_and_says_there_is_not_enough_information() -> None:
    session = at_network()
    session.answer([])
    assert session.tally().scores.get("inclusiviteit", 0.0) == 0
    words = diversity(build_map(session)).words
    assert words.startswith("Onvoldoende informatie")


def test_a_faith_community_scores_like_any_other_group() -> None:
    risky = {"closeness": 4, "policy_interest": "yes", "check_more": "yes", "contact_frequency": "weekly",
             "government_dealings": "yes", "financial_ties": "yes", "approached": "yes", "favours": "helped",
             "gifts": "large", "integrity_concerns": "doubts", "could_pressure": "yes", "comfortable_public": "no"}
    got = {}
    for category in ("faith", "clubs"):
        session = at_network()
        answer_entries(session, [("Gemeenschap X", category, risky)])
        got[category] = (session.tally().scores, signal_domains(network(), entry_of(session, "Gemeenschap X")))
    assert got["faith"] == got["clubs"]
    node = network()
    conditions = [r.condition for r in node.entry_points] + [f.when or "" for f in node.followups]
    assert not [c for c in conditions if "faith" in c]


def test_the_map_draws_every_new_group_and_rings_from_closeness() -> None:
    session = at_network()
    cats = ["neighbours", "colleagues", "faith", "media", "foreign"]
    answer_entries(session, [(f"N{i}", c, {**ORDINARY, "closeness": 5 - i}) for i, c in enumerate(cats)])
    m = build_map(session)
    assert [e.ring for e in m.entries] == [1, 2, 3, 4, 5]
    assert {m.sectors[e.sector].category for e in m.entries} == set(cats)
    assert {"Buren en buurtgenoten", "Geloofsgemeenschap", "Media en journalisten",
            "Buitenlandse contacten"} <= {e.category_label for e in m.entries}


def test_prefer_not_to_say_on_the_screening_question_leaves_the_details_open_not_reassuring() -> None:
    session = at_network()
    turn = session.answer([{"name": "Oud-collega W.", "category": "business"}])
    turn = session.answer(2)
    turn = session.answer("no")
    assert turn.followup == "check_more" and turn.can_decline
    turn = session.decline()
    assert turn.node != "network"  # no details asked
    open_in = {d.id: d.open for d in session.summary().domains}
    assert "network.integrity_concerns" in open_in["ondermijning"]
    assert "network.could_pressure" in open_in["afhankelijkheid"]


def test_an_ordinary_no_on_the_screening_question_leaves_nothing_open() -> None:
    session = at_network()
    answer_entries(session, [("Oud-collega W.", "business", ORDINARY)])
    open_in = {d.id: d.open for d in session.summary().domains}
    assert "network.integrity_concerns" not in open_in["ondermijning"]
