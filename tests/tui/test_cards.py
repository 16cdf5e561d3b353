"""Dilemma cards in the TUI (issue 11, items 6, 7 and 10), on the real practice flow: the options once,
the feedback that stays until 'Verder', a footer key to scroll, F1 that explains the card, and the
progress line counting cards."""

from __future__ import annotations

import pytest

from dialoog.tui.screens.conversation import ConversationScreen
from dialoog.tui.screens.why import WhyScreen
from dialoog.tui.widgets.transcript import Transcript

from .conftest import begin, flat, make_app, screen_text, until


async def _to_first_card(pilot) -> ConversationScreen:  # type: ignore[no-untyped-def]
    await begin(pilot)
    await pilot.press("enter")  # the practice intro
    screen = pilot.app.screen
    await until(pilot, lambda: screen.turn.kind == "card", "the first card")
    return screen


@pytest.mark.parametrize("size", [(70, 20), (100, 30)])
async def test_a_card_shows_its_options_once_and_the_situation_can_be_scrolled_to(size: tuple[int, int]) -> None:
    app = make_app(flow="practice", root=None)
    async with app.run_test(size=size) as pilot:
        screen = await _to_first_card(pilot)
        card = screen.turn.card
        assert card is not None
        text = screen_text(app)
        for option in card.options:
            assert flat(app).count(option.label[:25]) == 1, option.label
        assert "PgUp/PgDn" in text and "Bladeren" in text, "the footer names the key that scrolls"
        assert "kaart 1 van" in text and "100%" not in text
        transcript = app.screen.query_one(Transcript)
        situation = card.situation.split()[0:3]
        # with the options focused, PageUp scrolls the transcript back to the situation
        highlighted = app.focused.highlighted  # type: ignore[union-attr]
        for _ in range(6):
            if " ".join(situation) in flat(app):
                break
            before = transcript.scroll_y
            await pilot.press("pageup")
            await pilot.pause()
            assert transcript.scroll_y < before or transcript.scroll_y == 0
        assert " ".join(situation) in flat(app)
        assert app.focused.highlighted == highlighted  # type: ignore[union-attr]


async def test_the_feedback_stays_until_verder_then_the_next_card_comes() -> None:
    app = make_app(flow="practice", root=None)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _to_first_card(pilot)
        first = screen.turn.card
        assert first is not None
        await pilot.press("b")
        await until(pilot, lambda: screen.turn.pause, "the pause after the card")
        text = flat(app)
        assert "Verder" in text
        assert screen.turn.card is None and screen.turn.node.endswith(first.id)
        assert "kaart 1 van" in screen_text(app)  # still the card just answered
        # the feedback's beginning is on screen; its end is a PageDown away, and nothing else came
        assert "Overwegingen" in text and "Bronnen" not in text
        for _ in range(8):
            if "Bronnen" in flat(app):
                break
            await pilot.press("pagedown")
            await pilot.pause()
        assert "Bronnen" in flat(app)
        await pilot.press("enter")
        await until(pilot, lambda: screen.turn.kind == "card", "the next card")
        assert screen.turn.card is not None and screen.turn.card.id != first.id
        assert "kaart 2 van" in screen_text(app)
        # the transcript says the feedback once
        assert app.screen.query_one(Transcript).text().count("Overwegingen") == 1


async def test_switching_language_in_the_pause_shows_the_feedback_once() -> None:
    app = make_app(flow="practice", root=None)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _to_first_card(pilot)
        await pilot.press("a")
        await until(pilot, lambda: screen.turn.pause, "the pause after the card")
        await pilot.press("f9")
        await until(pilot, lambda: app.screen.session.lang == "en", "English")
        await pilot.pause()
        words = app.screen.query_one(Transcript).text()
        assert words.count("Considerations") == 1 and "Overwegingen" not in words


@pytest.mark.parametrize(("lang", "words"), [("nl", "dilemma uit de praktijk"), ("en", "dilemma from practice")])
async def test_f1_on_a_card_explains_the_card(lang: str, words: str) -> None:
    app = make_app(lang, flow="practice", root=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_first_card(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, WhyScreen), "the why screen")
        assert words in flat(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
