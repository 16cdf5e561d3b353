"""A scale: the arrows (or a number) move the choice, Enter gives it; a click chooses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from dialoog.tui.messages import Answered, Notice
from dialoog.tui.text import plain
from dialoog.tui.widgets.answers.base import AnswerWidget, GoButton

if TYPE_CHECKING:
    from dialoog.engine import Turn
    from dialoog.i18n import UI

CELL = 5


class ScaleBar(Widget, can_focus=True):
    """The numbers of the scale on one line; the chosen one in brackets and reversed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", show=False),
        Binding("right,l", "move(1)", show=False),
        Binding("home", "jump('min')", show=False),
        Binding("end", "jump('max')", show=False),
        Binding("enter", "submit", show=False),
        *[Binding(str(n), f"number({n})", show=False) for n in range(10)],
    ]

    DEFAULT_CSS = """
    ScaleBar { height: 1; width: auto; }
    ScaleBar:focus { background-tint: $foreground 5%; }
    """

    value: reactive[int | None] = reactive(None)

    def __init__(self, low: int, high: int, value: int | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.low, self.high = low, high
        self.set_reactive(ScaleBar.value, value if isinstance(value, int) and low <= value <= high else None)

    def render(self) -> Content:
        parts: list[tuple[str, str] | str] = []
        for n in range(self.low, self.high + 1):
            if n == self.value:
                parts.append((f"[{n}]".center(CELL), "reverse bold"))
            else:
                parts.append(f" {n} ".center(CELL))
        return Content.assemble(*parts)

    def get_content_width(self, container: Any, viewport: Any) -> int:
        return CELL * (self.high - self.low + 1)

    def action_move(self, step: int) -> None:
        if self.value is None:
            self.value = self.low if step > 0 else self.high
        else:
            self.value = max(self.low, min(self.high, self.value + step))

    def action_jump(self, where: str) -> None:
        self.value = self.low if where == "min" else self.high

    def action_number(self, n: int) -> None:
        if self.low <= n <= self.high:
            self.value = n
        elif n == 0 and self.low <= 10 <= self.high:
            self.value = 10

    def action_submit(self) -> None:
        parent = self.parent
        if isinstance(parent, ScaleAnswer):
            parent.submit()

    def on_click(self, event: events.Click) -> None:
        index = event.x // CELL
        if 0 <= index <= self.high - self.low:
            self.value = self.low + index


class ScaleAnswer(AnswerWidget):
    DEFAULT_CSS = """
    ScaleAnswer { padding: 0 1; }
    ScaleAnswer > #labels { height: auto; color: $text-muted; }
    ScaleAnswer > #labels.-none { display: none; }
    ScaleAnswer > GoButton { margin-top: 1; }
    """

    def compose(self) -> Any:
        turn = self.turn
        yield ScaleBar(turn.min, turn.max, self.initial if isinstance(self.initial, int) else None)
        labels = self.labels()
        yield Static(plain(labels), id="labels", markup=False, classes="" if labels else "-none")
        yield GoButton(Content(self.ui._("Continue")), id="done")

    def labels(self) -> str:
        turn = self.turn
        low, high = turn.labels.get("min", ""), turn.labels.get("max", "")
        return f"{turn.min} = {low}    {turn.max} = {high}" if low or high else ""

    def reload(self, turn: Turn, ui: UI, draft: Any = None) -> bool:
        self._take(turn, ui, draft)
        bar = self.query_one(ScaleBar)
        bar.low, bar.high = turn.min, turn.max
        value = self.initial if isinstance(self.initial, int) and turn.min <= self.initial <= turn.max else None
        bar.value = value
        bar.refresh(layout=True)
        labels = self.labels()
        static = self.query_one("#labels", Static)
        static.update(plain(labels))
        static.set_class(not labels, "-none")
        done = self.query_one("#done", GoButton)
        done.label = Content(ui._("Continue"))
        return True

    def hint(self) -> str:
        return self.ui._("Choose with the arrow keys or a number, then press Enter")

    def focus_target(self) -> Widget:
        return self.query_one(ScaleBar)

    def on_go_button_pressed(self, event: GoButton.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        value = self.query_one(ScaleBar).value
        if value is None:
            self.post_message(Notice(self.ui._("Please choose a number first."), error=True))
            return
        self.post_message(Answered(value))

    def draft(self) -> Any:
        return self.query_one(ScaleBar).value
