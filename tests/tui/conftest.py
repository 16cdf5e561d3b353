"""Helpers for the TUI tests: a small content root with every kind of question, apps, and Pilot steps.

`CONTENT` (tests/tui/content) holds the flow `tui`: a message, a choice (role), an
optional text, yes/no (with 'prefer not to say'), a scale, a multiple choice with an
exclusive option, a network question with a follow-up, one dilemma card, and the
end. Its English catalog lives next to it; the program's own words come from the
checkout (`locales/*/ui*.po`), as in the real program.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dialoog import i18n, render
from dialoog.keeping.keeper import Keeper
from dialoog.tui.app import DialoogApp

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
REPO = HERE.parents[1]

ENV_VARS = ("DIALOOG_LANG", "DIALOOG_CONTENT", "DIALOOG_DATA_DIR", "DIALOOG_PASSPHRASE", "LANGUAGE", "LC_ALL",
            "LC_MESSAGES", "LANG")


def _clear_caches() -> None:
    i18n.ui_translations.cache_clear()
    i18n.content_translations.cache_clear()
    render.texts_for.cache_clear()


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
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip).rstrip() for strip in strips)


async def settle(pilot: Any) -> None:
    """Let start-up and store workers finish (not `begin`, which may be waiting for the user)."""
    app = pilot.app
    waiting = [w for w in app.workers if w.group != "begin"]
    if waiting:
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
        return isinstance(screen, ConversationScreen) and screen.session is not None and bool(screen.current_widget())

    await until(pilot, ready, "the conversation with its session", tries=100)


def keys_for(turn: Any, text: str = "abc", names: tuple[str, ...] = ("A.",)) -> list[str]:
    """Keys that answer `turn` in a plain way (first option, 'no', a mid-scale step, names...)."""
    kind = turn.kind
    if kind in ("message", "choice", "card"):
        return ["enter"]
    if kind == "yesno":
        return ["n"]
    if kind == "multi":
        return ["1", "enter"] if turn.min else ["enter"]
    if kind == "scale":
        return ["right", "enter"]
    if kind == "text":
        return [*list(text), "enter"]
    if kind == "network":
        if turn.entry is not None:
            return ["enter"]
        keys: list[str] = []
        for name in names[: max(1, turn.min)] if turn.max else []:
            keys += [*list(name), "enter"]
            if len(turn.categories) > 1:
                keys.append("enter")
        return [*keys, "enter"]
    return ["enter"]


async def quick_press(pilot: Any, *keys: str) -> None:
    """Like `pilot.press`, without Pilot's idle waits (20 ms or more a key): each key is sent, then the
    screen is waited for until it has handled everything queued. For long playthroughs."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    app = pilot.app
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        original = REPLACED_KEYS.get(key, key)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
        await asyncio.sleep(0)
        await pilot._wait_for_screen()


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
    await pilot._wait_for_screen()


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


def flat(app: DialoogApp) -> str:
    """The screen's words with line breaks and runs of spaces made single spaces (wrapping does not matter)."""
    return " ".join(screen_text(app).split())
