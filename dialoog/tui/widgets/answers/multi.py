"""Several options: Space or a number ticks, Enter goes on; a click ticks too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from dialoog.engine.turn import cannot_go_with
from dialoog.tui.messages import Answered, Notice
from dialoog.tui.widgets.answers.base import AnswerWidget, GoButton, NumberedOptions, numbered

if TYPE_CHECKING:
    from dialoog.engine import Turn
    from dialoog.engine.turn import Choice
    from dialoog.i18n import UI


class CheckList(NumberedOptions):
    """Options with a tick box each. Enter means 'done', not 'tick'.

    Ticking an option unticks the ticked options it cannot go with (the Turn's options say which:
    `cannot_go_with`) and posts `CheckList.Unticked` naming them.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "toggle_highlighted", show=False)]

    @dataclass
    class Unticked(Message):
        """Ticking `value` unticked `unticked` (values, in the options' order; empty if nothing was unticked)."""

        value: str
        unticked: list[str]

    def __init__(self, options: Sequence[Choice], chosen: set[str], **kwargs: Any) -> None:
        self.choices = tuple(options)
        self.chosen = self._allowed(set(chosen))
        self._clicked = False
        super().__init__([o.value for o in self.choices],
                         [self._prompt(i, o.value) for i, o in enumerate(self.choices)], None, **kwargs)

    def load_checks(self, options: Sequence[Choice], chosen: set[str]) -> None:
        """Show other options, ticked as in `chosen` (the widget is reused for the next question)."""
        self.choices = tuple(options)
        self.chosen = self._allowed(set(chosen))
        self.load([o.value for o in self.choices], [self._prompt(i, o.value) for i, o in enumerate(self.choices)])

    def _allowed(self, chosen: set[str]) -> set[str]:
        """`chosen` among the options, without what cannot go together (a draft kept from other options)."""
        kept: set[str] = set()
        for option in self.choices:
            if option.value in chosen and not set(cannot_go_with(self.choices, option.value)) & kept:
                kept.add(option.value)
        return kept

    def _prompt(self, index: int, value: str) -> Content:
        box = "[x]" if value in self.chosen else "[ ]"
        return Content.assemble((box + " ", "bold"), numbered(index + 1, self.choices[index].label))

    def _refresh_prompts(self) -> None:
        for index, value in enumerate(self.values):
            self.replace_option_prompt_at_index(index, self._prompt(index, value))

    def toggle(self, index: int) -> None:
        value = self.values[index]
        if value in self.chosen:
            self.chosen.discard(value)
        else:
            unticked = [v for v in cannot_go_with(self.choices, value) if v in self.chosen]
            self.chosen.difference_update(unticked)
            self.chosen.add(value)
            self.post_message(self.Unticked(value, unticked))
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
    """A multiple choice, built from its Turn alone: the options say which go with no other."""

    DEFAULT_CSS = """
    MultiAnswer > GoButton { margin: 0 0 0 1; }
    """

    def __init__(self, turn: Turn, ui: UI, draft: Any = None, **kwargs: Any) -> None:
        super().__init__(turn, ui, draft, **kwargs)
        self._told = False

    def compose(self) -> Any:
        chosen = set(self.initial) if isinstance(self.initial, list) else set()
        yield CheckList(self.turn.options, chosen)
        yield GoButton(Content(self.ui._("Continue")), id="done")

    def reload(self, turn: Turn, ui: UI, draft: Any = None) -> bool:
        self._take(turn, ui, draft)
        self._told = False
        chosen = set(self.initial) if isinstance(self.initial, list) else set()
        self.query_one(CheckList).load_checks(turn.options, chosen)
        self.query_one("#done", GoButton).label = Content(ui._("Continue"))
        return True

    def on_check_list_unticked(self, event: CheckList.Unticked) -> None:
        """Say what a tick unticked; a later tick that unticks nothing takes the words away again."""
        event.stop()
        if not event.unticked:
            if self._told:
                self._told = False
                self.post_message(Notice(""))
            return
        labels = {o.value: o.label for o in self.turn.options}
        self._told = True
        self.post_message(Notice(self.ui.ngettext(
            "'{label}' cannot be combined with {others}, so that is unticked.",
            "'{label}' cannot be combined with {others}, so those are unticked.",
            len(event.unticked),
            label=labels[event.value],
            others=", ".join(f"'{labels[v]}'" for v in event.unticked),
        )))

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
