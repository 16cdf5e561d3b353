"""The transcript: bot messages (Markdown) and the user's answers, anchored to the bottom.

It never takes focus (`can_focus=False`), so the arrow keys stay with the answer
widget; Shift+Up/Down and the mouse wheel scroll it. User answers are shown as
`Content` (no markup); clicking one asks to change it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from dialoog.tui.lines import BOT, CARD, Line
from dialoog.tui.messages import ReviseStep
from dialoog.tui.text import plain, plain_paragraphs
from dialoog.tui.widgets.markdown import MarkdownText

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete

    from dialoog.engine.turn import CardView

class BotMarkdown(MarkdownText):
    """A bot message with Markdown (one widget; see `dialoog.tui.markdown`)."""

    DEFAULT_CSS = """
    BotMarkdown { margin: 0 0 1 0; padding: 0 1 0 1; border-left: wide $primary; height: auto; }
    """


class UserBubble(Static):
    """The user's answer, shown literally. A click asks to change it."""

    DEFAULT_CSS = """
    UserBubble {
        margin: 0 0 1 6; padding: 0 1 0 1; height: auto; width: 1fr;
        text-align: right; border-right: wide $accent; background: $boost; color: $text;
    }
    UserBubble:hover { background: $accent 20%; }
    """

    def __init__(self, text: str, step: int | None, **kwargs: Any) -> None:
        super().__init__(plain(text), markup=False, **kwargs)
        self.step = step
        self.tooltip = None

    def on_click(self) -> None:
        if self.step is not None:
            self.post_message(ReviseStep(self.step))


class CardBubble(Vertical):
    """A dilemma card: title on the border, the situation, the question and options A-D."""

    DEFAULT_CSS = """
    CardBubble {
        height: auto; margin: 0 2 1 0; padding: 0 1; border: round $secondary;
        border-title-style: bold; border-title-color: $text;
    }
    CardBubble > .situation { margin-bottom: 1; }
    CardBubble > .question { text-style: bold; }
    CardBubble > .option { padding-left: 2; }
    """

    def __init__(self, card: CardView, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.card = card
        self.border_title = plain(card.title, 200)

    def compose(self) -> Iterable[Widget]:
        yield Static(plain(plain_paragraphs(self.card.situation)), classes="situation", markup=False)
        yield Static(plain(self.card.question), classes="question", markup=False)
        for option in self.card.options:
            yield Static(plain(f"{option.value.upper()}. {option.label}"), classes="option", markup=False)


def bubble_for(line: Line) -> Widget:
    widget: Widget
    if line.who == CARD and line.card is not None:
        widget = CardBubble(line.card)
    elif line.who == BOT:
        widget = BotMarkdown(line.text)
    else:
        widget = UserBubble(line.text, line.step)
    widget.line_tag = line.tag  # type: ignore[attr-defined]
    return widget


class Transcript(VerticalScroll, can_focus=False):
    """The conversation so far."""

    DEFAULT_CSS = """
    Transcript { height: 1fr; padding: 1 1 0 1; scrollbar-size-vertical: 1; }
    """

    def on_mount(self) -> None:
        self.anchor()

    def add_lines(self, lines: Iterable[Line]) -> AwaitComplete | None:
        widgets = [bubble_for(line) for line in lines]
        if not widgets:
            return None
        self.anchor()
        return self.mount_all(widgets)

    def truncate(self, tag: int) -> Any:
        """Remove every line added after the history had `tag` steps."""
        gone = [w for w in self.children if getattr(w, "line_tag", 0) > tag]
        return self.remove_children(gone) if gone else None

    def clear(self) -> Any:
        return self.remove_children()

    def user_bubbles(self) -> list[UserBubble]:
        return list(self.query(UserBubble))
