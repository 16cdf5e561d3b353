"""Damaged files, a full disk, a read-only folder: detected, kept, reported with a clear exception.

How the faults are made:
- disk full: injected (`sqlite3.OperationalError('database or disk is full')` from the
  connection, on the INSERT or on the COMMIT), and for real on a 200 KiB tmpfs
  (needs root and mount; skipped otherwise);
- read-only: for real on a tmpfs remounted read-only (root and mount; skipped
  otherwise; the kernel refuses the remount while a file is open for writing, so a
  folder turning read-only mid-session is only injected); a data folder under a
  regular file (works for root, who ignores permission bits); `chmod 0500` (only
  meaningful when not root: skipped for root); and an injected 'attempt to write a
  readonly database' on INSERT, UPDATE or COMMIT.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from store_helpers import HASH, PASS, make_state

from dialoog.store import (
    FAST_KDF,
    CorruptStore,
    DamagedStore,
    MemoryStore,
    Store,
    StoreUnavailable,
    moved_aside,
)
from dialoog.store.schema import APPLICATION_ID

# -- damaged files -------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _saved_store(open_store: Callable[..., Store]) -> str:
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    store.save(sid, make_state({f"q{i}": "x" * 300 for i in range(40)}))
    store.close()
    return sid


def _truncate_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _truncate_tiny(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:50])


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _garbage_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 4 * page] = os.urandom(page)  # a b-tree page in the middle
    path.write_bytes(bytes(data))


def _foreign_schema(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes(body) VALUES ('somebody else''s database')")
    conn.commit()
    conn.close()


def _our_id_wrong_tables(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("CREATE TABLE sessions (id TEXT)")
    conn.commit()
    conn.close()


def _key_data_removed(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta WHERE key='vault'")
    conn.commit()
    conn.close()


DAMAGE = {
    "truncated to half": _truncate_half,
    "truncated to 50 bytes": _truncate_tiny,
    "random bytes": _random_bytes,
    "empty file": _empty,
    "garbage page": _garbage_page,
    "another schema": _foreign_schema,
    "our id, wrong tables": _our_id_wrong_tables,
    "key data removed": _key_data_removed,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("passphrase", [PASS, None])
def test_damaged_store_is_moved_aside(open_store: Callable[..., Store], data_dir: Path, damage: str,
                                      passphrase: str | None) -> None:
    """A damaged store is set aside by itself only when the passphrase could be checked against the key data
    still in it; otherwise (opened locked, or that key data gone too) nothing changes until the user agrees
    (`Store.set_aside`). Either way it is kept byte for byte, never deleted."""
    _saved_store(open_store)
    path = data_dir / "store.sqlite"
    DAMAGE[damage](path)
    wal = path.with_name("store.sqlite-wal")
    wal.write_bytes(b"a stale log that belongs with the damaged file")
    digest, wal_digest = _digest(path), _digest(wal)
    with pytest.raises((CorruptStore, DamagedStore)) as info:
        open_store(passphrase)
    if isinstance(info.value, DamagedStore):
        assert passphrase is None or not info.value.key_readable
        assert _digest(path) == digest and _digest(wal) == wal_digest and moved_aside(data_dir) == []
        assert "Nothing was changed" in info.value.message
        moved = Store.set_aside(data_dir)
    else:
        assert passphrase is not None
        moved = info.value.moved_to
        assert str(moved) in info.value.message
    assert moved.parent == data_dir and moved.name.startswith("store.corrupt-") and moved.suffix == ".sqlite"
    assert _digest(moved) == digest  # kept byte for byte, never deleted
    assert _digest(moved.with_name(moved.name + "-wal")) == wal_digest
    assert not path.exists() and not wal.exists()
    assert moved in moved_aside(data_dir)
    # a fresh store can be created; the damaged copy stays
    fresh = open_store()
    assert fresh.sessions() == []
    assert moved.is_file()


def test_second_damage_gets_a_second_name(open_store: Callable[..., Store], data_dir: Path) -> None:
    names = set()
    for _ in range(2):
        open_store().close()
        _random_bytes(data_dir / "store.sqlite")
        with pytest.raises(DamagedStore):
            open_store()
        names.add(Store.set_aside(data_dir))
    assert len(names) == 2 and all(p.is_file() for p in names)


def test_newer_store_is_left_alone(open_store: Callable[..., Store], data_dir: Path) -> None:
    open_store().close()
    path = data_dir / "store.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    digest = _digest(path)
    with pytest.raises(StoreUnavailable, match="newer"):
        open_store()
    assert _digest(path) == digest and moved_aside(data_dir) == []


def test_orphaned_log_is_set_aside_not_replayed(data_dir: Path, open_store: Callable[..., Store]) -> None:
    data_dir.mkdir()
    orphan = data_dir / "store.sqlite-wal"
    orphan.write_bytes(b"left behind without its database")
    store = open_store()
    assert store.sessions() == []
    kept = moved_aside(data_dir)
    assert len(kept) == 1 and kept[0].read_bytes() == b"left behind without its database"


def test_leftovers_of_an_interrupted_creation_are_swept(open_store: Callable[..., Store], data_dir: Path) -> None:
    open_store().close()
    stale, young = data_dir / "store.sqlite.new-0000aaaa", data_dir / "store.sqlite.new-0000bbbb"
    os.link(data_dir / "store.sqlite", stale)  # killed between linking into place and removing the old name
    young.write_bytes(b"another process is creating right now")
    os.utime(stale, (1, 1))
    store = open_store()
    assert not stale.exists() and young.exists()
    assert store.sessions() == []


# -- disk full and read-only, injected ------------------------------------------


def _fail_on(store: Store, monkeypatch: pytest.MonkeyPatch, start: str, message: str) -> None:
    real_execute, real_many = store._conn.execute, store._conn.executemany

    def execute(sql: str, *args: Any) -> Any:
        if sql.lstrip().upper().startswith(start):
            raise sqlite3.OperationalError(message)
        return real_execute(sql, *args)

    def executemany(sql: str, *args: Any) -> Any:
        if sql.lstrip().upper().startswith(start):
            raise sqlite3.OperationalError(message)
        return real_many(sql, *args)

    monkeypatch.setattr(store._conn, "execute", execute)
    monkeypatch.setattr(store._conn, "executemany", executemany)


@pytest.mark.parametrize("where", ["INSERT", "UPDATE", "COMMIT"])
@pytest.mark.parametrize(("message", "words"), [("database or disk is full", "disk is full"),
                                                ("attempt to write a readonly database", "read-only")])
def test_injected_write_failure(open_store: Callable[..., Store], monkeypatch: pytest.MonkeyPatch,
                                where: str, message: str, words: str) -> None:
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    first = make_state({"q1": "kept"})
    store.save(sid, first)
    with monkeypatch.context() as patch:
        _fail_on(store, patch, where, message)
        with pytest.raises(StoreUnavailable, match=words):
            store.save(sid, make_state({"q1": "kept", "q2": "lost"}))
    assert open_store().load(sid) == first  # nothing half-written
    store.save(sid, make_state({"q1": "kept", "q3": "later"}))  # usable again once the fault is gone
    assert open_store().load(sid)["answers"] == {"q1": "kept", "q3": "later"}


def test_going_on_in_memory(open_store: Callable[..., Store], monkeypatch: pytest.MonkeyPatch) -> None:
    store: Any = open_store()
    sid = store.new_session("scan", HASH, "nl")
    store.save(sid, make_state({"q1": "a"}))
    _fail_on(store, monkeypatch, "COMMIT", "database or disk is full")
    state = make_state({"q1": "a", "q2": "b"})
    try:
        store.save(sid, state)
    except StoreUnavailable:
        store = MemoryStore()
        store.save(sid, state)
    assert store.persistent is False
    assert store.load(sid) == state


def test_data_dir_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreUnavailable, match="cannot be used"):
        Store.open(blocker / "data", PASS, kdf=FAST_KDF)
    with pytest.raises(StoreUnavailable, match="not a folder"):
        Store.open(blocker, PASS, kdf=FAST_KDF)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
def test_read_only_folder_by_permissions(tmp_path: Path) -> None:  # pragma: no cover - runs as non-root only
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    try:
        with pytest.raises(StoreUnavailable):
            Store.open(folder, PASS, kdf=FAST_KDF)
    finally:
        folder.chmod(0o700)


# -- disk full and read-only, for real (tmpfs) ----------------------------------


def _run(*args: str) -> bool:
    return subprocess.run(args, capture_output=True).returncode == 0


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mount a small tmpfs (root only); yields a function taking the size (e.g. '200k')."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root and mount")
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        point = tmp_path / f"mnt-{uuid.uuid4().hex[:6]}"
        point.mkdir()
        if not _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(point)):
            pytest.skip("mounting a tmpfs is not allowed here")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        _run("umount", "-l", str(point))


def _remount_read_only(point: Path) -> None:
    if not _run("mount", "-o", "remount,ro", str(point)):
        pytest.skip("remounting read-only is not allowed here")


def test_real_disk_full(tmpfs: Callable[[str], Path]) -> None:
    point = tmpfs("600k")  # a state is sealed in at least 32 KiB (padding): a few saves fill 200k
    store = Store.open(point, PASS, kdf=FAST_KDF)
    sid = store.new_session("scan", HASH, "nl")
    answers: dict[str, str] = {}
    acknowledged: dict[str, str] = {}
    with pytest.raises(StoreUnavailable, match="disk is full"):
        for i in range(1000):
            answers[f"q{i}"] = os.urandom(1500).hex()
            store.save(sid, make_state(answers))
            acknowledged = dict(answers)
    assert len(acknowledged) > 5
    store.close()
    with Store.open(point, PASS) as again:
        assert again.load(sid)["answers"] == acknowledged  # everything acknowledged before the disk filled


def test_real_read_only_folder(tmpfs: Callable[[str], Path]) -> None:
    point = tmpfs("2m")
    with Store.open(point, PASS, kdf=FAST_KDF) as store:
        sid = store.new_session("scan", HASH, "nl")
        store.save(sid, make_state({"q": "before"}))
    _remount_read_only(point)
    with pytest.raises(StoreUnavailable):
        Store.open(point, PASS)
    empty = tmpfs("1m")
    _remount_read_only(empty)
    with pytest.raises(StoreUnavailable):
        Store.open(empty, PASS, kdf=FAST_KDF)
    with pytest.raises(StoreUnavailable):
        Store.open(empty / "sub", PASS, kdf=FAST_KDF)

