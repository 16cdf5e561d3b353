"""The answer area at the bottom of the conversation: whom a follow-up question is about, a status line, and
the answer widget of the current question, with its hint as the border title.

One answer widget of each kind stays here, hidden while another kind is asked: the next question of its kind
reloads it instead of mounting and styling a new one. At start-up a hidden spare of every kind is mounted
(`mount_spares`), so no question composes a widget in its turn.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from dialoog.tui.text import plain
from dialoog.tui.widgets.answers import answer_class, answer_widget, spare_widgets
from dialoog.tui.widgets.answers.base import AnswerWidget

if TYPE_CHECKING:
    from dialoog.engine import Turn
    from dialoog.i18n import UI


class AnswerArea(Vertical):
    """Where the user answers (see the module docstring)."""

    DEFAULT_CSS = """
    AnswerArea {
        height: auto; max-height: 65%; border-top: solid $primary; padding: 0 1;
        border-title-color: $text-muted; border-title-align: left;
    }
    AnswerArea #about { height: auto; text-style: bold; display: none; }
    AnswerArea #about.-shown { display: block; }
    AnswerArea #status { height: auto; display: none; }
    AnswerArea #status.-shown { display: block; }
    AnswerArea #status.-error { color: $text-error; text-style: bold; }
    AnswerArea > .answer { height: auto; max-height: 100%; }
    """

    def __init__(self) -> None:
        super().__init__(id="answer-area")
        self._status = ("", False)

    def compose(self) -> ComposeResult:
        yield Static(id="about", markup=False)
        yield Static(id="status", markup=False)

    def widgets(self) -> list[Widget]:
        """The answer widgets here: the one on screen and the hidden ones kept for reuse."""
        return [w for w in self.children if w.has_class("answer")]

    def current(self) -> Any:
        """The answer widget on screen (or the offer to resume); the others are hidden."""
        return next((w for w in self.widgets() if w.display), None)

    def refocus(self) -> None:
        widget = self.current()
        if widget is not None:
            widget.focus_target().focus()

    def set_status(self, text: str, error: bool = False) -> None:
        if (text, error) == self._status:
            return  # most answers leave the empty status empty; an update would cost a layout
        self._status = (text, error)
        status = self.query_one("#status", Static)
        status.update(Content(("⚠ " if error and text else "") + text))
        status.set_class(bool(text), "-shown")
        status.set_class(error, "-error")

    def show(
        self, turn: Turn, ui: UI, draft: Any = None, offer: Widget | None = None
    ) -> tuple[Any, list[Awaitable[Any]]]:
        """Put the answer widget for `turn` (or `offer`, the offer to resume) in place, hiding the others.

        Returns the widget and what is still to be awaited (mounting it, removing widgets that cannot be
        reused), so the caller can do this inside one batch update with the rest of the turn."""
        about = self.query_one("#about", Static)
        if turn.entry is not None:
            about.update(plain(ui._("About {name} ({i} of {n})", name=turn.entry, i=turn.entry_index + 1,
                                    n=turn.entry_count)))
        about.set_class(turn.entry is not None, "-shown")
        self.set_status("")
        kept = self.widgets()
        widget: Any
        if offer is not None:
            widget = offer
        else:
            cls = answer_class(turn)
            same = next((w for w in kept if type(w) is cls), None)
            widget = answer_widget(turn, ui, draft, reuse=same if isinstance(same, AnswerWidget) else None)
        stale = [w for w in kept if w is not widget and (type(w) is type(widget) or not isinstance(w, AnswerWidget))]
        for other in kept:
            if other is not widget and other not in stale:
                other.display = False
        widget.display = True
        pending: list[Awaitable[Any]] = []
        if stale:
            pending.append(self.remove_children(stale))
        if widget not in kept:
            widget.add_class("answer")
            pending.append(self.mount(widget))
        hint = widget.hint()
        if str(self.border_title or "") != hint:
            self.border_title = Content(hint)
        return widget, pending

    async def mount_spares(self, ui: UI) -> None:
        """Mount a hidden answer widget of each kind that is not here yet."""
        spares = spare_widgets(ui, {type(w) for w in self.widgets() if isinstance(w, AnswerWidget)})
        for spare in spares:
            spare.display = False
            spare.add_class("answer")
        if spares:
            await self.mount_all(spares)
