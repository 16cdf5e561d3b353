"""The conversation: the transcript, the answer area for the current question, progress.

It is the first screen. Until the start-up thread has made the session it shows
the flow's first turn from the start-up cache (or a line saying the questions are
being loaded); then the session is attached, and if an unfinished session was
found, it offers to continue that one. The first answer (or resuming) opens the
store, asking the passphrase, before anything is saved (`dialoog.tui.screens.beginning`).

Every user action goes to the engine first (`answer`, `decline`, `skip`, `back`,
and changing an earlier answer: `dialoog.tui.screens.changing`); if the engine
refuses, its message is shown and nothing changes. If it accepts, the keeper
saves the session at once, then the transcript and the answer area follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from dialoog.engine import AnswerError
from dialoog.engine.scores import scores_anything
from dialoog.tui import lines as L
from dialoog.tui.app import crash_guard
from dialoog.tui.commands import refresh_keys
from dialoog.tui.messages import Answered, Declined, Notice, ResumeChosen, ReviseStep, Skipped
from dialoog.tui.screens.beginning import Beginning
from dialoog.tui.screens.changing import AnswerChange
from dialoog.tui.text import N_
from dialoog.tui.widgets.answer_area import AnswerArea
from dialoog.tui.widgets.answers.base import AnswerWidget
from dialoog.tui.widgets.keybar import KeyBar
from dialoog.tui.widgets.progress import ProgressLine
from dialoog.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from dialoog.engine import Session, Turn
    from dialoog.flow.model import Flow
    from dialoog.i18n import UI
    from dialoog.keeping.keeper import Keeper
    from dialoog.tui.screens.beginning import Offer
    from dialoog.tui.startup import StartUp


def map_nodes(flow: Flow) -> frozenset[str]:
    """The network question and the nodes after it in its module: where F6 shows the network map."""
    from dialoog.mapping.layout import network_node

    network = network_node(flow)
    if network is None:
        return frozenset()
    order = [n.id for m in flow.modules if m.id == network.module for n in m.nodes]
    return frozenset(order[order.index(network.id):]) if network.id in order else frozenset({network.id})


class ConversationScreen(Screen[None]):
    """One question at a time, with everything said so far above it."""

    AUTO_FOCUS = None  # the answer widget is focused when a question appears
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "why", N_("Why?")),
        Binding("f2", "back", N_("Back")),
        Binding("f3", "revise", N_("Change")),
        Binding("f4", "decline", N_("Rather not")),
        Binding("f5", "skip", N_("Skip")),
        Binding("f6", "network_map", N_("Map")),
        # before the focused widget: the options of a question would take PageUp/PageDown for themselves
        Binding("pageup", "scroll_transcript(-1)", N_("Scroll"), key_display="PgUp/PgDn", priority=True),
        Binding("pagedown", "scroll_transcript(1)", N_("Scroll down"), show=False, priority=True),
        Binding("f9", "app.switch_language", "Language"),
        Binding("ctrl+q", "app.quit_saved", N_("Quit")),
        Binding("shift+up,ctrl+up", "scroll_transcript(-1)", N_("Scroll up"), show=False),
        Binding("shift+down,ctrl+down", "scroll_transcript(1)", N_("Scroll down"), show=False),
        Binding("escape", "cancel_change", N_("Cancel")),
    ]

    def __init__(self, start: StartUp, first: Turn | None = None) -> None:
        super().__init__()
        self.start = start
        """Start-up: the session it prepares, the keeper it opens."""
        self.session: Session | None = None
        self.keeper: Keeper | None = start.keeper
        self.turn: Turn | None = first
        self.busy = False
        """An engine operation is under way (keys given meanwhile are not acted on)."""
        self.beginning = Beginning(self)
        """The cached first turn, the prepared session, the offer to continue, the store opened at the first answer."""
        self.change = AnswerChange(self)
        """The change of an earlier answer, while one is under way."""
        self._map_nodes: tuple[Flow, frozenset[str]] | None = None
        """The flow and the nodes at which the network map can be opened (F6), worked out once per flow."""

    @property
    def ui(self) -> UI:
        return self.session.ui if self.session is not None else self.start.ui

    def compose(self) -> ComposeResult:
        yield ProgressLine()
        yield Transcript()
        yield AnswerArea()
        yield KeyBar()

    async def on_mount(self) -> None:
        from dialoog.tui.commands import localise

        localise(self)
        await self.beginning.show_pending()
        self.run_worker(self.beginning.when_prepared(), group="start-up")

    # -- the beginning (dialoog.tui.screens.beginning) -------------------------

    @property
    def offer(self) -> Offer | None:
        return self.beginning.offer

    async def on_resume_chosen(self, message: ResumeChosen) -> None:
        message.stop()
        await self.beginning.resume_chosen(message.choice)

    def on_key(self, event: events.Key) -> None:
        self.beginning.key(event)

    def on_screen_suspend(self) -> None:
        self.beginning.covered()

    def on_screen_resume(self) -> None:
        self.beginning.uncovered()

    # -- showing ---------------------------------------------------------------

    async def rebuild(self, draft: Any = None) -> None:
        """Show the whole transcript again (after resuming or switching language)."""
        transcript = self.query_one(Transcript)
        transcript.clear()
        assert self.session is not None and self.turn is not None
        lines = L.history_lines(self.session)
        lines += L.turn_lines(self.turn, len(self.session.history))
        if self.offer is not None:  # the offer is the newest message: in view, whatever the welcome's length
            self.query_one(Transcript).add_lines(lines)
            lines = [L.offer_line(self.ui)]
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
        area = self.area
        with self.app.batch_update():
            offer = None
            if self.offer is not None:
                from dialoog.tui.widgets.answers.resume import ResumeAnswer

                offer = ResumeAnswer(ui)
            widget, pending = area.show(turn, ui, draft, offer)
            self.query_one(Transcript).add_lines(lines)
            self.query_one(ProgressLine).show(turn.progress, ui, self.start.will_save())
        for waiting in pending:
            await waiting
        widget.focus_target().focus()
        refresh_keys(self)
        hook = self.start.turn_shown
        if hook is not None:
            self.call_after_refresh(hook)

    @property
    def area(self) -> AnswerArea:
        return self.query_one(AnswerArea)

    # -- acting on the engine --------------------------------------------------

    @crash_guard
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
                self.area.set_status(exc.message, error=True)
                self.area.refocus()
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
        if self.session is None or self.keeper is None or self.start.session is not self.session:
            self.beginning.first_answer(message.value)
            return
        assert self.turn is not None
        if self.change.active:
            await self.change.give("answer", message.value)
            return
        if self.turn.kind == "end" or self.session.finished:
            if scores_anything(self.session.flow):
                await self.action_summary()
            else:
                self.app.exit()  # everything was saved as it was answered; the end message is the outcome
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
        self.area.set_status(message.text, message.error)

    async def on_revise_step(self, message: ReviseStep) -> None:
        message.stop()
        await self.change.begin(message.step)

    # -- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        turn, session = self.turn, self.session
        if turn is None or session is None or self.offer is not None:
            return action not in ("why", "back", "revise", "decline", "skip", "summary", "cancel_change", "network_map")
        allowed = {
            "why": bool(turn.why or turn.source),
            "cancel_change": self.change.active,
            "back": turn.can_back and not self.change.active,
            "revise": bool(L.answered_steps(session)),
            "decline": turn.can_decline and not turn.finished,
            "skip": turn.can_skip and not turn.finished,
            "summary": session.finished and scores_anything(session.flow),
            "network_map": self._in_network_module(),
        }
        return allowed.get(action, True)

    def _in_network_module(self) -> bool:
        """Whether the question on screen is the network question (its list or a follow-up) or comes after it
        in its module (the scan's questions about the network as a whole): then the map can be shown."""
        if self.session is None or self.turn is None:
            return False
        flow = self.session.flow
        if self._map_nodes is None or self._map_nodes[0] is not flow:
            self._map_nodes = (flow, map_nodes(flow))
        return self.turn.node in self._map_nodes[1]

    def action_network_map(self) -> None:
        """The network map (dialoog.tui.screens.netmap); while the list is being typed, of that list."""
        from dialoog.tui.screens.netmap import NetworkMapScreen
        from dialoog.tui.widgets.answers.network import NetworkAnswer

        if self.session is None or not self._in_network_module():
            return
        widget = self.area.current()
        entries = None
        if isinstance(widget, NetworkAnswer):
            saved = self.session.answers.get(widget.turn.node)
            answers = {str(e.get("name", "")).casefold(): e for e in saved} if isinstance(saved, list) else {}
            entries = [{**answers.get(e["name"].casefold(), {}), **e} for e in widget.draft()]
        self.app.push_screen(NetworkMapScreen(self.session, entries))

    async def action_decline(self) -> None:
        await self._leave_open("declined")

    async def action_skip(self) -> None:
        await self._leave_open("skipped")

    async def _leave_open(self, how: str) -> None:
        """'Prefer not to say' (`declined`) or skip, where the question allows it."""
        turn, session = self.turn, self.session
        if session is None or turn is None or not (turn.can_decline if how == "declined" else turn.can_skip):
            return
        if self.change.active:
            await self.change.give(how)
        else:
            await self._step(session.decline if how == "declined" else session.skip)

    async def action_back(self) -> None:
        if self.session is not None:
            await self._step(self.session.back)

    def action_why(self) -> None:
        from dialoog.tui.screens.why import WhyScreen

        if self.turn is not None and (self.turn.why or self.turn.source):
            self.app.push_screen(WhyScreen(self.turn.why or "", self.turn.source or "", self.ui))

    def action_revise(self) -> None:
        self.change.choose()

    async def action_cancel_change(self) -> None:
        await self.change.cancel()

    def action_scroll_transcript(self, direction: int) -> None:
        self.query_one(Transcript).scroll_page(direction)

    async def action_summary(self) -> None:
        from dialoog.tui.screens.summary import SummaryScreen

        if self.session is not None and self.session.finished and scores_anything(self.session.flow):
            await self.app.push_screen(SummaryScreen(self.session))

    async def relabel(self) -> None:
        """The language changed: show everything again in the new language, keeping the draft."""
        if self.session is None:
            return  # still starting: the session is attached in the new language
        if self.session.lang != self.start.lang:
            self.session.set_language(self.start.lang)
        widget = self.area.current()
        draft = widget.draft() if isinstance(widget, AnswerWidget) else None
        self.change.key = None  # a change under way is cancelled: its question was in the old language
        self.turn = self.session.turn()
        await self.rebuild(draft)
