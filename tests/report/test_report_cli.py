"""`dialoog report [SESSION] --output FILE` and `dialoog play ... --report FILE`: the report written 0600 to
the path given; a bad path or suffix, or an existing file without --force: exit 2 and one clear line."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from dialoog.cli import main
from dialoog.keeping.keeper import Keeper
from dialoog.store import FAST_KDF, Store

from .helpers import PROFILES, profile_session

PASS = "correct horse battery staple"


@pytest.fixture
def saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A store with one finished scan (a golden profile, with an agenda); the passphrase in the environment."""
    data = tmp_path / "data"
    session = profile_session(PROFILES[0], "nl")
    keeper = Keeper(Store.open(data, PASS, kdf=FAST_KDF))
    sid = keeper.start(session)
    keeper.save(session)
    keeper.close()
    monkeypatch.setenv("DIALOOG_PASSPHRASE", PASS)
    monkeypatch.setenv("DIALOOG_LANG", "en")
    return data, sid


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_report_writes_the_latest_finished_scan_0600(saved: tuple[Path, str], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = saved
    out = tmp_path / "mijn rapport.html"
    assert main(["report", "--output", str(out), "--data-dir", str(data)]) == 0
    assert mode(out) == 0o600
    html = out.read_text(encoding="utf-8")
    assert '<html lang="nl">' in html and "Vertrouwelijk" in html  # the session's language
    assert "Zwager P." in html  # the full report: names included
    assert str(out) in capsys.readouterr().out


def test_report_by_id_in_markdown_and_in_another_language(saved: tuple[Path, str], tmp_path: Path) -> None:
    data, sid = saved
    out = tmp_path / "r.md"
    assert main(["report", sid, "-o", str(out), "--data-dir", str(data), "--lang", "en"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("**CONFIDENTIAL**") and "## Your three main actions" in text
    assert "Elk kwartaal mijn nevenfuncties nalopen" in text  # the own commitment, as typed


def test_report_refuses_an_existing_file_without_force(saved: tuple[Path, str], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = saved
    out = tmp_path / "r.html"
    out.write_text("mine")
    assert main(["report", "--output", str(out), "--data-dir", str(data)]) == 2
    assert "already exists" in capsys.readouterr().err and out.read_text() == "mine"
    assert main(["report", "--output", str(out), "--data-dir", str(data), "--force"]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>") and mode(out) == 0o600


@pytest.mark.parametrize(("name", "words"), [("r.txt", "is neither"), ("nope/r.html", "does not exist")])
def test_report_says_what_is_wrong_with_the_path(saved: tuple[Path, str], tmp_path: Path, name: str, words: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = saved
    assert main(["report", "--output", str(tmp_path / name), "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dialoog report: ") and words in err and err.count("\n") == 1
    assert not (tmp_path / "r.txt").exists()


def test_report_without_a_store_or_with_an_unknown_session(saved: tuple[Path, str], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = saved
    assert main(["report", "--output", str(tmp_path / "r.html"), "--data-dir", str(tmp_path / "empty")]) == 1
    assert main(["report", "nosuch", "--output", str(tmp_path / "r.html"), "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "nosuch" in err and not (tmp_path / "r.html").exists()
    # said in the language of the command, like every other message of the verb
    assert main(["--lang", "nl", "report", "nosuch", "-o", str(tmp_path / "r.html"), "--data-dir", str(data)]) == 1
    assert "er is geen bewaard gesprek 'nosuch'" in capsys.readouterr().err
    assert main(["--lang", "en", "report", "nosuch", "-o", str(tmp_path / "r.html"), "--data-dir", str(data)]) == 1
    assert "there is no saved session 'nosuch'" in capsys.readouterr().err


def test_play_writes_the_report_of_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run.md"
    assert main(["play", "scan", "--auto", "high", "--lang", "en", "--json", "--report", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.lstrip().startswith("{")  # stdout stays the JSON
    assert str(out) in captured.err
    assert mode(out) == 0o600 and "## Your three main actions" in out.read_text(encoding="utf-8")


def test_play_checks_the_report_path_before_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "scan", "--auto", "high", "--report", str(tmp_path / "run.pdf")]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "dialoog play: " in captured.err
