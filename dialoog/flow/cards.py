"""Reading the deck of dilemma cards."""

from __future__ import annotations

from typing import Any

from dialoog.flow.expressions import CONTEXT_NAMES, ConditionError, analyse
from dialoog.flow.model import Card, CardOption
from dialoog.flow.problems import Pos, did_you_mean
from dialoog.flow.reader import Reader

CARD_KEYS = frozenset(
    {"id", "title", "situation", "question", "options", "perspectives", "reflection", "themes", "audiences", "sources",
     "when"}
)
PERSPECTIVES = ("compliance", "partner", "journalist", "citizen")
OPTION_KEYS = ("a", "b", "c", "d")


def read_cards(r: Reader, data: Any, pos: Pos) -> list[Card]:
    top = r.mapping(data, pos, "a card file")
    if top is None:
        return []
    r.keys(top, {"cards"}, "a card file")
    raw = r.items(top.get("cards"), top.at("cards"), "'cards'")
    cards: list[Card] = []
    for i, item in enumerate(raw):
        card = _read_card(r, item, raw.at(i))
        if card is not None:
            cards.append(card)
    return cards


def _read_card(r: Reader, item: Any, pos: Pos) -> Card | None:
    m = r.mapping(item, pos, "a card")
    if m is None:
        return None
    r.keys(m, CARD_KEYS, "a card")
    card_id = r.ident(m, "id", "a card")
    if card_id is None:
        return None
    what = f"card '{card_id}'"
    options: list[CardOption] = []
    raw = r.items(m.get("options"), m.at("options"), "'options'")
    for i, opt in enumerate(raw):
        om = r.mapping(opt, raw.at(i), "a card option")
        if om is None:
            continue
        r.keys(om, {"key", "text", "considerations"}, "a card option")
        options.append(
            CardOption(
                key=str(r.get(om, "key", str, "a card option", required=True, default="")),
                text=r.get(om, "text", str, "a card option", required=True, default=""),
                considerations=r.get(om, "considerations", str, "a card option", required=True, default=""),
            )
        )
    if [o.key for o in options] != list(OPTION_KEYS):
        r.error(m.at("options"), "DLG018", f"{what} needs exactly four options with keys a, b, c, d")
    perspectives: dict[str, str] = {}
    pm = (
        r.mapping(m.get("perspectives"), m.at("perspectives"), f"'perspectives' of {what}")
        if "perspectives" in m
        else None
    )
    if pm is not None:
        r.keys(pm, set(PERSPECTIVES), "'perspectives'")
        perspectives = {k: str(pm[k]) for k in PERSPECTIVES if pm.get(k)}
    if len(perspectives) != len(PERSPECTIVES):
        r.error(m.pos, "DLG004", f"{what} needs the perspectives {', '.join(PERSPECTIVES)}")
    reflection = r.strings(m, "reflection", what)
    if not 2 <= len(reflection) <= 3:
        r.error(
            m.at("reflection") if "reflection" in m else m.pos,
            "DLG004",
            f"{what} needs two or three reflection questions",
        )
    return Card(
        id=card_id,
        title=r.get(m, "title", str, what, required=True, default=""),
        situation=r.get(m, "situation", str, what, required=True, default=""),
        question=r.get(m, "question", str, what, required=True, default=""),
        options=options,
        perspectives=perspectives,
        reflection=reflection,
        themes=r.strings(m, "themes", what),
        audiences=r.strings(m, "audiences", what),
        sources=r.strings(m, "sources", what),
        when=r.get(m, "when", str, what) or None,
        when_pos=m.at("when") if "when" in m else None,
        pos=m.pos,
    )


def check_card_when(r: Reader, card: Card, answer_names: set[str], domains: set[str]) -> None:
    """A card's premise condition reads like a node's `when`: DLG056 when it cannot be read, DLG055 for a
    name that is no question id (with a "did you mean"), DLG015 for an unknown domain. Reported at the
    `when` of the card."""
    if not card.when:
        return
    pos = card.when_pos or card.pos
    try:
        names = analyse(card.when)
    except ConditionError as exc:
        r.error(Pos(pos.path, pos.line + exc.line - 1, pos.col), "DLG056",
                f"card '{card.id}' has a 'when' that cannot be read ('{card.when}'): {exc}")
        return
    for name in sorted(names.answers - answer_names - CONTEXT_NAMES):
        hint = did_you_mean(name, answer_names | set(CONTEXT_NAMES))
        r.error(pos, "DLG055", f"card '{card.id}' when names '{name}', which is no question id{hint}")
    for name in sorted(names.domains - domains):
        r.error(pos, "DLG015", f"card '{card.id}' when names unknown domain '{name}'{did_you_mean(name, domains)}")
