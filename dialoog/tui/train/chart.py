"""The bar chart of a card's votes: one line per option with its bar, count and percentage."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

Rows = list[tuple[str, int, float]]


def chart_content(rows: Rows, width: int) -> Content:
    """The chart as text `width` cells wide: `a  ██████████      5   42%` per option."""
    if not rows:
        return Content("")
    key_width = max(len(k) for k, _, _ in rows)
    count_width = max(len(str(n)) for _, n, _ in rows)
    tail = 2 + count_width + 6  # "  12   42%"
    room = max(4, width - key_width - 2 - tail)
    top = max(n for _, n, _ in rows) or 1
    lines = []
    for key, n, pct in rows:
        filled = round(room * n / top)
        parts: list[str | tuple[str, str]] = [(key.ljust(key_width), "bold"), "  "]
        if filled:
            parts.append(("█" * filled, "$accent"))
        parts.append(" " * (room - filled) + f"  {n:>{count_width}}  {pct:>3.0f}%")
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


class Chart(Static):
    """Redrawn from `rows` whenever they change or the widget's width does."""

    DEFAULT_CSS = "Chart { height: auto; }"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self._rows: Rows = []
        self._note = ""

    def show(self, rows: Rows, note: str = "") -> None:
        """The bars of `rows`; without rows, `note` instead (why there is no chart)."""
        self._rows = list(rows)
        self._note = note
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if not self._rows:
            self.update(Content(self._note))
            return
        width = self.content_size.width or self.size.width or 60
        self.update(chart_content(self._rows, width))
