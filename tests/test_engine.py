"""The conversation engine, as a user meets it: questions, answers, going back, resuming, the summary.

Flows (see tests/conftest.py): `mini` (intro + questions: a message, a choice with a
shortcut to the end, a yes/no that branches, a scale, a multi with an exclusive option,
an optional text, a network, a deck shown only to ministers, an end with the summary),
`branch` (routes by condition, a `when`, decline and skip) and `circle` (a network with
three follow-ups).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from dialoog.engine import AnswerError, CannotGoBack, Session, StaleSession, Turn
from dialoog.flow.library import load_library
from dialoog.flow.model import FINISH

pytestmark = pytest.mark.usefixtures("plain_env")

DECLINE, SKIP = object(), object()

# One way through `mini`, by node id (follow-ups by their own id). Network entries as the user types them.
MINI_HIGH: dict[str, Any] = {
    "role": "bewindspersoon",
    "gifts": "yes",
    "gifts_value": 5,
    "stress": ["threats", "pressure"],
    "portfolio": "Financiën",
    "people": [{"name": "Jan", "category": "family"}, {"name": "Bouwbedrijf BV", "category": "business"}],
    "ties": "yes",
    "deck_all__kaartjes": "a",
}
MINI_LOW: dict[str, Any] = {
    "role": "raadslid",
    "gifts": "no",
    "stress": ["none"],
    "portfolio": SKIP,
    "people": [],
}
CIRCLE: dict[str, Any] = {
    "contacts": [{"name": "Jan", "category": "familie"}, {"name": "Piet", "category": "zakelijk"}],
    "money": "yes",
    "closeness": 3,
    "remark": "Mijn zwager",
}


def start(root: Path, flow_id: str, lang: str = "nl") -> Session:
    return Session(load_library(root, strict=True).flow(flow_id), lang, root)


def give(session: Session, value: Any) -> Turn:
    if value is DECLINE:
        return session.decline()
    if value is SKIP:
        return session.skip()
    return session.answer(value)


def walk(session: Session, answers: Mapping[str, Any], until: str | None = None, limit: int = 200) -> Turn:
    """Answer from `answers` (messages are continued) until `until` is asked or the conversation ends.

    `answers[node]` may also be a list of values, used one per time the node is asked
    (for follow-ups, once per entry).
    """
    used: dict[str, int] = {}
    turn = session.turn()
    for _ in range(limit):
        key = turn.followup or turn.node
        if session.finished or key == until:
            return turn
        if not turn.expects_answer:
            turn = session.answer()
            continue
        value = answers[key]
        if isinstance(value, tuple):
            value = value[used.get(key, 0)]
            used[key] = used.get(key, 0) + 1
        turn = give(session, value)
    raise AssertionError("the conversation did not end")


def state(session: Session) -> str:
    """Everything a saved session holds, as text (to compare before and after)."""
    return json.dumps(session.to_dict(), sort_keys=True)


def state_without_drafts(session: Session) -> dict[str, Any]:
    data = session.to_dict()
    data.pop("drafts")
    return data


def levels(session: Session) -> dict[str, str]:
    return {d.id: d.level for d in session.summary().domains}


def scores(session: Session) -> dict[str, float]:
    return {d.id: d.score for d in session.summary().domains}


# -- branching -------------------------------------------------------------------------


def test_the_conversation_starts_with_the_first_message(valid_root: Path) -> None:
    session = start(valid_root, "mini")
    turn = session.turn()
    assert (turn.node, turn.kind, turn.text) == ("hello", "message", "Hallo.")
    assert not turn.expects_answer
    assert not turn.can_back
    turn = session.answer()
    assert (turn.node, turn.kind, turn.text) == ("role", "choice", "Welke rol?")
    assert [(o.value, o.label) for o in turn.options] == [
        ("bewindspersoon", "Bewindspersoon"),
        ("raadslid", "Raadslid"),
        ("practice", "Oefenen"),
    ]
    assert (turn.why, turn.source) == ("Om af te stemmen.", "Bron A")


@pytest.mark.parametrize(("gifts", "next_node"), [("yes", "gifts_value"), ("no", "stress")])
def test_branching_by_answer(valid_root: Path, gifts: str, next_node: str) -> None:
    session = start(valid_root, "mini")
    turn = walk(session, MINI_HIGH, until="gifts")
    turn = session.answer(gifts)
    assert turn.node == next_node


def test_an_option_can_end_the_flow_at_once(valid_root: Path) -> None:
    session = start(valid_root, "mini")
    walk(session, MINI_HIGH, until="role")
    turn = session.answer("practice")
    assert turn.finished and session.finished
    assert turn.node == FINISH
    assert session.answers == {"role": "practice"}


@pytest.mark.parametrize(
    ("answers", "path"),
    [
        # rijk (1) + five gifts (3): scores.belangen >= 3, the first route
        (("rijk", 5, "no"), ["sector", "gift_count", "gift_rules"]),
        # both conditions hold: the first that matches wins
        (("gemeente", 5, "no", "yes"), ["sector", "gift_count", "gift_rules", "threats"]),
        # only the second condition holds
        (("gemeente", 0, "yes"), ["sector", "gift_count", "threats"]),
        # neither: the default route
        (("rijk", 3), ["sector", "gift_count"]),
        (("elders",), ["sector"]),
    ],
)
def test_branching_by_condition(engine_root: Path, answers: tuple[Any, ...], path: list[str]) -> None:
    session = start(engine_root, "branch")
    asked = []
    for value in answers:
        asked.append(session.turn().node)
        session.answer(value)
    assert asked == path
    assert session.finished


def test_when_passes_over_a_question_without_asking_it(engine_root: Path) -> None:
    session = start(engine_root, "branch")
    session.answer("rijk")
    turn = session.answer(5)
    assert turn.node == "gift_rules"
    turn = session.answer("no")
    # `threats` (when: sector == 'gemeente') is passed over: not asked, no answer
    assert (turn.node, turn.kind, turn.text) == ("closing", "end", "Klaar.")
    assert "threats" not in session.answers
    assert "threats" not in session.skipped | session.declined

    session = start(engine_root, "branch")
    walk(session, {"sector": "gemeente", "gift_count": 5, "gift_rules": "no"}, until="threats")
    assert session.turn().node == "threats"


@pytest.mark.parametrize(("role", "card_shown"), [("bewindspersoon", True), ("raadslid", False)])
def test_a_deck_with_when_is_shown_only_to_its_audience(valid_root: Path, role: str, card_shown: bool) -> None:
    session = start(valid_root, "mini")
    answers = dict(MINI_HIGH, role=role)
    walk(session, answers, until="people")
    session.answer([])
    turn = session.turn()
    if card_shown:
        assert turn.kind == "card"
        assert turn.card is not None and turn.card.title == "Kaartjes"
        assert [o.value for o in turn.options] == ["a", "b", "c", "d"]
        turn = session.answer("b")
        # the feedback on the card waits for the user to go on
        assert (turn.node, turn.kind, turn.pause) == ("deck_all__kaartjes", "message", True)
        assert "U koos b." in turn.text and not turn.finished and not session.finished
        turn = session.answer()
    assert turn.node == "done" and turn.finished


# -- points and levels -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "expected_scores", "expected_levels"),
    [
        (("rijk", 5, "no"), {"belangen": 6, "veiligheid": 0}, {"belangen": "high", "veiligheid": "low"}),
        (("rijk", 3), {"belangen": 2, "veiligheid": 0}, {"belangen": "attention", "veiligheid": "low"}),
        (("rijk", 0), {"belangen": 1, "veiligheid": 0}, {"belangen": "low", "veiligheid": "low"}),
        (("gemeente", 0, "yes"), {"belangen": 0, "veiligheid": 3}, {"belangen": "low", "veiligheid": "high"}),
        # a declined question scores nothing
        (("rijk", DECLINE), {"belangen": 1, "veiligheid": 0}, {"belangen": "low", "veiligheid": "low"}),
    ],
)
def test_points_add_up_to_levels(
    engine_root: Path, answers: tuple[Any, ...], expected_scores: dict[str, float], expected_levels: dict[str, str]
) -> None:
    session = start(engine_root, "branch")
    for value in answers:
        give(session, value)
    assert session.finished
    assert scores(session) == expected_scores
    assert levels(session) == expected_levels


def test_levels_are_seen_by_conditions_while_the_conversation_runs(engine_root: Path) -> None:
    session = start(engine_root, "branch")
    session.answer("rijk")
    assert session.context()["scores"]["belangen"] == 1
    assert session.context()["levels"]["belangen"] == "low"
    session.answer(4)
    assert session.context()["scores"]["belangen"] == 3
    assert session.context()["levels"]["belangen"] == "attention"


def test_the_summary_names_the_answers_behind_each_domain_and_advice(valid_root: Path) -> None:
    session = start(valid_root, "mini")
    walk(session, MINI_HIGH)
    summary = session.summary()
    domains = {d.id: d for d in summary.domains}
    assert domains["belangen"].level == "high"
    assert domains["belangen"].score == 2 + 3 + 2 + 2  # gifts, gifts_value 5, ties yes for two people
    assert domains["belangen"].because == ("gifts", "gifts_value", "people")
    assert domains["belangen"].meaning == "Hoog."
    assert domains["veiligheid"].because == ("stress",)
    advice = [(a.id, a.domain, a.because) for a in summary.advice]
    # the item tied to a concrete answer first; a domain's item names the (at most three) answers that gave it
    # most points: gifts_value 3, gifts 2, then the first person's ties 2 (a network map counts per entry)
    assert advice == [
        ("threats_help", "veiligheid", ("stress",)),
        ("gifts_register", "belangen", ("gifts_value", "gifts", "people")),
    ]
    assert [(r.entry, r.topic, r.answer) for r in summary.advice[1].reasons][2] == ("Jan", "ties", "Ja")
    assert summary.top == ("threats_help", "gifts_register")
    # contacts for the user's role
    assert summary.advice[1].contacts == ("Vertrouwenspersoon",)
    # the end node shows the summary through its template
    text = session.turn().text
    assert "- Belangen: high" in text
    assert "* Registreer geschenken" in text
    assert "* Zoek steun" in text


def test_a_low_path_has_no_advice(valid_root: Path) -> None:
    session = start(valid_root, "mini")
    walk(session, MINI_LOW)
    summary = session.summary()
    assert {d.level for d in summary.domains} == {"low"}
    assert all(d.because == () for d in summary.domains)
    assert summary.advice == ()


def test_advice_contacts_fall_back_to_the_default(valid_root: Path) -> None:
    session = start(valid_root, "mini")
    walk(session, dict(MINI_HIGH, role="raadslid"))
    advice = {a.id: a for a in session.summary().advice}
    assert advice["gifts_register"].contacts == ("Integriteitsadviseur",)


# -- decline and skip --------------------------------------------------------------------


def test_decline_where_allowed(engine_root: Path) -> None:
    session = start(engine_root, "branch")
    turn = session.answer("rijk")
    assert turn.node == "gift_count" and turn.can_decline and not turn.can_skip
    turn = session.decline()
    assert session.declined == {"gift_count"}
    assert "gift_count" not in session.answers
    assert session.describe("gift_count") == "Zeg ik liever niet"
    assert session.context()["declined"] == ["gift_count"]
    assert turn.node == "closing"


def test_skip_where_allowed(engine_root: Path) -> None:
    session = start(engine_root, "branch")
    turn = walk(session, {"sector": "gemeente", "gift_count": 0}, until="threats")
    assert turn.can_skip and not turn.can_decline
    session.skip()
    assert session.skipped == {"threats"}
    assert session.describe("threats") == "Overgeslagen"
    assert session.finished
    assert levels(session)["veiligheid"] == "low"


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("decline", "Bij deze vraag kunt u niet kiezen voor 'zeg ik liever niet'."),
        ("skip", "Deze vraag kunt u niet overslaan."),
    ],
)
def test_decline_and_skip_are_refused_where_not_allowed(engine_root: Path, how: str, message: str) -> None:
    session = start(engine_root, "branch")
    assert not session.turn().can_decline and not session.turn().can_skip
    before = state(session)
    with pytest.raises(AnswerError) as caught:
        getattr(session, how)()
    assert caught.value.message == message
    assert state(session) == before


# -- bad answers ---------------------------------------------------------------------------

NO_NAME = "Geef bij elke regel een naam, initialen of een schuilnaam."
BAD_ANSWERS = [
    # (flow, node or follow-up to reach, answer, what the user reads)
    ("mini", "role", "minister", "Kies een van de mogelijkheden."),
    ("mini", "role", ["bewindspersoon"], "Kies een van de mogelijkheden."),
    ("mini", "role", None, "Kies een van de mogelijkheden."),
    ("mini", "gifts", "misschien", "Antwoord met ja of nee."),
    ("mini", "gifts", 3, "Antwoord met ja of nee."),
    ("mini", "gifts_value", 0, "Kies een getal van 1 tot en met 5."),
    ("mini", "gifts_value", 6, "Kies een getal van 1 tot en met 5."),
    ("mini", "gifts_value", "veel", "Kies een getal van 1 tot en met 5."),
    ("mini", "gifts_value", 2.5, "Kies een getal van 1 tot en met 5."),
    ("mini", "gifts_value", True, "Kies een getal van 1 tot en met 5."),
    ("mini", "stress", ["threats", "none"], "'Niets' kunt u niet combineren met 'Bedreiging'."),
    ("mini", "stress", ["bogus"], "Kies uit de mogelijkheden."),
    ("mini", "stress", {"threats": True}, "Kies uit de mogelijkheden."),
    ("mini", "portfolio", 42, "Typ uw antwoord als tekst."),
    ("mini", "portfolio", "x" * 41, "Die tekst is te lang (41 tekens). Het maximum is 40."),
    ("mini", "portfolio", "   ", "Typ een antwoord, of sla deze vraag over."),
    ("mini", "people", "Jan", "Geef een lijst van personen of organisaties."),
    ("mini", "people", [{"name": "", "category": "family"}], NO_NAME),
    ("mini", "people", [{"name": " \u200b ", "category": "family"}], NO_NAME),  # nothing left after cleaning
    ("mini", "people", [{"category": "family"}], NO_NAME),
    ("mini", "people", [{"name": "Jan", "category": "vrienden"}], "Kies een groep voor 'Jan'."),
    (
        "mini",
        "people",
        [{"name": "Jan", "category": "family"}, {"name": "jan", "category": "business"}],
        "'jan' staat twee keer in de lijst.",
    ),
    ("mini", "ties", "misschien", "Antwoord met ja of nee."),
    ("mini", "deck_all__kaartjes", "e", "Kies A, B, C of D."),
    ("mini", "deck_all__kaartjes", 1, "Kies A, B, C of D."),
    ("circle", "contacts", [], "Noem minstens 1 persoon of organisatie."),
    (
        "circle",
        "contacts",
        [{"name": f"P{i}", "category": "familie"} for i in range(4)],
        "Noem hoogstens 3 personen of organisaties.",
    ),
    ("circle", "contacts", [{"name": "x" * 81, "category": "familie"}], "Een naam mag hoogstens 80 tekens lang zijn."),
    ("circle", "closeness", 4, "Kies een getal van 1 tot en met 3."),
    ("circle", "remark", ["lijst"], "Typ uw antwoord als tekst."),
]


@pytest.mark.parametrize(("flow_id", "node", "value", "message"), BAD_ANSWERS)
def test_a_bad_answer_changes_nothing(engine_root: Path, flow_id: str, node: str, value: Any, message: str) -> None:
    session = start(engine_root, flow_id)
    turn = walk(session, MINI_HIGH if flow_id == "mini" else CIRCLE, until=node)
    before = state(session)
    with pytest.raises(AnswerError) as caught:
        session.answer(value)
    assert caught.value.message == message
    assert str(caught.value) == message
    assert state(session) == before
    again = session.turn()
    assert (again.node, again.followup, again.entry, again.text) == (turn.node, turn.followup, turn.entry, turn.text)


@pytest.mark.parametrize(
    ("node", "value", "message"),
    [
        ("gifts", "maybe", "Please answer yes or no."),
        ("gifts_value", 9, "Please choose a number from 1 to 5."),
        ("stress", ["threats", "none"], "'Nothing' cannot be combined with 'Threats'."),
    ],
)
def test_bad_answer_messages_are_in_the_session_language(valid_root: Path, node: str, value: Any, message: str) -> None:
    session = start(valid_root, "mini", lang="en")
    walk(session, MINI_HIGH, until=node)
    before = state(session)
    with pytest.raises(AnswerError) as caught:
        session.answer(value)
    assert caught.value.message == message
    assert state(session) == before


def test_answering_after_the_end_changes_nothing(valid_root: Path) -> None:
    session = start(valid_root, "mini")
    walk(session, MINI_HIGH)
    before = state(session)
    for act in (lambda: session.answer("a"), session.decline, session.skip):
        with pytest.raises(AnswerError) as caught:
            act()
        assert caught.value.message == "Het gesprek is afgelopen."
    assert state(session) == before


def test_answers_are_normalised(valid_root: Path) -> None:
    session = start(valid_root, "mini")
    walk(session, MINI_HIGH, until="gifts")
    session.answer("Ja")
    assert session.answers["gifts"] == "yes"
    session.answer("4")
    assert session.answers["gifts_value"] == 4
    session.answer(["pressure", "threats", "pressure"])
    assert session.answers["stress"] == ["threats", "pressure"]  # option order, no doubles


# -- back and revise -----------------------------------------------------------------------


def test_back_restores_the_question_the_answers_and_the_scores(engine_root: Path) -> None:
    session = start(engine_root, "branch")
    session.answer("rijk")
    before = state_without_drafts(session)
    turn = session.answer(5)
    assert turn.node == "gift_rules"
    assert scores(session)["belangen"] == 4
    turn = session.back()
    assert turn.node == "gift_count"
    assert turn.previous == 5  # the old answer is offered again
    assert scores(session)["belangen"] == 1
    assert session.answers == {"sector": "rijk"}
    assert state_without_drafts(session) == before
    turn = session.back()
    assert (turn.node, turn.previous, turn.can_back) == ("sector", "rijk", False)
    assert session.answers == {}


def test_back_before_the_first_answer_is_refused(valid_root: Path) -> None:
    session = start(valid_root, "mini")
    session.answer()  # a message is no answer to undo
    before = state(session)
    with pytest.raises(CannotGoBack) as caught:
        session.back()
    assert caught.value.message == "Er is geen eerder antwoord om naar terug te gaan."
    assert isinstance(caught.value, AnswerError)
    assert state(session) == before


def test_back_after_every_answer_restores_the_state_before_it(engine_root: Path) -> None:
    session = start(engine_root, "mini")
    turn = session.turn()
    steps = 0
    while not session.finished:
        if not turn.expects_answer:
            turn = session.answer()
            continue
        before, asked = state_without_drafts(session), (turn.node, turn.followup, turn.entry)
        value = MINI_HIGH[turn.followup or turn.node]
        session.answer(value)
        back = session.back()
        assert state_without_drafts(session) == before
        assert (back.node, back.followup, back.entry) == asked
        if turn.kind == "network":
            assert [e["name"] for e in back.previous] == [e["name"] for e in value]
        else:
            assert back.previous == value
        turn = session.answer(value)
        steps += 1
    assert steps == 9


def test_back_after_a_declined_or_skipped_question(engine_root: Path) -> None:
    session = start(engine_root, "branch")
    session.answer("rijk")
    session.decline()
    turn = session.back()
    assert turn.node == "gift_count"
    assert session.declined == set()
    assert turn.previous is None


def test_a_change_keeps_the_later_answers_and_drops_a_branch_no_longer_taken(engine_root: Path) -> None:
    session = start(engine_root, "branch")
    for value in ("gemeente", 5, "no", "yes"):
        session.answer(value)
    assert session.finished and levels(session)["veiligheid"] == "high"

    plan = session.plan_change("sector", "rijk")
    assert [d.key for d in plan.dropped] == ["threats"] and not plan.new_question
    turn = session.apply_change(plan)
    assert session.finished and turn.node == "closing"
    # `threats` is on a branch no longer taken: its answer is set aside, and so are its points
    assert session.answers == {"sector": "rijk", "gift_count": 5, "gift_rules": "no"}
    assert levels(session) == {"belangen": "high", "veiligheid": "low"}
    # changing back brings it back
    session.apply_change(session.plan_change("sector", "gemeente"))
    assert session.answers == {"sector": "gemeente", "gift_count": 5, "gift_rules": "no", "threats": "yes"}


def test_a_change_of_a_question_that_was_not_answered_is_refused(engine_root: Path) -> None:
    session = start(engine_root, "branch")
    session.answer("rijk")
    before = state(session)
    with pytest.raises(AnswerError) as caught:
        session.plan_change("gift_rules", "yes")
    assert caught.value.message == "Die vraag is nog niet beantwoord."
    assert state(session) == before


# -- network -----------------------------------------------------------------------------------


def test_network_names_then_follow_ups_per_entry(engine_root: Path) -> None:
    session = start(engine_root, "circle")
    turn = session.answer()
    assert (turn.node, turn.kind, turn.min, turn.max) == ("contacts", "network", 1, 3)
    assert [(c.value, c.label) for c in turn.categories] == [("familie", "Familie"), ("zakelijk", "Zakelijk")]
    assert turn.suggest == "Denk aan familie en zakenpartners."
    turn = session.answer(CIRCLE["contacts"])
    asked = []
    while not session.finished:
        asked.append((turn.entry, turn.entry_index, turn.entry_count, turn.followup, turn.kind, turn.text))
        if turn.followup == "money":
            turn = session.answer("yes")
        elif turn.followup == "closeness":
            turn = session.decline() if turn.entry == "Jan" else session.answer(3)
        else:
            turn = session.skip() if turn.entry == "Jan" else session.answer("Mijn zwager")
    assert asked == [
        ("Jan", 0, 2, "money", "yesno", "Heeft u financiële banden met Jan?"),
        ("Jan", 0, 2, "closeness", "scale", "Hoe hecht bent u met Jan?"),
        ("Jan", 0, 2, "remark", "text", "Wilt u nog iets kwijt over Jan?"),
        ("Piet", 1, 2, "money", "yesno", "Heeft u financiële banden met Piet?"),
        ("Piet", 1, 2, "closeness", "scale", "Hoe hecht bent u met Piet?"),
        ("Piet", 1, 2, "remark", "text", "Wilt u nog iets kwijt over Piet?"),
    ]
    assert session.answers["contacts"] == [
        {
            "name": "Jan",
            "category": "familie",
            "answers": {"money": "yes", "closeness": None, "remark": None},
            "declined": ["closeness"],
        },
        {"name": "Piet", "category": "zakelijk", "answers": {"money": "yes", "closeness": 3, "remark": "Mijn zwager"}},
    ]
    # points of follow-ups add up over the entries
    assert scores(session) == {"belangen": 4, "veiligheid": 1}
    assert levels(session) == {"belangen": "high", "veiligheid": "attention"}
    assert session.describe("contacts") == "Jan (Familie); Piet (Zakelijk)"


def test_follow_up_decline_and_skip_follow_the_follow_up_not_the_network(engine_root: Path) -> None:
    session = start(engine_root, "circle")
    turn = walk(session, CIRCLE, until="money")
    assert not turn.can_decline and not turn.can_skip
    before = state(session)
    with pytest.raises(AnswerError):
        session.skip()
    with pytest.raises(AnswerError):
        session.decline()
    assert state(session) == before
    turn = session.answer("no")
    assert turn.followup == "closeness" and turn.can_decline


def test_back_inside_follow_ups(engine_root: Path) -> None:
    session = start(engine_root, "circle")
    walk(session, CIRCLE, until="money")
    session.answer("yes")
    session.answer(2)
    session.answer("iets")
    turn = session.turn()
    assert (turn.entry, turn.followup) == ("Piet", "money")

    turn = session.back()
    assert (turn.entry, turn.followup, turn.previous) == ("Jan", "remark", "iets")
    assert session.answers["contacts"][0]["answers"] == {"money": "yes", "closeness": 2}
    turn = session.back()
    assert (turn.entry, turn.followup, turn.previous) == ("Jan", "closeness", 2)
    turn = session.answer(3)
    assert (turn.entry, turn.followup, turn.previous) == ("Jan", "remark", "iets")
    turn = session.back()
    assert (turn.entry, turn.followup, turn.previous) == ("Jan", "closeness", 3)
    turn = session.back()
    assert (turn.entry, turn.followup, turn.previous) == ("Jan", "money", "yes")
    turn = session.back()
    # back at the names: the list is offered again
    assert (turn.node, turn.kind, turn.followup) == ("contacts", "network", None)
    assert [e["name"] for e in turn.previous] == ["Jan", "Piet"]
    assert "contacts" not in session.answers
    assert scores(session) == {"belangen": 0, "veiligheid": 0}


def test_a_change_of_the_network_keeps_each_persons_answers(engine_root: Path) -> None:
    session = start(engine_root, "circle")
    walk(session, CIRCLE | {"money": ("yes", "no"), "closeness": (3, 1), "remark": ("over Jan", SKIP)})
    piet = copy.deepcopy(session.answers["contacts"][1])
    plan = session.plan_change("contacts", [{"name": "Piet", "category": "zakelijk"}])  # Jan is left out
    session.apply_change(plan)
    entries = session.answers["contacts"]
    assert [e["name"] for e in entries] == ["Piet"]
    assert entries[0]["answers"] == piet["answers"], "Piet keeps his own answers, not Jan's"
    assert session.finished


# -- saving and resuming -------------------------------------------------------------------------


def _continue(session: Session, answers: Mapping[str, Any]) -> Session:
    walk(session, answers)
    assert session.finished
    return session


@pytest.mark.parametrize("stop_after", range(0, 12))
def test_resume_round_trip_continues_where_it_stopped(engine_root: Path, stop_after: int) -> None:
    flow = load_library(engine_root, strict=True).flow("mini")
    whole = _continue(Session(flow, "nl", engine_root), MINI_HIGH)

    session = Session(flow, "nl", engine_root)
    turn = session.turn()
    for _ in range(stop_after):
        if session.finished:
            break
        key = turn.followup or turn.node
        turn = session.answer(MINI_HIGH.get(key) if turn.expects_answer else None)
    saved = json.loads(json.dumps(session.to_dict()))

    resumed = Session.from_dict(flow, saved, engine_root)
    assert resumed.note is None
    again = resumed.turn()
    assert (again.node, again.followup, again.entry, again.text) == (turn.node, turn.followup, turn.entry, turn.text)
    assert resumed.to_dict() == session.to_dict()
    _continue(resumed, MINI_HIGH)
    assert resumed.summary() == whole.summary()
    assert resumed.answers == whole.answers


def test_resume_in_the_middle_of_follow_ups(engine_root: Path) -> None:
    flow = load_library(engine_root, strict=True).flow("circle")
    session = Session(flow, "nl", engine_root)
    walk(session, CIRCLE, until="closeness")
    resumed = Session.from_dict(flow, json.loads(json.dumps(session.to_dict())), engine_root)
    turn = resumed.turn()
    assert (turn.entry, turn.followup, turn.text) == ("Jan", "closeness", "Hoe hecht bent u met Jan?")
    resumed.back()
    assert resumed.turn().followup == "money"  # history survives the round trip


def test_a_session_can_resume_in_another_language(engine_root: Path) -> None:
    flow = load_library(engine_root, strict=True).flow("mini")
    session = Session(flow, "nl", engine_root)
    walk(session, MINI_HIGH, until="gifts")
    resumed = Session.from_dict(flow, session.to_dict(), engine_root, lang="en")
    assert resumed.turn().text == "Do you receive gifts?"
    assert resumed.to_dict()["answers"] == session.to_dict()["answers"]


def test_a_session_saved_against_changed_content_is_replayed_with_a_note(engine_root: Path) -> None:
    session = start(engine_root, "mini")
    walk(session, MINI_HIGH, until="portfolio")
    saved = json.loads(json.dumps(session.to_dict()))

    questions = engine_root / "flows" / "modules" / "questions.yaml"
    questions.write_text(questions.read_text(encoding="utf-8").replace("Hoe waardevol?", "Hoe waardevol waren ze?"))
    changed = load_library(engine_root, strict=True).flow("mini")
    assert changed.content_hash != saved["flow_hash"]

    resumed = Session.from_dict(changed, saved, engine_root)
    assert resumed.note == (
        "De vragen zijn veranderd sinds dit gesprek is bewaard. 4 antwoorden zijn behouden; "
        "0 konden niet worden gebruikt."
    )
    assert resumed.turn().node == "portfolio"
    assert resumed.answers == session.answers
    resumed.back()
    assert resumed.turn().node == "stress"  # the replayed answers are real history


def test_answers_that_no_longer_fit_are_counted_in_the_note(engine_root: Path) -> None:
    session = start(engine_root, "mini")
    walk(session, MINI_HIGH, until="portfolio")
    saved = json.loads(json.dumps(session.to_dict()))

    # the scale `gifts_value` is removed: `gifts` goes straight on to `stress`
    questions = engine_root / "flows" / "modules" / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    start_at, end_at = text.index("  - id: gifts_value"), text.index("  - id: stress")
    text = text[:start_at] + text[end_at:]
    questions.write_text(text.replace("      - {answer: yes, goto: gifts_value}\n", ""), encoding="utf-8")
    changed = load_library(engine_root, strict=True).flow("mini")

    resumed = Session.from_dict(changed, saved, engine_root)
    assert resumed.note is not None and "3 antwoorden zijn behouden; 1 konden niet worden gebruikt" in resumed.note
    assert resumed.answers == {"role": "bewindspersoon", "gifts": "yes", "stress": ["threats", "pressure"]}
    assert resumed.turn().node == "portfolio"

    english = Session.from_dict(changed, saved, engine_root, lang="en")
    assert english.note == (
        "The questions have changed since this session was saved. 3 answers were kept; 1 could not be used."
    )


def test_a_changed_session_saved_during_follow_ups_resumes_at_the_first_unanswered_one(engine_root: Path) -> None:
    session = start(engine_root, "circle")
    walk(session, CIRCLE, until="closeness")
    saved = json.loads(json.dumps(session.to_dict()))
    circle = engine_root / "flows" / "modules" / "circle.yaml"
    circle.write_text(circle.read_text(encoding="utf-8").replace("Nu uw kring.", "Nu uw netwerk."), encoding="utf-8")
    changed = load_library(engine_root, strict=True).flow("circle")

    resumed = Session.from_dict(changed, saved, engine_root)
    turn = resumed.turn()
    assert (turn.entry, turn.followup) == ("Jan", "closeness")
    assert resumed.note is not None and "1 antwoorden zijn behouden; 0 konden" in resumed.note


def test_saved_data_of_another_flow_is_stale(engine_root: Path) -> None:
    session = start(engine_root, "mini")
    walk(session, MINI_HIGH, until="gifts")
    other = load_library(engine_root, strict=True).flow("branch")
    with pytest.raises(StaleSession, match="mini"):
        Session.from_dict(other, session.to_dict(), engine_root)


@pytest.mark.parametrize("data", [{"version": 99, "flow": "mini"}, {}, "not a session", None])
def test_saved_data_in_an_unknown_format_is_stale(engine_root: Path, data: Any) -> None:
    flow = load_library(engine_root, strict=True).flow("mini")
    with pytest.raises(StaleSession):
        Session.from_dict(flow, data, engine_root)


# -- what the user sees ----------------------------------------------------------------------------


def test_typed_text_reaches_later_questions_literally(engine_root: Path) -> None:
    session = start(engine_root, "mini")
    walk(session, MINI_HIGH | {"portfolio": "**Financiën** [klik](http://x)"}, until="people")
    text = session.turn().text
    assert text.startswith("Wie kent u, ")
    # shown as typed, not as Markdown: the special characters are escaped
    assert "\\*\\*Financiën\\*\\*" in text
    assert "\\[klik\\]" in text


def test_describe_gives_the_answers_in_words(valid_root: Path) -> None:
    session = start(valid_root, "mini")
    walk(session, MINI_HIGH)
    assert session.describe("role") == "Bewindspersoon"
    assert session.describe("gifts") == "Ja"
    assert session.describe("gifts_value") == "5 (op een schaal van 1 weinig tot 5 veel)"
    assert session.describe("stress") == "Bedreiging, Druk"
    assert session.describe("portfolio") == "Financiën"
    assert session.describe("deck_all__kaartjes") == "A: Aannemen."


def test_after_warm_up_a_whole_session_compiles_nothing(valid_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`warm_up` compiles the conditions and templates ahead (the app does it at start-up, on a thread), so no
    turn compiles one: before, the turn showing the summary spent 50 ms compiling on a slow machine."""
    import jinja2

    from dialoog.flow.expressions import compile_condition
    from dialoog.render import texts_for

    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: Any, *args: Any, **kwargs: Any) -> Any:
        compiled.append(str(source)[:40])
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)

    def fresh() -> Session:
        compile_condition.cache_clear()
        texts_for.cache_clear()
        return start(valid_root, "mini")

    session = fresh()
    compiled.clear()
    walk(session, MINI_HIGH)
    assert session.finished and "* Registreer geschenken" in session.turn().text  # the same summary
    assert compiled, "without warm_up the session compiles as it goes"

    session = fresh()
    session.warm_up()
    compiled.clear()
    walk(session, MINI_HIGH)
    summary = session.turn().text
    assert "- Belangen: high" in summary and "* Registreer geschenken" in summary
    assert compiled == []
