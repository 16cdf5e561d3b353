"""What every answer widget shares.

An answer widget is built from a `Turn`, shows the choices the engine offers,
and posts `Answered(value)` (or `Skipped`) when the user is done. It never
checks the answer itself: the engine does, and the screen shows its message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self

from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from dialoog.tui.messages import Answered
from dialoog.tui.text import plain

if TYPE_CHECKING:
    from textual.geometry import Size

    from dialoog.engine import Turn
    from dialoog.i18n import UI


class AnswerWidget(Vertical):
    """The base of the answer widgets (one per kind of question)."""

    DEFAULT_CSS = """
    AnswerWidget { height: auto; }
    """

    def __init__(self, turn: Turn, ui: UI, draft: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.turn = turn
        self.ui = ui
        self.initial = draft if draft is not None else turn.previous

    def hint(self) -> str:
        """How to answer, shown above the widget (translated)."""
        return ""

    def reload(self, turn: Turn, ui: UI, draft: Any = None) -> bool:
        """Show `turn` in this widget, as if it were built for it; False if it cannot (build a new one).

        The next question is often of the same kind as the last; reloading the widget on screen
        spares mounting, styling and focusing a new one, which is most of a turn's time.
        """
        return False

    def _take(self, turn: Turn, ui: UI, draft: Any) -> None:
        self.turn = turn
        self.ui = ui
        self.initial = draft if draft is not None else turn.previous

    def focus_target(self) -> Widget:
        """The widget that gets focus when the question appears."""
        return self

    def draft(self) -> Any:
        """The answer as far as the user got (kept when the language is switched)."""
        return None


class GoButton(Widget, can_focus=True):
    """A one-line button that goes on at once: Enter or a click posts `GoButton.Pressed`.

    A small widget of dialoog's own rather than Textual's Button: no "pressed" look first, which would
    cost a frame before the next message (and is not needed: the next message is the response), and
    only the CSS it uses (a compact button in the primary colour), so start-up does not parse Button's
    variants.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "press", show=False),
    ]

    DEFAULT_CSS = """
    GoButton {
        width: auto; min-width: 16; height: auto; line-pad: 1; text-align: center; content-align: center middle;
        pointer: pointer; text-style: bold; color: $text; background: $primary;
        &:focus { text-style: bold reverse; background-tint: $foreground 5%; }
        &:hover { background: $primary-darken-2; }
        &:disabled { text-opacity: 0.6; pointer: not-allowed; }
    }
    """

    label: reactive[Content] = reactive(Content.empty, layout=True)
    """The words on the button (shown literally)."""

    class Pressed(Message):
        """The button was pressed (Enter or a click)."""

        def __init__(self, button: GoButton) -> None:
            super().__init__()
            self.button = button

        @property
        def control(self) -> GoButton:
            return self.button

    def __init__(self, label: Content | str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.set_reactive(GoButton.label, self.validate_label(label))

    def validate_label(self, label: Content | str) -> Content:
        return label if isinstance(label, Content) else Content(label)

    def render(self) -> Content:
        return self.label

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.label.cell_length + 2

    def press(self) -> Self:
        """Post `Pressed` (not while disabled or hidden)."""
        if not self.disabled and self.display:
            self.post_message(self.Pressed(self))
        return self

    def action_press(self) -> None:
        self.press()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.press()


def numbered(index: int, label: str, mark: str = "") -> Content:
    """'1. label' (or 'A. label'), the label shown literally."""
    key = mark or f"{index}."
    return Content.assemble((f"{key} ", "bold"), plain(label))


class NumberedOptions(OptionList):
    """An option list answered with the number keys, the arrows and Enter, or a click."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)
    ]

    DEFAULT_CSS = """
    NumberedOptions { height: auto; max-height: 12; border: none; padding: 0; background: transparent; }
    NumberedOptions:focus { border: none; background-tint: $foreground 0%; }
    NumberedOptions > .option-list--option-highlighted { text-style: bold; }
    """

    def __init__(self, values: Sequence[str], prompts: Sequence[Content], selected: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*[Option(p) for p in prompts], **kwargs)
        self.values = list(values)
        self._initial = self.values.index(selected) if selected in self.values else 0

    def on_mount(self) -> None:
        if self.values:
            self.highlighted = self._initial

    def load(self, values: Sequence[str], prompts: Sequence[Content], selected: str | None = None) -> None:
        """Show other options (the widget is reused for the next question)."""
        self.values = list(values)
        self.set_options(Option(p) for p in prompts)
        self.highlighted = self.values.index(selected) if selected in self.values else (0 if self.values else None)
        self.scroll_to(y=0, animate=False)

    def action_pick(self, index: int) -> None:
        """Answer with option `index` at once. The highlight is not moved first: the next question follows
        straight away, and a frame showing the moved highlight would only delay it."""
        if 0 <= index < len(self.values):
            option = self.get_option_at_index(index)
            if not option.disabled:
                self.post_message(self.OptionSelected(self, option, index))

    @property
    def current(self) -> str | None:
        index = self.highlighted
        return self.values[index] if index is not None and 0 <= index < len(self.values) else None


class OptionsAnswer(AnswerWidget):
    """Answer by choosing one option: `choice`, `yesno` and `card` build on this."""

    def items(self) -> list[tuple[str, Content]]:
        return [(o.value, numbered(i, o.label)) for i, o in enumerate(self.turn.options, 1)]

    def selected(self) -> str | None:
        return self.initial if isinstance(self.initial, str) else None

    def options_widget(self) -> NumberedOptions:
        items = self.items()
        return NumberedOptions([value for value, _ in items], [prompt for _, prompt in items], self.selected())

    def reload(self, turn: Turn, ui: UI, draft: Any = None) -> bool:
        self._take(turn, ui, draft)
        items = self.items()
        self.query_one(NumberedOptions).load([value for value, _ in items], [prompt for _, prompt in items],
                                             self.selected())
        return True

    def compose(self) -> Any:
        yield self.options_widget()

    def focus_target(self) -> Widget:
        return self.query_one(NumberedOptions)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        options = self.query_one(NumberedOptions)
        self.post_message(Answered(options.values[event.option_index]))

    def draft(self) -> Any:
        return self.query_one(NumberedOptions).current
