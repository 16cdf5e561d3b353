"""A dilemma card's options A-D: letters, numbers, arrows and Enter."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from dialoog.tui.widgets.answers.base import NumberedOptions, OptionsAnswer, numbered


class LetterOptions(NumberedOptions):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(letter, f"pick({i})", show=False) for i, letter in enumerate("abcd")
    ]


class CardAnswer(OptionsAnswer):
    def items(self) -> list[tuple[str, Content]]:
        options = self.turn.card.options if self.turn.card else self.turn.options
        return [(o.value, numbered(i, o.label, f"{o.value.upper()}.")) for i, o in enumerate(options, 1)]

    def options_widget(self) -> NumberedOptions:
        items = self.items()
        return LetterOptions([v for v, _ in items], [p for _, p in items], self.selected())

    def hint(self) -> str:
        return self.ui._("Choose A, B, C or D (or the arrow keys and Enter)")
