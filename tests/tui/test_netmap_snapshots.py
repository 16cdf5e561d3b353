"""SVG snapshots of the network map screen at 80x24 and 100x30, in Dutch and English: twelve people and
organisations on the real scan's map (rings by closeness, sectors by group, risk signals as letters), and
the empty map. The answers are set on the session directly: the map reads only the saved answer."""

from __future__ import annotations

from typing import Any

import pytest

from dialoog.tui.screens.netmap import NetworkMapScreen

from .conftest import begin, make_app, settle, until

CATEGORIES = ["family", "friends", "business", "clubs", "party", "lobby", "online"]


def twelve() -> list[dict[str, Any]]:
    people = []
    for i in range(12):
        answers: dict[str, Any] = {}
        if i % 6 != 5:
            answers["closeness"] = 5 - i % 5
        if i in (2, 7):
            answers.update(financial_ties="yes", policy_interest="yes")
        if i == 4:
            answers["integrity_concerns"] = "doubts"
        people.append({"name": f"Contact {chr(65 + i)}.", "category": CATEGORIES[i % 7], "answers": answers})
    return people


def show_map(entries: list[dict[str, Any]]) -> Any:
    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await begin(pilot)
        session = app.screen.session
        session.answers["network"] = entries
        app.push_screen(NetworkMapScreen(session))
        await until(pilot, lambda: isinstance(app.screen, NetworkMapScreen), "the map screen")
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_map_screen(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    app = make_app(lang, flow="scan", root=None, blink=False)
    assert snap_compare(app, terminal_size=size, run_before=show_map(twelve()))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_empty_map_screen(snap_compare: Any, lang: str) -> None:
    app = make_app(lang, flow="scan", root=None, blink=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=show_map([]))
