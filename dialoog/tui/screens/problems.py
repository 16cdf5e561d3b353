"""The content is broken: say so plainly, list the problems, and let the user quit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from dialoog.tui.commands import localise
from dialoog.tui.text import N_, plain
from dialoog.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from dialoog.flow.problems import Problem


class ProblemsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q,escape", "app.quit_saved", N_("Quit"))]

    def __init__(self, problems: list[Problem], root: Path | None = None) -> None:
        super().__init__()
        self.problems = problems
        self.root = root
        """The content root: paths are shown relative to it."""

    def compose(self) -> ComposeResult:
        ui = self.app.ui  # type: ignore[attr-defined]
        with VerticalScroll(id="page"):
            yield Static(Content("⚠ " + ui._("The conversation cannot start")), id="heading", markup=False)
            yield Static(plain(ui._(
                "The questions of dialoog have problems, so the conversation cannot start. Nothing was changed. "
                "Please tell the people who maintain dialoog; 'dialoog check' shows the same list.")),
                id="explain", markup=False)
            for problem in self.problems[:50]:
                yield Static(plain(problem.shown(self.root)), classes="problem", markup=False)
            if len(self.problems) > 50:
                yield Static(plain(ui._("… and {n} more.", n=len(self.problems) - 50)), classes="problem",
                             markup=False)
            yield Button(Content(ui._("Quit")), id="quit", compact=True, variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        localise(self)
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.exit(1)
