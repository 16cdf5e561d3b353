"""How a conversation begins on its screen, once start-up (`dialoog.tui.startup`) has done its part.

    the cached first turn (or "loading") -> the prepared session attached -> "welcome back" when the store
    holds saved sessions (nothing more about them: they are sealed) -> "my scans" opens the store, asking the
    passphrase, and lists them (`dialoog.tui.screens.scans`): continue one, open a finished one at its
    summary, or begin a new scan; or the first answer opens the store -> a repeat scan first reviews the
    previous scan's commitments -> then spares of every answer kind and the compiled flow behind the first
    question

Keys typed while the store is being opened are held (`dialoog.tui.keyhold`) and reach the passphrase
screen, in order, once it is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dialoog.tui import lines as L
from dialoog.tui.app import crash_guard
from dialoog.tui.commands import refresh_keys
from dialoog.tui.keyhold import KeyHold
from dialoog.tui.messages import Answered
from dialoog.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from textual import events

    from dialoog.engine import Session
    from dialoog.keeping.scans import ScanRow
    from dialoog.tui.screens.conversation import ConversationScreen
    from dialoog.tui.startup import Prepared


@dataclass(frozen=True, slots=True)
class Offer:
    """The offer shown before the passphrase when the store holds saved sessions: my scans, or a new scan. It
    knows nothing about them (the listed values are read only after the passphrase, on the list itself)."""

    unfinished: bool = False
    """There is an unfinished session of this flow (not shown: the list says which)."""


class Beginning:
    """The beginning of the conversation on `screen`."""

    def __init__(self, screen: ConversationScreen) -> None:
        self.screen = screen
        self.offer: Offer | None = None
        """Saved sessions were found at start-up: my scans are offered (until the user chooses)."""
        self.held = KeyHold()
        """Keys typed while the store is being opened, for the passphrase screen."""
        self._finishing = False

    async def show_pending(self) -> None:
        """Before the session exists: the cached first turn, or a line saying the questions are loading."""
        screen = self.screen
        if screen.turn is not None:
            await screen.present(L.turn_lines(screen.turn, 0))
            return
        screen.query_one(Transcript).add_lines(
            [L.Line(L.BOT, screen.ui._("One moment: the questions are being loaded…"), 0)])

    async def when_prepared(self) -> None:
        """When the start-up thread is done, take the session it made."""
        prepared = await self.screen.start.wait_prepared()
        if self.screen.session is None and prepared.session is not None:
            await self.attach(prepared)

    @crash_guard
    async def attach(self, prepared: Prepared) -> None:
        """Take the session made at start-up; offer to resume an unfinished one if there is one."""
        screen, start = self.screen, self.screen.start
        if screen.session is not None or prepared.session is None:
            return
        session = prepared.session
        if session.lang != start.lang:
            session.set_language(start.lang)
        shown = screen.turn
        screen.session = session
        screen.turn = session.turn()
        if prepared.saved or prepared.unfinished:
            self.offer = Offer(bool(prepared.unfinished))
            await screen.rebuild()
        elif shown != screen.turn or not screen.area.current():
            await screen.rebuild()
        else:
            refresh_keys(screen)
        if start.begin_at is not None:
            screen.area.set_status(screen.ui._("A try-out (--from): nothing is saved, and it is no scan of yours."),
                                   error=True)
        elif start.use_store and prepared.store == "missing":
            screen.area.set_status(screen.ui._("Your answers are not being saved: they are gone when you quit."),
                                   error=True)
        screen.call_after_refresh(self.finish_start_up)

    async def finish_start_up(self) -> None:
        """While the user reads the first question, get ready for the rest, so no later turn has to: mount
        a hidden answer widget of each kind, and compile the flow's conditions and templates (on a thread).
        If the user has answered already, this waits until that answer is shown, so it does not make them wait."""
        screen = self.screen
        if screen.busy or any(w.group == "begin" and w.is_running for w in screen.app.workers):
            screen.set_timer(0.1, self.finish_start_up)
            return
        if self._finishing or screen.session is None:
            return
        self._finishing = True
        await screen.area.mount_spares(screen.ui)
        screen.run_worker(screen.start.warm_up(screen.session), group="start-up")

    async def resume_chosen(self, choice: str) -> None:
        """The user answered the offer: `resume` (my scans), or begin a new scan."""
        if choice != "resume":
            self.offer = None
            await self.screen.rebuild()
            return
        self.screen.run_worker(self._scans(), exclusive=True, group="begin")

    @crash_guard
    async def _scans(self) -> None:
        """Open the store (asking the passphrase), then list the saved scans; continue the one chosen, or begin
        a new scan (a finished one is opened at its summary from the list itself)."""
        from dialoog.tui.screens.scans import ScansScreen

        screen = self.screen
        if self.offer is None or screen.session is None:
            return
        start = screen.start
        keeper = await start.obtain_keeper(screen.app)
        if keeper is None:
            return
        fresh = screen.session
        choice = await screen.app.push_screen_wait(ScansScreen(start, fresh, self.opened))
        if choice is None:
            return  # the user quit
        what, item = choice
        if what == "continue" and item is not None:
            await self._continue(item, fresh)
        elif what == "resumed" and item is not None:
            await self.show(item)
        else:
            await self.begin_new(fresh)

    async def _continue(self, row: ScanRow, fresh: Session) -> None:
        from dialoog.keeping.keeper import Unfinished

        screen = self.screen
        session = await screen.start.resume(screen.app, Unfinished(row.id, row.flow, ""), fresh)
        if session is None:
            return
        await self.show(session)

    async def begin_new(self, fresh: Session) -> None:
        """A new scan, kept from now on (the store is open): a repeat scan reviews the previous agenda first."""
        from dialoog.engine import Session

        screen = self.screen
        session = fresh
        if session.finished or session.history or screen.start.session is session:
            session = Session(fresh.flow, screen.start.lang, screen.start.root)
        screen.keeper = await screen.start.begin(screen.app, session)
        await self.show(session)

    async def show(self, session: Session) -> None:
        screen = self.screen
        screen.keeper, screen.session, self.offer = screen.start.keeper, session, None
        screen.turn = session.turn()
        await screen.rebuild()

    async def opened(self, session: Session) -> None:
        """A finished scan was opened at its summary from the list: the conversation behind it holds it too."""
        screen = self.screen
        screen.keeper, screen.session, self.offer = screen.start.keeper, session, None
        screen.turn = session.turn()
        await screen.rebuild()

    def first_answer(self, value: Any) -> None:
        """An answer before the session is kept: open the store first (in a worker), then give it."""
        if not self.screen.busy:
            self.held.start()  # keys typed while the store is opened wait for the passphrase screen
            self.screen.run_worker(self._start_then(value), exclusive=True, group="begin")

    async def _start_then(self, value: Any) -> None:
        screen = self.screen
        prepared = await screen.start.wait_prepared()
        if screen.session is None:
            await self.attach(prepared)
        try:
            if screen.session is not None:
                screen.keeper = await screen.start.begin(screen.app, screen.session)
        finally:
            self.held.release(screen.app)
        if screen.keeper is not None and screen.session is not None:  # None: the user quit
            await screen.on_answered(Answered(value))

    def key(self, event: events.Key) -> None:
        """A key that reached the conversation: held while the store is being opened."""
        self.held.take(event)

    def covered(self) -> None:
        """Another screen (the passphrase screen) is over the conversation: held keys, and keys still
        coming, go to it."""
        self.held.pass_on(self.screen.app)

    def uncovered(self) -> None:
        self.held.stop()
