"""Changing an earlier answer from the conversation (F3, or a click on the answer in the transcript).

    choose (the F3 list) -> begin: the question again, its answer filled in -> give: the new answer
    -> (answers that would no longer apply named: ConfirmChangeScreen) -> commit, or cancel (Esc)

Only the changed answer changes (`dialoog.engine.change`); until the change is committed nothing is, and
Esc leaves everything as it was.

A change can also begin on the summary (a "because you answered" line): then the summary shows again, recomputed
and near the changed answer, as soon as the change is committed (or at once when it is cancelled). When the
change asks a new question, the conversation goes on from there and the summary follows its end, as always.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dialoog.engine import AnswerError
from dialoog.engine.transcript import StepKind
from dialoog.tui import lines as L
from dialoog.tui.app import crash_guard

if TYPE_CHECKING:
    from dialoog.engine.change import ChangePlan
    from dialoog.tui.screens.conversation import ConversationScreen


class AnswerChange:
    """The change of one earlier answer under way on a conversation screen (at most one at a time)."""

    def __init__(self, screen: ConversationScreen) -> None:
        self.screen = screen
        self.key: str | None = None
        """While an answer is being changed: its key (see dialoog.engine.change); None otherwise."""
        self.from_summary: tuple[str, str] | None = None
        """When the change began on the summary: (advice id, answer key) of the line chosen there."""

    @property
    def active(self) -> bool:
        return self.key is not None

    def choose(self) -> None:
        """The F3 list of answers given; the one chosen is asked again."""
        from dialoog.tui.screens.revise import ReviseScreen

        session = self.screen.session
        steps = L.answered_steps(session) if session is not None else []
        if session is None or not steps:
            return

        async def chosen(step: int | None) -> None:
            if step is not None:
                await self.begin(step)

        self.screen.app.push_screen(ReviseScreen(session, steps), chosen)

    @crash_guard
    async def begin(self, step: int, from_summary: tuple[str, str] | None = None) -> None:
        """Ask the question answered at history step `step` again, its answer filled in. `from_summary`: the
        change began on the summary, at this (advice id, answer key); it shows again when the change is done."""
        from dialoog.engine.change import question_turn, step_key

        screen, session = self.screen, self.screen.session
        if session is None or screen.busy or not 0 <= step < len(session.history):
            return
        if session.history[step].how == StepKind.CONTINUED:
            return
        try:
            turn = question_turn(session, step)
        except AnswerError as exc:
            screen.area.set_status(exc.message, error=True)
            if from_summary is not None:
                await self._back_to_summary(from_summary)
            return
        self.key = step_key(session, step)
        self.from_summary = from_summary
        screen.turn = turn
        await screen.present(L.turn_lines(turn, len(session.history)))
        if from_summary is not None:
            screen.area.set_status(screen.ui._(
                "You are changing an answer from your summary; your other answers stay as they are. Esc takes "
                "you back to the summary without a change."))
            return
        screen.area.set_status(screen.ui._("You are changing an earlier answer; your other answers stay as they are. "
                                      "Esc cancels the change."))

    async def _back_to_summary(self, near: tuple[str, str]) -> None:
        """Show the summary again (recomputed), near the line the change began at."""
        from dialoog.tui.screens.summary import SummaryScreen

        screen, session = self.screen, self.screen.session
        self.from_summary = None
        if session is not None and session.finished:
            await screen.app.push_screen(SummaryScreen(session, near=near))

    @crash_guard
    async def give(self, how: str, value: Any = None) -> None:
        """The new answer is given (`how`: answer, declined or skipped): name the answers that would no longer
        apply, then commit."""
        from dialoog.tui.screens.revise import ConfirmChangeScreen

        screen, session, key = self.screen, self.screen.session, self.key
        if session is None or key is None or screen.busy:
            return
        try:
            plan = session.plan_change(key, value, how)
        except AnswerError as exc:
            screen.area.set_status(exc.message, error=True)
            screen.area.refocus()
            return
        if not plan.dropped:
            await self._commit(plan)
            return

        async def confirmed(ok: bool | None) -> None:
            if ok:
                await self._commit(plan)
            else:
                await self.cancel()

        screen.app.push_screen(ConfirmChangeScreen(session, plan), confirmed)

    @crash_guard
    async def _commit(self, plan: ChangePlan) -> None:
        screen, session = self.screen, self.screen.session
        if session is None:
            return
        self.key = None
        near, self.from_summary = self.from_summary, None
        try:
            turn = session.apply_change(plan)
        except Exception as exc:  # noqa: BLE001 - StaleSession: the session moved on meanwhile; nothing changed
            screen.area.set_status(getattr(exc, "message", None) or str(exc), error=True)
            return
        if screen.keeper is not None:
            screen.keeper.save(session)
        screen.turn = turn
        await screen.rebuild()
        ui = screen.ui
        if near is not None and session.finished:
            await self._back_to_summary(near)
            return
        if not plan.new_question and not plan.dropped:
            screen.area.set_status(ui._("Your answer is changed; your other answers stay as they are."))
            return
        said = [ui._("Your answer is changed.")]
        if plan.dropped:
            said.append(ui.ngettext("{n} answer no longer applies; it is kept aside.",
                                    "{n} answers no longer apply; they are kept aside.", len(plan.dropped)))
        if plan.new_question:
            said.append(ui._("This question is new; after it, your other answers follow again."))
        screen.area.set_status(" ".join(said))

    async def cancel(self) -> None:
        """Esc while changing: back to where the user was, nothing changed."""
        screen, session = self.screen, self.screen.session
        if self.key is None or session is None:
            return
        self.key = None
        near, self.from_summary = self.from_summary, None
        screen.turn = session.turn()
        await screen.rebuild()
        screen.area.set_status(screen.ui._("The change is cancelled; nothing has changed."))
        if near is not None:
            await self._back_to_summary(near)
