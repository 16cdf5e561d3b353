"""Honest progress: how far the user is, counted in the things they will really see.

A *unit* is one thing the user does: answer a question, go on after a message, or answer a
dilemma card (the pause with its feedback belongs to the card). A network question is one unit
for the list of people plus one per follow-up question asked about each person (a follow-up with a
`when` only where it holds: for a person not answered yet, the screening ones). What is still to come is
found by walking forward from where the user is, along the routes the answers so far select:
nodes whose `when` is false are not counted, and of a deck only the cards it will show are
(its `limit`, its audience, and no card twice; of a deck dealt per person, the cards of its deal
not answered yet, or, before the deck is dealt, as many as the deal will hold: see
`dialoog.engine.dealing`). Unknown answers take the default route, so the
count is the best guess with what is known now, and it is corrected as answers come in.

Nothing here reads `Flow.runtime`: the per-flow tables are built once and kept in this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dialoog.engine.conditions import frozen, reads, remembered
from dialoog.engine.dealing import decks, is_dealt
from dialoog.engine.followups import asked
from dialoog.engine.transcript import StepKind
from dialoog.engine.turn import Progress
from dialoog.flow.model import FINISH, Flow, Node

if TYPE_CHECKING:
    from dialoog.engine.session import Session

ASSUMED_ENTRIES = 3
"""People expected in a network list not answered yet (within the question's min and max)."""


@dataclass(frozen=True, slots=True)
class _Table:
    """What progress needs from a flow that does not change while it runs."""

    module_index: dict[str, int]  # module id -> 1-based position
    module_title: dict[str, str]
    deck_last: dict[str, str]  # deck id -> its last card's node (the one that holds the deck's routes)


_TABLES: dict[int, tuple[Flow, _Table]] = {}
_MAX_TABLES = 16


def _table(flow: Flow) -> _Table:
    held = _TABLES.get(id(flow))
    if held is not None and held[0] is flow:
        return held[1]
    table = _Table(
        module_index={m.id: i for i, m in enumerate(flow.modules, 1)},
        module_title={m.id: m.title for m in flow.modules},
        deck_last={node.deck_id: node.id for node in flow.nodes.values() if node.deck_id is not None},
    )
    if len(_TABLES) >= _MAX_TABLES:
        _TABLES.pop(next(iter(_TABLES)))
    _TABLES[id(flow)] = (flow, table)  # the flow is held, so its id is not reused while it is here
    return table


def is_unit(flow: Flow, step: Any) -> bool:
    """Does a history step count as a unit done? Going on after a card's feedback does not."""
    if step.how != StepKind.CONTINUED:
        return True
    node = flow.nodes.get(step.node)
    return node is None or node.kind != "card"


def expected_entries(node: Node, draft: Any = None) -> int:
    """How many people a network list not answered yet will probably hold."""
    if isinstance(draft, list):
        return len(draft)
    high = node.max if node.max > 0 else ASSUMED_ENTRIES
    return max(node.min, min(ASSUMED_ENTRIES, high))


class _Conditions:
    """Conditions evaluated once per walk: a deck's cards share their deck's `when`."""

    def __init__(self, ctx: Mapping[str, Any]) -> None:
        self.ctx = ctx
        self.known: dict[str, bool] = {}
        self.frozen: dict[str, Any] = {}
        """Each name's value as a key, made once per walk (the context does not change during one)."""

    def holds(self, condition: str) -> bool:
        known = self.known.get(condition)
        if known is None:
            known = self.known[condition] = self._evaluate(condition)
        return known

    def _value(self, name: str) -> Any:
        if name not in self.frozen:
            self.frozen[name] = frozen(self.ctx.get(name))
        return self.frozen[name]

    def _evaluate(self, condition: str) -> bool:
        # The scores and levels are keyed by their values too: they change with most answers, but the
        # levels a condition asks about far less often.
        return remembered(condition, self.ctx, (condition, *(self._value(name) for name in reads(condition))))


def _next(node: Node, conditions: _Conditions, answers: Mapping[str, Any]) -> str:
    """The route the answers known now select out of `node` (an unknown answer takes the default)."""
    for route in node.routes:
        if route.answer is not None:
            value = answers.get(node.id)
            if isinstance(value, list) and route.answer in value:
                return route.target
            if value is not None and not isinstance(value, list) and str(value) == route.answer:
                return route.target
            continue
        if route.condition is not None:
            if conditions.holds(route.condition):
                return route.target
            continue
        return route.target
    return FINISH


class Deal:
    """Which cards of the decks a session still shows: the one rule for it, used by the session as it
    moves (a card is passed over when `will_show` is false) and by the progress walk, which carries it
    forward over the cards ahead (`show`).

    A deck's card is passed over when its card was shown before (at another node), when its deck has
    shown `limit` cards, or (`audience: role`) when it is not meant for the user's audience. A deck dealt
    per person shows the cards of its deal (`Session.dealt`), in the order of the deal."""

    def __init__(self, session: Session) -> None:
        nodes = session.flow.nodes
        self.session = session
        self.flow = session.flow
        self.audience = session.context()["role_audience"]
        self.shown: dict[str, set[str]] = {}
        """Card id -> the nodes it was answered at."""
        for node_id in session.answers:
            card = nodes[node_id].card if node_id in nodes else None
            if card:
                self.shown.setdefault(card, set()).add(node_id)
        self.per_deck: dict[str, set[str]] = {}
        for step in session.history:
            node = nodes.get(step.node)
            if node is not None and node.deck_id is not None:
                self.per_deck.setdefault(node.deck_id, set()).add(node.id)

    def full(self, node: Node) -> bool:
        """Has the deck of `node` (a deck's card) shown as many cards as its `limit`, not counting `node`?"""
        limit = node.deck.get("limit")
        if isinstance(limit, int) and limit > 0:
            used = self.per_deck.get(node.deck_id or "")
            return used is not None and len(used) - (node.id in used) >= limit
        return False

    def will_show(self, node: Node) -> bool:
        if node.deck_id is None:
            return True
        if is_dealt(node):
            return node.card in self.session.dealt(node.deck_id, keep=False)
        if self.full(node):
            return False
        shown = self.shown.get(node.card or "")
        if shown and len(shown) - (node.id in shown) > 0:
            return False
        if node.deck.get("audience") == "role":
            card = self.flow.cards.get(node.card or "")
            if self.audience and card is not None and self.audience not in card.audiences:
                return False
        return True

    def show(self, node: Node) -> None:
        if node.deck_id is not None:
            self.shown.setdefault(node.card or "", set()).add(node.id)
            self.per_deck.setdefault(node.deck_id, set()).add(node.id)


def _units(session: Session, node: Node, current: bool) -> int:
    """The units `node` still holds: for the node in progress, what is left of it. A network question's
    follow-ups count only where they will be asked (their `when`): for an entry not answered yet, the
    screening ones; the count is corrected as the entry's answers come in."""
    if node.kind != "network":
        return 1
    base = session.context()
    if current and session.sub is not None:
        entry, fu = session.sub
        entries = session.answers.get(node.id) or []
        return asked(base, node, entries[entry], fu) + sum(asked(base, node, e) for e in entries[entry + 1:])
    draft = session.drafts.get(node.id)
    if isinstance(draft, list):
        return 1 + sum(asked(base, node, e if isinstance(e, Mapping) else {}) for e in draft)
    return 1 + expected_entries(node, draft) * asked(base, node, {})


def _dealt_ahead(session: Session, deck_id: str) -> list[Node]:
    """The card nodes of a dealt deck still to be shown: of its deal, those not answered yet; before the
    deck is dealt, as many of its nodes as the deal will probably hold (which ones does not matter here)."""
    deck = decks(session.flow)[deck_id]
    if deck_id in session.deals:
        cards = session.dealt(deck_id, keep=False)
        return [deck.by_card[c] for c in cards if c in deck.by_card and deck.by_card[c].id not in session.answers]
    return list(deck.nodes[: expected_deal(session, deck_id)])


_EXPECTED: dict[tuple[Any, ...], int] = {}
_EXPECTED_LIMIT = 4_096


def expected_deal(session: Session, deck_id: str) -> int:
    """How many cards a deck not dealt yet will deal (remembered by what decides it: the user's audience,
    the levels, and the answers the cards' premises read)."""
    from dialoog.engine.dealing import count, fits

    flow = session.flow
    deck = decks(flow)[deck_id]
    ctx = session.context()
    levels = session.tally().levels
    key: tuple[Any, ...] | None = (flow.content_hash, deck_id, ctx.get("role_audience"),
                                   tuple(sorted(levels.items())), *(frozen(ctx.get(n)) for n in deck.premise_names))
    try:
        known = _EXPECTED.get(key) if key is not None else None
    except TypeError:  # a value that cannot be a key: counted every time
        known, key = None, None
    if known is not None:
        return known
    spec = deck.nodes[0].deck["deal"]
    eligible = sum(1 for n in deck.nodes if (c := flow.cards.get(n.card or "")) is not None and fits(c, n, ctx))
    known = min(count(spec, levels), eligible)
    if key is not None:
        if len(_EXPECTED) >= _EXPECTED_LIMIT:
            _EXPECTED.clear()
        _EXPECTED[key] = known
    return known


def ahead(session: Session) -> list[tuple[Node, int]]:
    """The nodes still to come from where the session is (the current one first), with their units."""
    flow = session.flow
    nodes = flow.nodes
    deck_last = _table(flow).deck_last
    conditions = _Conditions(session.context())
    cards = Deal(session)
    out: list[tuple[Node, int]] = []
    seen: set[str] = set()
    current = session.state
    first = True
    while current in nodes and current not in seen:
        seen.add(current)
        node = nodes[current]
        if node.kind == "end":
            break
        if is_dealt(node):
            # A dealt deck: the cards of its deal not answered yet (in any order), then on at its routes.
            deck = decks(flow)[node.deck_id or ""]
            if not node.when or conditions.holds(node.when):
                out.extend((n, 1) for n in _dealt_ahead(session, node.deck_id or ""))
            first = False
            seen.add(deck.last.id)
            current = _next(deck.last, conditions, session.answers)
            continue
        if first:
            shown = True
        elif node.deck_id is not None and (cards.full(node) or (node.when and not conditions.holds(node.when))):
            # The deck's cards share its limit and its `when`: none of the rest will show either, so the
            # walk goes on at the deck's last card, which holds the deck's routes.
            last = deck_last[node.deck_id]
            if last != current:
                current = last
                continue
            shown = False
        else:
            shown = cards.will_show(node) and (not node.when or conditions.holds(node.when))
        if shown:
            cards.show(node)
            out.append((node, _units(session, node, first)))
        first = False
        current = _next(node, conditions, session.answers)
    return out


def progress_of(session: Session, paused: Node | None = None) -> Progress:
    """The progress to show now; `paused` is the card whose feedback is on screen (the pause after it)."""
    flow = session.flow
    table = _table(flow)
    done_in: dict[str, int] = {}
    cards_in: dict[str, set[str]] = {}
    done = 0
    for step in session.history:
        if not is_unit(flow, step):
            continue
        done += 1
        node = flow.nodes.get(step.node)
        if node is None:
            continue
        done_in[node.module] = done_in.get(node.module, 0) + 1
        if node.kind == "card":
            cards_in.setdefault(node.module, set()).add(node.id)
    node = session.node
    if node is None or node.kind == "end":
        later: list[tuple[Node, int]] = []
    else:
        later = ahead(session)
    remaining = sum(units for _, units in later)
    total = done + remaining
    if paused is None and (node is None or node.kind == "end"):
        module = flow.modules[-1] if node is None else flow.modules[table.module_index[node.module] - 1]
        steps = max(1, done_in.get(module.id, 0))
        return Progress(module.id, session.texts.t(module.title), table.module_index[module.id], len(flow.modules),
                        steps, steps, done, done)
    here = paused if paused is not None else node
    assert here is not None
    module_id = here.module
    later_here = [(n, u) for n, u in later if n.module == module_id]
    steps_done = done_in.get(module_id, 0)
    at = steps_done if paused is not None else steps_done + 1
    steps = steps_done + sum(u for _, u in later_here)
    card = cards = 0
    if here.kind == "card":
        card_done = len(cards_in.get(module_id, set()))
        card = card_done if paused is not None else card_done + 1
        cards = card_done + sum(1 for n, _ in later_here if n.kind == "card")
    return Progress(
        module_id,
        session.texts.t(table.module_title[module_id]),
        table.module_index[module_id],
        len(flow.modules),
        max(1, at),
        max(1, steps, at),
        done,
        max(total, done + 1),  # not at the end: never all done
        card=card,
        cards=cards,
    )
