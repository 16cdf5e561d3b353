"""Shared helpers for the engine tests: content roots built from tests/fixtures.

Every test gets its own copy of the content in `tmp_path`, so a test may change
files freely. The roots:

- `mini_root`: tests/fixtures/mini as it is (Dutch only: no English catalog);
- `valid_root`: mini plus an English catalog (tests/fixtures/mini-en); passes `dialoog check`;
- `engine_root`: valid_root plus the modules `branch` (routes by answer and by
  condition, `when`, decline/skip) and `circle` (a network question with three
  follow-ups), with their English catalog (tests/fixtures/branch).

Every test also gets its own user folders (`XDG_*_HOME` under `tmp_path`), so no test reads or
writes the real user's data or cache, and parallel workers never share them.

The suite runs in parallel (pytest-xdist, `-n auto` in pyproject.toml). A test marked
`serial` (timing-sensitive or machine-heavy: tmux, the kill -9 harness, time limits) runs
while no other test of the run does: see `pytest_runtest_protocol` below.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
MINI = FIXTURES / "mini"
REPO = TESTS.parent

# Variables that change the language or where content and data are found.
ENV_VARS = (
    "DIALOOG_LANG",
    "DIALOOG_CONTENT",
    "DIALOOG_DATA_DIR",
    "DIALOOG_PASSPHRASE",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
)


# Every session deals its cards from the same seed in the tests (a test of the dealing gives its own), so a
# snapshot, a golden report or a transcript shows the same cards on every run.
os.environ.setdefault("DIALOOG_SEED", "0")

# platformdirs' user folders on Linux; pointed into tmp_path for every test.
XDG_VARS = ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds a wheel or runs the installed program (deselect: -m 'not slow')")
    config.addinivalue_line(
        "markers",
        "serial: timing-sensitive or machine-heavy; under pytest-xdist it runs while no other test runs",
    )


@contextmanager
def _flock(path: Path, exclusive: bool) -> Iterator[None]:
    import fcntl

    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _turn(config: pytest.Config, serial: bool) -> Iterator[None]:
    """Under pytest-xdist: a serial test runs alone, the others run side by side.

    A readers-writer lock on two files in the run's folder, shared by its workers
    (the parent of each worker's basetemp). Every test holds `serial.lock` shared;
    a serial test holds it exclusively, so it waits for the running tests to end and
    keeps the others waiting. `serial.gate` gives the serial test priority: it holds
    the gate while it waits and runs, and the other tests pass the gate (briefly) before
    they take their shared lock, so a busy worker cannot starve it. Without xdist (or
    without `fcntl`, on Windows) the tests run one after another anyway.
    """
    basetemp = config.getoption("basetemp", None)
    if "PYTEST_XDIST_WORKER" not in os.environ or not basetemp or os.name != "posix":
        yield
        return
    run_dir = Path(basetemp).parent
    gate, lock = run_dir / "serial.gate", run_dir / "serial.lock"
    if serial:
        with _flock(gate, exclusive=True), _flock(lock, exclusive=True):
            yield
        return
    with _flock(gate, exclusive=False):
        pass
    with _flock(lock, exclusive=False):
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    """Set-up, call and tear-down of each test inside its turn (see `_turn`)."""
    with _turn(item.config, item.get_closest_marker("serial") is not None):
        return (yield)


@pytest.fixture(autouse=True)
def _own_user_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The user's data, cache, config and state folders in tmp_path (platformdirs reads XDG_*_HOME)."""
    for var in XDG_VARS:
        monkeypatch.setenv(var, str(tmp_path / "home" / var.removeprefix("XDG_").removesuffix("_HOME").lower()))


def build_root(dest: Path, *overlays: str) -> Path:
    """A copy of the mini content at `dest`, with fixture folders laid over it."""
    shutil.copytree(MINI, dest)
    for name in overlays:
        shutil.copytree(FIXTURES / name, dest, dirs_exist_ok=True)
    return dest


@pytest.fixture
def plain_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No language or content settings from the machine running the tests."""
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


@pytest.fixture
def mini_root(tmp_path: Path) -> Path:
    return build_root(tmp_path / "mini")


@pytest.fixture
def valid_root(tmp_path: Path) -> Path:
    return build_root(tmp_path / "content", "mini-en")


@pytest.fixture
def engine_root(tmp_path: Path) -> Path:
    return build_root(tmp_path / "content", "mini-en", "branch")
