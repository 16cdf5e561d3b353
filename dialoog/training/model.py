"""A trainer's session: the deck, the current card, what is revealed, the votes, the timer and the notes.

One `TrainingSession` is the state that the trainer app shows and the live listener feeds; both call
the same small API, and every change is saved at once as the session record (`dialoog.training.records`).

    situation -> options -> chart -> considerations -> perspectives      (reveal_next, one step at a time)

The chart is shown only once it is revealed and the card has at least `min_votes` votes (default 3), so
that no one's vote can be read off a chart of one or two.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dialoog.flow.model import Card
from dialoog.training import records
from dialoog.training.records import CardRecord, SessionRecord

STEPS = ("situation", "options", "chart", "considerations", "perspectives")
MAX_VOTES = 10_000
MIN_VOTES = 3
MINUTES = 5
MAX_NOTES = 10_000

Clock = Callable[[], float]
Listener = Callable[[str], None]
"""Told what changed: "votes", "reveal", "card", "timer", "notes" or "live"."""


def N_(message: str) -> str:
    """Mark a message for translation (the front end translates it: `VoteError.say`)."""
    return message


class VoteError(ValueError):
    """A vote or count that is refused; nothing changed. `message` is an English msgid with `params`."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params

    def say(self, translate: Callable[..., str]) -> str:
        """The message in the user's language (`translate` is `UI._`)."""
        return translate(self.message, **self.params)


class Timer:
    """A countdown for one card, on an injectable clock (seconds, monotonic)."""

    def __init__(self, clock: Clock, minutes: float = MINUTES) -> None:
        self._clock = clock
        self.limit = max(0.0, minutes * 60.0)
        self._spent = 0.0
        self._since: float | None = None

    def preset(self, seconds: float) -> None:
        """Time already spent on the card (a resumed session)."""
        self._spent = max(0.0, float(seconds))

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        if self._since is None:
            self._since = self._clock()

    def pause(self) -> None:
        if self._since is not None:
            self._spent += max(0.0, self._clock() - self._since)
            self._since = None

    def toggle(self) -> None:
        self.pause() if self.running else self.start()

    def adjust(self, minutes: int) -> None:
        """Plus or minus whole minutes on the countdown (never below nothing)."""
        self.limit = max(0.0, self.limit + 60.0 * minutes)

    def elapsed(self) -> float:
        running = max(0.0, self._clock() - self._since) if self._since is not None else 0.0
        return self._spent + running

    def remaining(self) -> float:
        """Seconds left; negative when the time is over."""
        return self.limit - self.elapsed()

    def shown(self) -> str:
        """The countdown as `m:ss`, `-m:ss` once the time is over."""
        left = self.remaining()
        sign = "-" if left < 0 else ""
        whole = int(abs(left) + (0.999 if left >= 0 else 0))  # 4:59.2 shows 5:00 until a full second passed
        return f"{sign}{whole // 60}:{whole % 60:02d}"


@dataclass
class CardState:
    card: Card
    votes: dict[str, int]
    timer: Timer
    step: int = 0
    """The index in STEPS of the last step revealed (0: the situation only)."""
    notes: str = ""
    closed: bool = False
    seen: bool = False
    live: dict[str, int] = field(default_factory=dict)
    """The live tally of participants' devices (`set_live_votes`), counted on top of `votes`."""

    @property
    def keys(self) -> list[str]:
        return [o.key for o in self.card.options]

    @property
    def counts(self) -> dict[str, int]:
        """The votes per option: those given by key or typed, plus the live tally."""
        return {k: self.votes.get(k, 0) + self.live.get(k, 0) for k in self.keys}

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def revealed(self) -> list[str]:
        return list(STEPS[: self.step + 1])

    def shows(self, step: str) -> bool:
        return STEPS.index(step) <= self.step


def _now() -> datetime:
    return datetime.now(UTC)


def new_session_id(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)


class TrainingSession:
    """The state of one dilemma session with a group; saved after every change when `data_dir` is given."""

    def __init__(
        self,
        cards: list[Card],
        lang: str = "nl",
        data_dir: Path | None = None,
        *,
        clock: Clock = time.monotonic,
        now: Callable[[], datetime] = _now,
        min_votes: int = MIN_VOTES,
        minutes: float = MINUTES,
        session_id: str | None = None,
        background: bool = False,
    ) -> None:
        """`background`: save on a thread of its own (a front end's key is not held up by the disk; `flush`
        waits for the last save), else at once in the call that changed something."""
        if not cards:
            raise ValueError("a session needs at least one card")
        self.lang = lang
        self.data_dir = data_dir
        self.clock = clock
        self._now = now
        self.min_votes = max(0, int(min_votes))
        self.minutes = minutes
        started = now()
        self.id = session_id or new_session_id(started)
        self.started = started.isoformat(timespec="seconds")
        self.states = [CardState(c, {o.key: 0 for o in c.options}, Timer(clock, minutes)) for c in cards]
        self.index = 0
        self.states[0].seen = True
        self.live: dict[str, str] | None = None
        self.save_error: str | None = None
        """Why the last save failed (the OS's words), or None."""
        self.saved_to: Path | None = None
        self._listeners: list[Listener] = []
        self._lock = threading.RLock()
        self._saver: _Saver | None = _Saver(self) if background else None
        self._save()

    @classmethod
    def resume(cls, record: SessionRecord, cards: dict[str, Card], data_dir: Path | None, **kw: object
               ) -> TrainingSession:
        """The session of a saved `record` again (its votes, steps, notes, times, current card), saved under
        the same id; cards the content no longer has are left out. Raises ValueError when none is left."""
        known = [c for c in record.cards if c.card in cards]
        if not known:
            raise ValueError("none of the session's cards is in the deck")
        session = cls([cards[c.card] for c in known], record.lang, None, session_id=record.id, **kw)  # type: ignore[arg-type]
        session.started = record.started
        for state, rec in zip(session.states, known, strict=True):
            state.votes.update({k: n for k, n in rec.votes.items() if k in state.votes})
            state.notes = rec.notes
            state.closed = rec.closed
            state.seen = bool(rec.revealed)
            state.step = max((STEPS.index(s) for s in rec.revealed if s in STEPS), default=0)
            state.timer.preset(rec.seconds)
        current = record.cards[record.current].card if 0 <= record.current < len(record.cards) else None
        session.index = next((i for i, c in enumerate(known) if c.card == current), 0)
        session.state.seen = True
        session.live = None  # a new listener gives a new join code
        session.data_dir = data_dir
        session._save()
        return session

    # -- reading -----------------------------------------------------------------------------------------

    @property
    def state(self) -> CardState:
        return self.states[self.index]

    @property
    def card(self) -> Card:
        return self.state.card

    @property
    def cards(self) -> list[Card]:
        return [s.card for s in self.states]

    @property
    def at_first(self) -> bool:
        return self.index == 0

    @property
    def at_last(self) -> bool:
        return self.index == len(self.states) - 1

    def next_step(self) -> str | None:
        """The step that `reveal_next` would reveal, or None when everything is shown."""
        step = self.state.step + 1
        return STEPS[step] if step < len(STEPS) else None

    def chart_visible(self, state: CardState | None = None) -> bool:
        """The chart is revealed and has enough votes to keep every vote anonymous."""
        s = state or self.state
        return s.shows("chart") and s.total >= self.min_votes

    def distribution(self, state: CardState | None = None) -> list[tuple[str, int, float]]:
        """(option key, votes, percentage) per option, in the card's order."""
        s = state or self.state
        counts = s.counts
        total = sum(counts.values())
        return [(k, counts[k], 100.0 * counts[k] / total if total else 0.0) for k in s.keys]

    # -- changing ----------------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(what)` after every change; returns the function that stops it."""
        self._listeners.append(listener)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    def _changed(self, what: str, save: bool = True) -> None:
        if save:
            self._save()
        for listener in list(self._listeners):
            listener(what)

    def reveal_next(self) -> str | None:
        """Reveal the next step of the current card; returns it (None when all is shown)."""
        with self._lock:
            step = self.next_step()
            if step is None:
                return None
            self.state.step += 1
        self._changed("reveal")
        return step

    def conceal(self) -> str | None:
        """Take back the last step revealed (not the situation); returns the step now hidden."""
        with self._lock:
            if self.state.step == 0:
                return None
            hidden = STEPS[self.state.step]
            self.state.step -= 1
        self._changed("reveal")
        return hidden

    def _key(self, key: str) -> str:
        if key not in self.state.keys:
            raise VoteError(N_("There is no option '{key}' on this card (the options are {keys})"),
                            key=key, keys=", ".join(self.state.keys))
        return key

    def key_at(self, number: int) -> str:
        """The option key of the `number`th option (1 for the first); raises VoteError."""
        keys = self.state.keys
        if not 1 <= number <= len(keys):
            raise VoteError(N_("There is no option {number} on this card (it has {n})"), number=number, n=len(keys))
        return keys[number - 1]

    def add_vote(self, key: str, n: int = 1) -> int:
        """Add `n` votes (default one) for option `key` of the current card; returns its new count.
        Raises VoteError (nothing changes) for an unknown key or a count above MAX_VOTES."""
        with self._lock:
            key = self._key(key)
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise VoteError(N_("A number of votes cannot be negative ({value})"), value=n)
            count = self.state.votes.get(key, 0) + n
            if count + self.state.live.get(key, 0) > MAX_VOTES:
                raise VoteError(N_("{value} votes is more than {max}: check the count"), value=count, max=MAX_VOTES)
            self.state.votes[key] = count
        self._changed("votes")
        return count

    def set_votes(self, counts: dict[str, int | str]) -> None:
        """Set the counts of some options at once (typed or from a form); every value is checked before
        anything changes. Raises VoteError."""
        checked = {self._key(k): parse_count(v) for k, v in counts.items()}
        if not checked:
            raise VoteError(N_("Type at least one count"))
        with self._lock:
            self.state.votes.update(checked)
        self._changed("votes")

    def type_counts(self, text: str) -> dict[str, int]:
        """Counts as a trainer types them: one per option in order (`3 5 0 2`) or `b=4, c=1`. Raises
        VoteError (nothing changes); returns what was set."""
        counts = parse_counts(text, self.state.keys)
        self.set_votes(dict(counts))
        return counts

    def set_live_votes(self, tally: dict[str, int], index: int | None = None) -> None:
        """The live tally of the current card (or of card `index`): replaces the previous tally, so that a
        participant who changes a vote is counted once. Unknown keys and bad counts are refused (VoteError)."""
        with self._lock:
            state = self.states[self.index if index is None else index]
            checked: dict[str, int] = {}
            for key, n in tally.items():
                if key not in state.keys:
                    raise VoteError(N_("There is no option '{key}' on this card (the options are {keys})"),
                                    key=key, keys=", ".join(state.keys))
                checked[key] = parse_count(n)
            state.live = checked
        self._changed("votes")

    def clear_votes(self) -> None:
        with self._lock:
            self.state.votes = {k: 0 for k in self.state.keys}
            self.state.live = {}
        self._changed("votes")

    def set_notes(self, text: str) -> None:
        with self._lock:
            self.state.notes = text[:MAX_NOTES]
        self._changed("notes")

    # the timer of the current card
    def toggle_timer(self) -> None:
        with self._lock:
            self.state.timer.toggle()
        self._changed("timer")

    def start_timer(self) -> None:
        with self._lock:
            self.state.timer.start()
        self._changed("timer")

    def pause_timer(self) -> None:
        with self._lock:
            self.state.timer.pause()
        self._changed("timer")

    def adjust_timer(self, minutes: int) -> None:
        with self._lock:
            self.state.timer.adjust(minutes)
        self._changed("timer")

    def go(self, index: int) -> bool:
        """Go to card `index` (the timer of the card left is paused and the card closed); False when there
        is no such card."""
        with self._lock:
            if not 0 <= index < len(self.states) or index == self.index:
                return False
            left = self.state
            left.timer.pause()
            left.closed = True
            self.index = index
            self.state.seen = True
        self._changed("card")
        return True

    def next(self) -> bool:
        return self.go(self.index + 1)

    def previous(self) -> bool:
        return self.go(self.index - 1)

    def set_live(self, join_code: str | None) -> None:
        """Live voting on (with its join code, kept in the record) or off."""
        with self._lock:
            self.live = {"join_code": join_code} if join_code else None
        self._changed("live")

    # -- the record --------------------------------------------------------------------------------------

    def record(self) -> SessionRecord:
        with self._lock:
            return SessionRecord(
                id=self.id,
                started=self.started,
                updated=self._now().isoformat(timespec="seconds"),
                lang=self.lang,
                deck=[s.card.id for s in self.states],
                current=self.index,
                cards=[
                    CardRecord(card=s.card.id, votes=s.counts, seconds=s.timer.elapsed(), notes=s.notes,
                               revealed=s.revealed if s.seen else [], closed=s.closed)
                    for s in self.states
                ],
                live=dict(self.live) if self.live else None,
            )

    def save(self) -> Path | None:
        """Save now (the elapsed times too) and wait for it; returns the file, or None without a data folder
        or on failure."""
        self._save()
        self.flush()
        return self.saved_to if self.save_error is None else None

    def flush(self) -> None:
        """Wait until the last change is on disk (with `background` saving)."""
        if self._saver is not None:
            self._saver.flush()

    def _save(self) -> None:
        if self.data_dir is None:
            return
        if self._saver is not None:
            self._saver.submit(self.record())
        else:
            self._write(self.record())

    def _write(self, record: SessionRecord) -> None:
        if self.data_dir is None:
            return
        try:
            self.saved_to = records.save(record, self.data_dir)
            self.save_error = None
        except OSError as exc:
            self.save_error = exc.strerror or type(exc).__name__


class _Saver:
    """Writes a session's newest record on a thread of its own; a record that a newer one replaced before
    it was written is skipped (each write is whole and atomic, so the file always holds one state)."""

    def __init__(self, session: TrainingSession) -> None:
        self._session = session
        self._pending: SessionRecord | None = None
        self._busy = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="dialoog-train-save", daemon=True)
        self._thread.start()

    def submit(self, record: SessionRecord) -> None:
        with self._cond:
            self._pending = record
            self._cond.notify_all()

    def flush(self) -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout=10)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None)
                record, self._pending = self._pending, None
                self._busy = True
            try:
                if record is not None:
                    self._session._write(record)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


_NUMBER = re.compile(r"^[0-9]+$")
_PAIR = re.compile(r"^\s*([A-Za-z0-9]+)\s*[=:]\s*(\S*)\s*$")


def parse_count(value: int | str) -> int:
    """A count of votes: a whole number from 0 to MAX_VOTES; raises VoteError with the reason."""
    if isinstance(value, bool):
        raise VoteError(N_("'{value}' is not a number of votes: type a whole number such as 3"), value=value)
    if isinstance(value, int):
        n = value
    else:
        text = str(value).strip()
        if re.fullmatch(r"-\s*[0-9]+", text):
            raise VoteError(N_("A number of votes cannot be negative ({value})"), value=text)
        if not _NUMBER.match(text) or len(text) > 12:
            shown = text if len(text) <= 20 else text[:20] + "…"
            raise VoteError(N_("'{value}' is not a number of votes: type a whole number such as 3"), value=shown)
        n = int(text)
    if n < 0:
        raise VoteError(N_("A number of votes cannot be negative ({value})"), value=n)
    if n > MAX_VOTES:
        raise VoteError(N_("{value} votes is more than {max}: check the count"), value=n, max=MAX_VOTES)
    return n


def parse_counts(text: str, keys: list[str]) -> dict[str, int]:
    """`3 5 0 2` (one count per option, in order) or `b=4, c=1` (some options); raises VoteError."""
    parts = [p for p in re.split(r"[,;]|\s+(?![=:])(?<![=:]\s)", text.strip()) if p.strip()]
    if not parts:
        raise VoteError(N_("Type at least one count"))
    pairs = [_PAIR.match(p) for p in parts]
    if all(pairs):
        out: dict[str, int] = {}
        for m in pairs:
            assert m is not None
            key = m.group(1).lower()
            if key.isdigit() and 1 <= int(key) <= len(keys):
                key = keys[int(key) - 1]
            if key not in keys:
                raise VoteError(N_("There is no option '{key}' on this card (the options are {keys})"),
                                key=m.group(1), keys=", ".join(keys))
            out[key] = parse_count(m.group(2))
        return out
    if any(pairs):
        raise VoteError(N_("Type one count per option ({n}), or option=count such as b=4"), n=len(keys))
    counts = [parse_count(p) for p in parts]
    if len(counts) != len(keys):
        raise VoteError(N_("Type one count per option ({n}), or option=count such as b=4"), n=len(keys))
    return dict(zip(keys, counts, strict=True))
