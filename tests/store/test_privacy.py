"""Nothing readable on disk: canary scans, file modes, erasure that leaves no ciphertext behind."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import CANARY, HASH, files_in, make_state, raw_bytes

from dialoog.store import PRACTICE, TRAINER, Store, forget
from dialoog.store.lock import LOCK_NAMES


def _canary_state(n: int) -> dict[str, object]:
    answers = {
        "story": f"My brother {CANARY} once asked me for a favour. ({n})",
        "network": [{"name": f"{CANARY} Jansen", "category": "family", "answers": {"closeness": f"close {CANARY}"}}],
        f"node-{CANARY}": "yes",  # even node ids are not on disk in the clear
        "choice": "no",
    }
    return make_state(answers, node=f"at-{CANARY}", drafts={"story2": f"half typed {CANARY} draft"},
                      declined=[f"declined-{CANARY}"])


def _variants(text: str) -> list[bytes]:
    return [text.encode(), text.encode("utf-16-le"), text.encode("utf-16-be"), text.lower().encode(),
            text.encode().hex().encode()]


def _assert_no_canary(folder: Path) -> None:
    data = raw_bytes(folder)
    assert data  # the scan really read something
    for needle in [*_variants(CANARY), *_variants("Jansen"), b"half typed", b"favour"]:
        assert needle not in data, f"{needle!r} found on disk"


def test_no_plaintext_on_disk_with_the_wal_not_checkpointed(open_store: Callable[..., Store], data_dir: Path,
                                                            caplog: pytest.LogCaptureFixture,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    for n in range(30):  # many versions of every row, still in the WAL
        store.save(sid, _canary_state(n))
    store.put_record(TRAINER, "group", {"notes": f"{CANARY} trainer notes"})
    store.put_record(PRACTICE, "deck", {"last": f"{CANARY}"})
    wal = data_dir / "store.sqlite-wal"
    assert wal.stat().st_size > 0  # not checkpointed yet
    assert {p.name for p in files_in(data_dir)} == {"store.sqlite", "store.sqlite-wal", "store.sqlite-shm",
                                                    *LOCK_NAMES}
    _assert_no_canary(data_dir)
    assert CANARY not in caplog.text
    out = capsys.readouterr()
    assert CANARY not in out.out + out.err
    assert store.load(sid)["answers"]["story"].startswith("My brother CANARY")
    store.close()
    _assert_no_canary(data_dir)  # after the checkpoint on close


def test_no_temporary_files(open_store: Callable[..., Store]) -> None:
    store = open_store()
    assert store._conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert store._conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_modes_even_with_a_permissive_umask(tmp_path: Path, open_store: Callable[..., Store]) -> None:
    old = os.umask(0)
    try:
        folder = tmp_path / "deep" / "data"
        store = open_store(folder=folder)
        sid = store.new_session("scan", HASH, "nl")
        store.save(sid, make_state({"q": 1}))
        files = {p.name: _mode(p) for p in files_in(folder)}
        assert files == dict.fromkeys(["store.sqlite", "store.sqlite-wal", "store.sqlite-shm", *LOCK_NAMES], 0o600)
        assert _mode(folder) == 0o700
        store.close()
    finally:
        os.umask(old)


def test_loose_modes_are_tightened(data_dir: Path, open_store: Callable[..., Store]) -> None:
    store = open_store()
    store.save(store.new_session("scan", HASH, "nl"), make_state({"q": 1}))
    store.close()
    os.chmod(data_dir, 0o755)
    for p in files_in(data_dir):
        os.chmod(p, 0o644)
    store = open_store()
    store.save(store.new_session("scan", HASH, "nl"), make_state({"q": 2}))
    assert _mode(data_dir) == 0o700
    assert {p.name: _mode(p) for p in files_in(data_dir)} == dict.fromkeys(
        ["store.sqlite", "store.sqlite-wal", "store.sqlite-shm", *LOCK_NAMES], 0o600)


def test_a_shared_folder_is_not_changed_but_the_files_are_private(tmp_path: Path,
                                                                  open_store: Callable[..., Store]) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    (shared / "someone-elses.txt").write_text("x")
    store = open_store(folder=shared)
    store.save(store.new_session("scan", HASH, "nl"), make_state({"q": 1}))
    assert _mode(shared) == 0o755
    assert all(_mode(p) == 0o600 for p in shared.glob("store.sqlite*"))


# -- erasure ---------------------------------------------------------------------


def _blobs(path: Path, sid: str) -> set[bytes]:
    conn = sqlite3.connect(path)
    try:
        found = set(conn.execute("SELECT wrapped_key FROM sessions WHERE id=?", (sid,)).fetchall())
        found |= set(conn.execute("SELECT state FROM sessions WHERE id=?", (sid,)).fetchall())
        found |= set(conn.execute("SELECT value FROM answers WHERE session_id=?", (sid,)).fetchall())
        return {row[0] for row in found}
    finally:
        conn.close()


def _pieces(blob: bytes) -> list[bytes]:
    """Distinctive 16-byte windows of a ciphertext: its nonce, its middle and its GCM tag."""
    mid = len(blob) // 2
    return [blob[1:17], blob[mid : mid + 16], blob[-16:]]


def _found(pieces: list[bytes], data: bytes) -> int:
    return sum(1 for piece in pieces if piece in data)


@pytest.mark.parametrize("close_first", [False, True])
def test_forget_leaves_no_ciphertext(open_store: Callable[..., Store], data_dir: Path, close_first: bool) -> None:
    store = open_store()
    gone, kept = store.new_session("scan", HASH, "nl"), store.new_session("scan", HASH, "nl")
    history: set[bytes] = set()
    for n in range(25):
        store.save(gone, make_state({f"q{i}": f"{'long answer ' * 40}{n}" for i in range(n + 1)}))
        store.save(kept, make_state({"q": n}))
        history |= _blobs(data_dir / "store.sqlite", gone)  # every version ever written
    kept_blobs = _blobs(data_dir / "store.sqlite", kept)
    pieces = [p for blob in history for p in _pieces(blob)]
    assert _found(pieces, raw_bytes(data_dir)) > 0  # the scan does find ciphertext that is there
    if close_first:
        store.close()
        store = open_store()
    result = forget(store, gone)
    assert result.sessions == 1 and result.scrubbed
    wal = data_dir / "store.sqlite-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    assert _found(pieces, raw_bytes(data_dir)) == 0
    kept_pieces = [p for blob in kept_blobs for p in _pieces(blob)]
    assert _found(kept_pieces, raw_bytes(data_dir)) == len(kept_pieces)  # the other session is untouched
    assert store.load(kept)["answers"] == {"q": 24}
    store.close()
    assert _found(pieces, raw_bytes(data_dir)) == 0


def test_forget_all_leaves_no_ciphertext(open_store: Callable[..., Store], data_dir: Path) -> None:
    store = open_store()
    sids = [store.new_session("scan", HASH, "nl") for _ in range(3)]
    history: set[bytes] = set()
    for n in range(10):
        for sid in sids:
            store.save(sid, _canary_state(n))
            history |= _blobs(data_dir / "store.sqlite", sid)
    store.put_record(TRAINER, "t", {"notes": "x" * 500})
    conn = sqlite3.connect(data_dir / "store.sqlite")
    history |= {r[0] for r in conn.execute("SELECT value FROM trainer")}
    conn.close()
    pieces = [p for blob in history for p in _pieces(blob)]
    assert _found(pieces, raw_bytes(data_dir)) > 0
    result = forget(store, None)
    assert result.sessions == 3 and result.scrubbed
    assert _found(pieces, raw_bytes(data_dir)) == 0
    assert store.sessions() == [] and store.record_ids(TRAINER) == []


def test_forget_reports_an_unfinished_scrub(open_store: Callable[..., Store], data_dir: Path) -> None:
    """Another connection in the middle of reading keeps old WAL frames alive: forget says so."""
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    store.save(sid, make_state({"q": "x"}))
    reader = sqlite3.connect(data_dir / "store.sqlite", isolation_level=None, timeout=0.1)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM sessions").fetchone()
    store._conn.execute("PRAGMA busy_timeout = 100")  # do not wait the usual 5 s for the reader
    result = store.forget(sid)
    assert result.sessions == 1 and not result.scrubbed
    reader.execute("COMMIT")
    reader.close()
    assert store.forget_all().scrubbed


def test_old_passphrase_material_is_scrubbed(open_store: Callable[..., Store], data_dir: Path) -> None:
    store = open_store()
    conn = sqlite3.connect(data_dir / "store.sqlite")
    old_vault = conn.execute("SELECT value FROM meta WHERE key='vault'").fetchone()[0]
    conn.close()
    store.change_passphrase("new words")
    assert _found(_pieces(old_vault), raw_bytes(data_dir)) == 0


def test_log_records_never_hold_answers(open_store: Callable[..., Store], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    store.save(sid, _canary_state(1))
    store.load(sid)
    with pytest.raises(TypeError) as info:
        store.save(sid, make_state({"q": {CANARY}}))  # a set: not JSON
    assert CANARY not in str(info.value)  # the message does not echo the value
    assert CANARY not in caplog.text
