"""The transcript as the screen shows it: the engine's entries (`dialoog.engine.transcript`) as lines.

The screen appends lines as the conversation goes; after resuming, switching
language or going back it rebuilds them from the engine's history entries. Every
line has a `tag`: the length of the history when it was added. Going back to a
history of length n removes every line tagged above n.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dialoog.engine.transcript import (
    Entry,
    EntryKind,
    answer_text,
    answered_steps,
    history_entries,
    question_text,
    turn_entries,
)

if TYPE_CHECKING:
    from dialoog.engine import Session, Turn
    from dialoog.engine.turn import CardView
    from dialoog.i18n import UI

BOT, CARD, USER = "bot", "card", "user"

_WHO = {EntryKind.BOT: BOT, EntryKind.FEEDBACK: BOT, EntryKind.CARD: CARD, EntryKind.ANSWER: USER}

__all__ = ["BOT", "CARD", "USER", "Line", "answer_text", "answered_steps", "history_lines", "line", "question_text",
           "turn_lines"]


@dataclass(frozen=True, slots=True)
class Line:
    who: str
    """`bot` (Markdown), `card` (a dilemma card) or `user` (plain text, never markup)."""
    text: str
    tag: int
    step: int | None = None
    """For user lines: the index in `session.history` of the answer shown."""
    card: CardView | None = None


def line(entry: Entry) -> Line:
    """The line that shows one transcript entry."""
    return Line(_WHO[entry.kind], entry.text, entry.tag, step=entry.step, card=entry.card)


def history_lines(session: Session) -> list[Line]:
    """The whole transcript up to (not including) the current turn."""
    return [line(entry) for entry in history_entries(session)]


def turn_lines(turn: Turn, tag: int) -> list[Line]:
    """The lines that present `turn`: the card, or the bot's words (the feedback on a card, in its pause)."""
    return [line(entry) for entry in turn_entries(turn, tag) if entry.text or entry.kind == EntryKind.CARD]


def offer_line(ui: UI) -> Line:
    """The bot's welcome back when the store holds saved sessions (the offer's choices answer it: my scans, or a
    new scan). It is shown before the passphrase is asked: it says nothing about them, not even how many."""
    return Line(BOT, ui._("Welcome back. Your saved scans open with your passphrase."), 0)
