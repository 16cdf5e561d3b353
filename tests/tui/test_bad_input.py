"""Typed or pasted text is shown literally and triggers nothing: markup, escape sequences, huge pastes."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from textual import events

from dialoog.crashlog import CRASH_EXIT
from dialoog.store import FAST_KDF, Store
from dialoog.tui.screens.conversation import ConversationScreen
from dialoog.tui.widgets.answers.network import NetworkAnswer
from dialoog.tui.widgets.answers.text import TextField
from dialoog.tui.widgets.transcript import Transcript

from .conftest import begin, flat, make_app, type_keys, until

MARKUP = [
    "[b]bold[/b]",
    "[link=https://evil.example]x[/link]",
    "[@click=app.quit]Next[/]",
    "oops [/] here",
    "[red]x[/red] **y** `z`",
]
ESCAPES = (
    "a\x1b[31mred\x1b[0m b\x1b]8;;https://evil.example\x07link\x1b]8;;\x07 c\u202eevil\u202c"
    " d\u200bzero\ufeff e\x9b31m\x85f\x07g\x00h"
)


def no_actions(transcript: Transcript) -> bool:
    """What the transcript draws has no click actions and no links."""
    for y in range(transcript.size.height):
        for segment in transcript.render_line(y):
            style = segment.style
            if style is not None and ("@click" in style.meta or style.link):
                return False
    return True


async def to_portfolio(pilot) -> ConversationScreen:
    await begin(pilot)
    await pilot.press("enter", "1")
    await pilot.pause()
    screen = pilot.app.screen
    assert screen.turn.node == "portfolio"
    return screen


@pytest.mark.parametrize("typed", MARKUP)
async def test_typed_markup_is_shown_literally_and_does_nothing(typed: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await to_portfolio(pilot)
        await type_keys(pilot, *typed)
        assert app.focused.value == typed
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.session.answers["portfolio"] == typed
        transcript = screen.query_one(Transcript)
        answer = transcript.user_lines()[-1]
        assert answer.text == typed
        assert typed in transcript.text().splitlines()[-3], "shown literally, on its own row"
        assert no_actions(transcript)
        # the answer comes back inside a bot text: still literal
        await pilot.press("n", "enter")
        await pilot.pause()
        assert screen.turn.kind == "network"
        assert f"Wie kent u in uw werk als {typed}?" in flat(app)
        transcript.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        await pilot.click(Transcript, offset=transcript.offset_of(answer))  # asks to change the answer, no more
        await pilot.pause()
        assert app.is_running and screen.turn.node == "portfolio"
        await pilot.pause()
        assert app.is_running
        assert screen.turn.node == "portfolio"
        # the question is asked again, with the answer to change in the field, still literal; the answers after
        # it stay as they are until the change is made
        field = app.focused
        assert isinstance(field, TextField) and field.value == typed
        shown = flat(app)
        assert "Wat is uw portefeuille?" in shown and "U wijzigt een eerder antwoord" in shown
        assert f"{typed} {len(typed)} van hoogstens 40 tekens" in shown


async def test_pasted_escape_sequences_and_invisible_characters_are_removed() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await to_portfolio(pilot)
        field = app.focused
        assert isinstance(field, TextField)
        field.post_message(events.Paste(ESCAPES[:200]))
        await pilot.pause()
        value = field.value
        assert value.startswith("ared b") and "link" in value and "evil" in value
        assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value)
        assert not any(c in value for c in "\u202e\u202c\u200b\ufeff")
        await pilot.press("enter")
        await pilot.pause()
        stored = app.session.answers["portfolio"]
        assert stored == value[:40]


async def test_a_huge_paste_is_refused_with_a_message() -> None:
    app = make_app("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await to_portfolio(pilot)
        field = app.focused
        field.post_message(events.Paste("x" * 100_001))
        await pilot.pause()
        assert field.value == ""
        assert "That paste is too long (100001 characters); nothing was pasted." in flat(app)


async def test_a_long_paste_is_cut_with_a_message() -> None:
    app = make_app("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await to_portfolio(pilot)
        field = app.focused
        field.post_message(events.Paste("line one\nline two " + "y" * 90))
        await pilot.pause()
        assert field.value == ("line one line two " + "y" * 90)[:40]
        assert "The pasted text was cut: an answer can be at most 40 characters." in flat(app)
        assert "40 of at most 40 characters" in flat(app)


async def test_names_in_the_network_list_are_literal() -> None:
    name = "[@click=app.quit]X[/] \x1b[2J"
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await to_portfolio(pilot)
        await pilot.press("enter", "n", "enter")
        await pilot.pause()
        screen = app.screen
        widget = screen.query_one(NetworkAnswer)
        app.focused.post_message(events.Paste(name))
        await pilot.pause()
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        shown = "[@click=app.quit]X[/]"
        assert app.session.answers["people"][0]["name"] == shown
        assert not widget.display, "the network question is done; its widget is hidden"
        assert f"Heeft u financiële banden met {shown}?" in flat(app)
        assert f"{shown} (Familie)" in flat(app)
        assert no_actions(screen.query_one(Transcript))
        given = len(app.session.history)
        await pilot.press("escape", "ctrl+c")
        await pilot.pause()
        assert app.is_running
        # nothing was answered: the follow-up about the (literal) name is still the question on screen
        assert len(app.session.history) == given and screen.turn.followup == "ties"
        text = flat(app)
        assert text.rfind(f"Heeft u financiële banden met {shown}?") > text.rfind(f"{shown} (Familie)")
        assert f"Over {shown} (1 van 1) 1. Ja 2. Nee" in text


async def test_terminal_escape_key_sequences_trigger_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await to_portfolio(pilot)
        await pilot.press("escape", "ctrl+left_square_bracket", "a", "enter")
        await pilot.pause()
        assert app.is_running
        assert app.session.answers["portfolio"] == "a"
        # the transcript shows the answer 'a' under its question, and the next question is asked
        words = " ".join(re.findall(r"[\w?]+", flat(app)))  # the words, without the bubbles' edges
        assert "Wat is uw portefeuille? a Krijgt u geschenken?" in words
        assert app.screen.turn.node == "gifts"


async def test_a_crash_in_a_widget_loses_no_answer_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dialoog.tui.widgets.answers import yesno

    def broken(self: object, *args: object) -> None:
        raise RuntimeError("a bug in the yes/no widget")

    data = tmp_path / "data"
    app = make_app(use_store=True, data_dir=data, kdf=FAST_KDF, passphrase="a passphrase")
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        # start-up is over: the hidden spare of each kind is mounted (with the real compose), so the bug
        # shows when the yes/no question after the portfolio is put on screen, inside the engine step
        await asyncio.wait_for(app.settled.wait(), 10)
        monkeypatch.setattr(yesno.YesNoAnswer, "compose", broken)
        monkeypatch.setattr(yesno.YesNoAnswer, "reload", broken)
        await pilot.press("enter", "2", *"wonen", "enter")
        await until(pilot, lambda: app.return_code is not None, "the app to end")
    assert app.return_code == CRASH_EXIT
    assert app.crash_note is not None  # our crash handler: a crash log and a short message (test_crash_screen.py)
    assert app.keeper is not None
    app.keeper.close()  # as run_app does, whatever happened
    with Store.open(data, "a passphrase") as store:
        [info] = store.sessions()
        state = store.load(info.id)
    assert state["answers"] == {"role": "raadslid", "portfolio": "wonen"}


async def test_a_crash_in_a_widget_at_start_up_ends_the_app_before_any_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in a hidden spare widget, mounted behind the first question: the app ends as crashed (Textual saw
    it, outside any engine step), and the person is told so; nothing was answered, so nothing is lost."""
    from dialoog.tui.widgets.answers import yesno

    def broken(self: object, *args: object) -> None:
        raise RuntimeError("a bug in the yes/no widget")

    monkeypatch.setattr(yesno.YesNoAnswer, "compose", broken)
    app = make_app(use_store=True, data_dir=tmp_path / "data", kdf=FAST_KDF, passphrase="a passphrase")
    with pytest.raises(RuntimeError, match="a bug in the yes/no widget"):  # Pilot says what Textual saw
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.return_code is not None, "the app to end")
    assert app.crashed
    assert app.keeper is None and app.session is None  # the store was not opened: no answer was given
    assert "onverwachte fout" in app.farewell()  # "an unexpected error", with the path of a crash log


def test_user_text_never_goes_through_markup() -> None:
    """The rule the pre-stop hook checks: no f-string straight into Static, Label or notify."""
    import re

    root = Path(__file__).resolve().parents[2] / "dialoog" / "tui"
    pattern = re.compile(r"(Static|Label)\(f\"|notify\(f\"")
    offenders = [
        f"{path}:{n}" for path in root.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1) if pattern.search(line)
    ]
    assert offenders == []
    assert Transcript.can_focus is False
