"""Keeping without a UI (`dialoog play --data-dir`): the passphrase from `DIALOOG_PASSPHRASE`, messages
through a callback. The front end decides how to show them and turns `HeadlessError` into its own error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dialoog.keeping.keeper import Keeper
from dialoog.store.passphrase import ENV_PASSPHRASE, passphrase_from_env

if TYPE_CHECKING:
    from dialoog.engine import Session

NOT_KEPT = " Going on without saving: nothing will be kept."


class HeadlessError(Exception):
    """The store cannot be used as asked (no passphrase, a wrong one, an unusable store); a plain message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def open_headless(data_dir: Path, session: Session, report: Callable[[str], None]) -> Keeper:
    """A keeper for `session` in the store at `data_dir`, opened with `DIALOOG_PASSPHRASE`.

    A damaged store is moved aside (reported) and a fresh one created, once the passphrase was checked against
    the key data still in it; when that cannot be checked, nothing is changed and `HeadlessError` says what
    to do (there is nobody to ask). An unusable disk means going on in memory (reported). Raises
    `HeadlessError` when the passphrase is missing or wrong. The caller closes the keeper.
    """
    from dialoog.store.errors import CorruptStore, DamagedStore, StoreError, StoreUnavailable, WrongPassphrase
    from dialoog.store.memory import MemoryStore
    from dialoog.store.store import Store

    passphrase = passphrase_from_env()
    if passphrase is None:
        raise HeadlessError(f"set {ENV_PASSPHRASE} to the passphrase of the saved answers "
                            "(or choose one for a new store)")
    store: Any
    try:
        try:
            store = Store.open(data_dir, passphrase)
        except CorruptStore as exc:
            report(exc.message)
            store = Store.open(data_dir, passphrase)
    except WrongPassphrase as exc:
        raise HeadlessError(exc.message) from None
    except DamagedStore as exc:
        raise HeadlessError(
            f"{exc.message} To begin a new store, move {exc.path} (and any {exc.path.name}-wal or -shm beside it) "
            "to another folder, or use another --data-dir."
        ) from None
    except StoreUnavailable as exc:
        report(exc.message + NOT_KEPT)
        store = MemoryStore()
    except StoreError as exc:
        raise HeadlessError(exc.message) from None
    keeper = Keeper(store, on_error=lambda message: report(message + NOT_KEPT))
    if keeper.wal_loss is not None:
        report(keeper.wal_loss.message)
    keeper.start(session)
    return keeper
