"""The real content (flows/, prompts/, locales/): the invariants that the content issue names.

`dialoog check` is clean; every topic, theme and audience is covered; every card is
complete; every question explains itself; sensitive questions can be declined and
declining leads to advice, not to a worse score; `--auto high` reaches `high` in
several domains with advice for each, `--auto low` reaches none; each role gets
cards and contacts of its own; English is complete.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from typing import Any

import pytest
import yaml

from dialoog.check import run_check
from dialoog.cli import main
from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.locations import content_root
from dialoog.play import DECLINE, auto, run

ROOT = content_root()
COVERAGE = yaml.safe_load((ROOT / "flows" / "coverage.yaml").read_text(encoding="utf-8"))
ROLES = ["kandidaat_bewindspersoon", "bewindspersoon", "topambtenaar", "burgemeester", "wethouder",
         "gemeentesecretaris",
         "kandidaat_raadslid", "raadslid"]
# the personal topics a user may not want to answer (the practical safety checks are not among them)
SENSITIVE_TOPICS = {"financial_interests", "family_interests", "past_conduct", "dependencies", "intimidation"}


@cache
def scan() -> Flow:
    return load_library(ROOT).flow("scan")


def play_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["play", "scan", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_dialoog_check_is_clean_and_both_languages_complete() -> None:
    result = run_check(ROOT)
    assert [str(p) for p in result.problems] == []
    assert result.missing == {"nl": 0, "en": 0}
    assert result.counts["cards"] >= COVERAGE["min_cards"] >= 40
    assert result.counts["advice"] >= 20


def test_every_theme_and_audience_has_several_cards() -> None:
    cards = list(scan().cards.values())
    themes = Counter(t for c in cards for t in c.themes)
    audiences = Counter(a for c in cards for a in c.audiences)
    for theme in COVERAGE["themes"]:
        assert themes[theme] >= COVERAGE["min_cards_per_theme"] >= 4, theme
    for audience in COVERAGE["audiences"]:
        assert audiences[audience] >= COVERAGE["min_cards_per_audience"] >= 8, audience


def test_every_card_is_complete() -> None:
    for card in scan().cards.values():
        assert [o.key for o in card.options] == ["a", "b", "c", "d"], card.id
        assert all(o.text.strip() and len(o.considerations) > 40 for o in card.options), card.id
        assert set(card.perspectives) == {"compliance", "partner", "journalist", "citizen"}, card.id
        assert 2 <= len(card.reflection) <= 3, card.id
        assert card.sources, card.id
        assert len(card.situation) > 150, card.id


def test_every_topic_has_questions_that_explain_themselves() -> None:
    flow = scan()
    nodes = [*flow.nodes.values(), *(f for n in flow.nodes.values() for f in n.followups)]
    topics = {n.topic for n in nodes if n.topic}
    assert set(COVERAGE["topics"]) <= topics
    for node in flow.nodes.values():
        if node.is_question and node.module in ("self", "network"):
            assert node.why and node.source, f"{node.id} has no 'why' or no source"


def test_sensitive_questions_can_be_declined_and_declining_is_not_punished() -> None:
    flow = scan()
    sensitive = [n for n in flow.nodes.values() if n.is_question and n.topic in SENSITIVE_TOPICS]
    assert sensitive
    for node in sensitive:
        assert node.decline or node.optional, f"{node.id} ({node.topic}) cannot be declined or skipped"
    declining = Session(flow)
    lowest = auto("low")

    def answer_or_decline(session: Session, turn: Any) -> Any:
        return DECLINE if turn.can_decline else lowest(session, turn)

    run(declining, answer_or_decline)
    assert declining.finished
    high = [d.id for d in declining.summary().domains if d.level == "high"]
    assert high == [], "declining every sensitive question must not make a domain high"
    assert any(a.id == "liever_niet" for a in declining.summary().advice), "declining leads to advice"


def test_auto_high_reaches_high_in_several_domains_with_advice_for_each(capsys: pytest.CaptureFixture[str]) -> None:
    summary = play_json(capsys, "--auto", "high")["summary"]
    high = [d["id"] for d in summary["domains"] if d["level"] == "high"]
    assert len(high) >= 3, summary["domains"]
    advised = {a["domain"] for a in summary["advice"]}
    for domain in high:
        assert domain in advised, f"no advice for the high domain {domain}"
    assert all(a["because"] for a in summary["advice"])


def test_auto_low_reaches_no_high_and_no_attention(capsys: pytest.CaptureFixture[str]) -> None:
    summary = play_json(capsys, "--auto", "low")["summary"]
    assert {d["level"] for d in summary["domains"]} == {"low"}
    assert summary["advice"] == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_own_cards_and_contacts(role: str) -> None:
    flow = scan()
    audience = flow.role_audience[role]
    session = Session(flow)
    strategy = auto("high")

    def answerer(session: Session, turn: Any) -> Any:
        return role if turn.node == "role" else strategy(session, turn)

    run(session, answerer)
    answered = [s for s in session.history if s.how == "answer"]  # not the 'went on' after a card's feedback
    shown = [flow.nodes[s.node].card for s in answered if flow.nodes[s.node].kind == "card"]
    assert len(shown) == 5, "three cards plus one for each domain at high, at most five (the deal of deck_scan)"
    assert len(set(shown)) == len(shown), "no card twice"
    assert all(audience in flow.cards[c].audiences for c in shown), "every card fits the role"
    assert len({flow.cards[c].themes[0] for c in shown}) >= 4, "the cards vary in theme"
    contacts = [c for a in session.summary().advice for c in a.contacts]
    assert contacts, f"no one to turn to for {role}"


def test_english_play_shows_no_dutch_source_text(capsys: pytest.CaptureFixture[str]) -> None:
    data = play_json(capsys, "--auto", "high", "--lang", "en")
    dutch = ("Welke rol", " uw ", "Wat doet u", "Waarom")
    for line in data["transcript"]:
        if line["who"] == "bot":
            assert not any(word in line["text"] for word in dutch), line
