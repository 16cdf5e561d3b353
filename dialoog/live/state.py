"""What a live session knows: the card on show, whether voting is open, and the last vote of each device.

Pure Python (no aiohttp, no Textual), so the trainer's model, the listener and the tests share it. It keeps
no IP address and no name: a device is a random id from its cookie, and only the counts per option leave
this object (`tally`), which is what the session record stores.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from dialoog.live.limits import DEFAULT_MAX_PARTICIPANTS


@dataclass(frozen=True, slots=True)
class CardView:
    """The current card as participants see it, already in the session's language.

    `options` is empty until the trainer reveals the options; participants see the situation first.
    """

    card_id: str
    title: str
    situation: str
    question: str = ""
    options: tuple[tuple[str, str], ...] = ()
    number: int = 0
    total: int = 0

    def has_option(self, key: str) -> bool:
        return any(k == key for k, _ in self.options)


class Vote(enum.Enum):
    """The outcome of a vote: counted, changed, or why it was refused."""

    COUNTED = "counted"
    CHANGED = "changed"
    CLOSED = "closed"
    STALE = "stale"
    NO_OPTION = "no_option"


class Join(enum.Enum):
    """Whether a device may take part."""

    KNOWN = "known"
    NEW = "new"
    FULL = "full"


@dataclass(slots=True)
class LiveState:
    join_code: str
    max_participants: int = DEFAULT_MAX_PARTICIPANTS
    view: CardView | None = None
    open: bool = False
    devices: set[str] = field(default_factory=set)
    votes: dict[str, dict[str, str]] = field(default_factory=dict)
    listeners: list[Callable[[], None]] = field(default_factory=list)

    # -- participants ------------------------------------------------------------------------------------
    def join(self, device: str) -> Join:
        """Register a device the first time it is seen; refused once the session is full."""
        if device in self.devices:
            return Join.KNOWN
        if len(self.devices) >= self.max_participants:
            return Join.FULL
        self.devices.add(device)
        self._changed()
        return Join.NEW

    @property
    def participants(self) -> int:
        return len(self.devices)

    # -- the card ------------------------------------------------------------------------------------------
    def set_card(self, view: CardView | None, open: bool) -> None:
        """Show `view` (None: nothing to show, participants wait) with voting open or closed."""
        self.view = view
        self.open = bool(open and view is not None and view.options)
        self._changed()

    def close_voting(self) -> None:
        self.open = False
        self._changed()

    def vote(self, device: str, card_id: str, key: str) -> Vote:
        """Count `device`'s vote for option `key` of the card `card_id` (the last vote of a device counts)."""
        view = self.view
        if view is None or card_id != view.card_id:
            return Vote.STALE
        if not self.open:
            return Vote.CLOSED
        if not view.has_option(key):
            return Vote.NO_OPTION
        if device not in self.devices:
            return Vote.STALE  # only a device that joined votes (the listener joins it first)
        card_votes = self.votes.setdefault(card_id, {})
        before = card_votes.get(device)
        card_votes[device] = key
        if before != key:
            self._changed()
        return Vote.COUNTED if before is None else Vote.CHANGED

    def vote_of(self, device: str, card_id: str | None = None) -> str | None:
        card = card_id or (self.view.card_id if self.view else None)
        return self.votes.get(card, {}).get(device) if card else None

    def tally(self, card_id: str | None = None) -> dict[str, int]:
        """Votes per option of the card (the current one by default), every option listed, 0 included."""
        card = card_id or (self.view.card_id if self.view else None)
        if card is None:
            return {}
        counts = Counter(self.votes.get(card, {}).values())
        keys = [k for k, _ in self.view.options] if self.view and self.view.card_id == card else []
        out = {k: counts.get(k, 0) for k in keys}
        for k, n in sorted(counts.items()):
            out.setdefault(k, n)
        return out

    def votes_cast(self, card_id: str | None = None) -> int:
        card = card_id or (self.view.card_id if self.view else None)
        return len(self.votes.get(card, {})) if card else 0

    # -- listeners -----------------------------------------------------------------------------------------
    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener()
