"""A typed answer, with its length limit in view.

Pasted text is cleaned (no escape sequences, controls, bidi overrides or
zero-width characters) and put on one line; a paste that does not fit is cut
with a message, one longer than `MAX_PASTE` is refused. The engine cleans the
answer again when it is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from dialoog.sanitize import MAX_PASTE, clean_text, too_long
from dialoog.tui.messages import Answered, Notice, Skipped
from dialoog.tui.text import plain
from dialoog.tui.widgets.answers.base import AnswerWidget

if TYPE_CHECKING:
    from dialoog.engine import Turn
    from dialoog.i18n import UI


def one_line(text: str) -> str:
    return " ".join(clean_text(text, MAX_PASTE).split("\n"))


class TextField(Input):
    """An Input that cleans what is pasted and says when a paste was cut or refused.

    The warning about a paste clears when the next paste fits.
    """

    def __init__(self, *args: Any, ui: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ui = ui
        self._warned = False

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "blink", True)

    def on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # instead of Input's own paste, which keeps what we clean away
        event.stop()
        text = event.text or ""
        if too_long(text):
            self._warn(self.ui._("That paste is too long ({n} characters); nothing was pasted.", n=len(text)))
            return
        clean = one_line(text)
        start, end = sorted(self.selection)
        room = (self.max_length or MAX_PASTE) - (len(self.value) - (end - start))
        if len(clean) > room:
            clean = clean[: max(0, room)]
            self._warn(self.ui._("The pasted text was cut: an answer can be at most {limit} characters.",
                                 limit=self.max_length or MAX_PASTE))
        elif self._warned:
            self._warned = False
            self.post_message(Notice(""))
        if clean:
            self.replace(clean, start, end)

    def _warn(self, text: str) -> None:
        self._warned = True
        self.post_message(Notice(text, error=True))

    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(one_line(text) if not text.isprintable() else text)


class TextAnswer(AnswerWidget):
    DEFAULT_CSS = """
    TextAnswer { padding: 0 1; }
    TextAnswer > TextField { width: 1fr; }
    TextAnswer > #count { height: 1; color: $text-muted; text-align: right; }
    """

    def compose(self) -> Any:
        turn = self.turn
        value = self.initial if isinstance(self.initial, str) else ""
        yield TextField(value[: turn.max_length] if turn.max_length else value, placeholder=turn.placeholder,
                        max_length=turn.max_length, ui=self.ui, compact=True, select_on_focus=False)
        yield Static(self._count(len(value)), id="count", markup=False)

    def reload(self, turn: Turn, ui: UI, draft: Any = None) -> bool:
        self._take(turn, ui, draft)
        value = self.initial if isinstance(self.initial, str) else ""
        value = value[: turn.max_length] if turn.max_length else value
        field = self.query_one(TextField)
        field.ui = ui
        field.max_length = turn.max_length or 0
        field.placeholder = turn.placeholder or ""
        field.value = value
        field.cursor_position = len(value)
        self.query_one("#count", Static).update(self._count(len(value)))
        return True

    def _count(self, n: int) -> Content:
        return plain(self.ui._("{n} of at most {limit} characters", n=n, limit=self.turn.max_length))

    def hint(self) -> str:
        if self.turn.can_skip:
            return self.ui._("Type your answer and press Enter (Enter on an empty field skips)")
        return self.ui._("Type your answer and press Enter")

    def focus_target(self) -> Widget:
        return self.query_one(TextField)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#count", Static).update(self._count(len(event.value)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value
        if not value.strip() and self.turn.can_skip:
            self.post_message(Skipped())
            return
        self.post_message(Answered(value))

    def draft(self) -> Any:
        return self.query_one(TextField).value
