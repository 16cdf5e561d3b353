"""The validated content model: what the engine runs and the UI shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dialoog.flow.problems import Pos

if TYPE_CHECKING:
    from dialoog.flow.starters import Starters

NOWHERE = Pos("")

QUESTION_KINDS = frozenset({"choice", "multi", "scale", "yesno", "text", "network", "card"})
NODE_KINDS = frozenset({"message", "end", "deck"}) | QUESTION_KINDS
FOLLOWUP_KINDS = frozenset({"choice", "scale", "yesno", "text"})
FINISH = "__finish__"
RESERVED_IDS = frozenset(
    {
        "end",
        "finish",
        "scores",
        "levels",
        "declined",
        "lang",
        "answers",
        "role_audience",
        "summary",
        "value",
        "none",
        "true",
        "false",
    }
)
LEVELS = ("low", "attention", "high")
"""The levels a score reaches (thresholds in flows/domains.yaml); advice `level:` is one of these."""
UNKNOWN = "unknown"
"""The level of a domain whose deciding questions were mostly left open: not enough to go on."""
ALL_LEVELS = (UNKNOWN, *LEVELS)

Points = dict[str, float]


@dataclass(slots=True)
class Option:
    value: str
    label: str
    points: Points = field(default_factory=dict)
    exclusive: bool = False
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class EntryPoints:
    """A rule of a network node: `points` for every entry whose follow-up answers meet `condition`."""

    condition: str
    points: Points
    pos: Pos = NOWHERE


DIVERSITY_BANDS = ("empty", "narrow", "mixed", "varied")
"""The diversity figure of the network map in words: nobody mapped, then below `mixed`, below `varied`, above."""
MAP_MAX_ENTRIES = 40
"""The most entries the network map draws legibly (DLG044 for a network question that allows more)."""
MAP_MAX_SECTORS = 12
"""The most categories (sectors) the network map tells apart (DLG044)."""
MAP_MAX_RINGS = 8
"""The most answers the ring follow-up may have (one ring each, plus the outer ring for no answer; DLG044)."""


@dataclass(slots=True)
class MapSettings:
    """How the network map draws a network question's answer (`map:` on the network node).

    `ring`: the follow-up whose answer gives an entry's ring (a scale: the highest answer is the inner
    ring; a choice: the first option is); `sectors`: the category values in the order of the sectors,
    clockwise from the top; `thresholds` and `meaning`: the diversity figure (Blau's index over the
    categories) and its meaning in words per band (`DIVERSITY_BANDS`).
    """

    ring: str | None = None
    sectors: list[str] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=lambda: {"mixed": 0.45, "varied": 0.7})
    meaning: dict[str, str] = field(default_factory=dict)
    points: dict[str, Points] = field(default_factory=dict)
    """Points per band (`narrow`, `mixed`, `varied`; never `empty`: an empty map gives no information)."""
    min_entries: int = 1
    """The band gives its points only when the map holds at least this many entries."""
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class UnknownRule:
    """When a domain's answers give no picture (level `unknown`): see flows/domains.yaml.

    `deciding` maps the questions that decide the domain to their topic in words; the domain is
    `unknown` when its score is below `attention` and at least `mostly` of the deciding questions
    that were reached were left open, or any question in `needs` was left open.
    """

    deciding: dict[str, str]
    mostly: float = 0.5
    needs: tuple[str, ...] = ()


@dataclass(slots=True)
class Route:
    """One way out of a node: taken when its answer matches or its condition holds."""

    target: str
    answer: str | None = None
    condition: str | None = None
    pos: Pos = NOWHERE


@dataclass(slots=True)
class Node:
    id: str
    kind: str
    module: str
    pos: Pos
    text: str = ""
    template: str | None = None
    why: str | None = None
    source: str | None = None
    topic: str | None = None
    decline: bool = False
    optional: bool = False
    when: str | None = None
    when_pos: Pos | None = None
    options: list[Option] = field(default_factory=list)
    min: int = 0
    max: int = 0
    labels: dict[str, str] = field(default_factory=dict)
    points: dict[str, Points] = field(default_factory=dict)
    max_length: int = 500
    placeholder: str = ""
    categories: list[Option] = field(default_factory=list)
    suggest: str = ""
    followups: list[Node] = field(default_factory=list)
    card: str | None = None
    deck: dict[str, Any] = field(default_factory=dict)
    routes: list[Route] = field(default_factory=list)
    # set for card nodes that a deck expanded into
    deck_id: str | None = None
    # network nodes: per-entry rules (points when a condition on the entry's answers holds)
    entry_points: list[EntryPoints] = field(default_factory=list)
    # network nodes: how the network map draws the answer
    map: MapSettings | None = None

    @property
    def is_question(self) -> bool:
        return self.kind in QUESTION_KINDS

    def option(self, value: str) -> Option | None:
        for opt in self.options:
            if opt.value == value:
                return opt
        return None


@dataclass(slots=True)
class CardOption:
    key: str
    text: str
    considerations: str


@dataclass(slots=True)
class Card:
    id: str
    title: str
    situation: str
    question: str
    options: list[CardOption]
    perspectives: dict[str, str]
    reflection: list[str]
    themes: list[str]
    audiences: list[str]
    sources: list[str]
    pos: Pos
    when: str | None = None
    """A condition on the user's answers for the card's premise to hold (for example only for someone on a
    candidate list); a scan never shows the card when it is false. Trainers and practice show every card."""
    when_pos: Pos | None = None


@dataclass(slots=True)
class Domain:
    id: str
    title: str
    meaning: dict[str, str]
    attention: float
    high: float
    pos: Pos
    labels: dict[str, str] = field(default_factory=dict)
    """The level in words (`levels:` of flows/domains.yaml, shared by every domain): one source for every view."""
    unknown: UnknownRule | None = None
    mark: str | None = None
    """One letter that marks this domain's risk signals on the network map (translatable)."""

    def level(self, score: float) -> str:
        if score >= self.high:
            return "high"
        if score >= self.attention:
            return "attention"
        return "low"


@dataclass(frozen=True, slots=True)
class Step:
    """One step of an advice item; with a condition, it is shown only when the condition holds (so a step
    can take an earlier answer into account, and two steps with opposite conditions are alternatives)."""

    text: str
    condition: str | None = None
    pos: Pos = NOWHERE


GENERIC_STRENGTH = 0  # the default strength of an item that has only a `level` (generic domain advice)
SPECIFIC_STRENGTH = 2  # the default strength of an item with an `if` or `entries` condition (a concrete answer)
MAX_STRENGTH = 3


@dataclass(slots=True)
class Contact:
    """Someone the advice can refer a user to (flows/contacts.yaml): what they are for and how to reach them."""

    id: str
    name: str
    remit: str
    reach: str
    audiences: list[str]
    source: str
    checked: str
    pos: Pos
    url: str | None = None
    # the audience this contact is itself (the mayor is 'burgemeester'): never shown to that audience
    holds: str | None = None


@dataclass(slots=True)
class Advice:
    id: str
    domain: str
    level: str | None
    condition: str | None
    priority: int
    title: str
    why: str
    risks: str
    steps: list[Step]
    contacts: dict[str, list[str]]
    source: str | None
    pos: Pos
    condition_pos: Pos | None = None
    strength: int = GENERIC_STRENGTH
    replaces: list[str] = field(default_factory=list)
    replaces_pos: Pos | None = None
    entries: str | None = None  # a condition on one network entry (`entry`): the item is about those entries
    entries_pos: Pos | None = None

    @property
    def step_texts(self) -> list[str]:
        return [s.text for s in self.steps]
    # where each entry of `contacts` stands, per audience (for `dialoog check`)
    contact_pos: dict[str, list[Pos]] = field(default_factory=dict)


@dataclass(slots=True)
class Module:
    id: str
    title: str
    description: str
    nodes: list[Node]
    path: str
    pos: Pos


@dataclass(slots=True, weakref_slot=True)
class Flow:
    """A runnable conversation: modules in order, with the shared scoring content."""

    id: str
    title: str
    description: str
    modules: list[Module]
    nodes: dict[str, Node]
    start: str
    domains: dict[str, Domain]
    advice: list[Advice]
    cards: dict[str, Card]
    role_audience: dict[str, str]
    content_hash: str
    path: str
    role_question: str = "role"
    topic_names: dict[str, str] = field(default_factory=dict)  # node id -> short topic name (advice "because")
    # flows/contacts.yaml by id; empty for content that names its contacts in words in advice.yaml
    contacts: dict[str, Contact] = field(default_factory=dict)
    starters: Starters | None = None  # flows/starters.yaml: conversation starters per audience

    @property
    def question_ids(self) -> list[str]:
        return [n.id for n in self.nodes.values() if n.is_question]
