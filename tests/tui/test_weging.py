"""The weighing framework in the terminal app (`dialoog --flow weging`): a playthrough with Pilot that ends with
the written-down strategy on screen, and no levels summary offered (the flow scores nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dialoog.tui.screens.conversation import ConversationScreen
from dialoog.tui.screens.summary import SummaryScreen

from .conftest import REPO, begin, flat, make_app, play_to_end, settle, until


async def test_the_weighing_flow_ends_with_the_strategy_on_screen() -> None:
    app = make_app("nl", "weging", REPO)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        asked = await play_to_end(pilot, quick=True)
        assert asked[:2] == ["weging_intro", "weg_rol"]
        assert {"weg_wat", "weg_strategie", "weg_eerste_stap", "weg_overleg"} <= set(asked)
        screen = app.screen
        assert isinstance(screen, ConversationScreen) and app.session.finished
        transcript = screen.query_one("Transcript").text()  # type: ignore[attr-defined]
        assert "Uw strategie op papier" in transcript and "U overlegt met" in transcript
        assert "Deze strategie is alleen voor u." in flat(app) or "Deze strategie is alleen voor u." in transcript
        assert screen.check_action("summary", ()) is False, "no levels summary for a flow that scores nothing"
        assert "Druk op Enter om dialoog te sluiten" in flat(app)
        await pilot.press("enter")  # at the end, Enter closes the program: there is no summary of levels
        await pilot.pause()
        assert app.return_code is not None or not app.is_running


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_snapshot_of_the_written_down_strategy(snap_compare: Any, lang: str) -> None:
    """The end of the weighing flow at 100x30. Update after an intended change with
    `pytest tests/tui/test_weging.py --snapshot-update` (and look at the SVG)."""

    async def to_the_end(pilot: Any) -> None:
        await begin(pilot)
        await play_to_end(pilot, quick=True)
        await settle(pilot)

    app = make_app(lang, "weging", REPO, blink=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=to_the_end)


async def test_a_finished_weighing_opens_from_my_scans_at_its_written_down_strategy(tmp_path: Path) -> None:
    from dialoog.engine import Session
    from dialoog.flow.library import load_library
    from dialoog.keeping.keeper import Keeper
    from dialoog.play import auto, run
    from dialoog.store import FAST_KDF, Store

    from .test_my_scans import PASS, to_my_scans

    data = tmp_path / "data"
    flow = load_library(REPO).flow("weging")
    with Store.open(data, PASS, kdf=FAST_KDF) as store:
        keeper = Keeper(store)
        session = Session(flow, "nl", REPO)
        keeper.start(session)
        run(session, auto("high"))
        keeper.save(session)
    app = make_app("nl", "weging", REPO, use_store=True, data_dir=data, kdf=FAST_KDF)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_my_scans(pilot)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None
                    and app.screen.session.finished, "the finished conversation")
        assert not isinstance(app.screen, SummaryScreen)
        transcript = app.screen.query_one("Transcript").text()  # type: ignore[attr-defined]
        assert "Uw strategie op papier" in transcript
    app.keeper.close()
