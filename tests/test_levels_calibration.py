"""The calibration of the scores (flows/domains.yaml): each example of the content review is an answers
file in tests/calibration/ with the level it must reach per domain (tests/calibration/expected.yaml);
domains not named there must read 'weinig aandacht nodig' (low).

The files run as they are with `dialoog play scan --answers FILE`; here a dilemma card or a question the
file does not answer (content added later) gets the lowest-risk answer, so the examples keep testing the
points they are about.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from dialoog.cli import main
from dialoog.engine import Session, Turn
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.locations import content_root
from dialoog.play import PlayError, auto, from_file, load_answers, run

ROOT = content_root()
EXAMPLES = Path(__file__).parent / "calibration"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((EXAMPLES / "expected.yaml").read_text(encoding="utf-8"))


@cache
def scan() -> Flow:
    return load_library(ROOT).flow("scan")


@cache
def outcome(name: str, lang: str = "nl") -> Session:
    """The finished session of one example."""
    flow = scan()
    given = from_file(flow, load_answers(EXAMPLES / f"{name}.yaml"))
    lowest = auto("low")

    def answer(session: Session, turn: Turn) -> Any:
        try:
            return given(session, turn)
        except PlayError:  # a card of a deck this file does not know, or a question added later
            return lowest(session, turn)

    session = Session(flow, lang, ROOT)
    run(session, answer)
    assert session.finished
    return session


def levels(name: str) -> dict[str, str]:
    return {d.id: d.level for d in outcome(name).summary().domains}


def scores(name: str) -> dict[str, float]:
    return {d.id: d.score for d in outcome(name).summary().domains}


def test_every_example_file_has_an_expectation_and_every_expectation_a_file() -> None:
    files = {p.stem for p in EXAMPLES.glob("*.yaml")} - {"expected"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_reaches_its_expected_level_in_every_domain(name: str) -> None:
    expected = {k: v for k, v in EXPECTED[name].items() if k != "not"}
    want = {d: expected.get(d, "low") for d in scan().domains}
    assert levels(name) == want, scores(name)
    shown = {a.id for a in outcome(name).summary().advice}
    assert not shown & set(EXPECTED[name].get("not", [])), shown


def test_mapping_ten_ordinary_colleagues_scores_no_worse_than_mapping_nobody() -> None:
    ten, nobody = scores("ten_colleagues"), scores("nobody_mapped")
    # the risk domains: an honest map costs nothing. Inclusiveness is the one exception, by design (issue 16):
    # ten people from one group is a one-sided map (2 points, still 'low'), and an empty map says nothing
    risks = [d for d in ten if d != "inclusiviteit"]
    assert all(ten[d] <= nobody[d] for d in risks), (ten, nobody)
    assert ten["inclusiviteit"] - nobody["inclusiviteit"] == 2
    assert levels("ten_colleagues")["inclusiviteit"] == "low"
    assert "unknown" not in levels("ten_colleagues").values()  # who maps honestly gets a picture


def test_unpaid_volunteering_weighs_far_less_than_shares_ones_decisions_affect() -> None:
    volunteer = scores("volunteer")["belangenverstrengeling"]
    shares = scores("shares_affected")["belangenverstrengeling"]
    attention = scan().domains["belangenverstrengeling"].attention
    assert volunteer < attention <= shares
    assert volunteer <= shares / 2


def test_a_no_on_the_newspaper_test_for_ones_own_children_adds_no_publicity_risk() -> None:
    assert scores("children_newspaper")["openbaarheid"] == scores("clean")["openbaarheid"] == 0


def test_debts_and_loans_are_dependency_not_signs_of_subversion() -> None:
    for name in ("debts", "private_loan"):
        assert scores(name)["ondermijning"] == 0
        assert levels(name)["afhankelijkheid"] == "attention"


def test_the_neutral_middle_of_the_diversity_scales_scores_nothing() -> None:
    assert scores("diversity_middle")["inclusiviteit"] == 0


def test_a_domain_left_open_says_which_topics_in_words_and_not_that_all_is_well() -> None:
    summary = outcome("declines_safety").summary()
    safety = next(d for d in summary.domains if d.id == "veiligheid")
    assert safety.label == "onvoldoende beeld"
    for words in ("uw gevoel van veiligheid", "intimidatie", "wat er online over u te vinden is"):
        assert words in safety.meaning
    assert "{{" not in safety.meaning and "goed geregeld" not in safety.meaning
    en = next(d for d in outcome("declines_safety", "en").summary().domains if d.id == "veiligheid")
    assert en.label == "not enough to go on"
    assert "your sense of safety" in en.meaning and "intimidation" in en.meaning


def test_nobody_on_the_map_is_not_mapped_not_no_risk() -> None:
    summary = outcome("nobody_mapped").summary()
    subversion = next(d for d in summary.domains if d.id == "ondermijning")
    assert subversion.level == "unknown"
    assert "niemand in kaart gebracht" in subversion.meaning
    text = outcome("nobody_mapped").texts.render_file("summary.j2", {**outcome("nobody_mapped").context(),
                                                                     "summary": summary})
    assert "niet in kaart gebracht is iets anders dan geen risico" in text


def test_the_prefer_not_to_say_advice_names_the_declined_topics() -> None:
    session = outcome("declines_everything")
    item = next(a for a in session.summary().advice if a.id == "liever_niet")
    assert set(item.because) == session.declined
    assert '"onvoldoende beeld"' in item.why and "geen geruststelling" in item.why
    english = next(a for a in outcome("declines_everything", "en").summary().advice if a.id == "liever_niet")
    assert '"not enough to go on"' in english.why and "no reassurance" in english.why
    text = session.texts.render_file("summary.j2", {**session.context(), "summary": session.summary()})
    for words in ("financiële belangen", "werk na deze functie", "afhankelijkheden", "uw gevoel van veiligheid"):
        assert words in text.split("### ")[-1]  # the advice item's 'naar aanleiding van' line
    # the general note is there too, naming the topics, though the advice item is shown
    note = next(line for line in text.splitlines() if "zegt dit overzicht niets" in line)
    assert "financiële belangen" in note and "intimidatie" in note


def test_an_example_file_runs_as_it_is_with_play(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "scan", "--answers", str(EXAMPLES / "declines_everything.yaml"), "--json"]) == 0
    domains = json.loads(capsys.readouterr().out)["summary"]["domains"]
    assert {d["id"]: d["level"] for d in domains} == {
        "belangenverstrengeling": "unknown", "ondermijning": "unknown", "afhankelijkheid": "unknown",
        "inclusiviteit": "low", "veiligheid": "unknown", "openbaarheid": "unknown",
    }
    unknown = next(d for d in domains if d["id"] == "veiligheid")
    assert unknown["label"] == "onvoldoende beeld"
    assert unknown["open"] == ["online_presence", "personal_safety", "intimidation"]
