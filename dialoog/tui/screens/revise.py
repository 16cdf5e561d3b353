"""Change an earlier answer: the list of answers given so far (newest last, under the title of their part),
and the confirmation that names the answers a change would make no longer apply."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dialoog.engine.transcript import shorten_words
from dialoog.tui import lines as L
from dialoog.tui.commands import localise
from dialoog.tui.text import N_, plain, strip_markdown

if TYPE_CHECKING:
    from dialoog.engine import Session
    from dialoog.engine.change import ChangePlan

ARROW = "  →  "
LONG = 8
"""Lists longer than this fill the box, and the list scrolls inside it."""

def _widths(total: int, answer: str) -> tuple[int, int]:
    """Room for the question and the answer on one row of `total` characters."""
    answer_width = min(len(" ".join(answer.split())), max(12, total // 3))
    return max(10, total - answer_width - len(ARROW)), answer_width


def module_title(session: Session, step: int) -> str:
    node = session.flow.nodes.get(session.history[step].node)
    module = next((m for m in session.flow.modules if node is not None and m.id == node.module), None)
    return session.texts.t(module.title) if module is not None else ""


class ReviseScreen(ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f3", "close", N_("Close"))]

    def __init__(self, session: Session, steps: list[int]) -> None:
        super().__init__()
        self.session = session
        self.steps = steps

    def compose(self) -> ComposeResult:
        ui = self.session.ui
        with Vertical(id="box") as box:
            box.border_title = Content(ui._("Change an earlier answer"))
            box.set_class(len(self.steps) > LONG, "-long")
            yield Static(plain(ui._(
                "Choose the answer you want to change (arrow keys and Enter, or a click). Your other answers "
                "stay as they are. Esc closes this list.")), id="explain", markup=False)
            yield OptionList(*self._options())

    def _options(self) -> list[Option]:
        """One row per answer, under a heading for each part of the conversation."""
        width = min(110, self.app.size.width * 95 // 100) - 4 - 2  # border, padding and the scrollbar
        options: list[Option] = []
        module = None
        for step in self.steps:
            title = module_title(self.session, step)
            if title != module:
                module = title
                options.append(Option(Content(title).stylize("bold $text-primary"), disabled=True))
            answer = L.answer_text(self.session, step)
            question_width, answer_width = _widths(width - 2, answer)
            question = shorten_words(strip_markdown(L.question_text(self.session, step)), question_width)
            line = Content.assemble("  ", plain(question), (ARROW, "bold"),
                                    plain(shorten_words(answer, answer_width)).stylize("italic"))
            options.append(Option(line, id=str(step)))
        return options

    def on_mount(self) -> None:
        localise(self)
        options = self.query_one(OptionList)
        options.highlighted = options.option_count - 1
        options.focus()
        self.call_after_refresh(options.scroll_to_highlight)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmChangeScreen(ModalScreen[bool]):
    """Before a change is committed: the answers that would no longer apply. Enter changes, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "confirm", N_("Change")),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, session: Session, plan: ChangePlan) -> None:
        super().__init__()
        self.session = session
        self.plan = plan

    def compose(self) -> ComposeResult:
        ui = self.session.ui
        n = len(self.plan.dropped)
        width = min(110, self.app.size.width * 95 // 100) - 4 - 2
        with Vertical(id="box") as box:
            box.border_title = Content(ui._("Change this answer?"))
            yield Static(plain(ui.ngettext(
                "After this change, this answer no longer applies:",
                "After this change, these {n} answers no longer apply:", n)), markup=False)
            with VerticalScroll(id="dropped"):
                for item in self.plan.dropped:
                    answer = L.answer_text(self.session, item.index)
                    question_width, answer_width = _widths(width - 2, answer)
                    question = shorten_words(strip_markdown(L.question_text(self.session, item.index)), question_width)
                    yield Static(Content.assemble("• ", plain(question), (ARROW, "bold"),
                                                  plain(shorten_words(answer, answer_width)).stylize("italic")))
            yield Static(plain(ui._("They are kept aside: if you change the answer back, they return.")),
                         classes="muted", markup=False)
            yield Static(plain(ui._("Enter: change the answer · Esc: cancel the change")), id="keys", markup=False)

    def on_mount(self) -> None:
        localise(self)

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
