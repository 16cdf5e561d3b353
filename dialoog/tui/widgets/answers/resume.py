"""The offer when scans were saved before: open my scans (after the passphrase), or begin a new scan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import OptionList

from dialoog.tui.messages import ResumeChosen
from dialoog.tui.widgets.answers.base import NumberedOptions, numbered

if TYPE_CHECKING:
    from dialoog.i18n import UI

RESUME, AGAIN = "resume", "again"
"""`resume`: open My scans (the list of saved scans, after the passphrase); `again`: begin a new scan."""


class ResumeAnswer(Vertical):
    """1. Open my scans  2. Begin a new scan."""

    DEFAULT_CSS = """
    ResumeAnswer { height: auto; }
    """

    def __init__(self, ui: UI, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ui = ui

    def compose(self) -> Any:
        labels = [self.ui._("Open my scans"), self.ui._("Begin a new scan")]
        yield NumberedOptions([RESUME, AGAIN], [numbered(i, label) for i, label in enumerate(labels, 1)])

    def hint(self) -> str:
        return self.ui._("Choose with a number (1-{n}) or with the arrow keys and Enter", n=2)

    def focus_target(self) -> Widget:
        return self.query_one(NumberedOptions)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(ResumeChosen(self.query_one(NumberedOptions).values[event.option_index]))
