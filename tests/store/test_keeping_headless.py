"""What the headless verbs that read saved scans stand on (dialoog.keeping.headless): `unlock`, `pick_session`,
`Keeper.open_session`; and a repeat scan knowing the previous one."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from store_helpers import PASS

from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.i18n import UI
from dialoog.keeping.headless import HeadlessError, pick_session, unlock
from dialoog.keeping.keeper import Keeper
from dialoog.play import from_file, run
from dialoog.store import FAST_KDF, Store

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
ANSWERS: dict[str, Any] = {"role": "raadslid", "gifts": "no", "stress": ["none"], "portfolio": "Wonen",
                           "people": [{"name": "Anna", "category": "family", "ties": "no"}]}


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def keep_scans(data_dir: Path, *finished: bool) -> list[str]:
    """Sessions of the mini flow saved in a new store, in order (finished or halfway)."""
    flow = load_library(MINI).flow("mini")
    ids = []
    with Store.open(data_dir, PASS, kdf=FAST_KDF) as store:
        keeper = Keeper(store)
        for done in finished:
            session = Session(flow, "nl", MINI)
            keeper.start(session)
            if done:
                run(session, from_file(flow, ANSWERS))
            else:
                session.answer()
                session.answer("raadslid")
            keeper.save(session)
            assert keeper.session_id is not None
            ids.append(keeper.session_id)
    return ids


def test_unlock_with_the_passphrase_from_the_environment(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = keep_scans(data_dir, True, False)
    monkeypatch.setenv("DIALOOG_PASSPHRASE", PASS)
    keeper = unlock(data_dir, UI("en"))
    try:
        assert {i.id for i in keeper.sessions()} == {first, second}
        session = keeper.open_session(first, MINI)
        assert session.finished and session.answers["portfolio"] == "Wonen"
    finally:
        keeper.close()


def test_unlock_asks_on_a_terminal_and_explains_otherwise(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keep_scans(data_dir, True)
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASS)
    unlock(data_dir, UI("en"), stdin=Tty()).close()
    assert asked == ["Passphrase of your saved answers: "]
    with pytest.raises(HeadlessError, match="Set DIALOOG_PASSPHRASE"):
        unlock(data_dir, UI("en"), stdin=io.StringIO())
    monkeypatch.setattr("getpass.getpass", lambda prompt: "not it")
    with pytest.raises(HeadlessError, match="does not open the saved answers"):
        unlock(data_dir, UI("en"), stdin=Tty())
    with pytest.raises(HeadlessError, match="Nothing is saved"):
        unlock(data_dir / "elsewhere", UI("en"), stdin=Tty())
    with pytest.raises(HeadlessError, match="Er is niets bewaard"):
        unlock(data_dir / "elsewhere", UI("nl"), stdin=Tty())


def test_pick_the_given_session_or_the_latest_finished_one(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, halfway, latest = keep_scans(data_dir, True, False, True)
    monkeypatch.setenv("DIALOOG_PASSPHRASE", PASS)
    with unlock(data_dir, UI("en")).store as store:
        keeper = Keeper(store)
        assert pick_session(keeper, None, "mini").id == latest
        assert pick_session(keeper, first, "mini").id == first
        assert pick_session(keeper, None, "mini", finished=False).id in {halfway, latest}
        with pytest.raises(HeadlessError, match="not finished"):
            pick_session(keeper, halfway, "mini")
        with pytest.raises(HeadlessError, match="no saved session 'nosuch'"):
            pick_session(keeper, "nosuch", "mini")
        with pytest.raises(HeadlessError, match="no saved finished session of 'scan'"):
            pick_session(keeper, None, "scan")


def test_a_repeat_scan_knows_the_latest_finished_one(data_dir: Path) -> None:
    first, _halfway, latest, repeat = keep_scans(data_dir, True, False, True, False)
    with Store.open(data_dir, PASS) as store:
        keeper = Keeper(store)
        assert "previous" not in store.load(first)
        assert store.load(latest)["previous"] == first
        assert store.load(repeat)["previous"] == latest
        assert keeper.open_session(repeat, MINI).previous == latest


def test_dialoog_sessions_lists_three_without_a_passphrase(data_dir: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from dialoog.cli import main

    monkeypatch.setenv("DIALOOG_LANG", "en")
    ids = keep_scans(data_dir, True, False, True)
    assert main(["sessions", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["session", "date", "flow", "finished"]
    rows = [line.split() for line in out[1:]]
    assert [r[0] for r in rows] == ids[::-1]  # the most recently saved first
    assert [(r[3], r[4]) for r in rows] == [("mini", "yes"), ("mini", "no"), ("mini", "yes")]
    assert "raadslid" not in "\n".join(out) and "Wonen" not in "\n".join(out)  # no role, no answer

    assert main(["sessions", "--data-dir", str(data_dir), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["sessions"]
    assert [(s["id"], s["flow"], s["finished"]) for s in listed] == [
        (ids[2], "mini", True), (ids[1], "mini", False), (ids[0], "mini", True)]
    assert all(set(s) == {"id", "date", "flow", "finished", "damaged"} for s in listed)
    assert dt.datetime.fromisoformat(listed[0]["date"]).tzinfo is not None

    assert main(["forget", ids[1], "--yes", "--data-dir", str(data_dir)]) == 0  # the listed id is what forget takes
    capsys.readouterr()
    assert main(["sessions", "--data-dir", str(data_dir), "--json"]) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)["sessions"]] == [ids[2], ids[0]]


def test_dialoog_sessions_on_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from dialoog.cli import main

    monkeypatch.setenv("DIALOOG_LANG", "nl")
    assert main(["sessions", "--data-dir", str(tmp_path)]) == 0
    assert "Er is niets bewaard" in capsys.readouterr().out
    assert main(["sessions", "--data-dir", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"sessions": []}
