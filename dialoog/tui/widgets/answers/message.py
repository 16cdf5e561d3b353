"""A bot message without a question: the user goes on with Enter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widget import Widget

from dialoog.tui.messages import Answered
from dialoog.tui.widgets.answers.base import AnswerWidget, GoButton

if TYPE_CHECKING:
    from dialoog.engine import Turn
    from dialoog.i18n import UI


class ContinueAnswer(AnswerWidget):
    DEFAULT_CSS = """
    ContinueAnswer > GoButton { margin: 0 0 0 1; }
    """

    def hint(self) -> str:
        return self.ui._("Press Enter to continue")

    def compose(self) -> Any:
        yield GoButton(Content(self.label()), id="continue")

    def focus_target(self) -> Widget:
        return self.query_one(GoButton)

    def reload(self, turn: Turn, ui: UI, draft: Any = None) -> bool:
        self._take(turn, ui, draft)
        button = self.query_one(GoButton)
        button.label = Content(self.label())
        return True

    def label(self) -> str:
        return self.ui._("Continue")

    def on_go_button_pressed(self, event: GoButton.Pressed) -> None:
        event.stop()
        self.post_message(Answered(None))


class EndAnswer(ContinueAnswer):
    """The end of the conversation: on to the summary, or (a flow that scores nothing, such as the weighing
    framework, whose last message is its outcome) the end of the program."""

    def _sums_up(self) -> bool:
        from dialoog.engine.scores import scores_anything

        session = getattr(self.app, "session", None)
        return session is None or scores_anything(session.flow)

    def hint(self) -> str:
        if not self._sums_up():
            return self.ui._("Press Enter to close dialoog")
        return self.ui._("Press Enter to see your summary")

    def label(self) -> str:
        return self.ui._("See your summary") if self._sums_up() else self.ui._("Close")

    def compose(self) -> Any:
        yield GoButton(Content(self.label()), id="summary")
