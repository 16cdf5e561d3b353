"""One option out of several: number keys 1-9, arrows and Enter, or a click."""

from __future__ import annotations

from dialoog.tui.widgets.answers.base import OptionsAnswer


class ChoiceAnswer(OptionsAnswer):
    def hint(self) -> str:
        count = len(self.turn.options)
        return self.ui._("Choose with a number (1-{n}) or with the arrow keys and Enter", n=min(count, 9))
