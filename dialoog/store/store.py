"""The encrypted SQLite store: sessions, trainer records and practice progress.

    store = Store.open(data_dir, passphrase)      # WrongPassphrase, CorruptStore, StoreUnavailable
    sid = store.new_session(flow.id, flow.content_hash, lang)
    store.save(sid, session.to_dict())            # after every answer, before the next question
    state = store.load(sid)                       # verified, or TamperedData
    store.close()

Durability: WAL with synchronous=FULL, one transaction per `save`; `save` returns
only after the commit is on disk. Privacy: every answer is its own AES-GCM row
bound to its session and node; the rest of the state is one sealed row; the
database, its side files and its folder are private to the user; deleted content
is zeroed (secure_delete) and `forget` truncates the write-ahead log.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dialoog.store import schema, wal
from dialoog.store.base import Erasure, SessionInfo, check_id, check_kind, check_state, dumps, new_session_id, when
from dialoog.store.crypto import (
    KdfParams,
    SealError,
    SessionKeys,
    Vault,
    aad,
    nonce_of,
    pad,
    random_key,
    unpad,
)
from dialoog.store.errors import (
    CorruptStore,
    StoreError,
    StoreLocked,
    StoreNotFound,
    StoreUnavailable,
    TamperedData,
    UnknownSession,
    WrongPassphrase,
)
from dialoog.store.lock import StoreLock
from dialoog.store.paths import (
    NEW_PREFIX,
    ORPHAN_PREFIX,
    STORE_NAME,
    create_private_file,
    ensure_private_dir,
    fsync_dir,
    keep_copy,
    move_aside,
    private_umask,
    resolve_data_dir,
    side_files,
    store_path,
    tighten,
)
from dialoog.store.wal import WalLoss

BUSY_TIMEOUT_S = 5.0
CHECKPOINT_WAIT_MS = 50  # a checkpoint waits this long at most for another dialoog's reader
ANSWER_BLOCK = 64  # answers are padded to a multiple of this many bytes
STATE_BLOCK = 256
RECORD_BLOCK = 64
SQLITE_HEADER = b"SQLite format 3\x00"
_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_PRAGMAS = (
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA foreign_keys = ON",
    "PRAGMA trusted_schema = OFF",
    "PRAGMA cell_size_check = ON",
    # A short log: less that a damaged log can lose, and less to check at the next start (see wal.py).
    "PRAGMA wal_autocheckpoint = 256",
    "PRAGMA journal_size_limit = 1048576",
)


class _Connection(sqlite3.Connection):
    """A plain connection; a Python subclass so tests can inject faults on one instance."""


@dataclass(slots=True)
class _Open:
    """A session this process knows: its keys and what its answer rows hold."""

    keys: SessionKeys
    wrapped_key: bytes
    flow: str
    flow_hash: str
    lang: str
    created: float
    saved: bool
    answers: dict[str, tuple[bytes, bytes]]  # node id -> (plaintext JSON, nonce of its row)


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _CORRUPT_CODES
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def _unavailable(exc: sqlite3.Error, path: Path) -> StoreUnavailable:
    text = str(exc)
    low = text.lower()
    if "full" in low:
        message = f"The disk is full: answers cannot be saved in {path.parent}."
    elif "readonly" in low or "read-only" in low:
        message = f"The data folder {path.parent} is read-only: answers cannot be saved there."
    elif "locked" in low or "busy" in low:
        message = f"The saved answers in {path} are in use by another dialoog that does not let go."
    elif _is_corrupt(exc):
        message = f"The saved answers in {path} are damaged ({text}); they will be checked at the next start."
    else:
        message = f"The saved answers in {path} cannot be reached ({text})."
    return StoreUnavailable(message)


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """Open (creating side files 0600) and set the connection's pragmas. Writes nothing.

    A read-only connection never checkpoints or deletes the WAL when it closes, so a
    damaged file and its side files can be inspected and then moved aside untouched.
    """
    target: str | Path = f"file:{quote(str(path))}?mode=ro" if read_only else path
    with private_umask():
        conn = sqlite3.connect(
            target, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False, factory=_Connection,
            uri=read_only,
        )
        try:
            for pragma in _PRAGMAS:
                conn.execute(pragma)
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA synchronous = FULL")
        except BaseException:
            conn.close()
            raise
    return conn


def _sweep_new(folder: Path, min_age: float = 60.0) -> None:
    """Remove what an interrupted creation left: a store that was never linked into place (it holds only a
    sealed key, never answers) or a second name of the store itself (removing it leaves the store intact).
    Younger files may belong to a creation under way in another process."""
    now = time.time()
    for name in os.listdir(folder):
        if name.startswith(NEW_PREFIX):
            with suppress(OSError):
                if now - (folder / name).stat().st_mtime >= min_age:
                    os.unlink(folder / name)


@dataclass(slots=True)
class _NewStore:
    """The keys of a store about to be created (derived before the gate is taken: scrypt takes a while)."""

    params: KdfParams
    kek: bytes
    sealed: bytes


def _new_keys(passphrase: str, kdf: KdfParams | None) -> _NewStore:
    if not isinstance(passphrase, str) or not passphrase:
        raise ValueError("choose a passphrase: it may not be empty")
    params = (kdf or KdfParams()).with_new_salt()
    params.validate()
    kek = params.derive(passphrase)
    return _NewStore(params, kek, Vault.seal_vault_key(random_key(), kek, params))


def _create(path: Path, new: _NewStore, alone: bool) -> bool:
    """Create a store under a temporary name, then link it into place (all or nothing). Call it holding the
    gate (`StoreLock`): then no other process is creating, and `alone` says whether any has the store open.

    Returns False when another process created the store first.
    """
    folder = path.parent
    if path.exists():
        return False
    _sweep_new(folder)
    if any(p.exists() for p in side_files(path)):
        if not alone:  # the log of a store that another dialoog has open, whose database was removed
            raise StoreUnavailable(f"The saved answers in {folder} are in use by another dialoog, and their "
                                   "database is missing: close the other dialoog and start again.")
        move_aside(path, ORPHAN_PREFIX)  # side files without their database must not meet the new one
    tmp = folder / f"{NEW_PREFIX}{secrets.token_hex(4)}"
    create_private_file(tmp)
    try:
        conn = _connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            schema.create(conn)
            conn.executemany(
                "INSERT INTO meta(key, value) VALUES (?, ?)",
                [("kdf", new.params.to_json()), ("vault", new.sealed), ("created", str(time.time()))],
            )
            conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        try:
            os.link(tmp, path)
        except FileExistsError:  # pragma: no cover - only a creator that ignores the gate gets here
            return False
        except OSError:  # no hard links here (some network or FAT file systems)
            if path.exists():  # pragma: no cover - as above
                return False
            os.rename(tmp, path)
        fsync_dir(folder)
    finally:
        for leftover in [tmp, *side_files(tmp)]:
            with suppress(FileNotFoundError):
                os.unlink(leftover)
    return True


def _check_log(path: Path) -> WalLoss | None:
    """Before SQLite recovers the write-ahead log: what it would drop. If any save, keep a copy of the log (with
    its database and index, as `store.corrupt-*`) so nothing is lost for good. Call it alone, holding the gate."""
    loss = wal.inspect(path)
    if loss is None:
        return None
    kept = keep_copy(path)
    return replace(loss, kept=kept)


def _inspect(path: Path) -> tuple[KdfParams, bytes]:
    """Integrity and schema checks on a read-only connection; the KDF parameters and sealed vault key."""
    with open(path, "rb") as fh:
        header = fh.read(100)
    # Checked before SQLite sees the file: for an empty file, SQLite would delete a WAL lying next to it.
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise schema.NotAStore("not an SQLite database" if header else "the file is empty")
    conn = _connect(path, read_only=True)
    try:
        return _checked(conn)
    finally:
        conn.close()


def _checked(conn: sqlite3.Connection) -> tuple[KdfParams, bytes]:
    schema.check_integrity(conn)
    schema.check(conn)
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('kdf', 'vault')").fetchall())
    try:
        params = KdfParams.from_json(meta["kdf"])
    except ValueError as exc:
        raise schema.NotAStore(f"key derivation parameters refused: {exc}") from None
    sealed = meta["vault"]
    if not isinstance(sealed, bytes):
        raise schema.NotAStore("malformed key data")
    return params, sealed


def _set_aside(path: Path, alone: bool, reason: str) -> Path:
    """Move a damaged store aside; not while another dialoog has it open (it would go on writing to the moved
    file): then it is checked again at the next start."""
    if not alone:
        raise StoreUnavailable(f"The saved answers in {path} are damaged ({reason}), and another dialoog has them "
                               "open: close it, and they are checked again at the next start.")
    return move_aside(path)


class Store:
    """The encrypted store in one data folder. Thread-safe; one per process is enough."""

    persistent = True

    def __init__(self, conn: sqlite3.Connection, path: Path, vault: Vault | None, vault_key: bytes | None,
                 kdf: KdfParams, *, lock: StoreLock | None = None, wal_loss: WalLoss | None = None) -> None:
        self._conn = conn
        self._users = lock
        self.wal_loss = wal_loss
        """Saves that a damaged write-ahead log lost when this store was opened (a copy was kept), or None.
        The keeping layer tells the user."""
        self.path: Path | None = path
        self._file = path
        self._vault = vault
        self._vault_key = vault_key
        self._kdf = kdf
        self._lock = threading.RLock()
        self._open: dict[str, _Open] = {}
        self._closed = False

    # -- opening -------------------------------------------------------------

    @staticmethod
    def exists(data_dir: str | os.PathLike[str] | None = None) -> bool:
        """Is there a store yet? If not, the first session asks the user to choose a passphrase."""
        try:
            return store_path(data_dir).exists()
        except OSError:  # an unreadable folder: opening it will say why
            return False

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, passphrase: str | None = None, *,
             create: bool = True, kdf: KdfParams | None = None) -> Store:
        """Open (or create) the store in `data_dir` (`--data-dir`, `DIALOOG_DATA_DIR`, the user data folder).

        `passphrase=None` opens it *locked*: sessions can be listed and erased, nothing read or written.
        `kdf` sets the scrypt cost of a store being created (default N=2**17, r=8, p=1: about 0.3 s).
        Raises WrongPassphrase (nothing changed), CorruptStore (file moved aside; open again for a
        fresh store), StoreUnavailable (disk full, read-only, newer format...), StoreNotFound.
        """
        folder = resolve_data_dir(data_dir)
        path = folder / STORE_NAME
        if not create and not Store.exists(folder):
            raise StoreNotFound(f"There are no saved answers in {folder} yet.")
        ensure_private_dir(folder)
        new: _NewStore | None = None
        if not path.exists():
            if not create:
                raise StoreNotFound(f"There are no saved answers in {folder} yet.")
            if passphrase is None:
                raise ValueError("a new store needs a passphrase")
            new = _new_keys(passphrase, kdf)  # before the gate: other openers need not wait for scrypt
        lock = StoreLock(folder)
        lock.enter()
        try:
            created, params, sealed, loss = cls._open_gated(folder, path, passphrase if create else None, kdf, new,
                                                            lock.alone)
            lock.leave_gate()
            return cls._unlock(path, passphrase, created, params, sealed, lock, loss)
        except BaseException:
            lock.release()
            raise

    @staticmethod
    def _open_gated(folder: Path, path: Path, passphrase: str | None, kdf: KdfParams | None,
                    new: _NewStore | None, alone: bool) -> tuple[_NewStore | None, KdfParams, bytes, WalLoss | None]:
        """What must happen while no other process opens the store: create it if it is missing, check the
        write-ahead log (alone only), inspect the file, move a damaged one aside (alone only)."""
        created: _NewStore | None = None
        if not path.exists():
            if passphrase is None:  # also when not asked to create: the store went away meanwhile
                raise StoreNotFound(f"There are no saved answers in {folder} yet.")
            new = new or _new_keys(passphrase, kdf)
            try:
                if _create(path, new, alone):
                    created = new
            except sqlite3.Error as exc:
                raise _unavailable(exc, path) from exc
            except OSError as exc:
                raise StoreUnavailable(f"A store cannot be created in {folder}: {exc.strerror or exc}.") from exc
        if created is None:
            with suppress(OSError):
                _sweep_new(folder)
        loss: WalLoss | None = None
        try:
            tighten(path)
            if alone:
                loss = _check_log(path)
            params, sealed = _inspect(path)
        except schema.NotAStore as exc:
            raise CorruptStore(_set_aside(path, alone, str(exc)), str(exc)) from None
        except schema.NewerStore as exc:
            raise StoreUnavailable(f"The saved answers in {path} were written by a newer dialoog ({exc}).") from None
        except sqlite3.Error as exc:
            if _is_corrupt(exc):
                raise CorruptStore(_set_aside(path, alone, str(exc)), str(exc)) from exc
            raise _unavailable(exc, path) from exc
        except OSError as exc:
            raise StoreUnavailable(f"The saved answers in {path} cannot be opened: {exc}.") from exc
        return created, params, sealed, loss

    @classmethod
    def _unlock(cls, path: Path, passphrase: str | None, created: _NewStore | None, params: KdfParams,
                sealed: bytes, lock: StoreLock, loss: WalLoss | None) -> Store:
        """Open the vault (scrypt) and the read-write connection: after the gate, as one of the store's users."""
        vault: Vault | None = None
        vault_key: bytes | None = None
        if created is not None:
            vault, vault_key = Vault.unlock(created.sealed, created.kek, created.params)
        elif passphrase is not None:
            try:
                vault, vault_key = Vault.unlock(sealed, params.derive(passphrase), params)
            except SealError:
                raise WrongPassphrase() from None
        try:
            conn = _connect(path)
        except sqlite3.Error as exc:
            raise _unavailable(exc, path) from exc
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            tighten(path)
        except sqlite3.Error as exc:
            conn.close()
            raise _unavailable(exc, path) from exc
        return cls(conn, path, vault, vault_key, params, lock=lock, wal_loss=loss)

    @property
    def locked(self) -> bool:
        return self._vault is None

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._open.clear()
            self._vault = None
            self._vault_key = None
            self._checkpoint()  # what this process saved goes into the database; the log is emptied
            with suppress(sqlite3.Error):
                self._conn.close()
            if self._users is not None:
                self._users.release()  # after the connection: then nobody sees this store as still in use

    def checkpoint(self) -> bool:
        """Copy the saves in the write-ahead log into the database and empty the log, at a natural point (the
        end of a module, quitting): a log that is damaged later can then lose nothing from before this point.
        Never waits long for other dialoogs (it does what it can); True when the log was emptied."""
        with self._lock:
            if self._closed:
                return False
            return self._checkpoint()

    def _checkpoint(self) -> bool:
        conn = self._conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
            try:
                row = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        except sqlite3.Error:
            return False
        return row is not None and row[0] == 0

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------

    def _unlocked(self) -> Vault:
        if self._closed:
            raise StoreError("The store is closed.")
        if self._vault is None:
            raise StoreLocked("The store was opened without its passphrase.")
        return self._vault

    def _usable(self) -> None:
        if self._closed:
            raise StoreError("The store is closed.")

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        """Rolled back on any error; errors of the file or the disk become StoreUnavailable."""
        conn = self._conn
        try:
            conn.execute(begin)
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(
                exc, sqlite3.IntegrityError | sqlite3.ProgrammingError
            ):
                raise _unavailable(exc, self._file) from exc
            raise

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        """One IMMEDIATE transaction: the write lock is taken at once, the commit is durable on return."""
        return self._transaction("BEGIN IMMEDIATE")

    def _read(self) -> AbstractContextManager[sqlite3.Connection]:
        """A read snapshot: several SELECTs see one state of the file."""
        return self._transaction("BEGIN")

    def _scrub(self) -> bool:
        """Checkpoint and truncate the WAL, so erased rows survive in no old frame. False if a reader blocked it."""
        try:
            row = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            return False
        return row is not None and row[0] == 0

    # -- sessions ------------------------------------------------------------

    def new_session(self, flow_id: str, flow_hash: str, lang: str) -> str:
        """A new session id. Nothing is written until its first `save`."""
        with self._lock:
            vault = self._unlocked()
            check_id(flow_id, "flow id")
            sid = new_session_id()
            data_key = random_key()
            wrapped = vault.wrapper.seal(data_key, aad("session key", sid))
            self._open[sid] = _Open(SessionKeys(data_key), wrapped, flow_id, flow_hash, lang, time.time(), False, {})
            return sid

    def _session(self, sid: str) -> _Open:
        known = self._open.get(sid)
        if known is None:
            self.load(sid)
            known = self._open[sid]
        return known

    def save(self, session_id: str, state: Mapping[str, Any]) -> None:
        """Commit the session's state: changed answers as their own sealed rows, the rest as one sealed row.

        Returns once the transaction is durable. On StoreUnavailable nothing was changed.
        """
        with self._lock:
            self._unlocked()
            answers = check_state(state)
            sid = session_id
            known = self._session(sid)
            flow = state.get("flow") or known.flow
            if flow != known.flow:
                raise ValueError(f"session {sid} belongs to flow '{known.flow}', not '{flow}'")
            flow_hash = state.get("flow_hash") or known.flow_hash
            lang = state.get("lang") or known.lang
            finished = bool(state.get("finished"))
            history = state.get("history") or []
            rest = {k: v for k, v in state.items() if k != "answers"}
            dumps(rest)  # fail on what JSON cannot hold before anything is written
            keys = known.keys
            plains: dict[str, bytes] = {node: dumps(value) for node, value in answers.items()}
            fresh: dict[str, tuple[bytes, bytes, bytes]] = {}  # node -> (plain, nonce, blob)
            for node, plain in plains.items():
                old = known.answers.get(node)
                if old is None or old[0] != plain:
                    blob = keys.sealer.seal(pad(plain, ANSWER_BLOCK), aad("answer", sid, node))
                    fresh[node] = (plain, nonce_of(blob), blob)
            now = time.time()
            with self._write() as conn:
                on_disk = dict(conn.execute(
                    "SELECT tag, substr(value, 2, 12) FROM answers WHERE session_id = ?", (sid,)
                ).fetchall())
                rows: list[tuple[str, bytes, bytes]] = []
                final: dict[str, tuple[bytes, bytes]] = {}
                for node, plain in plains.items():
                    tag = keys.tag(node)
                    if node in fresh:
                        _, nonce, blob = fresh[node]
                    else:
                        nonce = known.answers[node][1]
                        if on_disk.get(tag) == nonce:
                            final[node] = (plain, nonce)
                            continue
                        # changed by another process since we read it: write ours again
                        blob = keys.sealer.seal(pad(plain, ANSWER_BLOCK), aad("answer", sid, node))
                        nonce = nonce_of(blob)
                    rows.append((sid, tag, blob))
                    final[node] = (plain, nonce)
                keep = {keys.tag(node) for node in plains}
                envelope = {
                    "head": {"flow": flow, "flow_hash": flow_hash, "lang": lang, "finished": finished},
                    "answers": [[node, nonce.hex()] for node, (_, nonce) in final.items()],
                    "state": rest,
                }
                sealed = keys.sealer.seal(pad(dumps(envelope), STATE_BLOCK), aad("state", sid))
                fields = (flow_hash, lang, now, int(finished), len(plains), len(history), sealed)
                if known.saved:
                    cur = conn.execute(
                        "UPDATE sessions SET flow_hash = ?, lang = ?, updated = ?, finished = ?, answered = ?, "
                        "steps = ?, state = ? WHERE id = ?",
                        (*fields, sid),
                    )
                    if cur.rowcount != 1:
                        raise UnknownSession(sid)  # erased by another process meanwhile
                else:
                    conn.execute(
                        "INSERT INTO sessions(flow_hash, lang, updated, finished, answered, steps, state, id, flow, "
                        "created, wrapped_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*fields, sid, flow, known.created, known.wrapped_key),
                    )
                conn.executemany(
                    "INSERT INTO answers(session_id, tag, value) VALUES (?, ?, ?) "
                    "ON CONFLICT(session_id, tag) DO UPDATE SET value = excluded.value",
                    rows,
                )
                conn.executemany(
                    "DELETE FROM answers WHERE session_id = ? AND tag = ?",
                    [(sid, tag) for tag in on_disk if tag not in keep],
                )
            known.answers = final
            known.saved = True
            known.flow_hash, known.lang = flow_hash, lang

    def load(self, session_id: str) -> dict[str, Any]:
        """The saved state, every answer verified; TamperedData names the session (and node) that failed."""
        with self._lock:
            vault = self._unlocked()
            sid = session_id
            with self._read() as conn:
                row = conn.execute(
                    "SELECT flow, flow_hash, lang, created, finished, wrapped_key, state FROM sessions WHERE id = ?",
                    (sid,),
                ).fetchone()
                stored = conn.execute("SELECT tag, value FROM answers WHERE session_id = ?", (sid,)).fetchall()
            if row is None:
                raise UnknownSession(sid)
            flow, flow_hash, lang, created, finished, wrapped, sealed = row
            try:
                data_key = vault.wrapper.open(wrapped, aad("session key", sid))
                keys = SessionKeys(data_key)
            except (SealError, ValueError):
                raise TamperedData(sid, None, "its key does not match") from None
            try:
                envelope = json.loads(unpad(keys.sealer.open(sealed, aad("state", sid))))
                head = envelope["head"]
                manifest = [(str(node), bytes.fromhex(nonce)) for node, nonce in envelope["answers"]]
                state = envelope["state"]
            except (SealError, ValueError, KeyError, TypeError):
                raise TamperedData(sid, None, "its saved state does not authenticate") from None
            if (head.get("flow"), head.get("flow_hash"), head.get("lang"), bool(head.get("finished"))) != (
                flow, flow_hash, lang, bool(finished)
            ):
                raise TamperedData(sid, None, "its listed flow, language or status was altered")
            by_tag = {keys.tag(node): (node, nonce) for node, nonce in manifest}
            found: dict[str, tuple[bytes, Any]] = {}
            for tag, blob in stored:
                entry = by_tag.get(tag)
                if entry is None:
                    raise TamperedData(sid, None, "it holds an answer that does not belong to it")
                node, nonce = entry
                try:
                    plain = unpad(keys.sealer.open(blob, aad("answer", sid, node)))
                    value = json.loads(plain)
                except (SealError, ValueError):
                    raise TamperedData(sid, node) from None
                if nonce_of(blob) != nonce:
                    raise TamperedData(sid, node, "an older version of the answer was put back")
                found[node] = (plain, value)
            for node, _ in manifest:
                if node not in found:
                    raise TamperedData(sid, node, "the answer is missing")
            self._open[sid] = _Open(keys, wrapped, flow, flow_hash, lang, created, True,
                                    {node: (found[node][0], nonce) for node, nonce in manifest})
            result = dict(state)
            result["answers"] = {node: found[node][1] for node, _ in manifest}
            return result

    def sessions(self, unfinished_only: bool = False) -> list[SessionInfo]:
        """Saved sessions, unfinished first, then the most recently updated first. Works when locked."""
        with self._lock:
            self._usable()
            where = "WHERE finished = 0 " if unfinished_only else ""
            with self._read() as conn:
                rows = conn.execute(
                    "SELECT id, flow, flow_hash, lang, created, updated, finished, answered, steps FROM sessions "
                    f"{where}ORDER BY finished ASC, updated DESC, id ASC"
                ).fetchall()
            return [
                SessionInfo(sid, flow, fhash, lang, when(created), when(updated), bool(fin), int(answered), int(steps))
                for sid, flow, fhash, lang, created, updated, fin, answered, steps in rows
            ]

    def forget(self, session_id: str) -> Erasure:
        """Erase one session: its wrapped key and every row, then scrub the WAL. Works when locked."""
        with self._lock:
            self._usable()
            pending = self._open.pop(session_id, None)
            with self._write() as conn:
                conn.execute("DELETE FROM answers WHERE session_id = ?", (session_id,))
                gone = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount
            if not gone:
                return Erasure(1 if pending is not None else 0, True)
            return Erasure(1, self._scrub())

    def forget_all(self, records: bool = True) -> Erasure:
        """Erase every session (and, with `records`, trainer records and practice progress). Works when locked."""
        with self._lock:
            self._usable()
            pending = sum(1 for o in self._open.values() if not o.saved)
            self._open.clear()
            with self._write() as conn:
                conn.execute("DELETE FROM answers")
                gone = conn.execute("DELETE FROM sessions").rowcount
                if records:
                    for table in schema.RECORD_TABLES:
                        conn.execute(f"DELETE FROM {table}")
            return Erasure(gone + pending, self._scrub())

    # -- trainer records and practice progress -------------------------------

    def put_record(self, kind: str, record_id: str, value: Any) -> None:
        """Save a sealed JSON record (`kind` is 'trainer' or 'practice'; the id is stored in plaintext)."""
        with self._lock:
            vault = self._unlocked()
            table = check_kind(kind)
            check_id(record_id, "record id")
            blob = vault.records.seal(pad(dumps(value), RECORD_BLOCK), aad("record", table, record_id))
            with self._write() as conn:
                conn.execute(
                    f"INSERT INTO {table}(id, updated, value) VALUES (?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET updated = excluded.updated, value = excluded.value",
                    (record_id, time.time(), blob),
                )

    def get_record(self, kind: str, record_id: str) -> Any | None:
        with self._lock:
            vault = self._unlocked()
            table = check_kind(kind)
            with self._read() as conn:
                row = conn.execute(f"SELECT value FROM {table} WHERE id = ?", (record_id,)).fetchone()
            if row is None:
                return None
            try:
                return json.loads(unpad(vault.records.open(row[0], aad("record", table, record_id))))
            except (SealError, ValueError):
                raise TamperedData(None, None, record=f"{table}/{record_id}") from None

    def record_ids(self, kind: str) -> list[str]:
        """Ids of the saved records of one kind, most recently updated first. Works when locked."""
        with self._lock:
            self._usable()
            table = check_kind(kind)
            with self._read() as conn:
                return [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY updated DESC, id")]

    def delete_record(self, kind: str, record_id: str) -> bool:
        with self._lock:
            self._usable()
            table = check_kind(kind)
            with self._write() as conn:
                gone = conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,)).rowcount
            if gone:
                self._scrub()
            return bool(gone)

    # -- passphrase ----------------------------------------------------------

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Seal the vault key under a new passphrase (the answers are not re-encrypted: they need not be)."""
        with self._lock:
            self._unlocked()
            if not isinstance(new_passphrase, str) or not new_passphrase:
                raise ValueError("choose a passphrase: it may not be empty")
            assert self._vault_key is not None
            params = (kdf or self._kdf).with_new_salt()
            params.validate()
            sealed = Vault.seal_vault_key(self._vault_key, params.derive(new_passphrase), params)
            with self._write() as conn:
                conn.executemany("UPDATE meta SET value = ? WHERE key = ?",
                                 [(params.to_json(), "kdf"), (sealed, "vault")])
            self._kdf = params
            self._scrub()


def forget(store: Any, session_id: str | None) -> Erasure:
    """Erase one session, or every session and record when `session_id` is None (`dialoog forget`)."""
    erasure: Erasure = store.forget_all() if session_id is None else store.forget(session_id)
    return erasure
