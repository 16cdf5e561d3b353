"""The cards a trainer can choose from, and the deck the command line asks for (no Textual)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialoog.flow.library import Library
    from dialoog.flow.model import Card
    from dialoog.flow.problems import Problem

EXIT_PROBLEMS, EXIT_USAGE = 1, 2


@dataclass
class Pool:
    """The cards a trainer can choose from: the content's deck and the trainer's own cards."""

    cards: dict[str, Card]
    own: list[Card] = field(default_factory=list)
    themes: dict[str, str] = field(default_factory=dict)
    """theme id -> its Dutch title, in the order of flows/themes.yaml."""
    audiences: list[str] = field(default_factory=list)
    audience_titles: dict[str, str] = field(default_factory=dict)
    """audience -> its name in Dutch, from the content: the label of the role (in the intake) it stands for."""
    root: Path | None = None


class TrainError(Exception):
    def __init__(self, message: str, status: int = EXIT_USAGE, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.problems = problems or []


def load_pool(card_file: Path | None) -> Pool:
    """The content's cards, themes and audiences, and the trainer's cards (all or none); raises TrainError."""
    from dialoog.flow.contacts import audiences_of
    from dialoog.flow.library import load_library
    from dialoog.locations import content_root
    from dialoog.training.deck import DeckError, load_card_file

    root = content_root()
    lib = load_library(root)
    broken = [p for p in lib.problems
              if Path(p.path).parent.name == "cards" or Path(p.path).name in ("themes.yaml", "domains.yaml")]
    if broken:
        raise TrainError("the content's cards have problems; run 'dialoog check'", EXIT_PROBLEMS, broken)
    pool = Pool(dict(lib.cards), themes={t.id: t.title for t in lib.themes.values()},
                audiences=audiences_of(lib), audience_titles=_audience_titles(lib), root=root)
    if card_file is not None:
        try:
            own = load_card_file(card_file, lib.cards, pool.themes, pool.audiences)
        except DeckError as exc:
            raise TrainError(str(exc), EXIT_PROBLEMS, exc.problems) from None
        pool.own = own
        pool.cards.update({c.id: c for c in own})
    return pool


def _audience_titles(lib: Library) -> dict[str, str]:
    """Each audience's name as the content gives it: the label of the first option of the role question whose
    role maps to that audience (flows/domains.yaml `role_audience`)."""
    titles: dict[str, str] = {}
    for module in lib.modules.values():
        for node in module.nodes:
            if node.id == lib.role_question:
                for option in node.options:
                    audience = lib.role_audience.get(option.value)
                    if audience:
                        titles.setdefault(audience, option.label)
    return titles


def deck_of(args: argparse.Namespace, pool: Pool, data_dir: Path) -> list[Card] | None:
    """The deck the command line asks for, or None for the chooser; raises TrainError."""
    from dialoog.training.deck import DeckError, by_ids, choose, load_selection

    themes = [t.strip() for t in (args.themes or "").split(",") if t.strip()]
    for theme in themes:
        if theme not in pool.themes:
            raise TrainError(f"there is no theme '{theme}' (the themes: {', '.join(pool.themes)})")
    if args.audience and args.audience not in pool.audiences:
        raise TrainError(f"there is no audience '{args.audience}' (the audiences: {', '.join(pool.audiences)})")
    try:
        if args.deck:
            cards = by_ids(pool.cards, load_selection(data_dir, args.deck))
        elif themes or args.audience:
            cards = choose(pool.cards.values(), themes, args.audience)
        elif pool.own:
            cards = list(pool.own)
        else:
            return None
    except DeckError as exc:
        raise TrainError(str(exc)) from None
    if args.deck and (themes or args.audience):
        cards = choose(cards, themes, args.audience)
    if not cards:
        raise TrainError("no card fits this choice: try other themes or another audience")
    return cards


