"""The feedback on a card: the considerations per option, the four perspectives, how groups voted in the
trainer sessions recorded on this machine, and how the user's own choice went each time they met the card."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialoog.practising.deck import CardView
    from dialoog.practising.progress import Meeting

MIN_GROUP_VOTES = 3
"""Fewer votes than this on a card are not shown (as in a trainer's session: votes stay anonymous)."""


@dataclass(frozen=True, slots=True)
class GroupVotes:
    """How groups voted on one card, summed over the trainer sessions on this machine."""

    counts: dict[str, int]
    """Per option key (every option of the card, 0 when nobody chose it)."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def shown(self) -> bool:
        """Enough votes to show them (MIN_GROUP_VOTES)."""
        return self.total >= MIN_GROUP_VOTES

    def percent(self, key: str) -> int:
        total = self.total
        return round(100 * self.counts.get(key, 0) / total) if total else 0


@dataclass(frozen=True, slots=True)
class Feedback:
    card: CardView
    chosen: str
    reflection: str
    groups: GroupVotes
    meetings: tuple[Meeting, ...]
    """Every time the user met the card, the oldest first (this time last)."""

    @property
    def changed(self) -> bool:
        return len({m.choice for m in self.meetings}) > 1


def feedback(card: CardView, meetings: list[Meeting], votes: dict[str, dict[str, int]]) -> Feedback:
    """The feedback on `card` after the user's latest meeting (the last of `meetings`)."""
    mine = votes.get(card.id, {})
    counts = {o.key: max(0, int(mine.get(o.key, 0))) for o in card.options}
    last = meetings[-1] if meetings else None
    return Feedback(card, last.choice if last else "", last.reflection if last else "", GroupVotes(counts),
                    tuple(meetings))


def group_votes(data_dir: str | os.PathLike[str] | None = None) -> dict[str, dict[str, int]]:
    """Votes per card and option, summed over the trainer sessions saved on this machine
    (`dialoog.training.records.group_votes`). Never raises: without them practice goes on."""
    from dialoog.locations import data_dir as resolve
    from dialoog.training.records import group_votes as trainer_votes

    try:
        found: dict[str, dict[str, int]] = trainer_votes(resolve(data_dir))
    except Exception:  # noqa: BLE001 - the votes are extra: practice goes on without them
        return {}
    return found
