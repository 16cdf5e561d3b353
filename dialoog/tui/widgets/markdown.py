"""`MarkdownText`: a bot text in one widget (see `dialoog.tui.markdown`)."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from dialoog.tui.markdown import MEASURE, Block, layout, parse


class MarkdownText(Widget):
    """Markdown shown as wrapped lines, with hanging indents for list items. Never focusable, never a link.

    The lines are at most `MEASURE` cells long, however wide the widget is (the rest of its width is blank)."""

    DEFAULT_CSS = """
    MarkdownText { height: auto; }
    """

    def __init__(self, markdown: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.markdown = markdown
        self.blocks: list[Block] = parse(markdown)
        self._lines: tuple[int, list[Content]] = (-1, [])

    def lines(self, width: int) -> list[Content]:
        if self._lines[0] != width:
            self._lines = (width, layout(self.blocks, min(width, MEASURE)))
        return self._lines[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))

    def update(self, markdown: str) -> None:
        self.markdown = markdown
        self.blocks = parse(markdown)
        self._lines = (-1, [])
        self.refresh(layout=True)


class BotMarkdown(MarkdownText):
    """A bot text with the conversation's bar on its left (the why window, the summary)."""

    DEFAULT_CSS = """
    BotMarkdown { margin: 0 0 1 0; padding: 0 1 0 1; border-left: wide $primary; height: auto; }
    """
