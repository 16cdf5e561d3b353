"""Readable text in the transcript (issue 11, items 7 and 8).

On a wide terminal the messages keep to a column of about 100 characters and the user's answers end at
that column's edge, next to the questions. A new message longer than the view (a card on a small
screen, the considerations after a card) is shown from its start: the user reads it from the top and
reaches the rest with PageDown; after that the view follows the end again.
"""

from __future__ import annotations

from typing import Any

import pytest

from dialoog.tui.bubbles import COLUMN
from dialoog.tui.markdown import MEASURE
from dialoog.tui.widgets.transcript import Transcript

from ._textual_harness import screen_lines, watch_frames
from .conftest import begin, flat, make_app, settle, until
from .test_snapshots import TO


def transcript_rows(app: Any) -> list[str]:
    """The screen's rows where the transcript is, as the terminal shows them."""
    region = app.screen.query_one(Transcript).region
    return screen_lines(app)[region.y:region.bottom]


def in_view(app: Any) -> list[str]:
    """The transcript's rows in view, without their bars and padding."""
    return [row.strip(" ▎▐│") for row in transcript_rows(app)]


@pytest.mark.parametrize("size", [(200, 50), (160, 40)])
async def test_on_a_wide_terminal_text_keeps_to_about_100_columns_and_answers_sit_next_to_it(
        size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await begin(pilot)
        for key in TO["pause"]:
            await pilot.press(key)
        await settle(pilot)
        rows = [row for row in transcript_rows(app) if row.strip()]
        assert any("Kaartjes voor de finale" in row for row in rows)
        edge = 1 + COLUMN  # the transcript's left padding, then the column
        assert all(len(row.rstrip(" ▁▂▃▄▅▆▇█")) <= edge for row in rows), "nothing runs past the column"
        answers = [row.rstrip(" ▁▂▃▄▅▆▇█") for row in rows if "▐" in row]
        assert len(answers) >= 5
        assert all(len(row) == edge and row.endswith("▐") for row in answers), "answers end at the column's edge"
        card = [row.rstrip(" ▁▂▃▄▅▆▇█") for row in rows if row.lstrip()[:1] in "╭│╰"]
        assert card and len({len(row) for row in card}) == 1, "the card is one box"


async def test_a_long_bot_text_on_a_wide_terminal_wraps_at_the_measure() -> None:
    app = make_app(flow="practice", root=None)
    async with app.run_test(size=(200, 50)) as pilot:
        await begin(pilot)
        await pilot.press("enter")
        screen: Any = app.screen
        await until(pilot, lambda: screen.turn.kind == "card", "the first card")
        await pilot.press("b")
        await until(pilot, lambda: screen.turn.pause, "the pause after the card")
        texts = [row[3:].rstrip(" ▁▂▃▄▅▆▇█") for row in transcript_rows(app) if row.startswith(" ▎ ")]
        assert any("Overwegingen" in text for text in texts)
        longest = max(len(text) for text in texts)
        assert MEASURE - 15 < longest <= MEASURE, "lines of about 100 characters, not 190"


async def _to_first_card(pilot: Any) -> Any:
    await begin(pilot)
    await pilot.press("enter")  # the practice intro
    screen: Any = pilot.app.screen
    await until(pilot, lambda: screen.turn.kind == "card", "the first card")
    return screen


def _card_in_view(app: Any) -> None:
    screen: Any = app.screen
    card = screen.turn.card
    assert card is not None
    rows = in_view(app)
    assert any(row.startswith("╭─ " + card.title[:20]) for row in rows), f"the card's top is in view:\n{rows}"
    assert " ".join(card.situation.split()[:4]) in flat(app), "its situation can be read from the start"


@pytest.mark.parametrize("size", [(70, 20), (80, 24)])
async def test_the_card_and_the_start_of_its_feedback_are_in_view_and_the_rest_a_page_down_away(
        size: tuple[int, int]) -> None:
    app = make_app(flow="practice", root=None)
    wrong: list[str] = []

    def frame(codes: str) -> None:
        transcript = next(iter(app.screen.query(Transcript)), None)
        placed = transcript.placed_at() if transcript is not None else None
        if transcript is not None and placed is not None and transcript.scroll_y != placed:
            wrong.append(f"{getattr(app.screen, 'turn', None)}: row {transcript.scroll_y}, not {placed}")

    watch_frames(app, frame)
    async with app.run_test(size=size) as pilot:
        screen = await _to_first_card(pilot)
        transcript = screen.query_one(Transcript)
        for number in range(3):
            _card_in_view(app)
            await pilot.press("abc"[number])
            await until(pilot, lambda: screen.turn.pause, "the pause after the card")
            assert "Verder" in flat(app)
            assert in_view(app)[0] == "Overwegingen", "the feedback from its start, at the top"
            assert not transcript.anchored(), "longer than the view: not at the end yet"
            for _ in range(20):
                if transcript.anchored():
                    break
                await pilot.press("pagedown")
                await pilot.pause()
            assert "Bronnen" in flat(app) and transcript.anchored(), "PageDown reaches the end, which it follows"
            await pilot.press("enter")
            await until(pilot, lambda: screen.turn.kind == "card", "the next card")
    assert wrong == [], "every frame shows the view where it was placed"


async def test_the_start_of_the_feedback_stays_at_the_top_when_the_view_changes_height() -> None:
    app = make_app(flow="practice", root=None)
    async with app.run_test(size=(70, 20)) as pilot:
        screen = await _to_first_card(pilot)
        await pilot.press("a")
        await until(pilot, lambda: screen.turn.pause, "the pause after the card")
        assert in_view(app)[0] == "Overwegingen"
        await pilot.resize_terminal(70, 24)
        await settle(pilot)
        assert in_view(app)[0] == "Overwegingen", "taller: still from the start"
        await pilot.press("shift+down", "shift+down")
        await settle(pilot)
        scrolled = app.screen.query_one(Transcript).scroll_y
        assert "Overwegingen" not in in_view(app)[0]
        await pilot.resize_terminal(70, 22)
        await settle(pilot)
        assert app.screen.query_one(Transcript).scroll_y == scrolled, "where the user scrolled to, it stays"


async def test_a_short_message_still_shows_the_end() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        for key in TO["pause"]:
            await pilot.press(key)
        await settle(pilot)
        transcript = app.screen.query_one(Transcript)
        assert transcript.anchored() and transcript.scroll_y == transcript.max_scroll_y > 0
        assert "U koos b" in flat(app)
