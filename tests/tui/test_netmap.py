"""The network map in the terminal, as a user meets it: F6 during the network module opens the map of the
list being typed (and later of the answers given), with the legend and every name as plain text; Escape
goes back to the same question; at 80x24 a map of 40 entries fits with its legend."""

from __future__ import annotations

from typing import Any

import pytest

from dialoog.tui.screens.conversation import ConversationScreen
from dialoog.tui.screens.netmap import NetworkMapScreen
from dialoog.tui.widgets.answers.network import NetworkAnswer
from dialoog.tui.widgets.netmap import MapGrid, NetworkMapView

from .conftest import answer_current, begin, make_app, screen_text, settle, type_keys, until


async def to_network(pilot: Any) -> NetworkAnswer:
    """The real scan, answered plainly up to its network list."""
    app = pilot.app
    await begin(pilot)
    for _ in range(100):
        turn = app.screen.turn
        if turn.kind == "network" and turn.entry is None:
            break
        await answer_current(pilot, quick=True)
    await settle(pilot)
    return app.screen.query_one(NetworkAnswer)


async def test_f6_shows_the_map_of_the_list_being_typed_and_escape_goes_back() -> None:
    app = make_app("nl", flow="scan", root=None, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_network(pilot)
        assert "F6" in screen_text(app)  # the key is in the key bar during the network module
        for name, group in [("Zwager [b]P.[/b]", "1"), ("Buurman A.", "2"), ("Lobbyist R.", "9")]:
            await type_keys(pilot, *name)
            await pilot.press("enter", group)
            await pilot.pause()
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, NetworkMapScreen), "the map screen")
        text = screen_text(app)
        assert "Uw netwerkkaart" in text
        assert "◉ u, in het midden" in text and "Groepen" in text
        for number in ("1", "2", "3"):
            assert number in app.screen.query_one(MapGrid).render().plain
        # the names are in the list below the map, exactly as typed (no markup read in them)
        view = app.screen.query_one(NetworkMapView)
        listing = str(view.query_one("#entries").render())
        assert "Zwager [b]P.[/b]" in listing and "Buurman A." in listing and "Lobbyist R." in listing
        assert "Vrienden" in listing and "Lobby- en belangengroepen" in listing
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "the conversation")
        widget = app.screen.query_one(NetworkAnswer)
        assert [e["name"] for e in widget.entries] == ["Zwager [b]P.[/b]", "Buurman A.", "Lobbyist R."]


async def test_the_map_during_the_follow_ups_shows_the_answers_given_and_their_signals() -> None:
    app = make_app("en", flow="scan", root=None, blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_network(pilot)
        await type_keys(pilot, *"Contractor Z.")
        await pilot.press("enter", "4")  # business
        await pilot.pause()
        await pilot.press("enter")  # an empty name: done
        await settle(pilot)
        session = app.screen.session
        # closeness, an interest in your work: yes, something to look at: yes, (how often), dealings with the
        # government: no, financial ties: yes
        keys_for_followup = {"closeness": ["right", "enter"], "policy_interest": ["y"], "check_more": ["y"],
                             "contact_frequency": ["enter"], "government_dealings": ["n"], "financial_ties": ["y"]}
        while "financial_ties" not in session.answers["network"][0]["answers"]:
            assert app.screen.turn.entry == "Contractor Z."
            await answer_current(pilot, quick=True, keys=keys_for_followup[app.screen.turn.followup])
        entry = session.answers["network"][0]
        assert entry["answers"]["policy_interest"] == entry["answers"]["financial_ties"] == "yes"
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, NetworkMapScreen), "the map screen")
        assert "Your network map" in screen_text(app)
        grid = app.screen.query_one(MapGrid).render().plain
        assert "1CD" in grid  # its number with the letters of its risk signals
        assert "C Risk of a conflict of interest" in grid and "D Vulnerability through dependency" in grid
        listing = str(app.screen.query_one("#entries").render())
        assert "Contractor Z. · Business contacts and former colleagues · ring " in listing
        assert "C D (Risk of a conflict of interest, Vulnerability through dependency)" in listing
        assert "not answered" not in listing
        await pilot.press("f6")  # F6 again goes back, to the same question
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "the conversation")
        assert app.screen.turn.followup == "approached"  # the question after financial ties


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_no_map_key_outside_the_network_module(lang: str) -> None:
    app = make_app(lang, flow="scan", root=None, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert "F6" not in screen_text(app)


async def test_f6_on_the_summary_opens_the_map_of_the_answers_and_escape_goes_back() -> None:
    from dialoog.tui.screens.summary import SummaryScreen

    from .test_snapshots import TO

    app = make_app("nl", blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await type_keys(pilot, *TO["summary"])
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        assert "F6" in screen_text(app)
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, NetworkMapScreen), "the map screen")
        listing = str(app.screen.query_one("#entries").render())
        assert "J.K. · Familie" in listing and "Bouwbedrijf X · Zakelijk" in listing
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary again")


async def test_the_map_takes_the_height_of_the_terminal_when_it_is_resized() -> None:
    app = make_app("en", flow="scan", root=None, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        app.push_screen(NetworkMapScreen(app.screen.session))
        await until(pilot, lambda: isinstance(app.screen, NetworkMapScreen), "the map screen")
        grid = app.screen.query_one(MapGrid)
        assert grid.size.height == 21
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert grid.size.height == 27
        assert "Groups" in grid.render().plain


async def test_a_map_of_forty_at_80x24_shows_every_number_and_the_whole_legend() -> None:
    categories = ["family", "friends", "business", "clubs", "party", "lobby", "online"]
    app = make_app("nl", flow="scan", root=None, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        session = app.screen.session
        session.answers["network"] = [
            {"name": f"Naam {i}", "category": categories[i % 7],
             "answers": {"closeness": 1 + i % 5, **({"could_pressure": "yes"} if i % 4 == 0 else {})}}
            for i in range(40)]
        app.push_screen(NetworkMapScreen(session))
        await until(pilot, lambda: isinstance(app.screen, NetworkMapScreen), "the map screen")
        text = screen_text(app)
        grid = app.screen.query_one(MapGrid).render().plain
        for number in range(1, 41):
            assert str(number) in grid
        for words in ("u, in het midden", "binnen: 5 Heel hecht", "geen antwoord", "Groepen", "Online contacten",
                      "A Kwetsbaarheid door", "Spreiding 0,86 · 7 groepen"):
            assert words in text, words
        assert "Naam" not in grid  # names are in the list below the map, not on it
