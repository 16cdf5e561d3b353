"""The transcript: bot messages (Markdown) and the user's answers, anchored to the bottom.

One widget draws the whole conversation, row by row (Textual's line API, as its
`Log` does): adding a message renders only that message and costs the same at
the fortieth answer as at the first, where a widget per message made Textual lay
out and repaint every earlier message on each answer. How a message looks is in
`dialoog.tui.bubbles`; its colours come from this widget's CSS, so themes apply.

It follows the conversation: each new message comes into view. A message too
long for the view (a dilemma card at 20 rows, the considerations after it) is
shown from its start, at the top of the view, and the rest is a PageDown or a
scroll away; once the user has scrolled to the end it follows the end again.

It never takes focus (`can_focus=False`), so the arrow keys stay with the answer
widget; PageUp/PageDown, Shift+Up/Down and the mouse wheel scroll it. The user's answers are
never parsed as markup. Clicking one asks to change it (`ReviseStep`). Text can
be selected with the mouse and copied.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dialoog.tui.bubbles import Look, blocks_for, column_width, rows
from dialoog.tui.lines import CARD, USER, Line
from dialoog.tui.messages import ReviseStep

if TYPE_CHECKING:
    from textual import events
    from textual.selection import Selection

    from dialoog.tui.markdown import Block


class Transcript(ScrollView, can_focus=False):
    """The conversation so far, as rows of text."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript--bot-bar", "transcript--user", "transcript--user-hover", "transcript--user-bar",
        "transcript--card-border", "transcript--card-title",
    }

    DEFAULT_CSS = """
    Transcript {
        height: 1fr; padding: 0 1; overflow-x: hidden; overflow-y: auto;
        scrollbar-size-vertical: 1; scrollbar-gutter: stable;
    }
    Transcript > .transcript--bot-bar { color: $primary; }
    Transcript > .transcript--user { background: $boost; color: $text; }
    Transcript > .transcript--user-hover { background: $accent 20%; color: $text; }
    Transcript > .transcript--user-bar { color: $accent; }
    Transcript > .transcript--card-border { color: $secondary; }
    Transcript > .transcript--card-title { color: $text; text-style: bold; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines: list[Line] = []
        """Every line of the conversation so far, oldest first."""
        self._blocks: list[list[Block]] = []
        self._rows: list[tuple[int, Content]] = [(-1, Content(""))]  # drawn again once the width is known
        """(index in `lines`, the row): a blank row at the top, then every line's rows."""
        self._strips: dict[int, Strip] = {}
        self._width = 0
        self._look: Look | None = None
        self._hover: int | None = None
        self._follow = True
        """The view places itself (new rows and a change of height scroll it), until the user scrolls; it places
        itself at the end, or at `_pin` while the rows from there on do not fit."""
        self._pin_line: int | None = None
        """The newest message (its index in `lines`), whose start stays in view while the view follows."""
        self._pin: int | None = None
        """The first row of `_pin_line`, once laid out."""

    # -- what is shown ---------------------------------------------------------------

    def add_lines(self, lines: Iterable[Line]) -> None:
        """Add lines at the bottom and scroll to them."""
        new = list(lines)
        if not new:
            return
        start = len(self.lines)
        self.lines += new
        self._blocks += [blocks_for(line) for line in new]
        self._pin_line, self._pin = self._newest_message(start), None
        if self._width:
            for index in range(start, len(self.lines)):
                if index == self._pin_line:
                    self._pin = len(self._rows)
                self._rows += self._line_rows(index)
        self._resized(to_end=True, kept=True)

    def _newest_message(self, start: int) -> int | None:
        """The first line of what the bot said last, from line `start` on: the lines after the user's last
        answer, or the last card (a card is a message of its own). None if the user's answer is the last."""
        first = None
        for index in range(len(self.lines) - 1, start - 1, -1):
            who = self.lines[index].who
            if who == USER:
                break
            first = index
            if who == CARD:
                break
        return first

    def truncate(self, tag: int) -> None:
        """Remove every line added after the history had `tag` steps."""
        keep = [i for i, line in enumerate(self.lines) if line.tag <= tag]
        if len(keep) == len(self.lines):
            return
        self.lines = [self.lines[i] for i in keep]
        self._blocks = [self._blocks[i] for i in keep]
        self._hover = self._pin_line = None
        self._render_all(to_end=True)

    def clear(self) -> None:
        self.lines, self._blocks, self._hover, self._pin_line = [], [], None, None
        self._render_all(to_end=True)

    def user_lines(self) -> list[Line]:
        """The user's answers shown, oldest first."""
        return [line for line in self.lines if line.who == USER]

    def text(self) -> str:
        """Everything in the transcript as plain text, row by row, as it is drawn."""
        return "\n".join(row.plain.rstrip() for _, row in self._rows)

    def offset_of(self, line: Line) -> Offset | None:
        """Where `line` starts, in this widget's coordinates, if it is in view (for a click)."""
        index = next((i for i, shown in enumerate(self.lines) if shown is line), None)
        row = self._first_row(index) if index is not None else None
        if row is None or not 0 <= row - self.top_row() < self.size.height:
            return None
        left, top = self.gutter.top_left
        return Offset(left + column_width(self._width) - 4, top + row - self.top_row())

    def _first_row(self, index: int) -> int | None:
        """The first row of line `index`, if it has been laid out."""
        return next((row for row, (i, _) in enumerate(self._rows) if i == index), None)

    # -- rendering -------------------------------------------------------------------

    def look(self) -> Look:
        if self._look is None:
            style = self.get_visual_style
            self._look = Look(
                bot_bar=style("transcript--bot-bar"), user=style("transcript--user"),
                user_hover=style("transcript--user-hover"), user_bar=style("transcript--user-bar"),
                card_border=style("transcript--card-border"), card_title=style("transcript--card-title"),
            )
        return self._look

    def _line_rows(self, index: int) -> list[tuple[int, Content]]:
        """The rows of line `index`; the blank row after it belongs to no line."""
        drawn = rows(self.lines[index], self._blocks[index], self._width, self.look(), hover=index == self._hover)
        return [(index, row) for row in drawn[:-1]] + [(-1, drawn[-1])]

    def _all_rows(self) -> list[tuple[int, Content]]:
        """Every row, laid out again (and where the pinned message starts now)."""
        rows = [(-1, Content(" " * self._width))]
        self._pin = None
        if self._width:
            for index in range(len(self.lines)):
                if index == self._pin_line:
                    self._pin = len(rows)
                rows += self._line_rows(index)
        return rows

    def _render_all(self, to_end: bool = False) -> None:
        self._rows = self._all_rows()
        self._resized(to_end)

    def _render_again(self, index: int) -> None:
        """Draw line `index` again in place (its number of rows stays the same)."""
        start = self._first_row(index)
        if start is None:
            return
        new = self._line_rows(index)
        self._rows[start:start + len(new)] = new
        for row in range(start, start + len(new)):
            self._strips.pop(row, None)
        self.refresh()

    def _resized(self, to_end: bool, kept: bool = False) -> None:
        """The rows changed: new virtual size, repaint, and (if asked) scroll to the end.

        `kept`: rows were only added at the end, so the rows drawn before are still right.
        """
        if not kept:
            self._strips.clear()
        self.virtual_size = Size(self._width, len(self._rows))
        if to_end:
            self._follow = True
        if self._follow:
            self._to_place()
        self.refresh()

    def _place(self) -> int:
        """The row the view shows at its top while it follows: the start of the newest message if the rows from
        there on are more than the view holds, else the row that shows the end."""
        end = self.max_scroll_y
        return end if self._pin is None else min(self._pin, end)

    def _to_place(self) -> None:
        """Show the rows from `_place()` on in the next frame, with the scroll bar there."""
        if self.allow_vertical_scroll:
            self.scroll_to(y=self._place(), animate=False, immediate=True)
        else:
            # the scroll bar appears at the next layout, and until it does `scroll_to` does nothing:
            # set the position for the next frame, and scroll once the scroll bar is there
            self.set_scroll(None, self._place())
            self.refresh()
            self.call_after_refresh(self._to_place_if_following)

    def _to_place_if_following(self) -> None:
        if self._follow and self.allow_vertical_scroll:
            self.scroll_to(y=self._place(), animate=False, immediate=True)

    def anchored(self) -> bool:
        """Kept at the bottom: the view follows the end (the user has not scrolled up since the last message, and
        the newest message fits in the view)."""
        return self._follow and self._place() == self.max_scroll_y

    def placed_at(self) -> int | None:
        """The row the view keeps at its top while it follows (the end, or the start of a newest message that does
        not fit); None once the user has scrolled away from it."""
        return self._place() if self._follow else None

    def top_row(self) -> int:
        """The first row in view."""
        return round(self.scroll_offset.y)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The new size is known here first (a Resize message comes after the frame). A new width: lay the
        # rows out for it now, so the first frame already shows the messages, and the scroll size follows
        # just after. A new height while following (the answer area below grew or shrank): scroll to the
        # end now, so this frame shows the newest message rather than the next one.
        if self._take_width():
            self.call_later(self._resized, to_end=self._follow)
        elif self._follow and self.scroll_offset.y != self._place():
            self._to_place()
        return super().render_lines(crop)

    def _take_width(self) -> bool:
        """Lay the rows out again if the width changed (the scroll size is for the caller); True if it did."""
        width = self.scrollable_size.width  # the gutter for the scrollbar is kept, so this stays put
        if width == self._width or width <= 0:
            return False
        self._width = width
        self._rows = self._all_rows()
        self._strips.clear()
        return True

    def render_line(self, y: int) -> Strip:
        row = self.top_row() + y
        width = self.size.width
        if not 0 <= row < len(self._rows):
            return Strip.blank(width, self.rich_style)
        selection = self.text_selection
        strip = self._strips.get(row) if selection is None else None
        if strip is None:
            content = self._rows[row][1]
            span = selection.get_span(row) if selection is not None else None
            if span is not None:
                start, end = span
                content = content.stylize(self.screen.get_visual_style("screen--selection"), start,
                                          len(content) if end == -1 else end)
            strip = Strip(content.render_segments(self.visual_style))
            strip = strip.extend_cell_length(width, self.rich_style).apply_offsets(0, row)  # the scrollbar's column
            if selection is None:
                self._strips[row] = strip
        return strip

    def on_resize(self) -> None:
        if self._take_width():
            self._resized(to_end=self._follow)
        elif self._follow:
            self._to_place()

    # -- scrolling by the user ---------------------------------------------------------

    def scroll_page(self, direction: int) -> None:
        """Scroll half a view up (-1) or down (1), as the user asked."""
        self._scrolled(up=direction < 0)
        self.scroll_relative(y=direction * max(1, self.size.height // 2), animate=False, immediate=True)
        self._follow_if_at_end()

    def _scrolled(self, up: bool) -> None:
        """The user scrolls: the view stays where they put it (a scroll down at the end follows the end again)."""
        if up or self._pin is not None:
            self._follow = False
        self._pin_line = self._pin = None

    def _follow_if_at_end(self) -> None:
        if self.is_vertical_scroll_end:
            self._follow = True

    def on_mouse_scroll_up(self) -> None:
        self._scrolled(up=True)

    def on_mouse_scroll_down(self) -> None:
        self._scrolled(up=False)
        self.call_after_refresh(self._follow_if_at_end)

    def on_scroll_up(self) -> None:
        self._scrolled(up=True)

    def on_scroll_to(self) -> None:
        self._scrolled(up=True)  # the scroll bar was dragged
        self.call_after_refresh(self._follow_if_at_end)

    def on_scroll_down(self) -> None:
        self._scrolled(up=False)
        self.call_after_refresh(self._follow_if_at_end)

    def notify_style_update(self) -> None:
        """The theme (or a style) changed: draw again, every line if the bubbles' colours changed."""
        super().notify_style_update()
        before, self._look = self._look, None
        if self._width and self.is_mounted and self.look() != before:
            self._render_all()
        else:
            self._strips.clear()

    # -- selecting text ---------------------------------------------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract("\n".join(row.plain for _, row in self._rows)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    # -- the mouse ---------------------------------------------------------------------

    def _answer_at(self, event: events.MouseEvent) -> int | None:
        """The index of the user's answer under the mouse, if it can be changed."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        row = self.top_row() + offset.y
        if not 0 <= row < len(self._rows):
            return None
        index = self._rows[row][0]
        if index < 0:
            return None
        line = self.lines[index]
        return index if line.who == USER and line.step is not None else None

    def _set_hover(self, index: int | None) -> None:
        if index == self._hover:
            return
        before, self._hover = self._hover, index
        for changed in (before, index):
            if changed is not None and changed < len(self.lines):
                self._render_again(changed)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._answer_at(event))

    def on_leave(self) -> None:
        self._set_hover(None)

    def on_click(self, event: events.Click) -> None:
        index = self._answer_at(event)
        if index is not None:
            step = self.lines[index].step
            if step is not None:
                self.post_message(ReviseStep(step))
