"""The summary screen (issue 15, items 2 and 3) on the real scan: a "because you answered" line jumps to that
answer, it is changed there and the summary comes straight back, recomputed and saved; Esc changes nothing;
the integrity agenda (up to three commitments, own words, dates) is saved in the real store and is there when
the session is opened again; conversation starters for every role."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_advice_profiles import load_profile, play
from textual.widgets import Static

from dialoog.engine import Session
from dialoog.engine.starters import starters_for
from dialoog.flow.library import load_library
from dialoog.keeping.keeper import Keeper, open_keeper
from dialoog.store import FAST_KDF
from dialoog.tui.screens.agenda import AgendaScreen
from dialoog.tui.screens.conversation import ConversationScreen
from dialoog.tui.screens.scans import ScansScreen
from dialoog.tui.screens.summary import BecauseLine, Summary, SummaryScreen

from .conftest import REPO, begin, flat, make_app, memory_keeper, play_to_end, settle, type_keys, until

PASS = "correct horse battery"
PROFILES = Path(__file__).parents[1] / "profiles"


def stored(app: Any) -> dict[str, Any]:
    keeper = app.keeper
    return keeper.store.load(keeper.session_id)


def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, default=str)


# a narrow network: the main action is to organise dissent, because of these three answers
ANSWERS = {"diversity_sector": 1, "diversity_background": 1, "diversity_views": 1}


# a top civil servant with side positions and many gifts, and that narrow network: advice with many steps
MORE = {**load_profile("role_topambtenaar")["answers"], **ANSWERS}


def kept(lang: str, keeper: Keeper | None = None, answers: dict[str, Any] = ANSWERS) -> Keeper:
    """A keeper holding the scan answered with `answers` (the rest the lowest-risk way) up to its last question:
    the app offers to continue it, so a test reaches the summary without answering fifty questions by key."""
    session = play(answers, lang)
    session.back()
    keeper = keeper or memory_keeper()
    keeper.start(session)
    keeper.save(session)
    return keeper


async def to_summary(pilot: Any) -> SummaryScreen:
    """Continue the kept session, answer what is left, and open the summary."""
    await begin(pilot)
    await pilot.press("enter")  # the welcome back: open my scans
    await until(pilot, lambda: isinstance(pilot.app.screen, ScansScreen) and bool(pilot.app.screen.rows), "my scans")
    await pilot.press("down", "enter")  # the kept scan (after "begin a new scan")
    await until(pilot, lambda: isinstance(pilot.app.screen, ConversationScreen) and pilot.app.screen.offer is None
                and pilot.app.screen.session is not None and pilot.app.screen.session.history != [],
                "the kept session")
    await play_to_end(pilot, quick=True)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen), "the summary")
    return pilot.app.screen


def summary_app(lang: str, answers: dict[str, Any] = ANSWERS) -> Any:
    return make_app(lang, "scan", REPO, keeper=kept(lang, answers=answers))


def line_for(screen: SummaryScreen, key: str) -> BecauseLine:
    return next(line for line in screen.query(BecauseLine) if line.key == key)


def level_of(app: Any, domain: str) -> str:
    return next(d.label for d in app.session.summary().domains if d.id == domain)


@pytest.mark.parametrize("how", ["enter", "click"])
async def test_a_because_line_jumps_to_its_answer_and_comes_back_to_the_recomputed_summary(how: str) -> None:
    app = summary_app("nl")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await to_summary(pilot)
        assert app.session.answers["diversity_sector"] == 1
        before_level = level_of(app, "inclusiviteit")
        line = line_for(screen, "diversity_sector")
        if how == "enter":
            line.focus()
            await settle(pilot)
            await pilot.press("enter")
        else:
            screen.query_one(Summary).scroll_to_widget(line, animate=False)
            await settle(pilot)
            await pilot.click(line)
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "the question asked again")
        conversation = app.screen
        assert conversation.turn.node == "diversity_sector" and conversation.turn.previous == 1
        assert "vanuit uw samenvatting" in flat(app)
        await pilot.press("2", "enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary again")
        back = app.screen
        assert back is not screen, "a new summary, computed from the changed answer"
        assert app.session.answers["diversity_sector"] == 2
        assert stored(app)["answers"]["diversity_sector"] == 2, "saved before the summary shows"
        # the new answer is on the summary, at the line that was chosen: focused and in view
        new_line = line_for(back, "diversity_sector")
        assert "2 (op een schaal" in str(new_line.render())
        assert app.focused is new_line
        body = back.query_one(Summary)
        assert body.scroll_offset.y > 0
        assert body.region.overlaps(new_line.region)
        assert "2 (op een schaal" in flat(app)
        assert level_of(app, "inclusiviteit") == before_level  # still a narrow network


async def test_a_change_from_the_summary_that_changes_the_level_and_the_advice_shows_them() -> None:
    app = summary_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await to_summary(pilot)
        before = app.session.summary()
        assert before.top == ("tegenspraak_organiseren",)
        line_for(screen, "diversity_sector").focus()
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "the question")
        await pilot.press("3", "enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        after = app.session.summary()
        shown = flat(app)
        levels = [str(w.render()) for w in app.screen.query(".domain-title")]
        assert screen is not app.screen
    assert after.top == ("netwerk_verbreden",)
    assert after.top_advice[0].title in shown and before.top_advice[0].title not in shown
    narrow = next(d for d in after.domains if d.id == "inclusiviteit")
    assert narrow.level == "attention" and next(d for d in before.domains if d.id == "inclusiviteit").level == "high"
    assert any(f"◐ {narrow.label}" in level and narrow.title in level for level in levels), levels


async def test_esc_after_the_jump_returns_to_the_summary_with_nothing_changed() -> None:
    app = summary_app("nl")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await to_summary(pilot)
        before = canonical(stored(app))
        saves = app.keeper.saves
        line_for(screen, "diversity_views").focus()
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "the question asked again")
        await pilot.press("right")  # a different answer chosen, never given
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary again")
        after = canonical(stored(app))
        assert app.focused is line_for(app.screen, "diversity_views")
    assert after == before
    assert app.keeper.saves == saves


async def test_a_change_that_asks_a_new_question_goes_on_in_the_conversation_then_the_summary_follows() -> None:
    answers = load_profile("golden_declines")["answers"]
    app = make_app("nl", "scan", REPO, keeper=kept("nl", answers=answers))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await to_summary(pilot)
        line_for(screen, "family_interests").focus()
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "the question asked again")
        await pilot.press("j")  # declined before; now yes: a follow-up question that was never asked
        await settle(pilot)
        conversation = app.screen
        assert isinstance(conversation, ConversationScreen), "the new question is asked in the conversation"
        assert conversation.turn.node == "family_interests_detail"
        assert "Deze vraag is nieuw" in flat(app)
        assert stored(app)["answers"]["family_interests"] == "yes"
        await pilot.press("1")  # the new question's first option
        await settle(pilot)
        assert "family_interests_detail" in app.session.answers
        await play_to_end(pilot, quick=True)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary after the new question")
        assert "family_interests_detail" in app.session.answers


# -- the integrity agenda --------------------------------------------------------------------------------------


def store_app(data: Path, lang: str = "nl") -> Any:
    keeper = open_keeper(data, PASS, kdf=FAST_KDF)
    kept(lang, keeper)
    keeper.close()
    return make_app(lang, "scan", REPO, use_store=True, data_dir=data, kdf=FAST_KDF, passphrase=PASS)


async def open_agenda(pilot: Any) -> AgendaScreen:
    await pilot.press("f5")
    await until(pilot, lambda: isinstance(pilot.app.screen, AgendaScreen), "the agenda screen")
    return pilot.app.screen


async def test_two_steps_and_one_own_commitment_with_a_date_are_saved_and_there_after_reopening(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = store_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_summary(pilot)
        agenda = await open_agenda(pilot)
        steps = [c.text for c in agenda.choices]
        await pilot.press("space", "down", "space")  # the first two steps
        await pilot.press("tab")
        await type_keys(pilot, *"Bel de [b]griffier[/b] *vandaag*")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab")  # the date of the third commitment: the own words
        assert app.focused is not None and app.focused.name == "own"
        await type_keys(pilot, *"2027-03-01")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        shown = flat(app)
        session_id = app.keeper.session_id
        await pilot.press("ctrl+q")
    assert "1. " + steps[0][:30] in shown
    assert "3. Bel de [b]griffier[/b] *vandaag* (vóór 2027-03-01)" in shown, "own words as typed, plain text"
    assert "Uw agenda wijzigen (F5)" in shown
    keeper = open_keeper(data, PASS, kdf=FAST_KDF)
    try:
        flow = load_library(REPO).flow("scan")
        session = Session.from_dict(flow, keeper.store.load(session_id), REPO)
    finally:
        keeper.close()
    assert [c.text for c in session.agenda] == [steps[0], steps[1], "Bel de [b]griffier[/b] *vandaag*"]
    assert [c.advice is None for c in session.agenda] == [False, False, True]
    assert [c.due.isoformat() if c.due else None for c in session.agenda] == [None, None, "2027-03-01"]
    # opened again, the summary shows the agenda and the picker has it filled in
    again = make_app("nl", "scan", REPO)
    async with again.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        await again.push_screen(SummaryScreen(session))
        await settle(pilot)
        shown = " ".join(str(w.render()) for w in again.screen.query(".commitment"))
        assert "3. Bel de [b]griffier[/b] *vandaag* (vóór 2027-03-01)" in shown
        agenda = await open_agenda(pilot)
        assert len(agenda.query_one("#steps").selected) == 2
        assert agenda.query_one("#own").value == "Bel de [b]griffier[/b] *vandaag*"


async def test_a_fourth_commitment_is_refused_with_a_message_that_says_the_limit() -> None:
    app = summary_app("en", MORE)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_summary(pilot)
        agenda = await open_agenda(pilot)
        assert len(agenda.choices) >= 4
        await pilot.press("space", "down", "space", "down", "space", "down", "space")
        await settle(pilot)
        assert len(agenda.query_one("#steps").selected) == 3
        assert "You can choose up to three" in flat(app)
        # three steps and own words too: not saved, with the reason
        await pilot.press("tab")
        await type_keys(pilot, *"Call the clerk")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is agenda and app.session.agenda == []
        assert "At most three commitments" in flat(app)


async def test_a_wrong_date_or_too_long_own_words_are_refused_and_nothing_is_saved() -> None:
    app = summary_app("nl")
    async with app.run_test(size=(100, 30)) as pilot:
        await to_summary(pilot)
        saves = app.keeper.saves
        agenda = await open_agenda(pilot)
        await pilot.press("space", "tab", "tab")  # the date of the first step
        await type_keys(pilot, *"1-3-2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is agenda and app.session.agenda == []
        assert "JJJJ-MM-DD" in flat(app) and "Schrijf de datum" in flat(app)
        agenda.query_one("#own").value = "x" * 700  # a long paste
        await settle(pilot)
        agenda.query_one("#own").focus()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "te lang: hoogstens 500 tekens" in flat(app) or "Schrijf de datum" in flat(app)
        assert app.session.agenda == [] and app.keeper.saves == saves
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        assert app.session.agenda == []


# -- conversation starters -------------------------------------------------------------------------------------


ROLES = sorted(p.stem.removeprefix("role_") for p in PROFILES.glob("role_*.yaml"))
HEADING = {"nl": "Om het gesprek te beginnen", "en": "To start the conversation"}


@pytest.mark.parametrize("role", ROLES)
async def test_the_summary_has_starters_for_the_talk_of_each_role_after_the_main_actions(role: str) -> None:
    app = make_app("nl", "scan", REPO)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        for lang in ("nl", "en"):
            session = play(load_profile(f"role_{role}")["answers"], lang)
            starters = starters_for(session)
            assert starters
            await app.push_screen(SummaryScreen(session))
            await settle(pilot)
            body = app.screen.query_one(Summary)
            children = list(body.children)
            texts = [str(w.render()) if isinstance(w, Static) else "" for w in children]
            at = texts.index(HEADING[lang])
            # after the main actions and the agenda, before the level per theme
            assert any(w.has_class("advice") for w in children[:at]) or not session.summary().top_advice
            assert texts.index({"nl": "Uw integriteitsagenda", "en": "Your integrity agenda"}[lang]) < at
            assert at < texts.index({"nl": "Per thema", "en": "Per theme"}[lang])
            shown = " ".join(str(w.render()) for w in body.query(".starter Static"))
            for starter in starters:
                assert f"{ {'nl': 'Gesprek met:', 'en': 'Talk with:'}[lang]} {starter.who}" in shown, starter.who
                assert all(line in shown for line in starter.lines)
                assert starter.source in shown
            app.pop_screen()
            await settle(pilot)


async def test_f9_while_the_agenda_is_open_says_it_in_the_other_language_and_keeps_what_was_chosen() -> None:
    app = summary_app("nl", MORE)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_summary(pilot)
        agenda = await open_agenda(pilot)
        await pilot.press("space")  # the first step ticked
        await settle(pilot)
        ticked = list(agenda.query_one("#steps").selected)
        assert "Stappen uit uw advies" in flat(app) and len(ticked) == 1
        await pilot.press("f9")
        await settle(pilot)
        words = flat(app)
        assert app.screen is agenda and app.lang == "en", app.lang
        assert "Steps from your advice" in words and "In your own words" in words and "Save (Ctrl+S)" in words
        assert "Stappen uit uw advies" not in words
        assert list(agenda.query_one("#steps").selected) == ticked  # the tick stayed
        english = {c.text for c in agenda.choices}
        step = agenda.by_key[ticked[0]].text
        assert step in english and step[:30] in words  # the list shows one line of each step
