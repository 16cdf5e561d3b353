"""The conversation: the transcript, the answer area for the current question, progress.

It is the first screen. Until the start-up thread has made the session it shows
the flow's first turn from the start-up cache (or a line saying the questions are
being loaded); then the session is attached, and if an unfinished session was
found, it offers to continue that one. The first answer (or resuming) opens the
store, asking the passphrase, before anything is saved.

Every user action goes to the engine first (`answer`, `decline`, `skip`, `back`,
`revise`); if the engine refuses, its message is shown and nothing changes. If
it accepts, the keeper saves the session at once, then the transcript and the
answer area follow.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from dialoog.engine import AnswerError
from dialoog.tui import lines as L
from dialoog.tui.commands import refresh_keys
from dialoog.tui.keyhold import KeyHold
from dialoog.tui.messages import Answered, Declined, Notice, ResumeChosen, ReviseStep, Skipped
from dialoog.tui.text import N_, plain
from dialoog.tui.widgets.answers import answer_class, answer_widget
from dialoog.tui.widgets.answers.base import AnswerWidget
from dialoog.tui.widgets.keybar import KeyBar
from dialoog.tui.widgets.progress import ProgressLine
from dialoog.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from dialoog.engine import Session, Turn
    from dialoog.i18n import UI
    from dialoog.keeping.keeper import Keeper, Unfinished
    from dialoog.tui.startup import Prepared, StartUp


class ConversationScreen(Screen[None]):
    """One question at a time, with everything said so far above it."""

    AUTO_FOCUS = None  # the answer widget is focused when a question appears
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "why", N_("Why?")),
        Binding("f2", "back", N_("Back")),
        Binding("f3", "revise", N_("Change")),
        Binding("f4", "decline", N_("Rather not")),
        Binding("f5", "skip", N_("Skip")),
        # before the focused widget: the options of a question would take PageUp/PageDown for themselves
        Binding("pageup", "scroll_transcript(-1)", N_("Scroll"), key_display="PgUp/PgDn", priority=True),
        Binding("pagedown", "scroll_transcript(1)", N_("Scroll down"), show=False, priority=True),
        Binding("f9", "app.switch_language", "Language"),
        Binding("ctrl+q", "app.quit_saved", N_("Quit")),
        Binding("shift+up,ctrl+up", "scroll_transcript(-1)", N_("Scroll up"), show=False),
        Binding("shift+down,ctrl+down", "scroll_transcript(1)", N_("Scroll down"), show=False),
        Binding("escape", "cancel_change", N_("Cancel")),
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
    ConversationScreen #answer-area > .answer { height: auto; max-height: 100%; }
    """

    def __init__(self, start: StartUp, first: Turn | None = None) -> None:
        super().__init__()
        self.start = start
        """Start-up: the session it prepares, the keeper it opens."""
        self.session: Session | None = None
        self.keeper: Keeper | None = start.keeper
        self.turn: Turn | None = first
        self.started = False
        """Whether the keeper keeps this session (it was started or resumed)."""
        self.offer: Unfinished | None = None
        self.busy = False
        self._status = ("", False)
        self._finishing = False
        self.changing: str | None = None
        """While an earlier answer is being changed: the key of that answer (see dialoog.engine.change)."""
        self.held = KeyHold()
        """Keys typed while the store is being opened, for the passphrase screen (see dialoog.tui.keyhold)."""

    @property
    def ui(self) -> UI:
        return self.session.ui if self.session is not None else self.start.ui

    def compose(self) -> ComposeResult:
        yield ProgressLine()
        yield Transcript()
        with Vertical(id="answer-area"):
            yield Static(id="about", markup=False)
            yield Static(id="status", markup=False)
        yield KeyBar()

    async def on_mount(self) -> None:
        from dialoog.tui.commands import localise

        localise(self)
        await self.show_pending()
        self.run_worker(self._when_prepared(), group="start-up")

    # -- start: pending, attached, resume offer ---------------------------------

    async def show_pending(self) -> None:
        """Before the session exists: the cached first turn, or a line saying the questions are loading."""
        if self.turn is not None:
            await self.present(L.turn_lines(self.turn, 0))
            return
        self.query_one(Transcript).add_lines(
            [L.Line(L.BOT, self.ui._("One moment: the questions are being loaded…"), 0)])

    async def _when_prepared(self) -> None:
        """When the start-up thread is done, take the session it made."""
        prepared = await self.start.wait_prepared()
        if self.session is None and prepared.session is not None:
            await self.attach(prepared)

    async def attach(self, prepared: Prepared) -> None:
        """Take the session made at start-up; offer to resume an unfinished one if there is one."""
        if self.session is not None or prepared.session is None:
            return
        session = prepared.session
        if session.lang != self.start.lang:
            session.set_language(self.start.lang)
        shown = self.turn
        self.session = session
        self.turn = session.turn()
        if prepared.unfinished:
            self.offer = prepared.unfinished[0]
            await self.rebuild()
        elif shown != self.turn or not self.current_widget():
            await self.rebuild()
        else:
            refresh_keys(self)
        if self.start.use_store and prepared.store == "missing":
            self.set_status(self.ui._("Your answers are not being saved: they are gone when you quit."), error=True)
        self.call_after_refresh(self._finish_start_up)

    async def _finish_start_up(self) -> None:
        """While the user reads the first question, get ready for the rest, so no later turn has to: mount
        a hidden answer widget of each kind that is reloaded for its questions, and compile the flow's
        conditions and templates (on a thread). If the user has answered already, this waits until that
        answer is shown, so it does not make them wait."""
        from dialoog.tui.widgets.answers import spare_widgets

        if self.busy or any(w.group == "begin" and w.is_running for w in self.app.workers):
            self.set_timer(0.1, self._finish_start_up)
            return
        if self._finishing or self.session is None:
            return
        self._finishing = True
        spares = spare_widgets(self.ui, {type(w) for w in self.answer_widgets()})
        for spare in spares:
            spare.display = False
            spare.add_class("answer")
        if spares:
            await self.query_one("#answer-area").mount_all(spares)
        self.run_worker(self._warm_up_engine(), group="start-up")

    async def _warm_up_engine(self) -> None:
        import asyncio

        session = self.session
        if session is not None:
            # on a thread, so the user can answer meanwhile; not a thread worker that reports back with
            # call_from_thread, which would wait forever if the user quits first
            with suppress(Exception):  # best effort: what is not compiled now is compiled when it is used
                await asyncio.to_thread(session.warm_up)
        self.start.over()

    def _offer_line(self) -> L.Line | None:
        if self.offer is None:
            return None
        return L.Line(L.BOT, self.ui.ngettext(
            "You have an unfinished session ({n} answer given). Continue where you were?",
            "You have an unfinished session ({n} answers given). Continue where you were?",
            self.offer.answered,
        ), 0)

    async def on_resume_chosen(self, message: ResumeChosen) -> None:
        message.stop()
        if message.choice != "resume":
            self.offer = None
            await self.rebuild()
            return
        self.run_worker(self._resume(), exclusive=True, group="begin")

    async def _resume(self) -> None:
        """Open the store (asking the passphrase), then continue the unfinished session."""
        import asyncio

        from dialoog.engine import Session

        offer = self.offer
        keeper = await self.start.obtain_keeper(self.app)
        if keeper is None or offer is None or self.session is None:
            return
        self.keeper = keeper
        try:
            state = await asyncio.to_thread(keeper.resume, offer.id)
            session = Session.from_dict(self.session.flow, state, self.start.root, lang=self.start.lang)
        except Exception as exc:  # noqa: BLE001 - StaleSession, TamperedData: say so, start afresh
            detail = getattr(exc, "message", None) or str(exc)
            self.notify(self.start.ui._("Your earlier session could not be opened, so a new one begins.")
                        + f"\n{detail}", markup=False, severity="warning", timeout=15)
            session = self.session
            keeper.start(session)
        self.session = session
        self.started = True
        self.offer = None
        self.start.kept(self.app, session)
        self.turn = session.turn()
        await self.rebuild()

    async def _start(self) -> bool:
        """Before the first answer: wait for the session, open the store. False: not now (quit, or no flow)."""
        prepared = await self.start.wait_prepared()
        if self.session is None:
            await self.attach(prepared)
        if self.session is None:
            return False
        keeper = await self.start.obtain_keeper(self.app)
        if keeper is None:
            return False
        self.keeper = keeper
        if not self.started:
            keeper.start(self.session)
            self.started = True
            self.start.kept(self.app, self.session)
        return True

    async def _start_then(self, value: Any) -> None:
        try:
            started = await self._start()
        finally:
            self.held.release(self.app)
        if started:
            await self.on_answered(Answered(value))

    def on_key(self, event: events.Key) -> None:
        self.held.take(event)

    def on_screen_suspend(self) -> None:
        self.held.pass_on(self.app)  # the passphrase screen is there: the keys held (and still coming) go to it

    def on_screen_resume(self) -> None:
        self.held.stop()

    # -- showing ---------------------------------------------------------------

    async def rebuild(self, draft: Any = None) -> None:
        """Show the whole transcript again (after resuming or switching language)."""
        transcript = self.query_one(Transcript)
        transcript.clear()
        assert self.session is not None and self.turn is not None
        lines = L.history_lines(self.session)
        lines += L.turn_lines(self.turn, len(self.session.history))
        offer = self._offer_line()
        if offer is not None:
            lines.append(offer)
        await self.present(lines, draft)

    async def show_turn(self, turn: Turn, announce: bool = True, before: list[L.Line] | None = None) -> None:
        """Show `turn`: `before` (the user's answer) and, if `announce`, the bot's words; then its answer widget."""
        self.turn = turn
        lines = list(before or [])
        if announce and self.session is not None:
            lines += L.turn_lines(turn, len(self.session.history))
        await self.present(lines)

    async def present(self, lines: list[L.Line], draft: Any = None) -> None:
        """Add `lines` to the transcript and put the current turn's answer widget in place, in one go."""
        turn = self.turn
        assert turn is not None
        ui = self.ui
        with self.app.batch_update():
            about = self.query_one("#about", Static)
            if turn.entry is not None:
                about.update(plain(ui._("About {name} ({i} of {n})", name=turn.entry, i=turn.entry_index + 1,
                                        n=turn.entry_count)))
            about.set_class(turn.entry is not None, "-shown")
            self.set_status("")
            area = self.query_one("#answer-area")
            kept = self.answer_widgets()
            widget: Any
            if self.offer is not None:
                from dialoog.tui.widgets.answers.resume import ResumeAnswer

                widget = ResumeAnswer(ui)
            else:
                cls = answer_class(turn)
                same = next((w for w in kept if type(w) is cls), None)
                widget = answer_widget(turn, ui, draft, reuse=same)
            self.query_one(Transcript).add_lines(lines)
            # One answer widget of each kind stays in the answer area, hidden while another kind is asked: the next
            # question of its kind reloads it instead of mounting and styling a new one.
            stale = [w for w in kept
                     if w is not widget and (type(w) is type(widget) or not isinstance(w, AnswerWidget))]
            for other in kept:
                if other is not widget and other not in stale:
                    other.display = False
            widget.display = True
            removing = area.remove_children(stale) if stale else None
            if widget not in kept:
                widget.add_class("answer")
                mounting = area.mount(widget)
            else:
                mounting = None
            hint = widget.hint()
            if str(area.border_title or "") != hint:
                area.border_title = Content(hint)
            self.query_one(ProgressLine).show(turn.progress, ui, self.start.will_save())
        for pending in (removing, mounting):
            if pending is not None:
                await pending
        widget.focus_target().focus()
        refresh_keys(self)
        hook = self.start.turn_shown
        if hook is not None:
            self.call_after_refresh(hook)

    def set_status(self, text: str, error: bool = False) -> None:
        if (text, error) == self._status:
            return  # most answers leave the empty status empty; an update would cost a layout
        self._status = (text, error)
        status = self.query_one("#status", Static)
        status.update(Content(("⚠ " if error and text else "") + text))
        status.set_class(bool(text), "-shown")
        status.set_class(error, "-error")

    def current_widget(self) -> Any:
        """The answer widget on screen (or the offer to resume); the others are hidden."""
        return next((w for w in self.answer_widgets() if w.display), None)

    def answer_widgets(self) -> list[Any]:
        """The answer widgets in the answer area: the one on screen and the hidden ones kept for reuse."""
        return [w for w in self.query_one("#answer-area").children if w.has_class("answer")]

    def refocus(self) -> None:
        widget = self.current_widget()
        if widget is not None:
            widget.focus_target().focus()

    # -- acting on the engine --------------------------------------------------

    async def _step(self, act: Any) -> None:
        """Do one engine operation; on success save at once and show what follows."""
        if self.busy or self.session is None or self.keeper is None:
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
                said = self.session.said  # what the move recorded, as the engine describes it
                await self.show_turn(turn, before=[L.line(said)] if said is not None else [])
            else:
                self.query_one(Transcript).truncate(len(history))
                await self.show_turn(turn, announce=False)
        finally:
            self.busy = False

    async def on_answered(self, message: Answered) -> None:
        message.stop()
        if self.session is None or self.keeper is None or not self.started:
            if not self.busy:
                self.held.start()  # keys typed while the store is opened wait for the passphrase screen
                self.run_worker(self._start_then(message.value), exclusive=True, group="begin")
            return
        assert self.turn is not None
        if self.changing is not None:
            await self.change_to("answer", message.value)
            return
        if self.turn.kind == "end" or self.session.finished:
            await self.action_summary()
            return
        session = self.session
        await self._step(lambda: session.answer(message.value))

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
        if turn is None or self.session is None or self.offer is not None:
            return action not in ("why", "back", "revise", "decline", "skip", "summary", "cancel_change")
        if action == "why":
            return bool(turn.why or turn.source)
        if action == "cancel_change":
            return self.changing is not None
        if action == "back":
            return turn.can_back and self.changing is None
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
        if self.session is not None and self.turn is not None and self.turn.can_decline:
            if self.changing is not None:
                await self.change_to("declined")
                return
            await self._step(self.session.decline)

    async def action_skip(self) -> None:
        if self.session is not None and self.turn is not None and self.turn.can_skip:
            if self.changing is not None:
                await self.change_to("skipped")
                return
            await self._step(self.session.skip)

    async def action_back(self) -> None:
        if self.session is not None:
            await self._step(self.session.back)

    def action_why(self) -> None:
        from dialoog.tui.screens.why import WhyScreen

        if self.turn is not None and (self.turn.why or self.turn.source):
            self.app.push_screen(WhyScreen(self.turn.why or "", self.turn.source or "", self.ui))

    def action_revise(self) -> None:
        from dialoog.tui.screens.revise import ReviseScreen

        if self.session is None:
            return
        steps = L.answered_steps(self.session)
        if not steps:
            return

        async def chosen(step: int | None) -> None:
            if step is not None:
                await self.revise(step)

        self.app.push_screen(ReviseScreen(self.session, steps), chosen)

    async def revise(self, step: int) -> None:
        """Ask the question answered at history step `step` again, its answer filled in. The new answer
        changes that answer only (`change_to`); Esc (`action_cancel_change`) leaves everything as it was."""
        from dialoog.engine.change import question_turn, step_key

        session = self.session
        if session is None or self.busy or not 0 <= step < len(session.history):
            return
        if session.history[step].how == "continue":
            return
        try:
            turn = question_turn(session, step)
        except AnswerError as exc:
            self.set_status(exc.message, error=True)
            return
        self.changing = step_key(session, step)
        self.turn = turn
        await self.present(L.turn_lines(turn, len(session.history)))
        self.set_status(self.ui._("You are changing an earlier answer; your other answers stay as they are. "
                                  "Esc cancels the change."))

    async def change_to(self, how: str, value: Any = None) -> None:
        """The changed answer is given: name the answers that would no longer apply, then commit."""
        from dialoog.tui.screens.revise import ConfirmChangeScreen

        session, key = self.session, self.changing
        if session is None or key is None or self.busy:
            return
        try:
            plan = session.plan_change(key, value, how)
        except AnswerError as exc:
            self.set_status(exc.message, error=True)
            self.refocus()
            return
        if not plan.dropped:
            await self._commit_change(plan)
            return

        async def confirmed(ok: bool | None) -> None:
            if ok:
                await self._commit_change(plan)
            else:
                await self.action_cancel_change()

        self.app.push_screen(ConfirmChangeScreen(session, plan), confirmed)

    async def _commit_change(self, plan: Any) -> None:
        session = self.session
        if session is None:
            return
        try:
            turn = session.apply_change(plan)
        except Exception as exc:  # noqa: BLE001 - StaleSession: the session moved on meanwhile; nothing changed
            self.changing = None
            self.set_status(getattr(exc, "message", None) or str(exc), error=True)
            return
        if self.keeper is not None:
            self.keeper.save(session)
        self.changing = None
        self.turn = turn
        await self.rebuild()
        if plan.new_question:
            self.set_status(self.ui._("Your answer is changed. This question is new; after it, your other "
                                      "answers follow again."))
        else:
            self.set_status(self.ui._("Your answer is changed; your other answers stay as they are."))

    async def action_cancel_change(self) -> None:
        """Esc while changing an earlier answer: back to where the user was, nothing changed."""
        if self.changing is None or self.session is None:
            return
        self.changing = None
        self.turn = self.session.turn()
        await self.rebuild()
        self.set_status(self.ui._("The change is cancelled; nothing has changed."))

    def action_scroll_transcript(self, direction: int) -> None:
        self.query_one(Transcript).scroll_page(direction)

    async def action_summary(self) -> None:
        from dialoog.tui.screens.summary import SummaryScreen

        if self.session is not None and self.session.finished:
            await self.app.push_screen(SummaryScreen(self.session))

    async def relabel(self) -> None:
        """The language changed: show everything again in the new language, keeping the draft."""
        if self.session is None:
            return  # still starting: the session is attached in the new language
        if self.session.lang != self.start.lang:
            self.session.set_language(self.start.lang)
        widget = self.current_widget()
        draft = widget.draft() if isinstance(widget, AnswerWidget) else None
        self.changing = None  # a change under way is cancelled: its question was in the old language
        self.turn = self.session.turn()
        await self.rebuild(draft)
