"""Change an earlier answer: the answers given so far, newest last; choose one to answer it again."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dialoog.tui import lines as L
from dialoog.tui.commands import localise
from dialoog.tui.text import N_, plain, shorten, strip_markdown

if TYPE_CHECKING:
    from dialoog.engine import Session


class ReviseScreen(ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f3", "close", N_("Close"))]

    DEFAULT_CSS = """
    ReviseScreen { align: center middle; }
    ReviseScreen > #box {
        width: 95%; max-width: 110; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1; border-title-style: bold;
    }
    ReviseScreen #explain { color: $text-muted; height: auto; margin-bottom: 1; }
    ReviseScreen OptionList { height: auto; max-height: 30; border: none; padding: 0; }
    """

    def __init__(self, session: Session, steps: list[int]) -> None:
        super().__init__()
        self.session = session
        self.steps = steps

    def compose(self) -> ComposeResult:
        ui = self.session.ui
        with Vertical(id="box") as box:
            box.border_title = Content(ui._("Change an earlier answer"))
            yield Static(plain(ui._(
                "Choose the answer you want to change (arrow keys and Enter, or a click). The questions after it "
                "are asked again, with your earlier answers filled in.")), id="explain", markup=False)
            options = []
            for step in self.steps:
                question = shorten(strip_markdown(L.question_text(self.session, step)), 70)
                answer = shorten(L.answer_text(self.session, step), 40)
                line = Content.assemble(plain(question), ("  →  ", "bold"), plain(answer).stylize("italic"))
                options.append(Option(line))
            yield OptionList(*options)

    def on_mount(self) -> None:
        localise(self)
        options = self.query_one(OptionList)
        options.highlighted = len(self.steps) - 1
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.steps[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
