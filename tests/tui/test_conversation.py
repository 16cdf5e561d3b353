"""The conversation screen driven with the keyboard (and a few clicks) on the test content."""

from __future__ import annotations

import pytest

from dialoog.tui.screens.conversation import ConversationScreen
from dialoog.tui.screens.summary import SummaryScreen
from dialoog.tui.widgets.answers.base import NumberedOptions
from dialoog.tui.widgets.transcript import Transcript

from .conftest import begin, flat, make_app, play_to_end, screen_text, settle, to_multiple_choice, type_keys, until


async def test_the_first_screen_is_the_first_message_then_the_role_question() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert screen.turn.node == "hello"
        assert "proefgesprek" in screen_text(app)
        assert "niet bewaard" in screen_text(app), "answers kept in memory: the progress line says so"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.turn.node == "role"
        assert isinstance(app.focused, NumberedOptions), "the answer widget has focus, not the transcript"
        assert not Transcript.can_focus


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_the_scan_opens_with_what_it_is_and_that_the_answers_stay_here(lang: str) -> None:
    app = make_app(lang, flow="scan", root=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await begin(pilot)
        text = flat(app)
        if lang == "nl":
            for words in ("Welkom bij dialoog", "geen toets", "Alleen u ziet uw antwoorden",
                          "niets van deze computer af", "werkgever"):
                assert words in text
        else:
            for words in ("Welcome to dialoog", "not a test", "Only you see your answers",
                          "Nothing leaves this computer", "employer"):
                assert words in text


async def test_the_first_question_shows_from_the_start_up_cache_before_the_flow_is_loaded() -> None:
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await begin(pilot)  # the first run fills the cache
    app = make_app()
    started = app.prepare
    app.prepare = lambda: None  # type: ignore[method-assign] - the start-up thread does not run
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen) and app.screen.session is None
        assert "proefgesprek" in screen_text(app)
        await pilot.press("enter")  # answered before the flow is loaded: waits for it, loses nothing
        await pilot.pause()
        assert app.screen.session is None
        started()
        await until(pilot, lambda: app.screen.turn is not None and app.screen.turn.node == "role",
                    "the role question", tries=100)
        assert [step.node for step in app.screen.session.history] == ["hello"]


async def test_complete_playthrough_reaches_the_summary() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        asked = await play_to_end(pilot)
        assert asked[:3] == ["hello", "role", "portfolio"]
        assert "people" in asked and "ties" in asked and "done" not in asked
        session = app.session
        assert session is not None and session.finished
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Uw samenvatting" in text
        assert app.keeper is not None and app.keeper.saves >= len(asked)


async def test_number_keys_choose_and_arrows_move() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await pilot.press("enter")  # the message
        await pilot.press("down", "up", "down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.answers["role"] == "raadslid"


async def test_back_undoes_the_last_answer_and_offers_it_again() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "2")  # message, role = raadslid
        await pilot.pause()
        screen = app.screen
        assert screen.turn.node == "portfolio"
        bubbles = len(screen.query_one(Transcript).user_lines())
        await pilot.press("f2")
        await pilot.pause()
        assert screen.turn.node == "role"
        assert "role" not in app.session.answers
        assert len(screen.query_one(Transcript).user_lines()) == bubbles - 1
        assert screen.turn.previous == "raadslid"
        options = screen.query_one(NumberedOptions)
        assert options.current == "raadslid", "the earlier answer is offered"
        assert app.focused is options


async def test_change_an_earlier_answer_by_clicking_it_in_the_transcript() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "1", *"wonen", "enter", "n")  # role, portfolio, gifts = no
        await pilot.pause()
        screen = app.screen
        assert screen.turn.node == "stress"
        transcript = screen.query_one(Transcript)
        first = transcript.user_lines()[0]
        assert first.text == "Bewindspersoon"
        transcript.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        await pilot.click(Transcript, offset=transcript.offset_of(first))
        await pilot.pause()
        assert screen.turn.node == "role"
        assert screen.turn.previous == "bewindspersoon"
        assert len(screen.query_one(Transcript).user_lines()) == 3  # nothing is undone before the change
        await pilot.press("2")  # raadslid now; the later answers stay as they were
        await pilot.pause()
        assert screen.turn.node == "stress", "back where the user was"
        assert app.session.answers == {"role": "raadslid", "portfolio": "wonen", "gifts": "no"}
        assert [line.text for line in screen.query_one(Transcript).user_lines()] == ["Raadslid", "wonen", "Nee"]


async def test_change_an_earlier_answer_from_the_list() -> None:
    from dialoog.tui.screens.revise import ReviseScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "1", *"wonen", "enter")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ReviseScreen)
        assert "wonen" in screen_text(app)
        await pilot.press("up", "enter")  # the role, one above the newest (headings of parts are passed over)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert screen.turn.node == "role"
        await pilot.press("escape")  # cancel: back where the user was, nothing changed
        await pilot.pause()
        assert screen.turn.node == "gifts" and app.session.answers == {"role": "bewindspersoon", "portfolio": "wonen"}


async def test_prefer_not_to_say_and_skip() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "1")
        await pilot.pause()
        screen = app.screen
        assert screen.turn.node == "portfolio" and screen.turn.can_skip
        await pilot.press("f4")  # not allowed here: nothing happens
        await pilot.pause()
        assert screen.turn.node == "portfolio"
        await pilot.press("f5")
        await pilot.pause()
        assert "portfolio" in app.session.skipped
        assert screen.turn.node == "gifts" and screen.turn.can_decline
        await pilot.press("f4")
        await pilot.pause()
        assert "gifts" in app.session.declined
        assert "Zeg ik liever niet" in screen_text(app)


async def test_empty_text_skips_an_optional_question() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        assert "portfolio" in app.session.skipped


async def test_engine_refusal_is_shown_and_changes_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "1", "enter", "n")
        await pilot.pause()
        screen = app.screen
        assert screen.turn.node == "stress"
        await pilot.press("1", "3")  # threats, then 'nothing' (exclusive: clears the others)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.answers["stress"] == ["none"]
        await pilot.press("f2")
        await pilot.pause()
        # the engine refuses an impossible combination; the widget keeps what was ticked
        session = app.session
        before = session.to_dict()
        await screen._step(lambda: session.answer(["threats", "none"]))
        await pilot.pause()
        assert "'Niets' kunt u niet combineren met 'Bedreiging'." in screen_text(app)
        assert session.to_dict()["answers"] == before["answers"]


async def test_why_opens_the_explanation_and_source() -> None:
    from dialoog.tui.screens.why import WhyScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        text = screen_text(app)
        assert "Waarom vragen we dit?" in text and "Zo passen we de vragen aan." in text and "Bron A" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert isinstance(app.focused, NumberedOptions)


async def test_network_list_add_edit_remove_then_follow_ups() -> None:
    from dialoog.tui.widgets.answers.network import EntryList, NetworkAnswer

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "1", *"wonen", "enter", "n", "enter")
        await pilot.pause()
        screen = app.screen
        assert screen.turn.kind == "network"
        widget = screen.query_one(NetworkAnswer)
        await type_keys(pilot, *"J.K.", "enter", "1")  # family
        await type_keys(pilot, *"Bouwbedrijf X", "enter", "2")  # business
        await type_keys(pilot, *"P.", "enter", "2")
        await pilot.pause()
        assert [e["name"] for e in widget.entries] == ["J.K.", "Bouwbedrijf X", "P."]
        await pilot.press("down")  # into the list
        assert isinstance(app.focused, EntryList)
        await pilot.press("x")  # remove J.K.
        await pilot.press("e")  # edit Bouwbedrijf X
        await pilot.pause()
        assert app.focused.value == "Bouwbedrijf X"
        await pilot.press("backspace", "Y", "enter", "2")
        await pilot.pause()
        assert [e["name"] for e in widget.entries] == ["Bouwbedrijf Y", "P."], "an edited entry keeps its place"
        await pilot.press("enter")  # empty name: done
        await pilot.pause()
        assert [e["name"] for e in app.session.answers["people"]] == ["Bouwbedrijf Y", "P."]
        assert screen.turn.entry == "Bouwbedrijf Y" and screen.turn.followup == "ties"
        assert "Over Bouwbedrijf Y (1 van 2)" in screen_text(app)
        await pilot.press("j", "n")
        await pilot.pause()
        answers = app.session.answers["people"]
        assert answers[0]["answers"]["ties"] == "yes" and answers[1]["answers"]["ties"] == "no"


async def test_dilemma_card_is_shown_as_a_card_and_answered_with_a_letter() -> None:
    app = make_app("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "1", "enter", "n", "enter", "enter")
        await pilot.pause()
        screen = app.screen
        assert screen.turn.kind == "card"
        text = screen_text(app)
        assert "Tickets for the final" in text and "╭" in text
        await pilot.press("c")
        await pilot.pause()
        assert app.session.answers[screen.session.history[-1].node] == "c"
        assert "You chose c" in screen_text(app)


async def test_language_switch_keeps_answers_position_and_draft() -> None:
    app = make_app("nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "1", *"won")
        await pilot.pause()
        assert "Wat is uw portefeuille?" in screen_text(app)
        await pilot.press("f9")
        await settle(pilot)
        text = screen_text(app)
        assert "What is your portfolio?" in text and "Type your answer" in text
        assert "Minister" in text, "earlier answers are shown in the new language"
        assert app.focused.value == "won", "what was typed stays"
        assert app.session.lang == "en" and app.session.answers["role"] == "bewindspersoon"
        await pilot.press("f9")
        await settle(pilot)
        assert "Wat is uw portefeuille?" in screen_text(app)


async def test_resizing_keeps_everything() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "1", *"wonen", "enter", "j")
        await pilot.pause()
        before = app.session.to_dict()
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        screen = app.screen
        assert app.session.to_dict() == before
        assert screen.turn.kind == "scale"
        assert len(screen.query_one(Transcript).user_lines()) == 3
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        assert app.session.answers["gifts_value"] == 2


async def test_quit_saves_and_says_so() -> None:
    keeper_app = make_app()
    async with keeper_app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await pilot.press("enter", "1")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert keeper_app.return_code == 0
    assert keeper_app.farewell() == "Uw antwoorden zijn niet bewaard."


async def test_a_long_transcript_keeps_every_line_and_scrolls_back_to_the_first() -> None:
    app = make_app()
    async with app.run_test(size=(60, 16)) as pilot:
        await to_multiple_choice(pilot)
        transcript = app.screen.query_one(Transcript)
        assert "proefgesprek" in transcript.lines[0].text
        assert "proefgesprek" not in flat(app), "the first message has scrolled out of view"
        assert transcript.scroll_y == transcript.max_scroll_y > 0, "anchored to the newest message"
        for _ in range(10):
            await pilot.press("shift+up")
        await pilot.pause()
        assert "proefgesprek" in flat(app)
        await pilot.press("f2")  # back: the lines of the undone answer go, the view returns to the end
        await settle(pilot)
        assert app.screen.turn.node == "gifts_value"
        assert transcript.user_lines()[-1].text == "Ja"
        assert transcript.scroll_y == transcript.max_scroll_y


async def test_a_reused_answer_widget_shows_the_new_question_and_the_earlier_answer() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await to_multiple_choice(pilot)
        screen = app.screen
        assert screen.turn.kind == "multi"
        multi = screen.area.current()
        await pilot.press("1", "2", "enter")  # tick two, go on to the network question
        await settle(pilot)
        assert screen.turn.kind == "network" and not multi.display
        await pilot.press("f2")  # back: the same widget, reloaded, shows the ticks given
        await settle(pilot)
        assert screen.area.current() is multi
        assert "[x] 1. Bedreiging" in flat(app) and "[x] 2. Druk" in flat(app) and "[ ] 3. Niets" in flat(app)
        assert app.focused is not None and multi in app.focused.ancestors_with_self
        await pilot.press("f2", "f2", "f2")  # back to the text question: its field shows the earlier answer
        await settle(pilot)
        assert screen.turn.node == "portfolio"
        assert getattr(app.focused, "value", None) == "wonen"
        assert "5 van hoogstens 40 tekens" in flat(app), "the count follows the reloaded answer"


async def test_start_up_mounts_a_spare_answer_widget_of_each_kind_and_the_questions_take_them() -> None:
    import asyncio

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await asyncio.wait_for(app.settled.wait(), 10)
        screen = app.screen
        widgets = screen.area.widgets()
        kinds = {type(w).__name__ for w in widgets}
        assert {"ContinueAnswer", "ChoiceAnswer", "YesNoAnswer", "MultiAnswer", "ScaleAnswer", "TextAnswer",
                "CardAnswer"} <= kinds
        assert [w for w in widgets if w.display] == [screen.area.current()], "the spares are hidden"
        spare = next(w for w in widgets if type(w).__name__ == "ChoiceAnswer")
        await pilot.press("enter")  # on to the role: a choice
        await settle(pilot)
        assert screen.turn.node == "role"
        assert screen.area.current() is spare, "the first choice takes the spare, nothing is mounted"
        assert spare.focus_target().values == [o.value for o in screen.turn.options]
        assert app.focused is spare.focus_target()
        assert "1. " in flat(app)
        assert len(screen.area.widgets()) == len(widgets)


@pytest.mark.parametrize("freeze", [False, True])
async def test_the_program_freezes_what_start_up_made_once_it_is_over(freeze: bool) -> None:
    """`dialoog` (run_app) asks for it; tests, which run many apps in one process, do not."""
    import asyncio
    import gc

    assert gc.get_freeze_count() == 0
    app = make_app(freeze_gc=freeze)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await begin(pilot)
            await asyncio.wait_for(app.settled.wait(), 10)
            assert (gc.get_freeze_count() > 0) is freeze
    finally:
        gc.unfreeze()


async def test_an_answer_given_at_once_is_not_kept_waiting_by_start_up_and_start_up_still_ends() -> None:
    import asyncio

    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await begin(pilot)  # the first run fills the start-up cache: the next shows the first message at once
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # at once, maybe before the flow is loaded
        await until(pilot, lambda: getattr(app.screen, "turn", None) is not None and app.screen.turn.node == "role",
                    "the role question")
        await asyncio.wait_for(app.settled.wait(), 10)
        assert {"ChoiceAnswer", "YesNoAnswer"} <= {type(w).__name__ for w in app.screen.area.widgets()}
        assert app.screen.turn.node == "role" and "1. " in flat(app)


async def test_the_offer_to_continue_is_in_view_below_a_long_welcome_at_80x24() -> None:
    """The real scan's welcome is longer than the view at 80x24: the welcome back, the newest message,
    is what is in view, not the welcome's first lines."""
    from dialoog.engine import Session
    from dialoog.flow.library import load_library

    from .conftest import REPO, memory_keeper

    keeper = memory_keeper()
    session = Session(load_library(REPO).flow("scan"), "nl", REPO)
    session.answer(None)  # the welcome
    session.answer(session.turn().options[0].value)
    keeper.start(session)
    keeper.save(session)
    app = make_app("nl", flow="scan", root=None, keeper=keeper)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        shown = flat(app).replace("▎ ", "")  # the bot's bar at the start of each row
        assert "Welkom terug. Uw bewaarde scans gaan open met uw wachtwoord." in shown, shown
        assert "Mijn scans openen" in shown and "Nieuwe scan beginnen" in shown, shown
