"""Keeping without a UI: `open_headless` for `dialoog play --data-dir` (the passphrase from `DIALOOG_PASSPHRASE`,
messages through a callback), and `unlock` / `pick_session` for the verbs that read what was saved (`dialoog
report`, `share`, `research`, `network`: the passphrase from `DIALOOG_PASSPHRASE`, else typed on a terminal).
The front end decides how to show messages and turns `HeadlessError` into its own error."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from dialoog.keeping.keeper import Keeper
from dialoog.store.passphrase import ENV_PASSPHRASE, passphrase_from_env

if TYPE_CHECKING:
    from dialoog.engine import Session
    from dialoog.i18n import UI
    from dialoog.store.base import SessionInfo

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


# -- headless verbs that read what is saved (report, share, research, network) ------------------------------


def _ask_passphrase(ui: UI, stdin: TextIO | None) -> str | None:
    """The passphrase typed on the terminal (not echoed), or None when nobody can be asked."""
    stream = stdin if stdin is not None else sys.stdin
    try:
        interactive = stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    if not interactive:
        return None
    import getpass

    try:
        return getpass.getpass(ui._("Passphrase of your saved answers: ")) or None
    except EOFError:
        return None


def unlock(data_dir: Path | str | None, ui: UI, *, stdin: TextIO | None = None) -> Keeper:
    """A keeper on the existing store at `data_dir`, unlocked, for a headless verb that reads saved sessions.

    The passphrase comes from `DIALOOG_PASSPHRASE`, else it is asked (not echoed) when stdin is a terminal.
    Raises `HeadlessError` with a message in `ui`'s language when there is no store, no passphrase can be had,
    the passphrase is wrong, or the store cannot be read. Nothing is created or changed (a damaged store is
    left as it is). The caller closes the keeper.
    """
    from dialoog.store.errors import DamagedStore, StoreError, StoreNotFound, WrongPassphrase
    from dialoog.store.paths import resolve_data_dir
    from dialoog.store.store import Store

    folder = resolve_data_dir(data_dir)
    if not Store.exists(data_dir):
        raise HeadlessError(ui._("Nothing is saved in {folder}.", folder=folder))
    passphrase = passphrase_from_env() or _ask_passphrase(ui, stdin)
    if passphrase is None:
        raise HeadlessError(ui._("The saved answers are encrypted. Set {name} to their passphrase, or run this "
                                 "command in a terminal to type it.", name=ENV_PASSPHRASE))
    try:
        store = Store.open(data_dir, passphrase, create=False)
    except WrongPassphrase:
        raise HeadlessError(ui._("That passphrase does not open the saved answers in {folder}. Nothing was "
                                 "changed.", folder=folder)) from None
    except StoreNotFound:
        raise HeadlessError(ui._("Nothing is saved in {folder}.", folder=folder)) from None
    except DamagedStore as exc:
        raise HeadlessError(exc.message) from None
    except StoreError as exc:  # CorruptStore (moved aside: nothing left to read), StoreUnavailable, ...
        raise HeadlessError(exc.message) from None
    return Keeper(store)


def pick_session(keeper: Keeper, session_id: str | None, flow_id: str = "scan", finished: bool = True,
                 ui: UI | None = None) -> SessionInfo:
    """The saved session `session_id`, or (None) the latest finished one of `flow_id` (any one of that flow when
    `finished` is False). Raises `HeadlessError` with a plain message (in `ui`'s language; English without one)
    when there is no such session, it is damaged, or nothing fits."""
    from dialoog.i18n import UI

    ui = ui or UI("en")
    infos = keeper.sessions()
    if session_id is not None:
        info = next((i for i in infos if i.id == session_id), None)
        if info is None:
            raise HeadlessError(ui._("there is no saved session '{id}' (see 'dialoog sessions')", id=session_id))
        if info.damaged:
            raise HeadlessError(ui._("the saved session '{id}' is damaged and cannot be read", id=session_id))
        if finished and not info.finished:
            raise HeadlessError(ui._("the saved session '{id}' is not finished yet: continue it in dialoog first",
                                    id=session_id))
        return info
    fits = [i for i in infos if i.flow == flow_id and not i.damaged and (i.finished or not finished)]
    if not fits:
        if finished:
            raise HeadlessError(ui._("there is no saved finished session of '{flow}' yet (see 'dialoog sessions')",
                                    flow=flow_id))
        raise HeadlessError(ui._("there is no saved session of '{flow}' yet (see 'dialoog sessions')", flow=flow_id))
    return max(fits, key=lambda i: i.updated)
