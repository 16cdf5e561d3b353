"""Changing an earlier answer in the TUI (issue 11): nothing else changes; the F3 list of a long scan."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList

from dialoog import play
from dialoog.engine import Session
from dialoog.tui import lines as L
from dialoog.tui.screens.conversation import ConversationScreen
from dialoog.tui.screens.revise import ConfirmChangeScreen, ReviseScreen
from dialoog.tui.text import strip_markdown

from .conftest import REPO, begin, flat, make_app, play_to_end


def stored(app: Any) -> dict[str, Any]:
    keeper = app.keeper
    return keeper.store.load(keeper.session_id)


async def test_a_complete_scan_then_an_early_answer_changed_to_the_same_value_keeps_every_stored_answer() -> None:
    app = make_app(flow="scan", root=REPO)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        await play_to_end(pilot, quick=True)
        before = stored(app)
        assert before["finished"] and len(before["history"]) > 40
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ReviseScreen)
        await pilot.press("home", "enter")  # the first answer: the role
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen) and screen.turn.node == "role"
        assert screen.turn.previous == before["answers"]["role"]
        await pilot.press("enter")  # the same answer again
        await pilot.pause()
        assert screen.turn.kind == "end", "straight back to the end, not through the later questions"
        after = stored(app)
    for key in ("answers", "declined", "skipped", "history", "node", "finished"):
        assert after[key] == before[key], key


async def test_a_change_that_drops_answers_names_them_and_esc_cancels_everything() -> None:
    app = make_app(flow="scan", root=REPO)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        await play_to_end(pilot, quick=True)
        session = app.session
        before = stored(app)
        screen = app.screen
        # an earlier yes/no or choice whose other value makes later answers no longer apply
        step, value = next(
            (i, v) for i, s in enumerate(session.history)
            if s.how == "answer" and s.entry is None and session.flow.nodes[s.node].kind in ("yesno", "choice")
            for v in [o.value for o in session.flow.nodes[s.node].options] or ["yes", "no"]
            if v != session.answers[s.node] and session.plan_change(s.node, v).dropped)
        node = session.history[step].node
        await screen.change.begin(step)
        await pilot.pause()
        assert screen.turn.node == node
        assert "Esc annuleert de wijziging" in flat(app)
        keys = [o.value for o in screen.turn.options] or ["yes", "no"]
        await pilot.press(str(keys.index(value) + 1))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmChangeScreen)
        text = flat(app)
        assert "Na deze wijziging" in text and "niet meer:" in text
        assert "apart bewaard" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.turn.kind == "end"
        assert stored(app)["answers"] == before["answers"]
        assert "geannuleerd" in flat(app)
        # the same change again, confirmed: the status says how many answers were set aside, not that all stayed
        await screen.change.begin(step)
        await pilot.pause()
        await pilot.press(str(keys.index(value) + 1))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmChangeScreen)
        await pilot.press("enter")
        await pilot.pause()
        dropped = len(session.history) and len(before["answers"]) - len(stored(app)["answers"])
        text = flat(app)
        assert "Uw antwoord is gewijzigd." in text and "apart bewaard" in text, text
        assert "uw andere antwoorden blijven zoals ze zijn" not in text
        assert dropped >= 1


def long_session(n_names: int = 13) -> Session:
    from dialoog.flow.library import load_library

    session = Session(load_library(REPO).flow("scan"), "nl", REPO)
    auto = play.auto("high")

    def answerer(s: Session, turn: Any) -> Any:
        if turn.kind == "network" and turn.followup is None:
            cats = [c.value for c in turn.categories]
            return [{"name": f"Persoon {i + 1}", "category": cats[i % len(cats)]} for i in range(n_names)]
        return auto(s, turn)

    play.run(session, answerer)
    return session


async def test_the_change_list_of_150_answers_at_80x24_keeps_the_highlight_in_view() -> None:
    session = long_session()
    steps = L.answered_steps(session)
    assert len(steps) >= 150
    app = make_app(flow="scan", root=REPO)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await app.push_screen(ReviseScreen(session, steps))
        await pilot.pause()
        options = app.screen.query_one(OptionList)

        def highlighted_on_screen() -> bool:
            option = options.get_option_at_index(options.highlighted)
            words = str(option.prompt).split("→")[0].split()[:3]
            return " ".join(words) in flat(app)

        assert options.highlighted == options.option_count - 1
        assert highlighted_on_screen(), "the newest answer is highlighted and in view"
        assert options.region.bottom <= 24 and options.max_scroll_y > 0, "the list scrolls inside the screen"
        for _ in range(3):
            await pilot.press(*["up"] * 17)
            await pilot.pause()
            assert highlighted_on_screen()
        headings = [options.get_option_at_index(i) for i in range(options.option_count)]
        titles = [str(o.prompt) for o in headings if o.disabled]
        assert len(titles) >= 4 and "Uw netwerk" in titles, f"each part of the scan has its title: {titles}"
        # every question and answer cut short is cut after a whole word of what was asked and answered
        def words(text: str) -> list[str]:
            return [word.strip(",.;:?!()'\"") for word in text.replace("-", "- ").split()]

        whole = set(words(" ".join(" ".join((strip_markdown(L.question_text(session, i)), L.answer_text(session, i)))
                                   for i in steps)))
        cut = [words(part.strip().removesuffix("…"))[-1] for o in headings if not o.disabled
               for part in str(o.prompt).split("→") if part.strip().endswith("…")]
        assert cut, "a long question or answer is shortened"
        assert all(word in whole for word in cut), f"cut inside a word: {[w for w in cut if w not in whole]}"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
