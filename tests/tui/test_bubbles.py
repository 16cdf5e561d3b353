"""How transcript lines are drawn: every row exactly as wide as the transcript, the user's words literal."""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.style import Style

from dialoog.engine.turn import CardView, Choice
from dialoog.tui.bubbles import Look, blocks_for, rows
from dialoog.tui.lines import BOT, CARD, USER, Line

LOOK = Look(bot_bar=Style(bold=True), user=Style(italic=True), user_hover=Style(underline=True),
            user_bar=Style(bold=True), card_border=Style(dim=True), card_title=Style(bold=True))

CARD_VIEW = CardView(
    id="c", title="Kaartjes voor de finale, een titel die lang is en niet op een smalle regel past",
    situation="Een oude studievriend biedt u kaartjes aan.\n\nHij werkt bij een bedrijf dat een vergunning vraagt.",
    question="Wat doet u?", options=(Choice("a", "U neemt ze aan."), Choice("b", "U weigert.")), themes=())

LINES = [
    Line(BOT, "Hallo. Dit is een **proefgesprek**.\n\n- een punt dat heel lang is en over meer regels gaat\n- twee", 0),
    Line(USER, "Bewindspersoon", 1, step=0),
    Line(USER, "x" * 300, 1, step=0),
    Line(USER, "regel een\nregel twee", 1, step=0),
    Line(USER, "日本語のテキスト" * 5, 1, step=0),
    Line(CARD, "", 2, card=CARD_VIEW),
    Line(BOT, "", 3),
]


def drawn(line: Line, width: int, hover: bool = False) -> list[str]:
    return [row.plain for row in rows(line, blocks_for(line), width, LOOK, hover)]


@pytest.mark.parametrize("width", [1, 8, 20, 40, 77, 117])
@pytest.mark.parametrize("line", LINES, ids=lambda line: line.who + str(len(line.text)))
def test_every_row_is_exactly_as_wide_as_the_transcript(line: Line, width: int) -> None:
    from rich.cells import cell_len

    out = rows(line, blocks_for(line), width, LOOK)
    assert out, "at least the blank row after the message"
    assert all(row.cell_length == width for row in out)
    assert all(cell_len(row.plain) == width for row in out)
    assert out[-1].plain.strip() == "", "a blank row after every message"


def test_a_bot_message_has_a_bar_and_its_markdown_is_formatted() -> None:
    out = drawn(LINES[0], 40)
    assert out[0].startswith("▎ Hallo. Dit is een proefgesprek.")
    assert "**" not in "".join(out)
    assert any(row.startswith("▎ • een punt") for row in out)
    assert any(row.startswith("▎     ") for row in out), "a list item's next line hangs under its text"


def test_the_users_answer_is_on_the_right_and_literal() -> None:
    out = drawn(Line(USER, "[b]vet[/b] [@click=app.quit]x[/]", 1, step=0), 60)
    assert out[0].rstrip().endswith("[b]vet[/b] [@click=app.quit]x[/] ▐")
    assert out[0].startswith(" " * 20)
    long = drawn(LINES[2], 40)
    assert len(long) > 2 and "".join(long).count("x") == 300, "a long answer wraps, nothing is lost"


def styles_under(row: Content, text: str) -> list[Style | str]:
    """The styles applied to every cell of `text` in `row`."""
    start = row.plain.index(text)
    end = start + len(text)
    return [span.style for span in row.spans if span.start <= start and span.end >= end]


def test_hover_changes_only_the_style() -> None:
    line = LINES[1]
    plain_rows, hovered = rows(line, [], 40, LOOK), rows(line, [], 40, LOOK, hover=True)
    assert [r.plain for r in plain_rows] == [r.plain for r in hovered], "the same words in the same place"
    assert styles_under(plain_rows[0], "Bewindspersoon") == [LOOK.user], "the answer's own look"
    assert styles_under(hovered[0], "Bewindspersoon") == [LOOK.user_hover], "the hover look, instead of it"
    assert styles_under(hovered[0], "▐") == styles_under(plain_rows[0], "▐") == [LOOK.user_bar], "the bar stays"


def test_a_card_has_a_border_with_its_title_and_its_question_not_the_options() -> None:
    out = drawn(LINES[5], 60)
    assert out[0].startswith("╭─ Kaartjes voor de finale") and out[0].rstrip().endswith("╮")
    assert "…" in out[0], "a long title is cut with an ellipsis"
    assert out[-2].startswith("╰") and out[-2].rstrip().endswith("╯")
    body = "\n".join(out[1:-2])
    assert "studievriend" in body and "Wat doet u?" in body
    # the options are the answer list under the card (and the answer after it), not a second time in the box
    assert "U neemt ze aan." not in body and "U weigert." not in body
    assert all(row.startswith("│ ") for row in out[1:-2])


LONG = Line(BOT, "Een lange zin die doorloopt " * 20 + "\n\n- een punt dat ook heel lang is " * 6, 0)


@pytest.mark.parametrize("width", [117, 197, 300])
def test_on_a_wide_transcript_the_text_keeps_to_a_column_of_about_100(width: int) -> None:
    from dialoog.tui.bubbles import COLUMN
    from dialoog.tui.markdown import MEASURE

    bot = drawn(LONG, width)
    assert max(len(row.rstrip()) for row in bot) <= 2 + MEASURE, "at most 100 characters after the bar"
    assert max(len(row.rstrip()) for row in bot) > MEASURE - 20, "and the column is used"
    card = drawn(LINES[5], width)
    assert all(len(row.rstrip()) <= COLUMN for row in card)
    assert card[0].rstrip().endswith("╮") and len(card[0].rstrip()) == len(card[-2].rstrip())
    answer = drawn(LINES[1], width)[0]
    assert answer.rstrip().endswith("Bewindspersoon ▐")
    assert len(answer.rstrip()) == COLUMN, "the answer ends at the column's right edge, not the screen's"


@pytest.mark.parametrize("width", [40, 77])
def test_a_narrower_transcript_is_used_to_its_edge(width: int) -> None:
    answer = drawn(LINES[1], width)[0]
    assert answer.endswith("Bewindspersoon ▐"), "the answer ends at the right edge"
    card = drawn(LINES[5], width)
    assert len(card[0].rstrip()) == width - 2, "the card is as wide as the transcript, less its margin"
    bot = drawn(LONG, width)
    assert max(len(row.rstrip()) for row in bot) > width - 10
