"""'Why do we ask this?': the question's explanation and its source, in a small window."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from dialoog.tui.commands import localise
from dialoog.tui.text import N_, plain
from dialoog.tui.widgets.markdown import BotMarkdown

if TYPE_CHECKING:
    from dialoog.i18n import UI


class WhyScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,enter", "close", N_("Close")),
    ]

    def __init__(self, why: str, source: str, ui: UI) -> None:
        super().__init__()
        self.why = why
        self.source = source
        self.ui = ui

    def compose(self) -> ComposeResult:
        with Vertical(id="box") as box:
            box.border_title = Content(self.ui._("Why do we ask this?"))
            with VerticalScroll(id="text"):
                if self.why:
                    yield BotMarkdown(self.why)
            if self.source:
                yield Static(plain(self.ui._("Source: {source}", source=self.source)), id="source", markup=False)
            yield Button(Content(self.ui._("Close")), id="close", compact=True, variant="primary")

    def on_mount(self) -> None:
        localise(self)
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
