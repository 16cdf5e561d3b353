"""Personal progress with the cards: every time the user met a card (when, the option chosen, the reflection),
and the card they were at. It is personal, so it is kept like the scan's answers: encrypted in the user's store,
as one record (`Store.put_record("practice", "progress", ...)`). Nothing of it is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from dialoog.practising.deck import PracticeDeck, ThemeView

RECORD_KIND = "practice"
RECORD_ID = "progress"
SCHEMA = 1
MAX_REFLECTION = 1000
"""The longest reflection kept (characters); the field takes no more."""
MAX_MEETINGS = 50
"""The meetings kept per card (the oldest go first)."""
OPTION_KEYS = frozenset("abcdefghi")


def visible(text: str) -> str:
    """`text` as typed, shown literally: a control character (an escape sequence's ESC, a bell) becomes its
    visible picture (␛, ␇) instead of acting on the terminal; markup is not markup anywhere it is shown."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\n":
            out.append(ch)
        elif code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif 0x80 <= code < 0xA0 or code in (0x200E, 0x200F) or 0x202A <= code <= 0x202E or \
                0x2066 <= code <= 0x2069:
            out.append("\ufffd")  # C1 controls and bidi overrides: a replacement mark
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Meeting:
    """One time the user met a card."""

    at: str
    """When (ISO 8601, UTC)."""
    choice: str
    """The option key chosen."""
    reflection: str = ""

    @property
    def date(self) -> str:
        return self.at[:10]

    def as_json(self) -> dict[str, str]:
        return {"at": self.at, "choice": self.choice, "reflection": self.reflection}


@dataclass
class Progress:
    """What the user has done with the cards (see the module docstring)."""

    history: dict[str, list[Meeting]] = field(default_factory=dict)
    current: str | None = None
    """The card the user is at (opened, not yet answered): where a new start (a reload in the browser)
    resumes."""

    # -- changing ------------------------------------------------------------------

    def record(self, card_id: str, choice: str, reflection: str = "", at: datetime | None = None) -> Meeting:
        """The user chose `choice` on `card_id` (with an optional reflection, cut to MAX_REFLECTION)."""
        if choice not in OPTION_KEYS:
            raise ValueError(f"not an option key: {choice!r}")
        moment = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
        meeting = Meeting(moment, choice, reflection[:MAX_REFLECTION])
        met = self.history.setdefault(card_id, [])
        met.append(meeting)
        del met[:-MAX_MEETINGS]
        return meeting

    # -- reading ---------------------------------------------------------------------

    @property
    def cards_done(self) -> list[str]:
        """The cards answered at least once, the most recent last."""
        return sorted(self.history, key=lambda c: self.history[c][-1].at)

    def meetings(self, card_id: str) -> list[Meeting]:
        return list(self.history.get(card_id, []))

    def themes_covered(self, deck: PracticeDeck) -> list[ThemeView]:
        """The themes with at least one card done, in the deck's order."""
        done = set(self.history)
        return [t for t in deck.themes if done.intersection(t.cards)]

    def try_next(self, deck: PracticeDeck) -> ThemeView | None:
        """A theme with no card done yet (the first in the deck's order), or None when all are covered."""
        done = set(self.history)
        return next((t for t in deck.themes if not done.intersection(t.cards)), None)

    def changed(self, card_id: str) -> bool:
        """The user's choice on this card was not the same every time."""
        return len({m.choice for m in self.history.get(card_id, [])}) > 1

    # -- the record ----------------------------------------------------------------------

    def as_json(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "current": self.current,
                "history": {c: [m.as_json() for m in met] for c, met in self.history.items()}}

    @classmethod
    def from_json(cls, data: Any) -> Progress:
        """The progress in a record; what does not fit the schema is left out (never raises)."""
        progress = cls()
        if not isinstance(data, dict):
            return progress
        current = data.get("current")
        progress.current = current if isinstance(current, str) else None
        history = data.get("history")
        if not isinstance(history, dict):
            return progress
        for card_id, met in history.items():
            if not isinstance(card_id, str) or not card_id or not isinstance(met, list):
                continue
            kept = [Meeting(str(m["at"]), str(m["choice"]), str(m.get("reflection", ""))[:MAX_REFLECTION])
                    for m in met if isinstance(m, dict) and isinstance(m.get("at"), str)
                    and isinstance(m.get("choice"), str) and m["choice"] in OPTION_KEYS]
            if kept:
                progress.history[card_id] = kept[-MAX_MEETINGS:]
        return progress


class RecordStore(Protocol):
    def put_record(self, kind: str, record_id: str, value: Any) -> None: ...

    def get_record(self, kind: str, record_id: str) -> Any | None: ...


class ProgressBook:
    """The progress, read from and written to the user's (encrypted) store; every change is saved at once."""

    def __init__(self, store: RecordStore) -> None:
        self.store = store
        self.progress = Progress.from_json(store.get_record(RECORD_KIND, RECORD_ID))

    @property
    def persistent(self) -> bool:
        return bool(getattr(self.store, "persistent", False))

    def save(self) -> None:
        self.store.put_record(RECORD_KIND, RECORD_ID, self.progress.as_json())

    def at_card(self, card_id: str | None) -> None:
        """The user is at `card_id` now (None: back at the picker)."""
        if self.progress.current != card_id:
            self.progress.current = card_id
            self.save()

    def answer(self, card_id: str, choice: str, reflection: str = "", at: datetime | None = None) -> Meeting:
        """The user chose on `card_id`: kept at once, and the card is no longer the one to resume."""
        meeting = self.progress.record(card_id, choice, reflection, at)
        if self.progress.current == card_id:
            self.progress.current = None
        self.save()
        return meeting
