"""The network map as data: entries placed on rings and in sectors, in the map's units."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dialoog.engine.signals import Signal

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold (a name keeps none of them, so every export of the map can show it)."""


@dataclass(frozen=True, slots=True)
class Sector:
    """The part of the map for one category, clockwise from the top (`start` and `end` in degrees)."""

    index: int
    category: str
    """The category value; `""` for entries whose category the content does not have (any more)."""
    label: str
    """The category in words, in the map's language."""
    start: float
    end: float
    count: int

    @property
    def middle(self) -> float:
        return (self.start + self.end) / 2


@dataclass(frozen=True, slots=True)
class Ring:
    """One ring: 1 is the innermost (the closest bond)."""

    index: int
    value: str | None
    """The answer of the ring question this ring stands for; None for the outer ring of 'no answer'."""
    label: str
    """The answer in words ('5 Heel hecht', '3'), or empty for the ring of 'no answer'."""
    radius: float

    @property
    def unknown(self) -> bool:
        """The ring of the entries without an answer to the ring question (drawn dashed)."""
        return self.value is None


@dataclass(frozen=True, slots=True)
class Mark:
    """The letter of a domain's risk signals on the map, and the domain's title."""

    domain: str
    letter: str
    title: str


@dataclass(frozen=True, slots=True)
class Answer:
    """An entry's answer to one follow-up question."""

    question: str
    value: str | None
    """The answer as saved (None: left open)."""
    words: str
    """The answer in words, in the map's language."""
    free_text: bool
    """Typed by the user (a text question): left out of every shared version."""


@dataclass(frozen=True, slots=True)
class MapEntry:
    """One person or organisation on the map."""

    number: int
    """1, 2, ... in the order the user named them: how the map shows an entry without its name."""
    name: str
    """The user's text (cleaned of control characters): show it as plain text, escape it in markup."""
    category: str
    category_label: str
    sector: int
    ring: int
    closeness: str | None
    """The answer to the ring question (None: not answered)."""
    closeness_words: str
    signals: tuple[Signal, ...]
    domains: tuple[str, ...]
    """The domains it has a risk signal in, in the order of the content's domains."""
    marks: str
    """The letters of those domains ('' without a signal)."""
    angle: float
    """Degrees, clockwise from the top."""
    x: float
    y: float
    """Position in map units, the user at (0, 0), y downwards."""
    answers: tuple[Answer, ...] = ()

    @property
    def label(self) -> str:
        """The number with the letters of its signals: '7', '12BO'."""
        return f"{self.number}{self.marks}"


@dataclass(frozen=True, slots=True)
class NetworkMap:
    """A network question's answer as a map. Every text is in `lang`; `radius` is the outer edge in map
    units (no two entries are closer than one unit)."""

    lang: str
    question: str
    entries: tuple[MapEntry, ...]
    sectors: tuple[Sector, ...]
    rings: tuple[Ring, ...]
    marks: tuple[Mark, ...]
    """Every domain an entry can have a signal in (the legend), in the content's order."""
    radius: float
    ring_question: str | None = None
    """The follow-up whose answer gives the ring (None: one ring for all)."""
    categories_total: int = 0
    """How many categories the content offers."""
    thresholds: tuple[float, float] = (0.45, 0.7)
    """The diversity bands: Blau's index below the first is 'narrow', from the second 'varied'."""
    meaning: tuple[tuple[str, str], ...] = ()
    """The diversity figure in words per band, in `lang`."""
    answered: bool = True
    """False when the network question was not (yet) answered."""

    def entry(self, number: int) -> MapEntry:
        return self.entries[number - 1]

    def mark_of(self, domain: str) -> str:
        return next((m.letter for m in self.marks if m.domain == domain), domain[:1].upper())
