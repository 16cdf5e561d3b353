"""SVG snapshots of every screen and every answer widget, at 80x24 and 120x40, in Dutch and English.

Stable by construction: the test content (not the real flows, which change), answers
in memory, cursor blink off, workers awaited, no clock or dates anywhere on screen.
Update after an intended change with `pytest tests/tui --snapshot-update` and look at
the report it writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dialoog.tui.app import DialoogApp

from .conftest import CONTENT, begin, make_app, memory_keeper, settle, type_keys

SIZES = [(80, 24), (120, 40)]
LANGS = ["nl", "en"]

# keys from the first message to each question of the test flow
TO = {
    "message": [],
    "choice": ["enter"],
    "text": ["enter", "1"],
    "yesno": ["enter", "1", *"wonen", "enter"],
    "scale": ["enter", "1", *"wonen", "enter", "j", "right", "right"],
    "multi": ["enter", "1", *"wonen", "enter", "j", "right", "right", "right", "enter", "1"],
    "network": ["enter", "1", *"wonen", "enter", "j", "right", "enter", "1", "enter", *"J.K.", "enter", "1",
                *"Bouwbedrijf X", "enter", "2", "down"],
    "followup": ["enter", "1", *"wonen", "enter", "j", "right", "enter", "1", "enter", *"J.K.", "enter", "1",
                 *"Bouwbedrijf X", "enter", "2", "enter"],
    "card": ["enter", "1", *"wonen", "enter", "j", "right", "enter", "1", "enter", *"J.K.", "enter", "1",
             *"Bouwbedrijf X", "enter", "2", "enter", "j", "n"],
    # after the card: its feedback, until the user goes on
    "pause": ["enter", "1", *"wonen", "enter", "j", "right", "enter", "1", "enter", *"J.K.", "enter", "1",
              *"Bouwbedrijf X", "enter", "2", "enter", "j", "n", "b"],
}
TO["end"] = [*TO["pause"], "enter"]
TO["network_group"] = [*TO["network"][:-1], *"Tennisclub", "enter"]  # a name waiting for its group
TO["network_edit"] = [*TO["network"], "down", "e"]  # the second entry being changed
TO["summary"] = [*TO["end"], "enter"]
TO["why"] = [*TO["choice"], "f1"]
TO["revise"] = [*TO["multi"], "f3"]


def app_for(lang: str, **kwargs: Any) -> DialoogApp:
    return make_app(lang, blink=False, **kwargs)


def conversation(keys: list[str]) -> Any:
    async def run_before(pilot: Any) -> None:
        await begin(pilot)
        await type_keys(pilot, *keys)
        await settle(pilot)

    return run_before


def idle() -> Any:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)

    return run_before


params = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
langs = pytest.mark.parametrize("lang", LANGS)


@params
@langs
@pytest.mark.parametrize("state", list(TO))
def test_conversation(snap_compare: Any, state: str, lang: str, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(lang), terminal_size=size, run_before=conversation(TO[state]))


@params
@langs
def test_welcome(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    """The first screen of the scan: its welcome message (what this is and is not, confidentiality)."""
    assert snap_compare(app_for(lang, flow="scan", root=None), terminal_size=size, run_before=conversation([]))


@params
@langs
def test_resume_offer(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    """The first screen when a session was kept: "Welcome back" (nothing about the session before the passphrase)
    and its two choices, my scans or a new scan."""
    from dialoog.engine import Session
    from dialoog.flow.library import load_library

    keeper = memory_keeper()
    session = Session(load_library(CONTENT).flow("tui"), lang, CONTENT)
    session.answer(None)  # the first message
    session.answer("raadslid")
    keeper.start(session)
    keeper.save(session)
    assert snap_compare(app_for(lang, keeper=keeper), terminal_size=size, run_before=conversation([]))


@params
@langs
@pytest.mark.parametrize("mode", ["choose", "enter"])
def test_passphrase(snap_compare: Any, mode: str, lang: str, size: tuple[int, int]) -> None:
    from dialoog.tui.screens.passphrase import PassphraseScreen

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.push_screen(PassphraseScreen(mode))
        await pilot.press(*"secret")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@langs
@pytest.mark.parametrize("problem", ["corrupt", "unavailable"])
def test_store_problem(snap_compare: Any, problem: str, lang: str, size: tuple[int, int]) -> None:
    from dialoog.store import CorruptStore, StoreUnavailable
    from dialoog.tui.screens.passphrase import StoreProblemScreen

    error: Exception = (
        CorruptStore(Path("/home/u/.local/share/dialoog/store.corrupt-20260101T000000Z.sqlite"), "not a database")
        if problem == "corrupt"
        else StoreUnavailable("The data folder /home/u/.local/share/dialoog cannot be used: Permission denied.")
    )

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.push_screen(StoreProblemScreen(error))
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@langs
def test_content_problems(snap_compare: Any, lang: str, size: tuple[int, int], tmp_path: Path) -> None:
    broken = tmp_path / "content"
    (broken / "flows").mkdir(parents=True)
    (broken / "flows" / "tui.yaml").write_text("id: tui\ntitle: Kapot\nmodules: [missing]\n")

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    app = app_for(lang, root=broken)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_light_theme(snap_compare: Any) -> None:
    assert snap_compare(app_for("nl", theme="textual-light"), terminal_size=(80, 24),
                        run_before=conversation(TO["multi"]))
