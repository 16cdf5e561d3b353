"""Decks: a `when` covers the whole deck, and no card is shown twice in one session."""

from __future__ import annotations

import shutil
from pathlib import Path

from dialoog.engine import Session
from dialoog.flow.library import load_library

FIXTURE = Path(__file__).parent / "fixtures" / "mini"

SECOND_CARD = """
  - id: lunch
    title: Lunch
    situation: Een lobbyist nodigt u uit voor een lunch.
    question: Gaat u?
    options:
      - {key: a, text: Ja., considerations: Gezellig.}
      - {key: b, text: Nee., considerations: Afstand.}
      - {key: c, text: Op kantoor., considerations: Zakelijk.}
      - {key: d, text: Overleggen., considerations: Verstandig.}
    perspectives: {compliance: C., partner: P., journalist: J., citizen: B.}
    reflection: [Waarom?, Wanneer?]
    themes: [geschenken]
    audiences: [bewindspersoon]
"""

DECKS = """
id: decks
title: Kaarten
nodes:
  - id: role
    kind: choice
    text: Welke rol?
    options:
      - {value: bewindspersoon, label: Bewindspersoon}
      - {value: raadslid, label: Raadslid}
  - id: deck_role
    kind: deck
    when: "role == 'raadslid'"
    cards: {audience: bewindspersoon}
  - id: deck_all
    kind: deck
    cards: {themes: [geschenken]}
"""


def _root(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    cards = root / "flows" / "cards" / "kaarten.yaml"
    cards.write_text(cards.read_text(encoding="utf-8") + SECOND_CARD, encoding="utf-8")
    (root / "flows" / "modules" / "decks.yaml").write_text(DECKS, encoding="utf-8")
    return root


def _cards_shown(session: Session) -> list[str]:
    shown: list[str] = []
    turn = session.turn()
    while not session.finished:
        if turn.card is not None:
            shown.append(turn.card.id)
        turn = session.answer("a" if turn.kind == "card" else None)
    return shown


def test_a_false_when_passes_over_every_card_of_the_deck(tmp_path: Path) -> None:
    root = _root(tmp_path)
    session = Session(load_library(root, strict=True).flow("decks"), "nl", root)
    session.answer("bewindspersoon")
    assert _cards_shown(session) == ["kaartjes", "lunch"]  # only deck_all: deck_role's two cards are both passed over


def test_a_card_already_answered_is_not_shown_again(tmp_path: Path) -> None:
    root = _root(tmp_path)
    session = Session(load_library(root, strict=True).flow("decks"), "nl", root)
    session.answer("raadslid")
    assert _cards_shown(session) == ["kaartjes", "lunch"]  # deck_all would repeat both


def test_a_limited_deck_takes_different_themes_first() -> None:
    from dialoog.flow.compose import deck_cards
    from dialoog.flow.model import Card, CardOption
    from dialoog.flow.problems import Pos

    def card(card_id: str, *themes: str) -> Card:
        options = [CardOption(k, k, k) for k in "abcd"]
        return Card(card_id, card_id, "", "", options, {}, [], list(themes), ["raadslid"], [], Pos("x", 1, 1))

    cards = {c.id: c for c in [card("a1", "a"), card("a2", "a"), card("a3", "a"), card("b1", "b"), card("c1", "c")]}
    assert [c.id for c in deck_cards({"audience": "raadslid", "limit": 3}, cards)] == ["a1", "b1", "c1"]
    assert [c.id for c in deck_cards({"limit": 5}, cards)] == ["a1", "b1", "c1", "a2", "a3"]
    assert [c.id for c in deck_cards({}, cards)] == ["a1", "a2", "a3", "b1", "c1"]  # no limit: deck order
    assert [c.id for c in deck_cards({"ids": ["a2", "a1", "b1"], "limit": 2}, cards)] == ["a2", "a1"]
    cards["x1"] = card("x1", "c", "d")
    cards["d1"] = card("d1", "d")
    # cards mainly about the asked theme come before cards that only touch it
    assert [c.id for c in deck_cards({"themes": ["d"], "limit": 1}, cards)] == ["d1"]
