"""Shared helpers for the engine tests: content roots built from tests/fixtures.

Every test gets its own copy of the content in `tmp_path`, so a test may change
files freely. The roots:

- `mini_root`: tests/fixtures/mini as it is (Dutch only: no English catalog);
- `valid_root`: mini plus an English catalog (tests/fixtures/mini-en); passes `dialoog check`;
- `engine_root`: valid_root plus the modules `branch` (routes by answer and by
  condition, `when`, decline/skip) and `circle` (a network question with three
  follow-ups), with their English catalog (tests/fixtures/branch).
"""

from __future__ import annotations

import shutil
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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds a wheel or runs the installed program (deselect: -m 'not slow')")
    config.addinivalue_line("markers", "serial: drives a real terminal (tmux); run it alone, not beside other tests")


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
