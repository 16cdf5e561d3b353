"""The trainer's session and the live listener kept in step (no Textual): what the trainer reveals is what
participants see, and the participants' tally goes into the session record.

    bridge = LiveBridge(session, server)      # a TrainingSession and a started LiveServer
    bridge.attach()                            # from now on they follow each other
    bridge.open_voting() / close_voting()      # the trainer's keys (voting also follows the reveal steps)
    bridge.detach()                            # before server.stop()

Voting on a card is open once its options are revealed and closes when the trainer reveals the chart or goes
to another card, unless the trainer opened or closed it by hand (for the current card only).

Participants' votes reach the session in batches (`flush_delay`, 50 ms): every vote is counted by the listener
at once (the live panel shows that count), and the record is written at most once per batch, so 300 votes
in a second do not mean 300 writes. Only the distribution is written (`cards[i].votes`, `live.join_code`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from pathlib import Path

from dialoog.live.server import LiveServer
from dialoog.live.state import CardView
from dialoog.training.model import TrainingSession

FLUSH_DELAY = 0.05
MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024


def snapshot_path(data_dir: Path, session_id: str) -> Path:
    """Where the listener of a session keeps what a new listener needs after a restart (`LiveServer.snapshot`)."""
    return data_dir / "training" / "live" / f"{session_id}.json"


def load_snapshot(path: Path) -> object:
    """The snapshot saved at `path`, or None when there is none or it cannot be read."""
    from dialoog.flow.files import read_regular

    try:
        return json.loads(read_regular(path, MAX_SNAPSHOT_BYTES, follow=False))
    except (OSError, ValueError):
        return None


def card_view(session: TrainingSession, translate: Callable[[str], str] = str) -> CardView:
    """The current card as participants see it: the situation, and the options once they are revealed."""
    state = session.state
    card = state.card
    t = translate
    shown = state.shows("options")
    return CardView(
        card_id=card.id,
        title=t(card.title) if card.title else "",
        situation=t(card.situation) if card.situation else "",
        question=t(card.question) if card.question and shown else "",
        options=tuple((o.key, t(o.text) if o.text else o.key.upper()) for o in card.options) if shown else (),
        number=session.index + 1,
        total=len(session.states),
    )


class LiveBridge:
    def __init__(self, session: TrainingSession, server: LiveServer, translate: Callable[[str], str] = str,
                 flush_delay: float | None = None, keep: Path | None = None) -> None:
        """`keep`: a file (`snapshot_path`) where the listener's state is kept after each batch of votes, so a
        restarted trainer app (a reload under `dialoog serve`) goes on with the same code, cookies and votes."""
        self.session = session
        self.server = server
        self.translate = translate
        self.flush_delay = FLUSH_DELAY if flush_delay is None else flush_delay
        self._override: bool | None = None
        self._shown: int | None = None
        self._pending: asyncio.TimerHandle | None = None
        self._stops: list[Callable[[], None]] = []
        self.flushes = 0
        self.keep = keep
        self.keep_error: str | None = None
        self._dirty = False

    # -- what the trainer does -----------------------------------------------------------------------------
    @property
    def voting_open(self) -> bool:
        return self.server.state.open

    def open_voting(self) -> None:
        self._override = True
        self.push()

    def close_voting(self) -> None:
        self._override = False
        self.push()

    def toggle_voting(self) -> None:
        self.close_voting() if self.voting_open else self.open_voting()

    # -- keeping the two in step ---------------------------------------------------------------------------
    def attach(self) -> None:
        self.session.set_live(self.server.join_code)
        self._stops = [self.session.subscribe(self._on_session), self.server.add_listener(self._on_votes)]
        self.push()

    def detach(self, end: bool = False) -> None:
        """Stop following; the last votes are written first. `end`: the session is over, so the kept
        listener state is removed (only the record stays)."""
        for stop in self._stops:
            stop()
        self._stops = []
        self.flush()
        if end and self.keep is not None:
            with contextlib.suppress(OSError):
                self.keep.unlink()

    def _default_open(self) -> bool:
        state = self.session.state
        return state.shows("options") and not state.shows("chart")

    def push(self) -> None:
        """Show participants the session's current card and whether they can vote on it."""
        index = self.session.index
        if self._shown is not None and index != self._shown:
            self.flush()  # the votes of the card left, before its view goes
            self._override = None
        self._shown = index
        open_ = self._default_open() if self._override is None else self._override
        self.server.set_card(card_view(self.session, self.translate), open=open_)

    def _on_session(self, what: str) -> None:
        if what in ("card", "reveal"):
            self.push()

    def _on_votes(self) -> None:
        self._dirty = True
        if self._pending is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.flush()
            return
        self._pending = loop.call_later(self.flush_delay, self.flush)

    def flush(self) -> None:
        """Write the listener's tally of the card on show into the session (and so its record)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        if self._dirty and self.keep is not None:
            self._keep()
        self._dirty = False
        index = self._shown
        if index is None:
            return
        state = self.session.states[index]
        tally = {k: n for k, n in self.server.tally(state.card.id).items() if k in state.keys}
        if tally != state.live and (tally or state.live):
            self.session.set_live_votes(tally, index)
            self.flushes += 1

    def _keep(self) -> None:
        from dialoog.flow.files import write_new

        assert self.keep is not None
        try:
            self.keep.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_new(self.keep, json.dumps(self.server.snapshot()).encode(), mode=0o600)
            self.keep_error = None
        except OSError as exc:
            self.keep_error = exc.strerror or str(exc)
