"""The save dialog of the report (F4 on the summary): the user types the path, sees what will be written,
confirms before a file is replaced, and reads where it was saved; nothing is written before they confirm."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from test_advice_profiles import load_profile, play  # tests/ is on the path: the profiles' player
from textual.widgets import Input, Static

from dialoog.tui.screens.save_report import SaveReportScreen
from dialoog.tui.screens.summary import SummaryScreen

from .conftest import REPO, begin, make_app, settle, until

SUGGESTION = "~/dialoog-rapport-2026-12-01.html"


def status(app: Any) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def open_dialog(pilot: Any, lang: str) -> SaveReportScreen:
    session = play(load_profile("golden_wethouder_zwager")["answers"], lang)
    await begin(pilot)
    await pilot.app.push_screen(SummaryScreen(session))
    await settle(pilot)
    await pilot.press("f4")
    await until(pilot, lambda: isinstance(pilot.app.screen, SaveReportScreen), "the save dialog")
    screen = pilot.app.screen
    assert isinstance(screen, SaveReportScreen)
    return screen


async def type_path(pilot: Any, path: Path | str) -> None:
    """Put the path in the field (as if typed: the field's whole value) and press Enter."""
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)


async def test_f4_on_the_summary_saves_the_report_where_the_user_says(tmp_path: Path) -> None:
    app = make_app("nl", "scan", REPO)
    target = tmp_path / "rapport.md"
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_dialog(pilot, "nl")
        assert not target.exists()
        assert "volledige rapport" in str(screen.query_one("#what", Static).render())
        await type_path(pilot, target)
        said = status(app)
    assert f"Opgeslagen in {target}" in said
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert text.startswith("**VERTROUWELIJK**") and "Zwager P." in text


async def test_an_existing_file_is_replaced_only_after_the_user_confirms(tmp_path: Path) -> None:
    app = make_app("en", "scan", REPO)
    target = tmp_path / "report.html"
    target.write_text("mine")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dialog(pilot, "en")
        await type_path(pilot, target)
        asked = status(app)
        kept = target.read_text()
        await pilot.press("enter")  # the confirmation: Replace
        await settle(pilot)
        done = status(app)
    assert "already exists" in asked and kept == "mine"
    assert f"Saved to {target}" in done
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_nothing_is_written_when_the_user_cancels_or_the_path_is_wrong(tmp_path: Path) -> None:
    app = make_app("en", "scan", REPO)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dialog(pilot, "en")
        await type_path(pilot, tmp_path / "report.pdf")
        wrong_suffix = status(app)
        await type_path(pilot, tmp_path / "missing" / "report.html")
        no_folder = status(app)
        pilot.app.screen.query_one(Input).value = str(tmp_path / "never.html")
        await pilot.press("escape")
        await settle(pilot)
        closed = isinstance(app.screen, SummaryScreen)
    assert "End the name with .html or .md" in wrong_suffix
    assert "does not exist" in no_folder
    assert closed and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_save_dialog(snap_compare: Any, lang: str) -> None:
    """The save dialog at 80x24: what will be written, the field with a suggestion, Save and Cancel."""
    from dialoog.engine import Session
    from dialoog.flow.library import load_library

    from .conftest import CONTENT

    async def run_before(pilot: Any) -> None:
        await begin(pilot)
        session = Session(load_library(CONTENT).flow("tui"), lang, CONTENT)
        await pilot.app.push_screen(SaveReportScreen(session, suggestion=SUGGESTION))
        await settle(pilot)

    assert snap_compare(make_app(lang, blink=False), terminal_size=(80, 24), run_before=run_before)
