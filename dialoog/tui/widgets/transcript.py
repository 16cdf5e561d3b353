"""The transcript: bot messages (Markdown) and the user's answers, anchored to the bottom.

It never takes focus (`can_focus=False`), so the arrow keys stay with the answer
widget; Shift+Up/Down and the mouse wheel scroll it. User answers are shown as
`Content` (no markup); clicking one asks to change it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from dialoog.tui.lines import BOT, CARD, Line
from dialoog.tui.markdown import Block
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


class CardBubble(MarkdownText):
    """A dilemma card in one widget: title on the border, the situation, the question and options A-D."""

    DEFAULT_CSS = """
    CardBubble {
        height: auto; margin: 0 2 1 0; padding: 0 1; border: round $secondary;
        border-title-style: bold; border-title-color: $text;
    }
    """

    def __init__(self, card: CardView, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.card = card
        self.border_title = plain(card.title, 200)
        self.blocks = card_blocks(card)


def card_blocks(card: CardView) -> list[Block]:
    """The card's text as blocks: paragraphs of the situation, the question in bold, the options indented."""
    blocks = [Block("para", plain(part)) for part in plain_paragraphs(card.situation).split("\n\n") if part.strip()]
    blocks.append(Block("para", plain(card.question).stylize("bold")))
    for option in card.options:
        mark = f"{option.value.upper()}. "
        blocks.append(Block("item", plain(option.label), "  " + mark, 2 + len(mark), gap=False))
    return blocks


def bubble_for(line: Line) -> Widget:
    widget: Widget
    if line.who == CARD and line.card is not None:
        widget = CardBubble(line.card)
    elif line.who == BOT:
        widget = BotMarkdown(line.text)
    else:
        widget = UserBubble(line.text, line.step)
    widget.transcript_line = line  # type: ignore[attr-defined]
    return widget


class EarlierNote(Static):
    """At the top when earlier lines are not shown: scrolling up (or a click here) shows them."""

    DEFAULT_CSS = """
    EarlierNote { color: $text-muted; text-align: center; margin: 0 0 1 0; }
    """

    def on_click(self) -> None:
        parent = self.parent
        if isinstance(parent, Transcript):
            parent.reach_up()


class Transcript(VerticalScroll, can_focus=False):
    """The conversation so far.

    Only the latest `KEEP` lines are widgets; older ones wait in `earlier` and come
    back, `BATCH` at a time, when the user scrolls to the top. Textual lays out
    every widget of a scroll view on each change, so a long conversation would
    otherwise make every answer slower.
    """

    KEEP = 24
    BATCH = 12

    DEFAULT_CSS = """
    Transcript { height: 1fr; padding: 1 1 0 1; scrollbar-size-vertical: 1; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.earlier: list[Line] = []
        """Lines older than the ones on screen, oldest first."""
        self._restoring = False

    def on_mount(self) -> None:
        self.anchor()

    def line_widgets(self) -> list[Widget]:
        return [w for w in self.children if hasattr(w, "transcript_line")]

    def add_lines(self, lines: Iterable[Line]) -> AwaitComplete | None:
        """Add lines at the bottom; beyond `KEEP` line widgets, the oldest move to `earlier`."""
        new = list(lines)
        if not new:
            return None
        shown = self.line_widgets()
        excess = len(shown) + len(new) - self.KEEP
        if excess > 0:
            gone = shown[:excess]
            self.earlier += [w.transcript_line for w in gone]  # type: ignore[attr-defined]
            if gone:
                self.remove_children(gone)
            skipped = excess - len(gone)
            self.earlier += new[:skipped]
            new = new[skipped:]
        self.anchor()
        mounting = self.mount_all([bubble_for(line) for line in new])
        self._note()
        return mounting

    def _note(self) -> None:
        notes = list(self.query_children(EarlierNote))
        if not self.earlier:
            if notes:
                self.remove_children(notes)
            return
        text = self.app.ui.ngettext(  # type: ignore[attr-defined]
            "↑ {n} earlier message: scroll up to see it", "↑ {n} earlier messages: scroll up to see them",
            len(self.earlier))
        if notes:
            notes[0].update(plain(text))
        else:
            self.mount(EarlierNote(plain(text), markup=False), before=0)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if old > new:
            self.reach_up()

    def on_mouse_scroll_up(self) -> None:
        self.reach_up()  # also when there is nothing to scroll (the lines shown fit the view)

    def reach_up(self) -> None:
        """The user went up as far as the view goes: show a batch of earlier lines, if there are any."""
        if self.scroll_y < 1 and self.earlier and not self._restoring:
            self._restoring = True
            self.call_later(self.show_earlier)

    async def show_earlier(self, count: int | None = None) -> None:
        """Put back up to `count` (default `BATCH`) earlier lines above the first one shown, keeping the view."""
        try:
            before_height = self.virtual_size.height
            adding = self._bring_back(count or self.BATCH, self.line_widgets())
            if adding is None:
                return
            await adding
            self._note()

            def keep_view() -> None:
                grown = self.virtual_size.height - before_height
                if grown > 0:
                    self.scroll_to(y=self.scroll_y + grown, animate=False)

            self.call_after_refresh(keep_view)
        finally:
            self._restoring = False

    def _bring_back(self, count: int, shown: list[Widget]) -> AwaitComplete | None:
        """Mount the last `count` lines of `earlier` above `shown` (the line widgets that stay)."""
        take = self.earlier[-count:] if count > 0 else []
        if not take:
            return None
        del self.earlier[-len(take):]
        widgets = [bubble_for(line) for line in take]
        return self.mount_all(widgets, before=shown[0]) if shown else self.mount_all(widgets)

    def truncate(self, tag: int) -> Any:
        """Remove every line added after the history had `tag` steps."""
        self.earlier = [line for line in self.earlier if line.tag <= tag]
        shown = self.line_widgets()
        gone = [w for w in shown if w.transcript_line.tag > tag]  # type: ignore[attr-defined]
        staying = [w for w in shown if w not in gone]
        removing = self.remove_children(gone) if gone else None
        adding = self._bring_back(self.KEEP - len(staying), staying)
        self._note()

        async def done() -> None:
            for pending in (removing, adding):
                if pending is not None:
                    await pending

        return done()

    def clear(self) -> Any:
        self.earlier = []
        return self.remove_children()

    def user_bubbles(self) -> list[UserBubble]:
        return list(self.query(UserBubble))
