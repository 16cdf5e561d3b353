"""The bar chart of a card's votes (one line per option with its bar, count and percentage), and `Panel`,
the text widget it and the counts are drawn in.

A vote changes a few digits: `Panel` then repaints only itself, without a new layout of the screen
(Textual's Static asks for one on every update), so the new count is on screen within a frame.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widget import Widget

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


def _shape(content: Content) -> list[int]:
    return [len(line) for line in content.plain.split("\n")]


class Panel(Widget):
    """Text that repaints alone when its lines keep their lengths (and asks for a layout when they do not)."""

    DEFAULT_CSS = "Panel { height: auto; }"

    def __init__(self, content: Content | str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._content = Content(content) if isinstance(content, str) else content

    @property
    def content(self) -> Content:
        return self._content

    def update(self, content: Content | str) -> None:
        new = Content(content) if isinstance(content, str) else content
        if new.plain == self._content.plain and new.spans == self._content.spans:
            return  # nothing to repaint
        layout = _shape(new) != _shape(self._content)
        self._content = new
        self.refresh(layout=layout)

    def render(self) -> Content:
        return self._content


class Chart(Panel):
    """Drawn from `rows` at the widget's width; without rows, a note instead (why there is no chart)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self._rows: Rows = []
        self._note = ""

    def show(self, rows: Rows, note: str = "") -> None:
        layout = (len(rows), bool(rows), note) != (len(self._rows), bool(self._rows), self._note)
        self._rows = list(rows)
        self._note = note
        self.refresh(layout=layout)

    def render(self) -> Content:
        if not self._rows:
            return Content(self._note)
        return chart_content(self._rows, self.content_size.width or 60)
