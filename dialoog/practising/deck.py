"""The deck to practise with: every card of the content, by theme, in the user's language."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dialoog.flow.model import Card
from dialoog.locations import content_root
from dialoog.render import Texts


@dataclass(frozen=True, slots=True)
class ThemeView:
    """A card theme as the picker shows it."""

    id: str
    title: str
    cards: tuple[str, ...]
    """The ids of its cards, in deck order."""


@dataclass(frozen=True, slots=True)
class OptionView:
    key: str
    text: str
    considerations: str


@dataclass(frozen=True, slots=True)
class CardView:
    """One card, translated."""

    id: str
    title: str
    situation: str
    question: str
    options: tuple[OptionView, ...]
    perspectives: tuple[tuple[str, str], ...]
    """(perspective id, text), in the order compliance, partner, journalist, citizen."""
    reflection: tuple[str, ...]
    themes: tuple[str, ...]


class PracticeDeck:
    """Every card of the content under `root`, with the themes of `flows/themes.yaml` (a card's first theme
    places it; a card is listed under each of its themes)."""

    def __init__(self, cards: Iterable[Card], themes: Iterable[tuple[str, str]], lang: str,
                 root: Path | None = None) -> None:
        self.lang = lang
        self.root = root or content_root()
        self._texts = Texts(lang, self.root)
        self._cards: dict[str, Card] = {c.id: c for c in cards}
        order = [theme_id for theme_id, _ in themes]
        titles = dict(themes)
        for card in self._cards.values():  # a theme a card names that themes.yaml lacks: listed at the end
            for theme in card.themes:
                if theme not in titles:
                    titles[theme] = theme
                    order.append(theme)
        self.themes: list[ThemeView] = [
            ThemeView(t, self._texts.t(titles[t]), tuple(c.id for c in self._cards.values() if t in c.themes))
            for t in order
        ]
        self.themes = [t for t in self.themes if t.cards]

    @classmethod
    def load(cls, lang: str, root: Path | None = None) -> PracticeDeck:
        """The deck of the content at `root` (the installed content by default). Raises ContentError."""
        from dialoog.flow.library import load_library
        from dialoog.flow.problems import ContentError

        lib = load_library(root or content_root())
        errors = [p for p in lib.problems if not p.warning]
        if errors:
            raise ContentError(errors)
        return cls(lib.cards.values(), [(t.id, t.title) for t in lib.themes.values()], lang, lib.root)

    # -- looking things up -------------------------------------------------------

    @property
    def card_ids(self) -> list[str]:
        return list(self._cards)

    def __contains__(self, card_id: object) -> bool:
        return card_id in self._cards

    def theme(self, theme_id: str) -> ThemeView | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def title(self, card_id: str) -> str:
        card = self._cards.get(card_id)
        return self._texts.t(card.title) if card is not None else card_id

    def card(self, card_id: str) -> CardView:
        """The card `card_id`, translated. Raises KeyError."""
        c = self._cards[card_id]
        t = self._texts.t
        return CardView(
            id=c.id,
            title=t(c.title),
            situation=t(c.situation),
            question=t(c.question),
            options=tuple(OptionView(o.key, t(o.text), t(o.considerations)) for o in c.options),
            perspectives=tuple((k, t(c.perspectives[k])) for k in
                               ("compliance", "partner", "journalist", "citizen") if k in c.perspectives),
            reflection=tuple(t(q) for q in c.reflection),
            themes=tuple(c.themes),
        )

    def search(self, query: str, theme: str | None = None) -> list[str]:
        """The ids of the cards (of `theme`, or all) whose title, situation or id holds every word of `query`
        (case does not matter), in deck order."""
        words = query.casefold().split()
        found = []
        view = self.theme(theme) if theme else None
        pool = view.cards if view is not None else tuple(self._cards)
        for card_id in pool:
            c = self._cards[card_id]
            hay = " ".join((card_id, self._texts.t(c.title), self._texts.t(c.situation))).casefold()
            if all(w in hay for w in words):
                found.append(card_id)
        return found

    def pick_random(self, rng: random.Random, done: Iterable[str] = (), theme: str | None = None) -> str:
        """A random card (of `theme`, or of the whole deck), one not done yet while there is one."""
        view = self.theme(theme) if theme else None
        pool = list(view.cards if view is not None else self._cards)
        fresh = [c for c in pool if c not in set(done)]
        return rng.choice(fresh or pool)
