"""Writing a report: only to the path given, 0600 from the start, never over an existing file without force,
never through a symlink, a clear message for a missing folder or a suffix that is not .html/.md."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dialoog.report import ReportPathError, report_format, write_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_report_file_is_0600_even_with_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        written = write_private(tmp_path / "r.html", "<p>x</p>")
    finally:
        os.umask(old)
    assert written.read_text(encoding="utf-8") == "<p>x</p>"
    assert mode(written) == 0o600


def test_an_existing_file_is_refused_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("mine")
    path.chmod(0o644)
    with pytest.raises(ReportPathError) as caught:
        write_private(path, "new")
    assert caught.value.kind == "exists" and path.read_text() == "mine"
    write_private(path, "new", force=True)
    assert path.read_text() == "new" and mode(path) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]  # no temporary file left


def test_a_symlink_is_never_written_through(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    link = tmp_path / "r.html"
    link.symlink_to(target)
    with pytest.raises(ReportPathError) as caught:
        write_private(link, "report")
    assert caught.value.kind == "exists"
    write_private(link, "report", force=True)  # replaces the link itself
    assert target.read_text() == "keep me"
    assert not link.is_symlink() and link.read_text() == "report" and mode(link) == 0o600


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(ReportPathError) as caught:
        write_private(tmp_path / "nope" / "r.html", "x")
    assert caught.value.kind == "folder" and "does not exist" in caught.value.message
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize(("name", "fmt"), [("r.html", "html"), ("r.htm", "html"), ("R.HTML", "html"),
                                           ("r.md", "markdown"), ("r.markdown", "markdown")])
def test_the_suffix_picks_the_format(name: str, fmt: str) -> None:
    assert report_format(name) == fmt


@pytest.mark.parametrize("name", ["r.txt", "r.pdf", "report", "r.html.bak"])
def test_other_suffixes_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ReportPathError) as caught:
        write_private(tmp_path / name, "x")
    assert caught.value.kind == "suffix"
    assert list(tmp_path.iterdir()) == []


def test_other_exports_name_their_own_suffixes(tmp_path: Path) -> None:
    written = write_private(tmp_path / "n.graphml", "<graphml/>", suffixes=(".graphml",))
    assert mode(written) == 0o600
    with pytest.raises(ReportPathError) as caught:
        write_private(tmp_path / "n.html", "x", suffixes=(".csv", ".json"))
    assert caught.value.kind == "suffix"
