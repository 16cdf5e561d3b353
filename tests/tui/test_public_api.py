"""What the user sees and gets from the widgets rebuilt on Textual's public API.

The Continue button (GoButton), ticking with a click (CheckList), the transcript that follows the
newest message until the user scrolls up, the key bar and palette in the user's language, and the
hidden spares of every kind.
"""

from __future__ import annotations

from textual.widgets import Static

from dialoog.tui.widgets.answers.base import GoButton
from dialoog.tui.widgets.answers.multi import CheckList
from dialoog.tui.widgets.keybar import KeyBar
from dialoog.tui.widgets.transcript import Transcript

from .conftest import answer_current, begin, flat, make_app, settle, to_multiple_choice


async def test_a_click_on_the_continue_button_goes_on() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        assert app.screen.turn.kind == "message"
        await pilot.click(GoButton)
        await settle(pilot)
        assert app.screen.turn.node == "role"
        assert "Welke rol" in flat(app)


async def test_a_click_anywhere_on_an_option_ticks_it_and_enter_still_goes_on() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        checks = await to_multiple_choice(pilot)
        await pilot.click(CheckList, offset=(2, 1))  # on the second option's box
        await settle(pilot)
        assert checks.ordered() == [checks.values[1]]
        assert "[x] 2." in flat(app)
        await pilot.click(CheckList, offset=(60, 0))  # far right on the first option's row
        await settle(pilot)
        assert checks.ordered() == checks.values[:2]
        assert app.screen.turn.kind == "multi", "a click ticks; it does not answer"
        answered = len(app.screen.session.history)
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.screen.session.history) == answered + 1, "Enter after a click gives the answer"


async def test_space_ticks_the_highlighted_option() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        checks = await to_multiple_choice(pilot)
        await pilot.press("down", "space")
        await settle(pilot)
        assert checks.ordered() == [checks.values[1]] and "[x] 2." in flat(app)


async def test_the_transcript_stays_where_the_user_scrolled_until_the_next_message() -> None:
    app = make_app()
    async with app.run_test(size=(60, 16)) as pilot:
        await to_multiple_choice(pilot)
        transcript = app.screen.query_one(Transcript)
        assert transcript.scroll_y == transcript.max_scroll_y > 0
        await pilot.press("shift+up", "shift+up")
        await settle(pilot)
        scrolled = transcript.scroll_y
        assert scrolled < transcript.max_scroll_y
        in_view = transcript.text().splitlines()[int(scrolled):int(scrolled) + transcript.size.height]
        top = next(row.strip("▎▐ ") for row in in_view if row.strip("▎▐ "))
        assert top in flat(app)
        await pilot.resize_terminal(60, 18)  # taller: the view does not jump back to the end
        await settle(pilot)
        assert transcript.scroll_y == scrolled
        assert top in flat(app), "the row at the top is still in view"
        await pilot.press("1", "enter")  # the next question: the view follows it again
        await settle(pilot)
        assert transcript.scroll_y == transcript.max_scroll_y
        newest = transcript.text().rstrip().splitlines()[-1].strip("▎▐ ")
        assert newest and newest in flat(app), "the newest message is in view"


async def test_scrolling_back_down_to_the_end_follows_again() -> None:
    app = make_app()
    async with app.run_test(size=(60, 16)) as pilot:
        await to_multiple_choice(pilot)
        transcript = app.screen.query_one(Transcript)
        await pilot.press("shift+up")
        await settle(pilot)
        for _ in range(6):
            await pilot.press("shift+down")
        await settle(pilot)
        assert transcript.scroll_y == transcript.max_scroll_y
        await pilot.resize_terminal(60, 14)  # shorter: the end stays in view
        await settle(pilot)
        assert transcript.scroll_y == transcript.max_scroll_y


async def test_the_key_bar_and_the_palette_speak_the_users_language() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "1")  # the portfolio: Back can be used now
        await settle(pilot)
        assert "F2 Terug" in flat(app) and "^q Stoppen" in flat(app) and "F9 English" in flat(app)
        await pilot.press("f9")
        await settle(pilot)
        assert "F2 Back" in flat(app) and "^q Quit" in flat(app) and "F9 Nederlands" in flat(app)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Back" in titles and "Switch language: Nederlands" in titles
        assert "See your summary" not in titles, "only what can be used now"
        await pilot.press("f9")
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Andere taal: English" in titles and "Terug" in titles and "Back" not in titles


async def test_the_key_bar_keeps_the_declared_order_whatever_kind_of_question_has_focus() -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await begin(pilot)
        bars = []
        for keys in (["enter"], ["1"], [*"wonen", "enter"]):  # a choice, a text field, a yes/no question
            await pilot.press(*keys)
            await settle(pilot)
            shown = [words for _key, words, _action in app.screen.query_one(KeyBar).shown]
            bars.append([words for words in shown if words in ("Waarom?", "Terug", "Wijzigen", "Bladeren",
                                                              "English", "Stoppen", "Opdrachten")])
        for bar in bars:
            order = ["Waarom?", "Terug", "Wijzigen", "Bladeren", "English", "Stoppen", "Opdrachten"]
            assert bar == [words for words in order if words in bar], bar
        assert "Bladeren" in bars[1] and "Terug" in bars[1]


async def test_every_usable_key_stays_in_the_key_bar_at_80_columns() -> None:
    app = make_app(flow="scan", root=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        for _ in range(60):  # on through the scan until a question can be declined and skipped, and changed
            turn = app.screen.turn
            if turn.can_decline and turn.can_skip and turn.can_back:
                break
            await answer_current(pilot)
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        keys = [key for key, _words, _action in bar.shown]
        assert {"F1", "F2", "F3", "F4", "F5", "^q", "^p"} <= set(keys), keys
        drawn = " ".join(str(static.render()) for static in bar.query(Static))
        for key in keys:
            assert f"{key} " in drawn + " ", f"{key} is not in the key bar: {drawn!r}"


async def test_start_up_mounts_a_hidden_spare_of_every_kind_the_network_list_too() -> None:
    import asyncio

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await asyncio.wait_for(app.settled.wait(), 10)
        kinds = {type(w).__name__ for w in app.screen.area.widgets()}
        assert {"ContinueAnswer", "ChoiceAnswer", "YesNoAnswer", "MultiAnswer", "ScaleAnswer", "TextAnswer",
                "CardAnswer", "NetworkAnswer"} <= kinds
        assert "Welkom" in flat(app) or "proefgesprek" in flat(app)
        assert "Nobody named yet" not in flat(app) and "Nog niemand" not in flat(app), "the spares are hidden"


async def test_every_frame_shows_the_end_of_the_transcript_while_it_follows() -> None:
    """Also the frame in which the answer area below changes height (a question of another kind): the
    newest message is in that frame, not one frame later."""
    from ._textual_harness import watch_frames
    from .conftest import answer_current

    app = make_app()
    stale: list[str] = []

    def frame(codes: str) -> None:
        screen = app.screen
        transcript = next(iter(screen.query(Transcript)), None)
        if transcript is not None and transcript.anchored() and transcript.scroll_y != transcript.max_scroll_y:
            kind = getattr(getattr(screen, "turn", None), "kind", "?")
            stale.append(f"{kind}: row {transcript.scroll_y} of {transcript.max_scroll_y}")

    watch_frames(app, frame)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        kinds = []
        for _ in range(40):
            turn = getattr(app.screen, "turn", None)
            if turn is None or turn.kind == "end":
                break
            kinds.append(turn.kind)
            await answer_current(pilot, keys=["j"] if app.screen.turn.kind == "yesno" else None)
            await settle(pilot)
        assert {"choice", "text", "yesno", "scale", "multi"} <= set(kinds)
    assert stale == []
