"""The keeper: saves the session after every answer, and finds unfinished ones to resume.

One keeper serves every front end: the terminal app and `dialoog play --data-dir`.
A front end calls `keeper.save(session)` right after every `answer()`, `decline()`,
`skip()`, `back()` and `revise()`, before showing the next question. The save is
synchronous: the encrypted row is committed (WAL, `synchronous=FULL`) before the
next question appears, so a crash or `kill -9` loses no acknowledged answer.
A save takes about a millisecond (see bench/RESULTS.md), well inside a frame.

When the disk fails (full, read-only, removed), the keeper says so once through
`on_error` (the app shows it; `play` prints it), switches to a `MemoryStore` and the
session goes on. The keeper itself never prints. Nothing here writes plaintext to disk.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dialoog.store.passphrase import passphrase_from_env

if TYPE_CHECKING:
    from dialoog.engine import Session
    from dialoog.store.base import SessionInfo


@dataclass(frozen=True, slots=True)
class Unfinished:
    """A saved session that can be resumed (as listed before unlocking: how much was answered is sealed)."""

    id: str
    flow: str
    lang: str


class Keeper:
    """Saves sessions to a store (see the module docstring)."""

    def __init__(self, store: Any, on_error: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.persistent: bool = bool(getattr(store, "persistent", False))
        self.session_id: str | None = None
        self.on_error = on_error
        self.error: str | None = None
        """Why saving stopped, once the keeper fell back to memory."""
        self.saves = 0
        self.wal_loss: Any = getattr(store, "wal_loss", None)
        """Saves that a damaged write-ahead log lost when the store was opened (`dialoog.store.wal.WalLoss`: how
        many, and where a copy was kept), or None. The front end tells the user."""
        self._failed: Any = None
        self._closed = False
        self._module: str | None = None

    # -- sessions --------------------------------------------------------------

    def start(self, session: Session) -> str:
        """A new saved session for `session` (nothing is written until the first save). A repeat scan: when the
        store has a finished session of the same flow, `session.previous` becomes the latest one's id (unless it
        knows its previous scan already)."""
        if session.previous is None:
            previous = self.latest_finished(session.flow.id)
            if previous is not None:
                session.set_previous(previous.id)
                session.set_seen_before(self._cards_shown(previous.id, session))
        self.session_id = self.store.new_session(session.flow.id, session.flow.content_hash, session.lang)
        return self.session_id

    def _cards_shown(self, session_id: str, session: Session) -> set[str]:
        """The dilemma cards a saved session showed (its deals, and the cards it answered): a repeat scan deals
        them last. Nothing when it cannot be read."""
        try:
            state: dict[str, Any] = self.store.load(session_id)
        except Exception:  # noqa: BLE001 - a previous scan that cannot be read only loses this preference
            return set()
        cards = session.flow.cards
        shown: set[str] = set()
        deals = state.get("deals")
        if isinstance(deals, dict):
            shown.update(c for dealt in deals.values() if isinstance(dealt, list) for c in dealt if c in cards)
        answers = state.get("answers")
        if isinstance(answers, dict):
            for key in answers:
                node = session.flow.nodes.get(str(key))
                card = node.card if node is not None else str(key).rpartition("__")[2]
                if card in cards:
                    shown.add(card)
        return shown

    def sessions(self) -> list[SessionInfo]:
        """Every saved session as the store lists it (no passphrase needed), the most recently saved first;
        damaged ones are listed too (`damaged`), never offered to resume. A session is listed from its first
        save on."""
        infos: list[SessionInfo] = list(self.store.sessions())
        return sorted(infos, key=lambda i: i.updated, reverse=True)

    def latest_finished(self, flow_id: str) -> SessionInfo | None:
        """The most recently finished session of `flow_id`, or None."""
        done = [i for i in self.sessions() if i.flow == flow_id and i.finished and not i.damaged]
        return max(done, key=lambda i: i.updated) if done else None

    def open_session(self, session_id: str, library_root: Path | None = None, lang: str | None = None) -> Session:
        """The saved session `session_id`, loaded and restored on the content at `library_root` (the installed
        content by default), in its own language unless `lang` is given. When the content changed since, its
        answers are replayed as far as they fit (`Session.unused` holds the rest). Raises the store's errors
        (UnknownSession, TamperedData), `StaleSession`, or `ContentError` (the content has problems, or no
        longer has that flow). Does not make it the current session."""
        from dialoog.engine import Session
        from dialoog.flow.library import load_library
        from dialoog.locations import content_root

        state: dict[str, Any] = self.store.load(session_id)
        root = library_root or content_root()
        flow = load_library(root).flow(str(state.get("flow") or ""))
        return Session.from_dict(flow, state, library_root, lang=lang)

    def forget(self, session_id: str) -> None:
        """Erase one saved session (it must not be the one being kept)."""
        from dialoog.store.store import forget

        forget(self.store, session_id)

    def resume(self, session_id: str) -> dict[str, Any]:
        """The saved state of a session, which becomes the current one."""
        state: dict[str, Any] = self.store.load(session_id)
        self.session_id = session_id
        return state

    def unfinished(self, flow_id: str) -> list[Unfinished]:
        """Unfinished sessions of this flow, the most recent first."""
        return unfinished_in(self.store, flow_id)

    # -- saving ----------------------------------------------------------------

    def save(self, session: Session) -> None:
        """Commit the session's state now; on a disk failure, go on in memory and say so."""
        if self._closed:
            return
        if self.session_id is None:
            self.start(session)
        assert self.session_id is not None
        state = session.to_dict()
        self.saves += 1
        try:
            self.store.save(self.session_id, state)
        except Exception as exc:  # noqa: BLE001 - reported to the user, never swallowed silently
            self._fall_back(session, state, getattr(exc, "message", None) or str(exc) or type(exc).__name__)
            return
        node = session.node
        module = None if node is None or session.finished else node.module
        if module != self._module:
            if self._module is not None:
                self.checkpoint()  # a module ended (or the session did): a natural point
            self._module = module

    def checkpoint(self) -> None:
        """Move what was saved from the store's write-ahead log into the database (at the end of a module, when
        quitting): a log damaged later then loses nothing from before this point."""
        checkpoint = getattr(self.store, "checkpoint", None)
        if checkpoint is not None and not self._closed:
            with contextlib.suppress(Exception):  # best effort: saving itself is already durable
                checkpoint()

    def _fall_back(self, session: Session, state: dict[str, Any], message: str) -> None:
        from dialoog.store import MemoryStore

        self.error = message
        self._failed, self.store, self.persistent = self.store, MemoryStore(), False
        self.start(session)
        assert self.session_id is not None
        self.store.save(self.session_id, state)
        if self.on_error is not None:
            self.on_error(message)

    def close(self) -> None:
        """Close the store (and one that failed earlier)."""
        if self._closed:
            return
        self._closed = True
        for store in (self.store, self._failed):
            if store is not None:
                with contextlib.suppress(Exception):  # closing must not hide the real outcome
                    store.close()


def unfinished_in(store: Any, flow_id: str) -> list[Unfinished]:
    infos = store.sessions(unfinished_only=True)
    return [Unfinished(i.id, i.flow, i.lang) for i in infos if i.flow == flow_id and not i.damaged]


def memory_keeper() -> Keeper:
    """A keeper that keeps nothing after the program ends (the UI says so)."""
    from dialoog.store import MemoryStore

    return Keeper(MemoryStore())


@dataclass(frozen=True, slots=True)
class Probe:
    """What a look at the store before the passphrase found."""

    exists: bool
    unfinished: list[Unfinished]
    wal_loss: Any = None
    """As `Keeper.wal_loss`: the first open after a crash checks the log, so this look may be the one that finds it."""
    saved: bool = False
    """The store lists at least one session (of any flow, finished or not): the app says "welcome back" and offers
    the list of scans, which opens with the passphrase. Nothing more about them is shown before it."""


def probe(data_dir: Path | str | None, flow_id: str) -> Probe:
    """Is there a store, and which unfinished sessions of `flow_id` does it list (no passphrase needed)?

    Raises the store's errors (CorruptStore moves a damaged file aside).
    """
    from dialoog.store import Store

    if not Store.exists(data_dir):
        return Probe(False, [])
    store = Store.open(data_dir, None, create=False)
    try:
        return Probe(True, unfinished_in(store, flow_id), store.wal_loss, bool(store.sessions()))
    finally:
        store.close()


def open_keeper(data_dir: Path | str | None, passphrase: str, kdf: Any = None) -> Keeper:
    """Open (or create) the encrypted store. Raises WrongPassphrase, CorruptStore, StoreUnavailable."""
    from dialoog.store import Store

    store = Store.open(data_dir, passphrase, kdf=kdf) if kdf is not None else Store.open(data_dir, passphrase)
    return Keeper(store)


__all__ = ["Keeper", "Probe", "Unfinished", "memory_keeper", "open_keeper", "passphrase_from_env", "probe",
           "unfinished_in"]
