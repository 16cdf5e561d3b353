"""The shared version: by default the levels, the main actions and the agenda; no network names, no free text,
no "because"; widened or narrowed part by part; the preview is exactly the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from share_helpers import NAMES, OWN_COMMITMENT, TEXTS, canary_session, leaks, recorded

from dialoog.cli import main
from dialoog.engine import Session
from dialoog.report.scope import Scope
from dialoog.sharing.shared import PARTS, UnknownPart, included, shared_text, widened


def test_the_default_shared_version_holds_no_name_and_no_typed_text(canary_nl: Session) -> None:
    text = shared_text(canary_nl)
    assert leaks(text) == []
    summary = canary_nl.summary()
    assert all(d.title in text for d in summary.domains)  # the levels
    assert all(a.title in text for a in summary.top_advice)  # the main actions
    assert canary_nl.agenda[0].text in text  # a commitment chosen from an advice step
    assert "Wombatplan" not in text  # one in the user's own words is free text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_shared_version_is_in_the_language_of_the_session(lang: str) -> None:
    session = canary_session(lang)
    text = shared_text(session)
    assert leaks(text) == []
    assert session.summary().top_advice[0].title in text


def test_widening_to_names_and_free_text_brings_them_in(canary_nl: Session) -> None:
    """The canary check can fail: with the parts that hold them, the names and typed texts are there."""
    wide = shared_text(canary_nl, widened(Scope.shared(), ["network_names,free_text,advice,because"]))
    found = leaks(wide)
    assert any(name in found for name in NAMES)
    assert OWN_COMMITMENT in found
    assert shared_text(canary_nl, Scope()) != shared_text(canary_nl)


def test_narrowing_leaves_a_part_out(canary_nl: Session) -> None:
    narrow = widened(Scope.shared(), exclude=["agenda"])
    assert "agenda" not in included(narrow)
    step = canary_nl.agenda[0].text  # also one of the steps of the first main action
    assert shared_text(canary_nl).count(step) == 2
    assert shared_text(canary_nl, narrow).count(step) == 1


def test_parts_are_the_scope_field_names() -> None:
    assert tuple(Scope().as_json()) == PARTS
    with pytest.raises(UnknownPart):
        widened(Scope.shared(), ["names"])
    assert widened(Scope.shared(), ["advice"], ["advice"]).advice is False  # exclude wins


def test_dialoog_share_writes_the_default_shared_version_with_consent(
    saved: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, sid = saved
    target = tmp_path / "shared.md"
    assert main(["share", "--output", str(target), "--yes", "--data-dir", str(data_dir)]) == 0
    text = target.read_text(encoding="utf-8")
    assert leaks(text) == [] and text.strip()
    assert target.stat().st_mode & 0o777 == 0o600
    (consent,) = recorded(data_dir)
    assert consent.export == "shared" and consent.sessions == (sid,)
    assert consent.parts == ("levels", "top_actions", "agenda")
    assert "network_names" in consent.left_out and "free_text" in consent.left_out
    wide = tmp_path / "wide.html"
    assert main(["share", sid, "--output", str(wide), "--include", "network_names,free_text", "--exclude", "agenda",
                 "--yes", "--data-dir", str(data_dir)]) == 0
    assert wide.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert recorded(data_dir)[0].parts == ("levels", "top_actions", "network_names", "free_text")
    capsys.readouterr()
    assert main(["share", "--output", str(tmp_path / "x.md"), "--include", "names", "--yes",
                 "--data-dir", str(data_dir)]) == 2
    assert "network_names" in capsys.readouterr().err and not (tmp_path / "x.md").exists()
    assert len(recorded(data_dir)) == 2


def test_a_mistake_in_the_parts_is_said_before_the_passphrase_is_asked(
    saved: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, _ = saved
    monkeypatch.delenv("DIALOOG_PASSPHRASE")
    assert main(["share", "--output", str(tmp_path / "x.md"), "--exclude", "agenda,nmaes", "--yes",
                 "--data-dir", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert "'nmaes'" in err and "passphrase" not in err.lower()


def test_the_terminal_preview_is_the_text_of_the_file(saved: tuple[Path, str], tmp_path: Path) -> None:
    import argparse
    import io

    from dialoog.sharing import cli

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    data_dir, sid = saved
    target = tmp_path / "shared.md"
    out = io.StringIO()
    args = argparse.Namespace(command="share", session=sid, output=target, include=[], exclude=[], list=False,
                              json=False, yes=False, force=False, share_data_dir=str(data_dir), lang="en")
    assert cli.run_verb(args, stdin=Tty("y\n"), stdout=out, stderr=io.StringIO()) == 0
    assert target.read_text(encoding="utf-8").strip() in out.getvalue()
    assert "Not in it:" in out.getvalue()
    assert TEXTS["portfolio"] not in out.getvalue()
