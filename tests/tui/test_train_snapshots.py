"""SVG snapshots of the trainer's projector view and presenter view at 80x24 and 160x45: a trainer's own
card with the options and the chart revealed, five votes, a paused timer and a note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dialoog.training.model import TrainingSession
from dialoog.tui.train.app import TrainApp

from .test_train_app import FakeClock, pool


def snapshot_app(tmp_path: Path, presenter: bool) -> tuple[TrainApp, Any]:
    p = pool()
    session = TrainingSession(list(p.cards.values()), "en", tmp_path / "data", clock=FakeClock(),
                              session_id="snapshot")
    session.reveal_next()
    session.reveal_next()
    session.type_counts("1 3 0 1")
    session.set_notes("Veel twijfel over b.")
    app = TrainApp(p, tmp_path / "data", "en", session=session, blink=False)

    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        if presenter:
            await pilot.press("v")
        await pilot.pause()

    return app, run_before


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", ["projector", "presenter"])
def test_the_session_views(snap_compare: Any, tmp_path: Path, view: str, size: tuple[int, int]) -> None:
    app, run_before = snapshot_app(tmp_path, view == "presenter")
    assert snap_compare(app, terminal_size=size, run_before=run_before)
