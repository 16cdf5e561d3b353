"""Consent: no export leaves the scan without its own consent, and every consent is recorded (sealed) with what
was exported, when, from which session and content version, before the file is written."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from share_helpers import PASS, recorded

from dialoog.cli import main
from dialoog.engine import Session
from dialoog.sharing.consent import Consent, consent_for, consents, record_consent
from dialoog.sharing.export import ExportError, ExportRequest, export_file
from dialoog.store import MemoryStore, Store


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _request(session: Session, path: Path) -> ExportRequest:
    return ExportRequest("research", "a,b\r\n1,2\r\n", ("a", "b"), ("names",), path, (session,), ("s1",))


def test_a_declined_consent_writes_nothing_and_records_nothing(canary_nl: Session, tmp_path: Path) -> None:
    store = MemoryStore()
    asked: list[ExportRequest] = []
    target = tmp_path / "out.csv"
    assert export_file(store, _request(canary_nl, target), lambda r: asked.append(r) or False) is None
    assert asked and asked[0].text == "a,b\r\n1,2\r\n"  # the user saw exactly what the file would hold
    assert not target.exists()
    assert consents(store) == []


def test_a_consent_is_recorded_before_the_file_is_written_with_what_when_and_which_version(
    canary_nl: Session, tmp_path: Path
) -> None:
    store = MemoryStore()
    target = tmp_path / "out.csv"
    seen: list[list[Consent]] = []

    def ask(request: ExportRequest) -> bool:
        return True

    import dialoog.sharing.export as export

    real = export.write_file

    def spy(path: Path, text: str, *, force: bool = False) -> None:
        seen.append(consents(store))  # what is recorded at the moment the file is written
        real(path, text, force=force)

    export.write_file = spy  # type: ignore[assignment]
    try:
        before = dt.datetime.now(dt.UTC).replace(microsecond=0)
        consent = export_file(store, _request(canary_nl, target), ask)
    finally:
        export.write_file = real  # type: ignore[assignment]
    assert consent is not None
    assert seen == [[consent]]
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"
    assert target.stat().st_mode & 0o777 == 0o600
    saved = consents(store)[0].as_json()
    assert saved["export"] == "research" and saved["parts"] == ["a", "b"] and saved["left_out"] == ["names"]
    assert saved["sessions"] == ["s1"]
    assert saved["content"] == [{"flow": "scan", "hash": canary_nl.flow.content_hash}]
    assert saved["app"] and saved["lang"] == "nl" and saved["file"] == str(target)
    assert before <= dt.datetime.strptime(saved["when"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


def test_when_the_file_cannot_be_written_the_consent_is_taken_back(canary_nl: Session, tmp_path: Path) -> None:
    store = MemoryStore()
    target = tmp_path / "no-such-folder" / "out.csv"
    with pytest.raises(ExportError):
        export_file(store, _request(canary_nl, target), lambda r: True)
    assert consents(store) == []


def test_consent_records_are_sealed_in_the_store(canary_nl: Session, tmp_path: Path) -> None:
    with Store.open(tmp_path / "data", PASS) as store:
        consent = consent_for("shared", ["levels"], ["free_text"], [canary_nl], "/x/Canary.md", session_ids=["s1"])
        record_consent(store, consent)
        assert consents(store) == [consent]
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").iterdir() if p.is_file())
    assert b"Canary.md" not in raw and b"free_text" not in raw and b"levels" not in raw


def test_without_a_terminal_and_without_yes_no_export_happens(saved: tuple[Path, str], tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    data_dir, sid = saved
    for argv in (["share", sid, "--output", str(tmp_path / "s.md")],
                 ["research", "--output", str(tmp_path / "r.csv")],
                 ["network", "--output", str(tmp_path / "n.graphml")]):
        assert main([*argv, "--data-dir", str(data_dir)]) == 2
        assert "--yes" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    assert recorded(data_dir) == []


def test_answering_no_on_the_terminal_writes_nothing(saved: tuple[Path, str], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from dialoog.sharing import cli

    data_dir, _ = saved
    out = io.StringIO()
    import argparse

    args = argparse.Namespace(command="research", sessions=[], output=tmp_path / "r.json", yes=False, force=False,
                              share_data_dir=str(data_dir), lang="en")
    assert cli.run_verb(args, stdin=Tty("n\n"), stdout=out, stderr=io.StringIO()) == 1
    assert "Not in it: names" in out.getvalue() and "Nothing was written." in out.getvalue()
    assert not (tmp_path / "r.json").exists()
    assert recorded(data_dir) == []


def test_share_list_shows_each_consent(saved: tuple[Path, str], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    data_dir, sid = saved
    assert main(["share", "--list", "--data-dir", str(data_dir)]) == 0
    assert "You have not given consent to any export." in capsys.readouterr().out
    assert main(["research", sid, "--output", str(tmp_path / "r.csv"), "--yes", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert main(["share", "--list", "--data-dir", str(data_dir)]) == 0
    listed = capsys.readouterr().out
    assert "research export" in listed and sid in listed and str(tmp_path / "r.csv") in listed
    assert main(["share", "--list", "--json", "--data-dir", str(data_dir)]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["export"] == "research" and entry["sessions"] == [sid] and entry["how"] == "--yes"
    assert "level.veiligheid" in entry["parts"]


def test_an_existing_file_is_not_replaced_without_force(saved: tuple[Path, str], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    data_dir, _ = saved
    target = tmp_path / "r.csv"
    target.write_text("mine", encoding="utf-8")
    assert main(["research", "--output", str(target), "--yes", "--data-dir", str(data_dir)]) == 2
    assert "--force" in capsys.readouterr().err and target.read_text(encoding="utf-8") == "mine"
    assert recorded(data_dir) == []
    assert main(["research", "--output", str(target), "--yes", "--force", "--data-dir", str(data_dir)]) == 0
    assert target.read_text(encoding="utf-8").startswith("export_id,")
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_scan_that_cannot_be_read_back_is_said_plainly_and_nothing_is_written(
    saved: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    data_dir, sid = saved
    conn = sqlite3.connect(data_dir / "store.sqlite")
    try:  # one flipped byte in the sealed state: it no longer verifies
        (state,) = conn.execute("SELECT state FROM sessions WHERE id = ?", (sid,)).fetchone()
        conn.execute("UPDATE sessions SET state = ? WHERE id = ?", (bytes([state[0] ^ 1]) + state[1:], sid))
        conn.commit()
    finally:
        conn.close()
    target = tmp_path / "shared.md"
    assert main(["share", sid, "--output", str(target), "--yes", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "could not be read" in err and "Nothing was written." in err
    assert not target.exists() and recorded(data_dir) == []
