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
    assert len(list(cache.cache_dir().glob("flow-mini-*.cache"))) == 1, "the stale entry is removed"


def test_a_damaged_entry_is_ignored(root: Path) -> None:
    entries = cache.StartupCache(root)
    entries.write("first", "mini", "turn", extra="nl")
    [entry] = cache.cache_dir().glob("first-mini-nl-*.cache")
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


def test_a_flow_that_ran_a_session_is_cached_as_content_only(root: Path) -> None:
    """The engine keeps its state machine beside the flow, not on it: the cached flow is the same
    before and after a session ran it, holds nothing of `transitions`, and runs again when read back."""
    import pickle

    from dialoog.engine import Session
    from dialoog.flow.library import load_library

    flow = load_library(root, strict=True).flow("mini")
    before = pickle.dumps(flow)
    session = Session(flow, "nl", root)
    session.answer()
    assert session.answer("bewindspersoon").node == "gifts"
    after = pickle.dumps(flow)
    assert after == before
    assert b"transitions" not in after
    entries = cache.StartupCache(root)
    entries.write("flow", "mini", flow)
    again = entries.read("flow", "mini")
    resumed = Session(again, "nl", root)
    resumed.answer()
    assert resumed.answer("bewindspersoon").node == "gifts"
    assert resumed.turn().progress == session.turn().progress


def test_what_the_engine_built_for_a_flow_goes_with_it(root: Path) -> None:
    import gc

    from dialoog.engine import Session, machine
    from dialoog.flow.library import load_library

    flow = load_library(root, strict=True).flow("mini")
    Session(flow, "nl", root)
    key = id(flow)
    assert key in machine._compiled
    del flow
    gc.collect()
    assert key not in machine._compiled
