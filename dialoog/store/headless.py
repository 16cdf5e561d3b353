"""The store without a UI: the passphrase from the environment (`dialoog play --data-dir`)."""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ENV_PASSPHRASE = "DIALOOG_PASSPHRASE"


def passphrase_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """`DIALOOG_PASSPHRASE`, or None when it is unset or empty."""
    value = (os.environ if environ is None else environ).get(ENV_PASSPHRASE)
    return value or None


def _warn(message: str) -> None:
    print(f"dialoog: {message}", file=sys.stderr)


class HeadlessSaver:
    """Saves a `Session` after every answer; falls back to memory (with a warning) when the disk fails."""

    def __init__(self, store: Any, session_id: str) -> None:
        self.store = store
        self.session_id = session_id
        self._announced = False

    def __call__(self, session: Any) -> None:
        from dialoog.store.errors import StoreUnavailable
        from dialoog.store.memory import MemoryStore

        state = session.to_dict()
        try:
            self.store.save(self.session_id, state)
        except StoreUnavailable as exc:
            _warn(f"{exc.message} Going on without saving: nothing will be kept.")
            self.store.close()
            self.store = MemoryStore()
            self.store.save(self.session_id, state)
        if not self._announced and self.store.persistent:
            self._announced = True
            _warn(f"saving as session {self.session_id} in {self.store.path}")

    def close(self) -> None:
        self.store.close()


def open_headless(data_dir: Path, session: Any) -> HeadlessSaver:
    """Open the store with `DIALOOG_PASSPHRASE` and start a session for `session` (an engine Session).

    Raises `dialoog.play.PlayError` with a plain message when the passphrase is missing or wrong.
    A damaged store is moved aside (and reported) and a fresh one created; an unusable disk
    means going on in memory.
    """
    from dialoog.play import PlayError
    from dialoog.store.errors import CorruptStore, StoreError, StoreUnavailable, WrongPassphrase
    from dialoog.store.memory import MemoryStore
    from dialoog.store.store import Store

    passphrase = passphrase_from_env()
    if passphrase is None:
        raise PlayError(f"set {ENV_PASSPHRASE} to the passphrase of the saved answers (or choose one for a new store)")
    store: Any
    try:
        try:
            store = Store.open(data_dir, passphrase)
        except CorruptStore as exc:
            _warn(exc.message)
            store = Store.open(data_dir, passphrase)
    except WrongPassphrase as exc:
        raise PlayError(exc.message) from None
    except StoreUnavailable as exc:
        _warn(f"{exc.message} Going on without saving: nothing will be kept.")
        store = MemoryStore()
    except StoreError as exc:
        raise PlayError(exc.message) from None
    state = session.to_dict()
    saver = HeadlessSaver(store, store.new_session(state["flow"], state["flow_hash"], state["lang"]))
    atexit.register(saver.close)
    return saver
