"""Helpers for the TUI tests: a small content root with every kind of question, apps, and Pilot steps.

`CONTENT` (tests/tui/content) holds the flow `tui`: a message, a choice (role), an
optional text, yes/no (with 'prefer not to say'), a scale, a multiple choice with an
exclusive option, a network question with a follow-up, one dilemma card, and the
end. Its English catalog lives next to it; the program's own words come from the
checkout (`locales/*/ui*.po`), as in the real program.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dialoog import i18n, render
from dialoog.keeping.keeper import Keeper
from dialoog.tui.app import DialoogApp

from ._textual_harness import keys_for, quick_press, screen_lines, wait_for_screen

__all__ = ["keys_for", "quick_press"]  # the tests import them from here

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
REPO = HERE.parents[1]

ENV_VARS = ("DIALOOG_LANG", "DIALOOG_CONTENT", "DIALOOG_DATA_DIR", "DIALOOG_PASSPHRASE", "LANGUAGE", "LC_ALL",
            "LC_MESSAGES", "LANG")


def _clear_caches() -> None:
    i18n.ui_translations.cache_clear()
    i18n.content_translations.cache_clear()
    render.texts_for.cache_clear()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "serial: a test that must not run in parallel with others (a real terminal)")


@pytest.fixture(autouse=True)
def tui_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No settings from the machine; data in tmp_path; the program's words from the checkout."""
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DIALOOG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DIALOOG_CACHE_DIR", str(tmp_path / "cache"))
    _clear_caches()
    yield
    _clear_caches()


def memory_keeper() -> Keeper:
    from dialoog.store import MemoryStore

    return Keeper(MemoryStore())


def make_app(lang: str = "nl", flow: str = "tui", root: Path | None = CONTENT, keeper: Keeper | None = None,
             **kwargs: Any) -> DialoogApp:
    """An app on the test content with answers kept in memory (no passphrase)."""
    if keeper is None and kwargs.get("use_store", False) is False:
        keeper = memory_keeper()
    kwargs.setdefault("use_store", False)
    return DialoogApp(lang, kwargs.pop("data_dir", None), flow, root, keeper=keeper, **kwargs)


def screen_text(app: DialoogApp) -> str:
    """What the terminal shows, as plain text."""
    return "\n".join(screen_lines(app))


async def settle(pilot: Any) -> None:
    """Let start-up and store workers finish (not `begin`, which may be waiting for the user)."""
    app = pilot.app
    from textual.worker import WorkerCancelled

    waiting = [w for w in app.workers if w.group != "begin"]
    if waiting:
        # a worker the app cancelled (an exclusive one replaced by a newer one) is finished too
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete(waiting)
    await pilot.pause()


async def until(pilot: Any, done: Callable[[], bool], what: str, tries: int = 200) -> None:
    """Let the app work (workers, screens) until `done()` holds; fail naming `what` and showing the screen."""
    for _ in range(tries):
        await settle(pilot)
        if done():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"expected {what}; the screen is {pilot.app.screen!r}:\n{flat(pilot.app)}")


async def begin(pilot: Any) -> None:
    """Wait until the conversation (the first screen) has its session: the flow's first turn is on screen."""
    from dialoog.tui.screens.conversation import ConversationScreen

    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, ConversationScreen) and screen.session is not None and bool(screen.area.current())

    await until(pilot, ready, "the conversation with its session", tries=100)


async def to_multiple_choice(pilot: Any) -> Any:
    """From the start of the test flow to its multiple choice ('Wat speelt er?'): hello, role, portfolio
    'wonen', gifts yes, value 2. Returns its list of boxes."""
    from dialoog.tui.widgets.answers.multi import CheckList

    await begin(pilot)
    await pilot.press("enter", "1", *"wonen", "enter", "j", "right", "enter")
    await settle(pilot)
    assert pilot.app.screen.turn.node == "stress"
    return pilot.app.screen.query_one(CheckList)


async def answer_current(pilot: Any, quick: bool = False, keys: list[str] | None = None, **kwargs: Any) -> None:
    """Answer the question on screen; wait until the next one is on screen (or the engine refused)."""
    app = pilot.app
    screen = app.screen
    keys = keys or keys_for(screen.turn, **kwargs)
    if not quick:
        await pilot.press(*keys)
        await pilot.pause()
        return
    shown = asyncio.Event()
    app.turn_shown = shown.set
    *first, last = keys
    await quick_press(pilot, *first)
    before = len(screen.session.history)
    await quick_press(pilot, last)
    for _ in range(250):
        if shown.is_set() or (len(screen.session.history) == before and str(screen.query_one("#status").render())):
            break
        await asyncio.sleep(0.02)
    await wait_for_screen(pilot)


async def play_to_end(pilot: Any, limit: int = 400, **kwargs: Any) -> list[str]:
    """Answer every question until the end turn; returns the node ids answered, in order."""
    from dialoog.tui.screens.conversation import ConversationScreen

    seen: list[str] = []
    for _ in range(limit):
        screen = pilot.app.screen
        assert isinstance(screen, ConversationScreen), screen
        turn = screen.turn
        if turn.kind == "end":
            return seen
        seen.append(turn.followup or turn.node)
        before = len(screen.session.history)
        await answer_current(pilot, **kwargs)
        status = str(screen.query_one("#status").render())
        assert len(screen.session.history) > before, f"{turn.node} ({turn.kind}) was not answered: {status}"
    raise AssertionError("the conversation did not end")


# The characters whose key name in Textual is not their Unicode name (`/` is `slash`, not `solidus`).
SHORT_KEY_NAMES = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
                   "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}


def key_event(key: str) -> Any:
    """The key event for `key` (a Pilot key name or a single character), built with Textual's public API:
    a character's key name is its Unicode name as Textual spells it (`.` is `full_stop`, `/` is `slash`),
    and Enter carries the carriage return the terminal sends."""
    import unicodedata

    from textual import events
    from textual.keys import key_to_character

    if len(key) == 1:
        name = key if key.isalnum() else unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
        return events.Key(SHORT_KEY_NAMES.get(name, name), key)
    return events.Key(key, "\r" if key == "enter" else key_to_character(key))


async def type_keys(pilot: Any, *keys: str, workers: bool = True) -> None:
    """Like `pilot.press`, without its idle waits (two of 20 ms or more a key), with Textual's public API:
    each key event is posted to the app, as the terminal driver does, then the app is waited for until it
    has handled it: the key goes from the app to the focused widget, and the widget's answer to its screen
    (one `pilot.pause(0)` for each hop), and a worker the answer started (the first answer opens the store)
    has finished (`workers=False`: not waited for, as while a passphrase is typed: the worker that asked
    for it waits for the user). For long key sequences."""
    app = pilot.app
    for key in keys:
        app.post_message(key_event(key))
        for _ in range(3):
            await pilot.pause(0)
        if workers and any(worker.is_running for worker in app.workers):
            await app.workers.wait_for_complete()
            await pilot.pause(0)


def flat(app: DialoogApp) -> str:
    """The screen's words with line breaks and runs of spaces made single spaces (wrapping does not matter)."""
    return " ".join(screen_text(app).split())
