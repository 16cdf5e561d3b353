"""The conversation: the transcript, the answer area for the current question, progress.

Every user action goes to the engine first (`answer`, `decline`, `skip`, `back`,
`revise`); if the engine refuses, its message is shown and nothing changes. If
it accepts, the keeper saves the session at once, then the transcript and the
answer area follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from dialoog.engine import AnswerError
from dialoog.tui import lines as L
from dialoog.tui.commands import refresh_keys
from dialoog.tui.messages import Answered, Declined, Notice, ReviseStep, Skipped
from dialoog.tui.text import N_, plain
from dialoog.tui.widgets.answers import answer_widget
from dialoog.tui.widgets.answers.base import AnswerWidget
from dialoog.tui.widgets.keybar import KeyBar
from dialoog.tui.widgets.progress import ProgressLine
from dialoog.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from dialoog.engine import Session, Turn
    from dialoog.i18n import UI
    from dialoog.tui.keeper import Keeper


class ConversationScreen(Screen[None]):
    """One question at a time, with everything said so far above it."""

    AUTO_FOCUS = None  # the answer widget is focused when a question appears
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "why", N_("Why?")),
        Binding("f2", "back", N_("Back")),
        Binding("f3", "revise", N_("Change")),
        Binding("f4", "decline", N_("Rather not")),
        Binding("f5", "skip", N_("Skip")),
        Binding("f9", "app.switch_language", "Language"),
        Binding("ctrl+q", "app.quit_saved", N_("Quit")),
        Binding("shift+up,ctrl+up", "scroll_transcript(-1)", N_("Scroll up"), show=False),
        Binding("shift+down,ctrl+down", "scroll_transcript(1)", N_("Scroll down"), show=False),
    ]

    DEFAULT_CSS = """
    ConversationScreen #answer-area {
        height: auto; max-height: 65%; border-top: solid $primary; padding: 0 1;
        border-title-color: $text-muted; border-title-align: left;
    }
    ConversationScreen #about { height: auto; text-style: bold; display: none; }
    ConversationScreen #about.-shown { display: block; }
    ConversationScreen #status { height: auto; display: none; }
    ConversationScreen #status.-shown { display: block; }
    ConversationScreen #status.-error { color: $text-error; text-style: bold; }
    ConversationScreen #slot { height: auto; max-height: 100%; }
    """

    def __init__(self, session: Session, keeper: Keeper) -> None:
        super().__init__()
        self.session = session
        self.keeper = keeper
        self.turn: Turn = session.turn()
        self.busy = False

    @property
    def ui(self) -> UI:
        return self.session.ui

    def compose(self) -> ComposeResult:
        yield ProgressLine()
        yield Transcript()
        with Vertical(id="answer-area"):
            yield Static(id="about", markup=False)
            yield Static(id="status", markup=False)
            yield Vertical(id="slot")
        yield KeyBar()

    async def on_mount(self) -> None:
        from dialoog.tui.commands import localise

        localise(self)
        await self.rebuild()
        self.set_timer(0.05, self._warm_up)

    def _warm_up(self) -> None:
        from dialoog.tui.widgets.answers import warm_up

        warm_up(self.app)

    # -- showing ---------------------------------------------------------------

    async def rebuild(self, draft: Any = None) -> None:
        """Show the whole transcript again (after resuming or switching language)."""
        transcript = self.query_one(Transcript)
        await transcript.clear()
        lines = L.history_lines(self.session)
        lines += L.turn_lines(self.turn, len(self.session.history), intro=False)
        await self.present(lines, draft)

    async def show_turn(self, turn: Turn, announce: bool = True, before: list[L.Line] | None = None) -> None:
        """Show `turn`: `before` (the user's answer) and, if `announce`, the bot's words; then its answer widget."""
        self.turn = turn
        lines = list(before or [])
        if announce:
            lines += L.turn_lines(turn, len(self.session.history))
        await self.present(lines)

    async def present(self, lines: list[L.Line], draft: Any = None) -> None:
        """Add `lines` to the transcript and put the current turn's answer widget in place, in one go."""
        turn = self.turn
        ui = self.ui
        with self.app.batch_update():
            about = self.query_one("#about", Static)
            if turn.entry is not None:
                about.update(plain(ui._("About {name} ({i} of {n})", name=turn.entry, i=turn.entry_index + 1,
                                        n=turn.entry_count)))
            about.set_class(turn.entry is not None, "-shown")
            self.set_status("")
            slot = self.query_one("#slot", Vertical)
            old = list(slot.children)
            current = old[0] if len(old) == 1 and isinstance(old[0], AnswerWidget) else None
            widget = answer_widget(turn, ui, draft, reuse=current)
            adding = self.query_one(Transcript).add_lines(lines)
            if widget is current:
                removing = mounting = None
            else:
                removing = slot.remove_children(old) if old else None
                mounting = slot.mount(widget)
            self.query_one("#answer-area").border_title = Content(widget.hint())
            self.query_one(ProgressLine).show(turn.progress, ui, self.keeper.persistent)
        for pending in (adding, removing, mounting):
            if pending is not None:
                await pending
        widget.focus_target().focus()
        refresh_keys(self)
        hook = getattr(self.app, "turn_shown", None)
        if hook is not None:
            self.call_after_refresh(hook)

    def set_status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(Content(("⚠ " if error and text else "") + text))
        status.set_class(bool(text), "-shown")
        status.set_class(error, "-error")

    def current_widget(self) -> AnswerWidget | None:
        return next(iter(self.query_one("#slot").query(AnswerWidget)), None)

    def refocus(self) -> None:
        widget = self.current_widget()
        if widget is not None:
            widget.focus_target().focus()

    # -- acting on the engine --------------------------------------------------

    async def _step(self, act: Any) -> None:
        """Do one engine operation; on success save at once and show what follows."""
        if self.busy:
            return
        self.busy = True
        try:
            before = len(self.session.history)
            try:
                turn = act()
            except AnswerError as exc:
                self.set_status(exc.message, error=True)
                self.refocus()
                return
            self.keeper.save(self.session)
            history = self.session.history
            if len(history) > before:
                user = L.user_line(self.session, len(history) - 1)
                await self.show_turn(turn, before=[user] if user is not None else [])
            else:
                await self.query_one(Transcript).truncate(len(history))
                await self.show_turn(turn, announce=False)
        finally:
            self.busy = False

    async def on_answered(self, message: Answered) -> None:
        message.stop()
        if self.turn.kind == "end" or self.session.finished:
            await self.action_summary()
            return
        await self._step(lambda: self.session.answer(message.value))

    async def on_declined(self, message: Declined) -> None:
        message.stop()
        await self.action_decline()

    async def on_skipped(self, message: Skipped) -> None:
        message.stop()
        await self.action_skip()

    def on_notice(self, message: Notice) -> None:
        message.stop()
        self.set_status(message.text, message.error)

    async def on_revise_step(self, message: ReviseStep) -> None:
        message.stop()
        await self.revise(message.step)

    # -- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        turn = self.turn
        if action == "why":
            return bool(turn.why or turn.source)
        if action == "back":
            return turn.can_back
        if action == "revise":
            return bool(L.answered_steps(self.session))
        if action == "decline":
            return turn.can_decline and not turn.finished
        if action == "skip":
            return turn.can_skip and not turn.finished
        if action == "summary":
            return self.session.finished
        return True

    async def action_decline(self) -> None:
        if self.turn.can_decline:
            await self._step(self.session.decline)

    async def action_skip(self) -> None:
        if self.turn.can_skip:
            await self._step(self.session.skip)

    async def action_back(self) -> None:
        await self._step(self.session.back)

    def action_why(self) -> None:
        from dialoog.tui.screens.why import WhyScreen

        if self.turn.why or self.turn.source:
            self.app.push_screen(WhyScreen(self.turn.why or "", self.turn.source or "", self.ui))

    def action_revise(self) -> None:
        from dialoog.tui.screens.revise import ReviseScreen

        steps = L.answered_steps(self.session)
        if not steps:
            return

        async def chosen(step: int | None) -> None:
            if step is not None:
                await self.revise(step)

        self.app.push_screen(ReviseScreen(self.session, steps), chosen)

    async def revise(self, step: int) -> None:
        """Go back to the question answered at history step `step`; later answers become drafts."""
        session = self.session
        if not 0 <= step < len(session.history):
            return
        target = session.history[step]

        def go_back() -> Turn:
            if target.entry is None and target.followup is None:
                return session.revise(target.node)
            turn = session.turn()
            while len(session.history) > step:
                turn = session.back()
            return turn

        await self._step(go_back)

    def action_scroll_transcript(self, direction: int) -> None:
        transcript = self.query_one(Transcript)
        transcript.scroll_relative(y=direction * max(1, transcript.size.height // 2), animate=False)

    async def action_summary(self) -> None:
        from dialoog.tui.screens.summary import SummaryScreen

        if self.session.finished:
            await self.app.push_screen(SummaryScreen(self.session))

    async def relabel(self) -> None:
        """The language changed: show everything again in the new language, keeping the draft."""
        widget = self.current_widget()
        draft = widget.draft() if widget is not None else None
        self.turn = self.session.turn()
        await self.rebuild(draft)
