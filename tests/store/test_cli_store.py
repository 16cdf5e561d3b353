"""The store behind the CLI: `dialoog play --data-dir` (headless) and `dialoog forget`."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from store_helpers import HASH, PASS, make_state

from dialoog.cli import main
from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.forget import forget_command
from dialoog.keeping.headless import HeadlessError, open_headless
from dialoog.store import MemoryStore, Store, StoreUnavailable

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "flows" / "mini.yaml"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the English messages; test_forget_speaks_dutch_by_default reads the Dutch ones."""
    monkeypatch.setenv("DIALOOG_LANG", "en")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_play_saves_every_answer(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DIALOOG_PASSPHRASE", PASS)
    assert main(["play", str(MINI), "--auto", "random:3", "--data-dir", str(data_dir), "--json"]) == 0
    out = capsys.readouterr()
    played = json.loads(out.out)
    assert "saving as session" in out.err
    with Store.open(data_dir, PASS) as store:
        (info,) = store.sessions()
        assert info.flow == "mini" and info.finished
        state = store.load(info.id)
    assert state["answers"] == played["answers"]


def test_play_without_or_with_a_wrong_passphrase(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", str(MINI), "--auto", "low", "--data-dir", str(data_dir)]) == 1
    assert "DIALOOG_PASSPHRASE" in capsys.readouterr().err
    Store.open(data_dir, PASS).close()
    monkeypatch.setenv("DIALOOG_PASSPHRASE", "not it")
    assert main(["play", str(MINI), "--auto", "low", "--data-dir", str(data_dir)]) == 1
    assert "passphrase does not open" in capsys.readouterr().err


def test_headless_keeping_falls_back_to_memory_and_says_so(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOOG_PASSPHRASE", PASS)
    root = MINI.parents[1]
    session = Session(load_library(root).flow("mini"), "en", root)
    said: list[str] = []
    keeper = open_headless(data_dir, session, said.append)
    session.answer()
    keeper.save(session)
    assert keeper.persistent and said == []

    def full(*args: Any) -> None:
        raise StoreUnavailable("The disk is full.")

    keeper.store.save = full
    session.answer("raadslid")
    keeper.save(session)
    assert isinstance(keeper.store, MemoryStore) and not keeper.persistent
    assert keeper.store.load(keeper.session_id)["answers"] == {"role": "raadslid"}
    assert said == ["The disk is full. Going on without saving: nothing will be kept."]
    keeper.close()
    with Store.open(data_dir, PASS) as store:
        (info,) = store.sessions()
        assert store.load(info.id)["answers"] == {}, "what was kept before the disk failed stays"


def test_headless_keeping_needs_the_right_passphrase(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = MINI.parents[1]
    session = Session(load_library(root).flow("mini"), "en", root)
    monkeypatch.delenv("DIALOOG_PASSPHRASE", raising=False)
    with pytest.raises(HeadlessError, match="DIALOOG_PASSPHRASE"):
        open_headless(data_dir, session, print)
    Store.open(data_dir, PASS).close()
    monkeypatch.setenv("DIALOOG_PASSPHRASE", "not it")
    with pytest.raises(HeadlessError, match="passphrase does not open"):
        open_headless(data_dir, session, print)


def _saved(open_store: Any, n: int = 2) -> list[str]:
    store = open_store()
    sids = [store.new_session("scan", HASH, "nl") for _ in range(n)]
    for sid in sids:
        store.save(sid, make_state({"q": sid}))
    store.close()
    return sids


def test_forget_one_with_yes(open_store: Any, data_dir: Path) -> None:
    a, b = _saved(open_store)
    out = io.StringIO()
    assert forget_command(str(data_dir), a, False, True, stdout=out) == 0
    assert "1 session erased" in out.getvalue()
    assert [i.id for i in open_store().sessions()] == [b]


def test_forget_asks_first(open_store: Any, data_dir: Path) -> None:
    a, _ = _saved(open_store)
    out, err = io.StringIO(), io.StringIO()
    assert forget_command(data_dir, a, False, False, stdin=Tty("n\n"), stdout=out, stderr=err) == 1
    assert f"Erase session {a}" in out.getvalue() and "Nothing was erased" in out.getvalue()
    assert forget_command(data_dir, a, False, False, stdin=io.StringIO("y\n"), stdout=out, stderr=err) == 2
    assert "--yes" in err.getvalue()
    assert len(open_store().sessions()) == 2
    assert forget_command(data_dir, a, False, False, stdin=Tty("ja\n"), stdout=out, stderr=err) == 0
    assert len(open_store().sessions()) == 1


def test_forget_all_and_unknown(open_store: Any, data_dir: Path, tmp_path: Path) -> None:
    _saved(open_store, 3)
    out, err = io.StringIO(), io.StringIO()
    assert forget_command(data_dir, "nope", False, True, stdout=out, stderr=err) == 1
    assert "no saved session 'nope'" in err.getvalue()
    assert forget_command(data_dir, None, True, True, stdout=out, stderr=err) == 0
    assert "3 sessions erased" in out.getvalue()
    assert open_store().sessions() == []
    assert forget_command(tmp_path / "empty", None, True, True, stdout=out, stderr=err) == 0
    assert "Nothing is saved" in out.getvalue()


def test_forget_through_the_cli(open_store: Any, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (sid,) = _saved(open_store, 1)
    assert main(["forget", sid, "--yes", "--data-dir", str(data_dir)]) == 0
    assert open_store().sessions() == []


def test_forget_speaks_dutch_by_default(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("DIALOOG_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    with Store.open(data_dir, PASS) as store:
        session = store.new_session("scan", HASH, "nl")
        store.save(session, make_state())
    out, err = io.StringIO(), io.StringIO()
    assert forget_command(data_dir, session, False, False, stdin=Tty("j\n"), stdout=out, stderr=err) == 0
    assert f"Gesprek {session} wissen" in out.getvalue() and "[j/N]" in out.getvalue()
    assert "1 gesprek gewist." in out.getvalue()
