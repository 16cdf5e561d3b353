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
import stat
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dialoog.store import schema, wal
from dialoog.store.base import (
    Erasure,
    SessionInfo,
    check_id,
    check_kind,
    check_state,
    dumps,
    listed_time,
    new_session_id,
    when,
)
from dialoog.store.crypto import (
    ROW_TAG_BYTES,
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
    DamagedStore,
    SessionErased,
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
ANSWER_SIZE = 256
"""Every answer row's plaintext is padded to exactly this many bytes; an answer that does not fit (a network
list, a long text) is kept in the session's sealed state and its row holds nothing, padded the same way."""
STATE_MIN = 32 * 1024
"""The sealed state is padded to this many bytes, or to the next power of two above its length."""
ROWS_MIN = 16
"""Answer rows per session: filler rows (random, sealed, listed in the sealed state) bring the count to this,
or to the next power of two above the number of answers."""
CHECKPOINT_WAIT_MS = 50  # a checkpoint waits this long at most for another dialoog's reader
RECORD_BLOCK = 64
MAX_KDF_TEXT = 512  # the stored scrypt parameters are about 100 bytes
MAX_LOG_FRAMES = 100_000  # frames read to learn whether the log holds the key data's page
FULL_INTEGRITY_CHECK = True
"""`PRAGMA integrity_check` at every open: it also finds damage `quick_check` misses (the review found 13 such
files), at about twice the cost (12 MB, 200 sessions: 26 ms instead of 12 ms), well inside the open budget."""
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
    filler: list[bytes] = field(default_factory=list)  # tags of the filler rows


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


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _check_files(path: Path) -> None:
    """Before SQLite opens anything (it would block on a FIFO, or follow a planted link): the database is a
    regular file (reached through a symbolic link or not), and each side file beside it a regular file or
    absent, never a link. StoreUnavailable with a plain message otherwise; nothing is changed."""
    try:
        found = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        if os.path.lexists(path):
            raise StoreUnavailable(f"{path} is a symbolic link to nothing: dialoog does not open or replace it. "
                                   "Remove it to begin a new store.") from None
        return
    except OSError as exc:
        raise StoreUnavailable(f"The saved answers in {path} cannot be opened: {exc.strerror or exc}.") from exc
    if not stat.S_ISREG(found.st_mode):
        raise StoreUnavailable(f"{path} is {_kind(found.st_mode)}, not a file of saved answers: dialoog does not "
                               "open it. Move it away to begin a new store.")
    for side in side_files(path):
        try:
            mode = os.lstat(side).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StoreUnavailable(f"{side} cannot be checked: {exc.strerror or exc}.") from exc
        if not stat.S_ISREG(mode):
            raise StoreUnavailable(f"{side} is {_kind(mode)}, not a file dialoog made: dialoog does not open the "
                                   f"saved answers while it is there. Remove it if you did not put it there.")


def _read_header(path: Path) -> bytes:
    """The first 100 bytes, without blocking (a FIFO put there after `_check_files` is refused, not waited on)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return os.read(fd, 100)
    finally:
        os.close(fd)


def _quiet_reader(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to the database file alone that writes no file at all (no -wal or -shm created,
    no lock or read mark taken), or None when a write-ahead log or its index lies beside it. Only a file that
    nothing else has open is read this way; anything it finds at fault is looked at again the ordinary way."""
    if any(p.exists() for p in side_files(path)[:2]):
        return None
    return _immutable(path)


def _immutable(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", timeout=BUSY_TIMEOUT_S,
                           isolation_level=None, check_same_thread=False, uri=True)
    try:
        for pragma in _PRAGMAS:
            conn.execute(pragma)
    except BaseException:
        conn.close()
        raise
    return conn


def _key_before_opening(path: Path) -> tuple[KdfParams, bytes] | None:
    """The key data read from the database file without SQLite touching any file (not even the -shm), when
    that copy is known to be the latest: no frame of the write-ahead log (valid or not) holds the page of
    `meta`. None when that cannot be known, or the data cannot be read; then the ordinary checks decide."""
    return _quiet_key(path, latest=True)


def _inspect(path: Path) -> tuple[KdfParams, bytes, int]:
    """Integrity and schema checks on a read-only connection; the KDF parameters, sealed vault key and format.

    Writes nothing: a quiet reader first; when it finds fault (it takes no locks, so a store being written
    by another process may look torn to it), the ordinary read-only connection has the last word.
    """
    header = _read_header(path)
    # Checked before SQLite sees the file: for an empty file, SQLite would delete a WAL lying next to it.
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise schema.NotAStore("not an SQLite database" if header else "the file is empty")
    for attempt in range(2):
        try:
            quiet = _quiet_reader(path)
        except (sqlite3.Error, UnicodeDecodeError):
            break
        if quiet is None:
            break
        try:
            return _checked(quiet)
        except (sqlite3.Error, schema.NotAStore, UnicodeDecodeError) as exc:
            # Nothing else had the file open (no -wal, no -shm), so this is what it holds; read once more
            # in case another process was writing it just then, and if still so, that is the verdict. (The
            # ordinary connection would create a -wal and -shm beside a damaged file.)
            if attempt == 1 and not any(p.exists() for p in side_files(path)[:2]):
                if isinstance(exc, UnicodeDecodeError):
                    raise schema.NotAStore("the file's table definitions are damaged") from None
                raise
            time.sleep(0.05)
        finally:
            quiet.close()
    try:
        conn = _connect(path, read_only=True)
    except UnicodeDecodeError:  # SQLite's message quotes the damaged schema text, which Python cannot decode
        raise schema.NotAStore("the file's table definitions are damaged") from None
    try:
        return _checked(conn)
    except UnicodeDecodeError:
        raise schema.NotAStore("the file's table definitions are damaged") from None
    finally:
        conn.close()


def _key_data(conn: sqlite3.Connection) -> tuple[KdfParams, bytes]:
    """The scrypt parameters and the sealed vault key from `meta`; NotAStore when they are unusable."""
    rows = conn.execute(
        "SELECT CAST(key AS BLOB), typeof(value), CAST(value AS BLOB) FROM meta "
        "WHERE CAST(key AS BLOB) IN (CAST('kdf' AS BLOB), CAST('vault' AS BLOB))"
    ).fetchall()
    meta = {key: (kind, value) for key, kind, value in rows}
    if b"kdf" not in meta or b"vault" not in meta:
        raise schema.NotAStore("missing key data")
    _, text = meta[b"kdf"]
    if not isinstance(text, bytes) or len(text) > MAX_KDF_TEXT:
        raise schema.NotAStore("key derivation parameters refused: malformed")
    try:
        params = KdfParams.from_json(text)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise schema.NotAStore(f"key derivation parameters refused: {exc}") from None
    kind, sealed = meta[b"vault"]
    if kind not in ("blob", b"blob") or not isinstance(sealed, bytes):
        raise schema.NotAStore("malformed key data")
    return params, sealed


def _checked(conn: sqlite3.Connection) -> tuple[KdfParams, bytes, int]:
    conn.text_factory = bytes  # a damaged text is reported as damage, not raised as a decoding error
    schema.check_integrity(conn, full=FULL_INTEGRITY_CHECK)
    version = schema.check(conn)
    params, sealed = _key_data(conn)
    return params, sealed, version


def _salvage_key(path: Path) -> tuple[KdfParams, bytes] | None:
    """From a damaged store, the key data if it can still be read (to check a passphrase against); else None.
    Read from the database file alone, by a connection that touches no other file: SQLite would delete a
    write-ahead log beside an empty file, for one, and what is set aside must be kept whole."""
    return _quiet_key(path, latest=False)


def _quiet_key(path: Path, latest: bool) -> tuple[KdfParams, bytes] | None:
    """The key data of the database file alone, read by a connection that touches no other file; with
    `latest`, only when no frame of the write-ahead log holds the page of `meta` (else the log may hold a
    newer copy). None when it cannot be read."""
    try:
        header = _read_header(path)
        if len(header) < 100 or not header.startswith(SQLITE_HEADER):
            return None
        conn = _immutable(path)
    except (sqlite3.Error, UnicodeDecodeError, OSError):
        return None
    try:
        conn.text_factory = bytes
        if latest:
            root = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
            logged = wal.pages(side_files(path)[0], MAX_LOG_FRAMES)
            if root is None or logged is None or root[0] in logged:
                return None
        return _key_data(conn)
    except (sqlite3.Error, schema.NotAStore, UnicodeDecodeError, ValueError, RecursionError):
        return None
    finally:
        conn.close()


def _is_damage(exc: sqlite3.Error) -> bool:
    """An error of SQLite while reading the file that says the file is at fault (not the disk, a lock or the
    folder's permissions): corrupt, not a database, or an error in SQL that is right for every sound store."""
    if _is_corrupt(exc):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_ERROR, sqlite3.SQLITE_FORMAT, sqlite3.SQLITE_MISMATCH,
                               sqlite3.SQLITE_RANGE, sqlite3.SQLITE_SCHEMA, sqlite3.SQLITE_TOOBIG)
    return "decode" in str(exc).lower()


def _set_aside(path: Path, alone: bool, reason: str) -> Path:
    """Move a damaged store aside; not while another dialoog has it open (it would go on writing to the moved
    file): then it is checked again at the next start."""
    if not alone:
        raise StoreUnavailable(f"The saved answers in {path} are damaged ({reason}), and another dialoog has them "
                               "open: close it, and they are checked again at the next start.")
    return move_aside(path)


def _damaged(path: Path, passphrase: str | None, reason: str, alone: bool,
             known: tuple[KdfParams, bytes] | None = None) -> StoreError:
    """What to raise for a damaged store. It is set aside only when a passphrase was given and is the right
    one for the key data still readable in it (a wrong passphrase must not set it aside and begin a new
    store under itself), and only when no other dialoog has it open (`alone`). Opened locked, or when the
    key data is unreadable too, nothing is changed (DamagedStore). `known` is a key already derived from
    the passphrase, with its parameters: scrypt is not run twice for the same parameters."""
    key = _salvage_key(path)
    if passphrase is None or key is None:
        return DamagedStore(path, reason, key_readable=key is not None, passphrase_given=passphrase is not None)
    params, sealed = key
    try:
        kek = known[1] if known is not None and known[0] == params else params.derive(passphrase)
        Vault.unlock(sealed, kek, params)
    except (SealError, ValueError):
        return WrongPassphrase()
    try:
        return CorruptStore(_set_aside(path, alone, reason), reason)
    except StoreUnavailable as exc:
        return exc


def _check_early(path: Path, passphrase: str) -> tuple[KdfParams, bytes] | None:
    """A wrong passphrase is told before SQLite opens the store (no file changes, not even the lock files):
    WrongPassphrase when the key data read without SQLite touching any file refuses it. Else the parameters
    and the key derived from the passphrase, for reuse; None when the key data cannot be read that way."""
    early = _key_before_opening(path)
    if early is None:
        return None
    params, sealed = early
    kek = params.derive(passphrase)
    try:
        Vault.unlock(sealed, kek, params)
    except SealError:
        raise WrongPassphrase() from None
    return params, kek


_NUMBER = "CASE typeof({0}) WHEN 'text' THEN CAST({0} AS BLOB) ELSE {0} END"
"""A plaintext number column as read back: a text planted there comes back as bytes, never undecodable."""


def _bucket(size: int, floor: int) -> int:
    """`floor`, or the next power of two at or above `size` when that is larger."""
    bucket = floor
    while bucket < size:
        bucket *= 2
    return bucket


def _text(value: Any) -> str | None:
    try:
        return bytes(value).decode("utf-8")
    except (TypeError, UnicodeDecodeError):
        return None


def _listed(raw_id: Any, raw_flow: Any, raw_hash: Any, raw_lang: Any, created: Any, updated: Any,
            finished: Any) -> SessionInfo:
    """One row of the plaintext list, as far as it can be read."""
    texts = [_text(v) for v in (raw_id, raw_flow, raw_hash, raw_lang)]
    times = [listed_time(created), listed_time(updated)]
    flag = finished if finished in (0, 1) and not isinstance(finished, float) else None
    damaged = None in texts or None in times or flag is None
    sid, flow, flow_hash, lang = (
        t if t is not None else bytes(v if isinstance(v, bytes) else b"").decode("utf-8", "replace")
        for t, v in zip(texts, (raw_id, raw_flow, raw_hash, raw_lang), strict=True)
    )
    made, changed = (t if t is not None else 0.0 for t in times)
    return SessionInfo(sid, flow, flow_hash, lang, when(made), when(changed or made), bool(flag or flag is None),
                       damaged)


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
        Raises WrongPassphrase (no file changed, not even a mode), CorruptStore (the file was damaged, the
        passphrase checked against it, and no other dialoog had it open: moved aside; open again for a fresh
        store), DamagedStore (damaged, left as it is: opened locked, or its key data is unreadable too; see
        `set_aside`), StoreUnavailable (disk full, read-only, newer format, not a regular file, damaged while
        another dialoog has it open...), StoreNotFound.
        """
        folder = resolve_data_dir(data_dir)
        path = folder / STORE_NAME
        if not create and not Store.exists(folder):
            raise StoreNotFound(f"There are no saved answers in {folder} yet.")
        _check_files(path)
        new: _NewStore | None = None
        known: tuple[KdfParams, bytes] | None = None
        if not path.exists():
            if not create:
                raise StoreNotFound(f"There are no saved answers in {folder} yet.")
            if passphrase is None:
                raise ValueError("a new store needs a passphrase")
            ensure_private_dir(folder)
            new = _new_keys(passphrase, kdf)  # before the gate: other openers need not wait for scrypt
        elif passphrase is not None:
            known = _check_early(path, passphrase)  # scrypt before the gate, too
        lock = StoreLock(folder)
        lock.enter()
        try:
            created, params, sealed, version, loss = cls._open_gated(folder, path, passphrase, create, kdf, new,
                                                                     known, lock.alone)
            lock.leave_gate()
            store = cls._unlock(path, passphrase, created, params, sealed, known, lock, loss)
        except BaseException:
            lock.release()
            raise
        if version < schema.SCHEMA_VERSION and store._vault is not None:
            try:
                store._migrate()
            except BaseException:
                store.close()
                raise
        return store

    @staticmethod
    def _open_gated(folder: Path, path: Path, passphrase: str | None, create: bool, kdf: KdfParams | None,
                    new: _NewStore | None, known: tuple[KdfParams, bytes] | None,
                    alone: bool) -> tuple[_NewStore | None, KdfParams, bytes, int, WalLoss | None]:
        """What must happen while no other process opens the store: create it if it is missing, check the
        write-ahead log (alone only), inspect the file, move a damaged one aside (alone only, and only once
        the passphrase is checked against its key data). Changes no mode: that waits for the passphrase."""
        created: _NewStore | None = None
        if not path.exists():
            if passphrase is None or not create:  # the store went away meanwhile: not created anew unasked
                raise StoreNotFound(f"There are no saved answers in {folder} yet.")
            _check_files(path)  # what was planted meanwhile is refused as at the first look
            ensure_private_dir(folder)
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
            if alone:  # before SQLite reads the log (the quiet readers before the gate never do)
                loss = _check_log(path)
            params, sealed, version = _inspect(path)
        except schema.NotAStore as exc:
            raise _damaged(path, passphrase, str(exc), alone, known) from None
        except schema.NewerStore as exc:
            raise StoreUnavailable(f"The saved answers in {path} were written by a newer dialoog ({exc}).") from None
        except sqlite3.Error as exc:
            if _is_damage(exc):
                raise _damaged(path, passphrase, str(exc), alone, known) from exc
            raise _unavailable(exc, path) from exc
        except OSError as exc:
            raise StoreUnavailable(f"The saved answers in {path} cannot be opened: {exc.strerror or exc}.") from exc
        return created, params, sealed, version, loss

    @classmethod
    def _unlock(cls, path: Path, passphrase: str | None, created: _NewStore | None, params: KdfParams,
                sealed: bytes, known: tuple[KdfParams, bytes] | None, lock: StoreLock,
                loss: WalLoss | None) -> Store:
        """Open the vault (scrypt, unless done before the gate) and the read-write connection: after the gate,
        as one of the store's users. Modes are made private only once the passphrase is checked."""
        vault: Vault | None = None
        vault_key: bytes | None = None
        if created is not None:
            vault, vault_key = Vault.unlock(created.sealed, created.kek, created.params)
        elif passphrase is not None:
            key = known[1] if known is not None and known[0] == params else params.derive(passphrase)
            try:
                vault, vault_key = Vault.unlock(sealed, key, params)
            except SealError:
                raise WrongPassphrase() from None
        # only now, with the passphrase checked (or none given, to list or erase), are modes made private
        ensure_private_dir(path.parent)
        try:
            tighten(path)
        except OSError as exc:
            raise StoreUnavailable(f"The saved answers in {path} cannot be opened: {exc.strerror or exc}.") from exc
        try:
            conn = _connect(path)
        except sqlite3.Error as exc:
            raise _unavailable(exc, path) from exc
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            tighten(path)
        except (sqlite3.Error, OSError) as exc:
            conn.close()
            if isinstance(exc, OSError):
                raise StoreUnavailable(f"The saved answers in {path} cannot be opened: {exc}.") from exc
            raise _unavailable(exc, path) from exc
        return cls(conn, path, vault, vault_key, params, lock=lock, wal_loss=loss)

    @staticmethod
    def set_aside(data_dir: str | os.PathLike[str] | None = None) -> Path:
        """Move a damaged store (see DamagedStore) aside, once the user agreed: renamed, never deleted. Not while
        another dialoog has it open (StoreUnavailable): it would go on writing to the moved file."""
        path = store_path(data_dir)
        lock = StoreLock(path.parent)
        lock.enter()
        try:
            return _set_aside(path, lock.alone, "as you were told")
        finally:
            lock.release()

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

        Returns once the transaction is durable. On StoreUnavailable nothing was changed; SessionErased
        when another process erased the session meanwhile (it is not written again).
        """
        with self._lock:
            self._unlocked()
            check_state(state)
            known = self._session(session_id)
            with self._write() as conn:
                self._write_session(conn, session_id, state, known)

    def _write_session(self, conn: sqlite3.Connection, sid: str, state: Mapping[str, Any], known: _Open) -> None:
        """The rows of one save, inside the caller's write transaction; `known` is updated once they are written.

        What the file shows of a session without its key: every answer row the same size (ANSWER_SIZE; a
        longer answer is sealed in the state instead), as many rows as the next bucket of ROWS_MIN (filler
        rows make up the count), and a state of STATE_MIN or the next power of two.
        """
        answers = check_state(state)
        flow = state.get("flow") or known.flow
        if flow != known.flow:
            raise ValueError(f"session {sid} belongs to flow '{known.flow}', not '{flow}'")
        flow_hash = state.get("flow_hash") or known.flow_hash
        lang = state.get("lang") or known.lang
        finished = bool(state.get("finished"))
        rest = {k: v for k, v in state.items() if k != "answers"}
        dumps(rest)  # fail on what JSON cannot hold before anything is written
        keys = known.keys
        plains: dict[str, bytes] = {node: dumps(value) for node, value in answers.items()}
        large = {node: answers[node] for node, plain in plains.items() if len(plain) >= ANSWER_SIZE}
        on_disk = dict(conn.execute(
            "SELECT tag, substr(value, 2, 12) FROM answers WHERE session_id = ?", (sid,)
        ).fetchall())
        rows: list[tuple[str, bytes, bytes]] = []
        final: dict[str, tuple[bytes, bytes]] = {}
        for node, plain in plains.items():
            old = known.answers.get(node)
            tag = keys.tag(node)
            if old is not None and old[0] == plain and on_disk.get(tag) == old[1]:
                final[node] = old
                continue  # unchanged, and still as we wrote it (another process may have written it since)
            body = b"" if node in large else plain
            blob = keys.sealer.seal(pad(body, ANSWER_SIZE), aad("answer", sid, node))
            rows.append((sid, tag, blob))
            final[node] = (plain, nonce_of(blob))
        keep = {keys.tag(node) for node in plains}
        wanted = _bucket(len(plains), ROWS_MIN) - len(plains)
        filler = [tag for tag in known.filler if tag in on_disk and tag not in keep][:wanted]
        while len(filler) < wanted:
            tag = secrets.token_bytes(ROW_TAG_BYTES)
            filler.append(tag)
            rows.append((sid, tag, keys.sealer.seal(pad(b"", ANSWER_SIZE), aad("filler", sid, tag))))
        keep |= set(filler)
        envelope = {
            "head": {"flow": flow, "flow_hash": flow_hash, "lang": lang, "finished": finished},
            "answers": [[node, nonce.hex()] for node, (_, nonce) in final.items()],
            "large": large,
            "filler": [tag.hex() for tag in filler],
            "state": rest,
        }
        plain_state = dumps(envelope)
        sealed = keys.sealer.seal(pad(plain_state, _bucket(len(plain_state) + 1, STATE_MIN)), aad("state", sid))
        now = time.time()
        if known.saved:
            cur = conn.execute(
                "UPDATE sessions SET flow_hash = ?, lang = ?, updated = ?, finished = ?, state = ? WHERE id = ?",
                (flow_hash, lang, now, int(finished), sealed, sid),
            )
            if cur.rowcount != 1:
                raise SessionErased(sid)
        else:
            conn.execute(
                "INSERT INTO sessions(flow_hash, lang, updated, finished, state, id, flow, created, wrapped_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (flow_hash, lang, now, int(finished), sealed, sid, flow, known.created, known.wrapped_key),
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
        known.filler = filler
        known.saved = True
        known.flow_hash, known.lang = flow_hash, lang

    def load(self, session_id: str) -> dict[str, Any]:
        """The saved state, every answer verified; TamperedData names the session (and node) that failed."""
        with self._lock:
            vault = self._unlocked()
            with self._read() as conn:
                return self._load_in(conn, vault, session_id)

    def _load_in(self, conn: sqlite3.Connection, vault: Vault, sid: str) -> dict[str, Any]:
        row = conn.execute(
            "SELECT CAST(flow AS BLOB), CAST(flow_hash AS BLOB), CAST(lang AS BLOB), "
            f"{_NUMBER.format('created')}, {_NUMBER.format('finished')}, wrapped_key, state FROM sessions WHERE id = ?",
            (sid,),
        ).fetchone()
        stored = conn.execute("SELECT tag, value FROM answers WHERE session_id = ?", (sid,)).fetchall()
        if row is None:
            raise UnknownSession(sid)
        raw_flow, raw_hash, raw_lang, created, finished, wrapped, sealed = row
        try:
            flow, flow_hash, lang = (bytes(v).decode("utf-8") for v in (raw_flow, raw_hash, raw_lang))
        except (TypeError, UnicodeDecodeError):
            raise TamperedData(sid, None, "its listed flow, language or status was altered") from None
        try:
            data_key = vault.wrapper.open(wrapped, aad("session key", sid))
            keys = SessionKeys(data_key)
        except (SealError, ValueError):
            raise TamperedData(sid, None, "its key does not match") from None
        try:
            envelope = json.loads(unpad(keys.sealer.open(sealed, aad("state", sid))))
            head = envelope["head"]
            manifest = [(str(node), bytes.fromhex(nonce)) for node, nonce in envelope["answers"]]
            large = envelope.get("large") or {}
            filler = [bytes.fromhex(tag) for tag in envelope.get("filler") or []]
            state = envelope["state"]
            if not isinstance(large, dict) or not isinstance(state, dict):
                raise TypeError("malformed state")
        except (SealError, ValueError, KeyError, TypeError, AttributeError):
            raise TamperedData(sid, None, "its saved state does not authenticate") from None
        if (head.get("flow"), head.get("flow_hash"), head.get("lang"), bool(head.get("finished"))) != (
            flow, flow_hash, lang, bool(finished)
        ):
            raise TamperedData(sid, None, "its listed flow, language or status was altered")
        by_tag = {keys.tag(node): (node, nonce) for node, nonce in manifest}
        fillers = set(filler)
        found: dict[str, tuple[bytes, Any]] = {}
        for tag, blob in stored:
            entry = by_tag.get(tag)
            if entry is None:
                if tag in fillers:
                    continue
                raise TamperedData(sid, None, "it holds an answer that does not belong to it")
            node, nonce = entry
            try:
                plain = unpad(keys.sealer.open(blob, aad("answer", sid, node)))
                if plain == b"" and node in large:
                    value = large[node]
                    plain = dumps(value)
                else:
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
                                {node: (found[node][0], nonce) for node, nonce in manifest}, filler)
        result = dict(state)
        result["answers"] = {node: found[node][1] for node, _ in manifest}
        return result

    def _migrate(self) -> None:
        """A store of an older format, opened with its passphrase: from format 1, every session it can verify
        is sealed again with today's padding, then the plaintext counts are dropped; from format 2 (and after
        that, from 1), the consent table is added. Every answer is kept;
        a session that does not verify keeps its rows as they were (loading it still says so)."""
        with self._lock:
            vault = self._unlocked()
            with self._write() as conn:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version >= schema.SCHEMA_VERSION:
                    return  # another process did it meanwhile
                ids = [r[0] for r in conn.execute("SELECT id FROM sessions WHERE typeof(id) = 'text'")
                       ] if version == 1 else []  # format 2 has today's padding: 2 -> 3 only adds a table
                for sid in ids:
                    try:
                        state = self._load_in(conn, vault, sid)
                    except (TamperedData, UnicodeDecodeError, sqlite3.OperationalError):
                        continue
                    known = self._open[sid]
                    known.answers = {}  # every row sealed anew
                    self._write_session(conn, sid, state, known)
                schema.migrate(conn, version)
            self._scrub()

    def sessions(self, unfinished_only: bool = False) -> list[SessionInfo]:
        """Saved sessions, unfinished first, then the most recently updated first. Works when locked.

        Robust against values changed outside dialoog: a row whose listed values cannot be read is listed
        as `damaged` (never among the unfinished ones), not raised."""
        with self._lock:
            self._usable()
            with self._read() as conn:
                rows = conn.execute(
                    "SELECT CAST(id AS BLOB), CAST(flow AS BLOB), CAST(flow_hash AS BLOB), CAST(lang AS BLOB), "
                    f"{_NUMBER.format('created')}, {_NUMBER.format('updated')}, {_NUMBER.format('finished')} "
                    "FROM sessions"
                ).fetchall()
            infos = [_listed(*row) for row in rows]
            if unfinished_only:
                infos = [i for i in infos if not i.finished and not i.damaged]
            infos.sort(key=lambda i: (i.finished, -i.updated.timestamp(), i.id))
            return infos

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
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                    for table in schema.record_tables(version):  # a locked older store has fewer
                        conn.execute(f"DELETE FROM {table}")
            return Erasure(gone + pending, self._scrub())

    # -- trainer records and practice progress -------------------------------

    def put_record(self, kind: str, record_id: str, value: Any) -> None:
        """Save a sealed JSON record (`kind` is 'trainer', 'practice' or 'consent'; the id is stored in
        plaintext)."""
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
