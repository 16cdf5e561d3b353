"""The feedback on a card: the considerations per option, the four perspectives, how groups voted in the
trainer sessions recorded on this machine, and how the user's own choice went each time they met the card."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialoog.practising.deck import CardView
    from dialoog.practising.progress import Meeting

MIN_GROUP_VOTES = 3
"""Fewer votes than this on a card are not shown (as in a trainer's session: votes stay anonymous)."""
MAX_SESSION_BYTES = 4 * 1024 * 1024


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
    """Votes per card and option, summed over the trainer sessions saved on this machine. From the trainer's
    records (`dialoog.training.records.group_votes`); without that package, read from the session files of
    schema 1 (`docs/training-record.md`). Never raises: a file that cannot be read counts for nothing."""
    from dialoog.locations import data_dir as resolve

    folder = resolve(data_dir)
    try:
        from dialoog.training.records import group_votes as trainer_votes
    except ImportError:
        return read_sessions(folder / "training" / "sessions")
    try:
        found: dict[str, dict[str, int]] = trainer_votes(folder)
    except Exception:  # noqa: BLE001 - the votes are extra: practice goes on without them
        return {}
    return found


def read_sessions(folder: Path) -> dict[str, dict[str, int]]:
    """The sum of the votes in the session records (schema 1) in `folder`."""
    totals: dict[str, dict[str, int]] = {}
    try:
        files = sorted(p for p in folder.glob("*.json") if p.is_file() and not p.is_symlink())
    except OSError:
        return totals
    for path in files:
        try:
            if path.stat().st_size > MAX_SESSION_BYTES:
                continue
            record: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(record, dict) or record.get("schema") != 1 or not isinstance(record.get("cards"), list):
            continue
        for entry in record["cards"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("card"), str):
                continue
            votes = entry.get("votes")
            if not isinstance(votes, dict):
                continue
            card = totals.setdefault(entry["card"], {})
            for key, n in votes.items():
                if isinstance(key, str) and isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 10_000:
                    card[key] = card.get(key, 0) + n
    return totals
