"""The start-up cache: a change to any content file gives a new entry; a bad entry is ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dialoog.flow import cache

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DIALOOG_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


def test_a_written_value_is_read_back(root: Path) -> None:
    cache.StartupCache(root).write("flow", "mini", {"answer": 42})
    again = cache.StartupCache(root)
    assert again.read("flow", "mini") == {"answer": 42}
    assert again.read("flow", "other") is None


def test_changing_a_content_file_makes_the_old_entry_unreachable(root: Path) -> None:
    cache.StartupCache(root).write("flow", "mini", "old")
    some_file = next(p for p in (root / "flows").rglob("*.yaml"))
    some_file.write_text(some_file.read_text() + "\n# changed\n")
    changed = cache.StartupCache(root)
    assert changed.read("flow", "mini") is None
    changed.write("flow", "mini", "new")
    assert changed.read("flow", "mini") == "new"
    assert len(list(cache.cache_dir().glob("flow-mini-*.pickle"))) == 1, "the stale entry is removed"


def test_a_damaged_entry_is_ignored(root: Path) -> None:
    entries = cache.StartupCache(root)
    entries.write("first", "mini", "turn", extra="nl")
    [entry] = cache.cache_dir().glob("first-mini-nl-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert entries.read("first", "mini", extra="nl") is None


def test_an_unwritable_cache_costs_nothing_but_time(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DIALOOG_CACHE_DIR", str(blocker / "cache"))
    entries = cache.StartupCache(root)
    entries.write("flow", "mini", "value")  # no error
    assert entries.read("flow", "mini") is None
