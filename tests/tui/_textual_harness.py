"""What the TUI tests and the bench need from below Textual's public API, in one place.

The product keeps its own reaches into Textual in `dialoog.tui._textual`; this is the
test side: seeing every frame an app sends out, the screen as a full render, keys
sent the way the terminal driver sends them, waiting for the screen, notifications.
Each helper names the private attribute it uses, so a Textual upgrade that moves
one fails here first. `keys_for`, shared by the tests and the bench, plays a turn.

The bench imports this module as `tests.tui._textual_harness` (with the checkout on
`sys.path`), so it must not import the test configuration.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Callable
from typing import Any

import textual

TEXTUAL_VERSION = "8.2.8"
assert textual.__version__ == TEXTUAL_VERSION, f"the test harness was written for Textual {TEXTUAL_VERSION}"


def watch_frames(app: Any, on_frame: Callable[[str], None]) -> None:
    """Call `on_frame(codes)` for each frame the app sends out, with the escape codes a terminal would get.

    Headless Textual skips turning a frame into escape codes; this does it, so its cost counts (the
    bench) and the codes can be fed to a terminal emulator (the frame tests). Uses `App._display` (the
    output step, wrapped) and `App._batch_count` (no frame goes out inside a batch).
    """
    display = app._display

    def _display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is None or app._batch_count:
            return  # Textual sends nothing then, either
        render = getattr(renderable, "render_segments", None)
        if render is not None:
            on_frame(render(app.console))

    app._display = _display


def screen_lines(app: Any) -> list[str]:
    """What the terminal shows, line by line, as a full render of the screen (`Screen._compositor`)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


def key_event(key: str) -> Any:
    """The key event the terminal driver makes for `key` (a Pilot key name or a character), with its
    character (`textual.keys._character_to_key`, `_get_unicode_name_from_key`)."""
    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    if key == "enter":
        char = "\r"  # what the terminal sends for Enter
    return events.Key(key, char)


def send_key(app: Any, key: str) -> None:
    """Post a key event to the app the way its driver does when the terminal sends one (`App._driver`)."""
    event = key_event(key)
    event.set_sender(app)
    app._driver.send_message(event)


async def wait_for_screen(pilot: Any) -> None:
    """Wait until the screen has handled everything queued (`Pilot._wait_for_screen`)."""
    await pilot._wait_for_screen()


async def quick_press(pilot: Any, *keys: str) -> None:
    """Like `pilot.press`, without Pilot's idle waits (20 ms or more a key): each key is sent, then the
    screen is waited for until it has handled everything queued. For long playthroughs."""
    for key in keys:
        send_key(pilot.app, key)
        await asyncio.sleep(0)
        await wait_for_screen(pilot)


def notifications(app: Any) -> list[Any]:
    """The notifications the app shows now (`App._notifications`)."""
    return list(app._notifications)


def keys_for(turn: Any, text: str = "abc", names: tuple[str, ...] = ("A.",)) -> list[str]:
    """Keys that answer `turn` in a plain way (first option, 'no', a mid-scale step, names...); the last
    key is the one that gives the answer."""
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
