"""The network entry screen of the real scan with the shorter loop (issue 16, item 4): after the screening
questions, a detail follow-up appears only when a screening answer calls for it."""

from __future__ import annotations

from dialoog import play
from dialoog.tui.widgets.answers.network import NetworkAnswer

from .conftest import REPO, begin, make_app, screen_text, type_keys


async def test_a_yes_to_the_screening_question_brings_the_detail_and_a_no_goes_on_to_the_next_person() -> None:
    app = make_app("nl", flow="scan", root=REPO)
    async with app.run_test(size=(110, 44)) as pilot:
        await begin(pilot)
        screen = app.screen
        session = screen.session
        low = play.auto("low")
        while not (screen.turn.node == "network" and screen.turn.followup is None):
            turn = screen.turn
            value = "wethouder" if turn.node == "role" else low(session, turn)
            await screen._step(lambda turn=turn, value=value: play.give(session, turn, value))
            await pilot.pause()
        screen.query_one(NetworkAnswer)
        await type_keys(pilot, *"Buurman K.", "enter", "3")  # neighbours
        await type_keys(pilot, *"Vriendin S.", "enter", "2")  # friends
        await pilot.press("enter")  # an empty name: the list is done
        await pilot.pause()
        assert screen.turn.entry == "Buurman K." and screen.turn.followup == "closeness"
        await pilot.press("right", "enter")
        await pilot.pause()
        assert screen.turn.followup == "policy_interest"
        await pilot.press("n")
        await pilot.pause()
        assert screen.turn.followup == "check_more"
        assert "beter wilt bekijken" in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert screen.turn.followup == "financial_ties"  # the detail a 'yes' calls for
        assert "financiële banden met Buurman K." in screen_text(app)
        for _ in range(5):  # financial ties, approached, favours, gifts, integrity, pressure: all 'no'
            keys = ["n"] if screen.turn.kind == "yesno" else ["enter"]
            await pilot.press(*keys)
            await pilot.pause()
        assert screen.turn.followup == "could_pressure"
        await pilot.press("n")
        await pilot.pause()
        assert screen.turn.entry == "Vriendin S." and screen.turn.followup == "closeness"
        await pilot.press("right", "enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("n")  # nothing to look at: no detail questions about her
        await pilot.pause()
        assert screen.turn.node != "network"
        entries = session.answers["network"]
        assert set(entries[1]["answers"]) == {"closeness", "policy_interest", "check_more"}
        assert "financial_ties" in entries[0]["answers"]
