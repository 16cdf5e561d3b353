"""dialoog opens no network connection: a full playthrough with socket creation made to fail.

`forbid_network()` makes every internet socket, connect and name lookup raise, and
records attempts even when the code under test swallows the error. The real
program is driven end to end: the TUI with the encrypted store (choose a
passphrase, every question of the scan, the summary), and `dialoog play` with
`--data-dir`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dialoog.netguard import forbid_network
from dialoog.store import FAST_KDF, Store
from dialoog.tui.screens.summary import SummaryScreen

from .conftest import REPO, begin, make_app, play_to_end, quick_press, settle

PASS = "correct horse battery"


async def test_a_full_scan_in_the_terminal_app_uses_no_network(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with forbid_network() as attempts:
        app = make_app("nl", "scan", REPO, use_store=True, data_dir=data, kdf=FAST_KDF, passphrase=PASS)
        async with app.run_test(size=(100, 30)) as pilot:
            await begin(pilot)
            asked = await play_to_end(pilot, quick=True, text="Notitie", names=("A.B.", "C.D."))
            await quick_press(pilot, "enter")
            await settle(pilot)
            assert isinstance(app.screen, SummaryScreen)
        assert app.keeper is not None
        app.keeper.close()
    assert attempts == []
    assert len(asked) > 20
    with Store.open(data, PASS, kdf=FAST_KDF) as store:
        [info] = store.sessions()
        assert store.load(info.id)["answers"]


def test_dialoog_play_with_a_data_dir_uses_no_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from dialoog.cli import main

    monkeypatch.setenv("DIALOOG_PASSPHRASE", PASS)
    with forbid_network() as attempts:
        code = main(["play", "scan", "--auto", "high", "--data-dir", str(tmp_path / "data"), "--json"])
    assert code == 0
    assert attempts == []
    assert '"summary"' in capsys.readouterr().out
