"""Yes or no: J/Y and N, 1 and 2, or the arrows and Enter."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from dialoog.tui.widgets.answers.base import NumberedOptions, OptionsAnswer, numbered


class YesNoOptions(NumberedOptions):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,y", "pick(0)", show=False),
        Binding("n", "pick(1)", show=False),
    ]


class YesNoAnswer(OptionsAnswer):
    def items(self) -> list[tuple[str, Content]]:
        return [("yes", numbered(1, self.ui._("Yes"))), ("no", numbered(2, self.ui._("No")))]

    def selected(self) -> str | None:
        return self.initial if self.initial in ("yes", "no") else None

    def options_widget(self) -> NumberedOptions:
        items = self.items()
        return YesNoOptions([v for v, _ in items], [p for _, p in items], self.selected())

    def hint(self) -> str:
        return self.ui._("Answer with Y (yes) or N (no), or with the arrow keys and Enter")
