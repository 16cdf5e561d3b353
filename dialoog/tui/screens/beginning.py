"""How a conversation begins on its screen, once start-up (`dialoog.tui.startup`) has done its part.

    the cached first turn (or "loading") -> the prepared session attached -> the offer to continue an
    unfinished session, if there is one -> the first answer (or "continue") opens the store, asking the
    passphrase -> then spares of every answer kind and the compiled flow behind the first question

Keys typed while the store is being opened are held (`dialoog.tui.keyhold`) and reach the passphrase
screen, in order, once it is there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dialoog.tui import lines as L
from dialoog.tui.app import crash_guard
from dialoog.tui.commands import refresh_keys
from dialoog.tui.keyhold import KeyHold
from dialoog.tui.messages import Answered
from dialoog.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from textual import events

    from dialoog.keeping.keeper import Unfinished
    from dialoog.tui.screens.conversation import ConversationScreen
    from dialoog.tui.startup import Prepared


class Beginning:
    """The beginning of the conversation on `screen`."""

    def __init__(self, screen: ConversationScreen) -> None:
        self.screen = screen
        self.offer: Unfinished | None = None
        """An unfinished session found at start-up, offered to continue (until the user chooses)."""
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
        if prepared.unfinished:
            self.offer = prepared.unfinished[0]
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
        """The user answered the offer to continue: `resume`, or begin anew."""
        if choice != "resume":
            self.offer = None
            await self.screen.rebuild()
            return
        self.screen.run_worker(self._resume(), exclusive=True, group="begin")

    @crash_guard
    async def _resume(self) -> None:
        """Open the store (asking the passphrase), then continue the unfinished session."""
        screen = self.screen
        if self.offer is None or screen.session is None:
            return
        session = await screen.start.resume(screen.app, self.offer, screen.session)
        if session is None:
            return
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
