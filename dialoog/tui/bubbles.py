"""How a transcript line looks: rows of styled text, exactly as wide as the transcript.

A bot message has a coloured bar on its left; the user's answer is set to the
right on a tinted background with a bar on its right; a dilemma card has a
rounded border with its title on it. Every message is followed by a blank row.

On a wide terminal the messages keep to a column of `COLUMN` cells on the left
(about 100 characters of text a line, `MEASURE`), and the user's answers end at
that column's right edge, next to the questions, rather than at the far edge of
the screen; the rest of each row is blank.
The user's words are never parsed (see `dialoog.tui.text.plain`); bot texts are
the small Markdown of `dialoog.tui.markdown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.style import Style

from dialoog.tui.lines import BOT, CARD, Line
from dialoog.tui.markdown import MEASURE, Block, layout, parse
from dialoog.tui.text import plain, plain_paragraphs

if TYPE_CHECKING:
    from dialoog.engine.turn import CardView

COLUMN = MEASURE + 3
"""The width of the conversation's column on a wide terminal: a bot text's bar, its text and one cell after it."""
USER_MARGIN = 6
"""Cells left free before the user's answer, so answers stand apart from the bot's words."""
CARD_MARGIN = 2


@dataclass(frozen=True, slots=True)
class Look:
    """The styles of the parts of a bubble (from the transcript's CSS, so the theme applies)."""

    bot_bar: Style
    user: Style
    user_hover: Style
    user_bar: Style
    card_border: Style
    card_title: Style


def card_blocks(card: CardView) -> list[Block]:
    """The card's text as blocks: paragraphs of the situation, the question in bold. (The options are the
    answer list under it, and the user's answer after it: they are not shown a second time in the box.)"""
    blocks = [Block("para", plain(part)) for part in plain_paragraphs(card.situation).split("\n\n") if part.strip()]
    blocks.append(Block("para", plain(card.question).stylize("bold")))
    return blocks


def blocks_for(line: Line) -> list[Block]:
    """What a bot or card line says, as Markdown blocks (none for a user line)."""
    if line.who == CARD and line.card is not None:
        return card_blocks(line.card)
    if line.who == BOT:
        return parse(line.text)
    return []


def rows(line: Line, blocks: list[Block], width: int, look: Look, hover: bool = False) -> list[Content]:
    """`line` as rows `width` cells wide, the blank row after it included, drawn in the conversation's column."""
    column = column_width(width)
    if line.who == CARD and line.card is not None:
        body = card_rows(line.card.title, blocks, column, look)
    elif line.who == BOT:
        body = bot_rows(blocks, column, look)
    else:
        body = user_rows(line.text, column, look, hover)
    if column < width:
        body = [_fill(row, width) for row in body]
    return [*body, Content(" " * width)]


def column_width(width: int) -> int:
    """The width of the column the messages are drawn in, in a transcript `width` cells wide."""
    return min(width, COLUMN)


def _fill(content: Content, width: int) -> Content:
    """`content` padded with spaces (or cut) to exactly `width` cells."""
    return content.truncate(width, pad=True)


def bot_rows(blocks: list[Block], width: int, look: Look) -> list[Content]:
    inner = max(1, width - 3)
    bar = Content.styled("▎", look.bot_bar)
    return [_fill(bar + " " + text, width) for text in layout(blocks, inner) or [Content("")]]


def user_rows(text: str, width: int, look: Look, hover: bool) -> list[Content]:
    margin = min(USER_MARGIN, max(0, width - 12))
    inner = max(1, width - margin - 3)
    style = look.user_hover if hover else look.user
    bar = Content.styled("▐", look.user_bar + Style(background=style.background))
    wrapped = [part.rstrip() for part in plain(text).wrap(inner)] or [Content("")]
    out = []
    for part in wrapped:
        body = Content(" ") + part.right(inner) + " "
        out.append(_fill(Content(" " * margin) + body.stylize_before(style) + bar, width))
    return out


def card_rows(title: str, blocks: list[Block], width: int, look: Look) -> list[Content]:
    usable = max(8, width - CARD_MARGIN)
    inner = max(1, usable - 4)
    border = look.card_border
    name = plain(title, 200)
    if name.cell_length > usable - 6:
        name = name.truncate(max(1, usable - 6), ellipsis=True)
    top = (Content.styled("╭─ ", border) + name.stylize_before(look.card_title)
           + Content.styled(" " + "─" * max(0, usable - 5 - name.cell_length) + "╮", border))
    side = Content.styled("│", border)
    middle = [side + " " + _fill(text, inner) + " " + side for text in layout(blocks, inner)]
    bottom = Content.styled("╰" + "─" * (usable - 2) + "╯", border)
    return [_fill(row, width) for row in (top, *middle, bottom)]
