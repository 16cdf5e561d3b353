"""Several options: Space or a number ticks, Enter goes on; a click ticks too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget

from dialoog.tui.messages import Answered
from dialoog.tui.widgets.answers.base import AnswerWidget, GoButton, NumberedOptions, numbered

if TYPE_CHECKING:
    from dialoog.engine import Turn
    from dialoog.i18n import UI


class CheckList(NumberedOptions):
    """Options with a tick box each. Enter means 'done', not 'tick'."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "toggle_highlighted", show=False)]

    def __init__(self, values: list[str], labels: list[str], chosen: set[str], exclusive: set[str],
                 **kwargs: Any) -> None:
        self.labels = labels
        self.chosen = set(chosen) & set(values)
        self.exclusive = exclusive
        self._clicked = False
        super().__init__(values, [self._prompt(i, v, values) for i, v in enumerate(values)], None, **kwargs)

    def load_checks(self, values: list[str], labels: list[str], chosen: set[str], exclusive: set[str]) -> None:
        """Show other options, ticked as in `chosen` (the widget is reused for the next question)."""
        self.labels = labels
        self.chosen = set(chosen) & set(values)
        self.exclusive = exclusive
        self.load(values, [self._prompt(i, v) for i, v in enumerate(values)])

    def _prompt(self, index: int, value: str, values: list[str] | None = None) -> Content:
        box = "[x]" if value in self.chosen else "[ ]"
        return Content.assemble((box + " ", "bold"), numbered(index + 1, self.labels[index]))

    def _refresh_prompts(self) -> None:
        for index, value in enumerate(self.values):
            self.replace_option_prompt_at_index(index, self._prompt(index, value))

    def toggle(self, index: int) -> None:
        value = self.values[index]
        if value in self.chosen:
            self.chosen.discard(value)
        else:
            if value in self.exclusive:
                self.chosen.clear()
            else:
                self.chosen -= self.exclusive
            self.chosen.add(value)
        self.highlighted = index
        self._refresh_prompts()

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.values):
            self.toggle(index)

    def on_click(self, event: events.Click) -> None:
        # OptionList handles the click next: it highlights the option clicked and selects it, which here
        # ticks it (Enter's select means 'done')
        self._clicked = True
        self.call_later(self._click_over)

    def _click_over(self) -> None:
        self._clicked = False

    def action_select(self) -> None:
        if self._clicked:
            self._clicked = False
            if self.highlighted is not None:
                self.toggle(self.highlighted)
            return
        super().action_select()

    def ordered(self) -> list[str]:
        return [v for v in self.values if v in self.chosen]


class MultiAnswer(AnswerWidget):
    DEFAULT_CSS = """
    MultiAnswer > GoButton { margin: 0 0 0 1; }
    """

    def compose(self) -> Any:
        options = self.turn.options
        exclusive = self._exclusive()
        chosen = set(self.initial) if isinstance(self.initial, list) else set()
        yield CheckList([o.value for o in options], [o.label for o in options], chosen, exclusive)
        yield GoButton(Content(self.ui._("Continue")), id="done")

    def reload(self, turn: Turn, ui: UI, draft: Any = None) -> bool:
        self._take(turn, ui, draft)
        options = turn.options
        chosen = set(self.initial) if isinstance(self.initial, list) else set()
        self.query_one(CheckList).load_checks([o.value for o in options], [o.label for o in options], chosen,
                                              self._exclusive())
        self.query_one("#done", GoButton).label = Content(ui._("Continue"))
        return True

    def _exclusive(self) -> set[str]:
        # the Turn does not say which options exclude the others; the flow does
        app: Any = self.app
        session = getattr(app, "session", None)
        if session is None:
            return set()
        node = session.flow.nodes.get(self.turn.node)
        return {o.value for o in node.options if o.exclusive} if node and not self.turn.followup else set()

    def hint(self) -> str:
        hint = self.ui._("Tick with Space or a number, then press Enter")
        turn = self.turn
        if turn.min and turn.max and turn.min == turn.max:
            return hint + " · " + self.ui.ngettext("choose {n}", "choose {n}", turn.min)
        if turn.min:
            hint += " · " + self.ui.ngettext("at least {n}", "at least {n}", turn.min)
        if turn.max and turn.max < len(turn.options):
            hint += " · " + self.ui.ngettext("at most {n}", "at most {n}", turn.max)
        return hint

    def focus_target(self) -> Widget:
        return self.query_one(CheckList)

    def on_option_list_option_selected(self, event: Any) -> None:
        event.stop()
        self.submit()

    def on_go_button_pressed(self, event: GoButton.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        self.post_message(Answered(self.query_one(CheckList).ordered()))

    def draft(self) -> Any:
        return self.query_one(CheckList).ordered()
