"""What the user sees and may do at one moment of the conversation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    exclusive: bool = False
    """In a multiple choice: this option goes with no other (e.g. "none of these", "only savings")."""


class _Combinable(Protocol):
    @property
    def value(self) -> str: ...

    @property
    def exclusive(self) -> bool: ...


def cannot_go_with(options: Iterable[_Combinable], value: str) -> list[str]:
    """The values among `options` that cannot be chosen together with `value`, in their order.

    An exclusive option goes with no other option, and no option goes with an exclusive one.
    The one rule for the engine (which refuses such a combination), the automatic player
    (which never makes one) and the answer widget (which unticks what a tick excludes).
    """
    options = list(options)
    own = next((o for o in options if o.value == value), None)
    if own is None:
        return []
    return [o.value for o in options if o.value != value and (own.exclusive or o.exclusive)]


def first_conflict(options: Iterable[_Combinable], chosen: Iterable[str]) -> tuple[str, list[str]] | None:
    """A chosen value that cannot go with some other chosen values, and those others; None if all go together.

    An exclusive option is named first (the options' order otherwise), as "'None of these' cannot be
    combined with 'Shares'" says what is wrong better than the other way round.
    """
    options = list(options)
    picked = set(chosen)
    for option in sorted(options, key=lambda o: not o.exclusive):
        if option.value in picked:
            others = [v for v in cannot_go_with(options, option.value) if v in picked]
            if others:
                return option.value, others
    return None


@dataclass(frozen=True, slots=True)
class CardView:
    id: str
    title: str
    situation: str
    question: str
    options: tuple[Choice, ...]
    themes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Progress:
    module_id: str
    module_title: str
    module_index: int  # 1-based
    module_count: int
    step: int  # 1-based position of this node in its module
    steps: int
    done: int  # steps done so far: answers, follow-up answers, going on after a message
    total: int  # done + what is still to come along the routes the answers so far select
    card: int = 0  # on a dilemma card (or the pause after it): its position among the module's cards shown
    cards: int = 0  # the cards the module shows (0: not on a card)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class Turn:
    """The bot's words and the input it expects.

    `kind` is the node kind, or the follow-up's kind while a network entry's
    follow-up questions are asked (then `entry` names the entry).
    """

    node: str
    kind: str
    text: str
    progress: Progress
    options: tuple[Choice, ...] = ()
    min: int = 0
    max: int = 0
    labels: dict[str, str] = field(default_factory=dict)
    max_length: int = 0
    placeholder: str = ""
    why: str | None = None
    source: str | None = None
    can_decline: bool = False
    can_skip: bool = False
    can_back: bool = False
    card: CardView | None = None
    categories: tuple[Choice, ...] = ()
    suggest: str = ""
    entry: str | None = None
    entry_index: int = 0
    entry_count: int = 0
    followup: str | None = None
    previous: Any = None
    finished: bool = False
    pause: bool = False
    """The pause after a dilemma card: `text` is the feedback on it (`node` the card); going on needs no answer."""

    @property
    def expects_answer(self) -> bool:
        return self.kind not in ("message", "end")
