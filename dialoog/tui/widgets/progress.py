"""The progress line: the module's name and position, and how far the whole conversation is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from dialoog.tui.text import safe

if TYPE_CHECKING:
    from dialoog.engine.turn import Progress
    from dialoog.i18n import UI

BAR_CELLS = 10


def bar(fraction: float, cells: int = BAR_CELLS) -> str:
    """A bar of filled and empty cells (shape, not only colour, carries the amount)."""
    filled = max(0, min(cells, round(fraction * cells)))
    return "▰" * filled + "▱" * (cells - filled)


class ProgressLine(Horizontal):
    """One line at the top of the conversation."""

    DEFAULT_CSS = """
    ProgressLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    ProgressLine > #where { width: 1fr; text-style: bold; }
    ProgressLine > #unsaved { width: auto; color: $text-warning; margin-right: 2; display: none; }
    ProgressLine.-unsaved > #unsaved { display: block; }
    ProgressLine > #overall { width: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="where", markup=False)
        yield Static(id="unsaved", markup=False)
        yield Static(id="overall", markup=False)

    def show(self, progress: Progress, ui: UI, saved: bool) -> None:
        module = safe(progress.module_title, 40)
        if progress.cards:  # on a dilemma card: counted as cards, not as the module's steps
            where = ui._(
                "{module} ({index}/{count}) · card {card} of {cards}",
                module=module, index=progress.module_index, count=progress.module_count,
                card=progress.card, cards=progress.cards,
            )
        else:
            where = ui._(
                "{module} ({index}/{count}) · step {step} of {steps}",
                module=module, index=progress.module_index, count=progress.module_count,
                step=progress.step, steps=progress.steps,
            )
        percent = round(100 * progress.fraction)
        if progress.done < progress.total:
            percent = min(percent, 99)  # 100% only at the end
        filled = progress.fraction if progress.done >= progress.total else min(progress.fraction, 0.9)
        texts = {"#where": where, "#overall": f"{bar(filled)} {percent}%",
                 "#unsaved": "⚠ " + ui._("not saved")}
        for selector, text in texts.items():
            if self._shown.get(selector) != text:  # an update costs a layout, and most answers change one part
                self._shown[selector] = text
                self.query_one(selector, Static).update(Content(text))
        self.set_class(not saved, "-unsaved")
