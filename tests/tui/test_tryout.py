"""`dialoog --flow scan --from NODE`: the conversation begins at NODE, says it is a try-out and keeps nothing."""

from __future__ import annotations

from pathlib import Path

from dialoog.authoring.answering import answering
from dialoog.authoring.start import replay_to
from dialoog.engine import Session
from dialoog.tui.app import DialoogApp

from .conftest import REPO, begin, flat


async def test_a_try_out_begins_at_its_node_and_saves_nothing(tmp_path: Path) -> None:
    def begin_at(session: Session) -> object:
        return replay_to(session, "network", answering(session.flow, {"role": "wethouder"}, "low"))

    data = tmp_path / "data"
    app = DialoogApp("nl", data, "scan", REPO, begin_at=begin_at)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        assert app.screen.turn.node == "network"
        assert "Een proefrit (--from): er wordt niets bewaard" in flat(app)
    assert not data.exists() or list(data.iterdir()) == []
