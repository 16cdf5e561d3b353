from __future__ import annotations

from pathlib import Path

import pytest
from share_helpers import PASS, canary_session, keep

from dialoog.engine import Session


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOOG_PASSPHRASE", PASS)
    monkeypatch.setenv("DIALOOG_LANG", "en")


@pytest.fixture(scope="session")
def canary_nl() -> Session:
    return canary_session("nl")


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, str]:
    """A data folder with one finished canary scan (Dutch); its id."""
    data_dir = tmp_path / "data"
    (sid,) = keep(data_dir, canary_session("nl"))
    return data_dir, sid
