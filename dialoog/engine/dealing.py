"""Dealing the cards of a deck for one person.

A deck with a `deal:` (flows/modules/dilemmas.yaml) is dealt once, when the conversation reaches it, and
the deal is kept in the session (`Session.deals`), so a resumed or replayed session shows the same cards.
The deal:

- holds only cards for the user's audience (`audience: role`) whose premise (`Card.when`) holds;
- starts with the themes of the user's own signals: every domain at level high or attention, and every
  domain a network entry has a risk signal in (`dialoog.engine.signals`), is mapped to card themes by the
  deal's `prefer` table (content), and each such domain gets a card of its themes, in that order;
- is filled up with other cards, no two of the same first theme when that can be avoided;
- varies between sessions: the order among equally fitting cards comes from the session's seed, and cards
  the user saw in the previous scan (`Session.seen_before`) come last;
- holds `cards` cards plus `per_high` for every domain at level high, at most `max`.

Nothing here names a domain, a theme or a card: the table is content.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dialoog.engine.conditions import holds, reads
from dialoog.engine.signals import signal_domains
from dialoog.flow.expressions import ConditionError
from dialoog.flow.model import Card, Flow, Node

if TYPE_CHECKING:
    from dialoog.engine.session import Session

_RANK = {"high": 0, "attention": 1}


@dataclass(frozen=True, slots=True)
class _Deck:
    nodes: tuple[Node, ...]
    """The deck's card nodes, in the flow's order."""
    by_card: Mapping[str, Node]
    by_node: Mapping[str, Node]
    last: Node
    """The card node that holds the deck's routes."""
    premise_names: tuple[str, ...]
    """The names the premises (`Card.when`) of the deck's cards read."""


_TABLES: dict[int, tuple[Flow, dict[str, _Deck]]] = {}
_MAX_TABLES = 16


def decks(flow: Flow) -> dict[str, _Deck]:
    """Every dealt deck of `flow` (one with a `deal:`), by its id."""
    held = _TABLES.get(id(flow))
    if held is not None and held[0] is flow:
        return held[1]
    grouped: dict[str, list[Node]] = {}
    for node in flow.nodes.values():
        if node.deck_id is not None and node.deck.get("deal"):
            grouped.setdefault(node.deck_id, []).append(node)
    table = {
        deck_id: _Deck(tuple(nodes), {n.card or "": n for n in nodes}, {n.id: n for n in nodes}, nodes[-1],
                       _premise_names(flow, nodes))
        for deck_id, nodes in grouped.items()
    }
    if len(_TABLES) >= _MAX_TABLES:
        _TABLES.pop(next(iter(_TABLES)))
    _TABLES[id(flow)] = (flow, table)
    return table


def _premise_names(flow: Flow, nodes: list[Node]) -> tuple[str, ...]:
    found: set[str] = set()
    for node in nodes:
        card = flow.cards.get(node.card or "")
        if card is not None and card.when:
            try:
                found.update(reads(card.when))
            except ConditionError:  # reported by `dialoog check` (DLG056); such a card never fits
                continue
    return tuple(sorted(found))


def is_dealt(node: Node) -> bool:
    """Is `node` a card of a deck that is dealt per person?"""
    return node.deck_id is not None and bool(node.deck.get("deal"))


def fits(card: Card, node: Node, ctx: Mapping[str, Any]) -> bool:
    """May the user see `card` (at the deck node `node`): meant for their audience, its premise holds."""
    audience = ctx.get("role_audience")
    if node.deck.get("audience") == "role" and audience and audience not in card.audiences:
        return False
    if not card.when:
        return True
    try:
        return holds(card.when, ctx)
    except ConditionError:  # reported by `dialoog check` (DLG056): a premise that cannot be read never holds
        return False


def count(spec: Mapping[str, Any], levels: Mapping[str, str]) -> int:
    """How many cards the deal holds: `cards`, plus `per_high` per domain at level high, at most `max`."""
    n = int(spec.get("cards") or 0) + int(spec.get("per_high") or 0) * sum(1 for v in levels.values() if v == "high")
    top = int(spec.get("max") or 0)
    return min(n, top) if top else n


def own_domains(session: Session) -> list[str]:
    """The domains of the user's own signals, the most pressing first: high, then attention (each by score),
    then the domains their network entries have risk signals in (the most entries first)."""
    tally = session.tally()
    ranked = sorted(
        (d for d, level in tally.levels.items() if level in _RANK),
        key=lambda d: (_RANK[tally.levels[d]], -float(tally.scores.get(d, 0.0))),
    )
    entries: dict[str, int] = {}
    for node_id, value in session.answers.items():
        node = session.flow.nodes.get(node_id)
        if node is None or node.kind != "network" or not isinstance(value, list):
            continue
        for entry in value:
            if isinstance(entry, Mapping):
                for domain in signal_domains(node, entry):
                    entries[domain] = entries.get(domain, 0) + 1
    more = sorted((d for d in entries if d not in ranked), key=lambda d: -entries[d])
    return [*ranked, *more]


def choose(session: Session, deck_id: str, keep: Sequence[str] = ()) -> list[str]:
    """The cards dealt for deck `deck_id` now: `keep` (cards already answered) first, then new ones."""
    flow = session.flow
    deck = decks(flow)[deck_id]
    spec: Mapping[str, Any] = deck.nodes[0].deck["deal"]
    ctx = session.context()
    kept = [c for c in keep if c in deck.by_card]
    wanted = count(spec, session.tally().levels)
    if len(kept) >= wanted:
        return kept
    elsewhere = {
        nodes_card
        for node_id in session.answers
        if node_id in flow.nodes
        and (nodes_card := flow.nodes[node_id].card) is not None
        and flow.nodes[node_id].deck_id != deck_id
    }
    pool = [
        card
        for node in deck.nodes
        if (card := flow.cards.get(node.card or "")) is not None
        and card.id not in kept
        and card.id not in elsewhere
        and fits(card, node, ctx)
    ]
    rng = random.Random(f"{session.seed}:{deck_id}")
    rng.shuffle(pool)
    seen = session.seen_before
    pool.sort(key=lambda c: c.id in seen)  # stable: the shuffled order within each group stays
    chosen = list(kept)
    used = {flow.cards[c].themes[0] for c in kept if flow.cards[c].themes}

    def take(card: Card) -> None:
        chosen.append(card.id)
        pool.remove(card)
        if card.themes:
            used.add(card.themes[0])

    prefer: Mapping[str, Sequence[str]] = spec.get("prefer") or {}
    for domain in own_domains(session):
        if len(chosen) >= wanted:
            break
        themes = set(prefer.get(domain) or ())
        if not themes:
            continue
        # a card of a first theme not dealt yet (else the domain's themes are there already); one mainly about
        # the domain's themes before one that only touches them
        fitting = [c for c in pool if themes & set(c.themes) and not (c.themes and c.themes[0] in used)]
        fitting.sort(key=lambda c: (c.id in seen, not c.themes or c.themes[0] not in themes))
        if fitting:
            take(fitting[0])
    for fresh_only in (True, False):
        for card in list(pool):
            if len(chosen) >= wanted:
                break
            if fresh_only and card.themes and card.themes[0] in used:
                continue
            take(card)
    return chosen


def still_fits(session: Session, deck_id: str, dealt: Sequence[str], answered: set[str]) -> bool:
    """Does a kept deal still hold for the answers now: every card not answered yet still fits the user."""
    deck = decks(session.flow).get(deck_id)
    if deck is None:
        return False
    ctx = session.context()
    for card_id in dealt:
        if card_id in answered:
            continue
        node = deck.by_card.get(card_id)
        card = session.flow.cards.get(card_id)
        if node is None or card is None or not fits(card, node, ctx):
            return False
    return answered <= set(dealt)


__all__ = ["choose", "count", "decks", "fits", "is_dealt", "own_domains", "still_fits"]
