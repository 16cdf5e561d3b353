"""What a terminal shows is what the app means to show, after every turn.

Textual sends a terminal only the parts of the screen that changed. The conversation relies on that to
be quick (a reused answer widget, a focus change that repaints only the widgets it concerns, a
transcript that draws its own rows). A part left out would stay on the user's terminal as stale text,
and a snapshot (a full render) would not show it. So here every frame's escape codes go to a terminal
emulator (pyte), and after each answer the emulator's screen must read exactly like a full render.
"""

from __future__ import annotations

from typing import Any

import pyte
import pytest

from dialoog.tui.screens.conversation import ConversationScreen

from ._textual_harness import watch_frames
from .conftest import answer_current, begin, make_app, screen_text, settle


class Terminal:
    """A terminal that receives every frame the app sends, as a real one would."""

    def __init__(self, app: Any, width: int, height: int) -> None:
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.Stream(self.screen)
        self.frames = 0
        watch_frames(app, self._feed)

    def _feed(self, codes: str) -> None:
        self.stream.feed(codes)
        self.frames += 1

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)


def full_render(app: Any) -> str:
    return "\n".join(line.rstrip() for line in screen_text(app).splitlines())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_terminal_shows_each_turn_exactly_as_a_full_render(size: tuple[int, int]) -> None:
    app = make_app()
    terminal = Terminal(app, *size)
    async with app.run_test(size=size) as pilot:
        await begin(pilot)
        await settle(pilot)
        assert terminal.text() == full_render(app)
        kinds: list[str] = []
        for _ in range(60):
            screen = app.screen
            if not isinstance(screen, ConversationScreen) or screen.turn.kind == "end":
                break
            kinds.append(screen.turn.kind)
            await answer_current(pilot, keys=["j"] if screen.turn.kind == "yesno" else None)  # yes: more follows
            await settle(pilot)
            assert terminal.text() == full_render(app), f"after answering a {kinds[-1]} question"
        assert {"message", "choice", "text", "yesno", "scale", "multi", "network", "card"} <= set(kinds)
        await pilot.press("f2", "f2")  # back twice: shown again, focused again
        await settle(pilot)
        assert terminal.text() == full_render(app)
        await pilot.press("ctrl+t")  # the other theme
        await settle(pilot)
        assert terminal.text() == full_render(app)
    assert terminal.frames > len(kinds)
