from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from store_helpers import PASS

from dialoog.store import FAST_KDF, Store


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("DIALOOG_DATA_DIR", "DIALOOG_PASSPHRASE"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def open_store(data_dir: Path) -> Iterator[Callable[..., Store]]:
    """Open (or create, with the cheapest allowed scrypt cost) the store in `data_dir`; closed afterwards."""
    opened: list[Store] = []

    def factory(passphrase: str | None = PASS, **kwargs: Any) -> Store:
        kwargs.setdefault("kdf", FAST_KDF)
        store = Store.open(kwargs.pop("folder", data_dir), passphrase, **kwargs)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()
