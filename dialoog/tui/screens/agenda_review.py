"""At the start of a repeat scan: the commitments of the previous scan, one at a time, each marked done, still
open or dropped. Each answer is saved at once (the caller's `mark`), before the next question shows. Esc leaves
the rest for later (they stay "not reviewed").

Why at the start: the person made these commitments at the end of the last scan, and coming back is the moment
they think of them ("how did it go?"); it also frames the questions that follow. The summary of the new scan and
the comparison then show the review.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static

from dialoog.tui.commands import localise
from dialoog.tui.text import N_, plain
from dialoog.tui.widgets.answers.base import NumberedOptions, numbered
from dialoog.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from dialoog.engine.agenda import Commitment
    from dialoog.i18n import UI

STATUSES = ("done", "open", "dropped")


class AgendaReviewScreen(Screen[None]):
    AUTO_FOCUS = "NumberedOptions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "later", N_("Later"), key_display="Esc"),
        Binding("f9", "app.switch_language", "Language"),
        Binding("ctrl+q", "app.quit_saved", N_("Quit")),
    ]
    DEFAULT_CSS = """
    AgendaReviewScreen { align: center top; }
    AgendaReviewScreen > #page { width: 100%; max-width: 90; height: 1fr; padding: 1 2 0 2; }
    AgendaReviewScreen #heading { text-style: bold; color: $text-primary; margin-bottom: 1; }
    AgendaReviewScreen #explain { margin-bottom: 1; }
    AgendaReviewScreen #commitment { text-style: bold; margin-bottom: 1; padding-left: 2; }
    AgendaReviewScreen #count { color: $text-muted; margin-bottom: 1; }
    AgendaReviewScreen NumberedOptions { height: auto; }
    """

    def __init__(self, items: list[Commitment], ui: UI, mark: Callable[[str, str], None]) -> None:
        super().__init__()
        self.items = list(items)
        self.mark = mark
        self.at = 0
        self._ui = ui

    @property
    def ui(self) -> UI:
        ui: UI = getattr(self.app, "ui", self._ui)
        return ui

    def compose(self) -> ComposeResult:
        with Vertical(id="page"):
            yield Static(id="heading", markup=False)
            yield Static(id="explain", markup=False)
            yield Static(id="count", markup=False)
            yield Static(id="commitment", markup=False)
            yield NumberedOptions(list(STATUSES), self._labels())
        yield KeyBar()

    def _labels(self) -> list[Content]:
        ui = self.ui
        words = [ui._("It is done"), ui._("It is still open"), ui._("I dropped it")]
        return [numbered(i, label) for i, label in enumerate(words, 1)]

    def on_mount(self) -> None:
        localise(self)
        self._show()

    async def relabel(self) -> None:
        self.query_one(NumberedOptions).load(list(STATUSES), self._labels())
        self._show()

    def _show(self) -> None:
        ui = self.ui
        item = self.items[self.at]
        self.query_one("#heading", Static).update(Content(ui._("Your commitments from last time")))
        self.query_one("#explain", Static).update(plain(ui._(
            "At the end of your previous scan you wrote down what you would do. How does each one stand now?")))
        self.query_one("#count", Static).update(Content(ui._("Commitment {n} of {total}", n=self.at + 1,
                                                             total=len(self.items))))
        text = item.text
        if item.due is not None:
            text += " " + ui._("(by {date})", date=item.due.isoformat())
        self.query_one("#commitment", Static).update(plain(text))
        self.query_one(NumberedOptions).highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.mark(self.items[self.at].id, STATUSES[event.option_index])
        self.at += 1
        if self.at >= len(self.items):
            self.dismiss(None)
            return
        self._show()

    def action_later(self) -> None:
        self.dismiss(None)
