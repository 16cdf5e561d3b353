"""Authenticity: flipped bits, swapped or moved rows, replayed versions, planted parameters, wrong passphrases."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from store_helpers import HASH, PASS, files_in, make_state

from dialoog.store import TRAINER, DamagedStore, Store, TamperedData, WrongPassphrase
from dialoog.store.crypto import SessionKeys
from dialoog.store.lock import LOCK_NAMES


@contextmanager
def raw(data_dir: Path) -> Iterator[sqlite3.Connection]:
    """The database as an attacker with file access sees it (the store must be closed)."""
    conn = sqlite3.connect(data_dir / "store.sqlite", isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def flip(blob: bytes, at: int = -5) -> bytes:
    data = bytearray(blob)
    data[at] ^= 0x01
    return bytes(data)


@pytest.fixture
def two_sessions(open_store: Callable[..., Store]) -> tuple[str, str]:
    store = open_store()
    a = store.new_session("scan", HASH, "nl")
    b = store.new_session("scan", HASH, "nl")
    store.save(a, make_state({"q1": "yes", "q2": "no", "names": ["Piet"]}))
    store.save(b, make_state({"q1": "no", "q2": "yes", "names": ["Klaas"]}))
    store.close()
    return a, b


def tag_of(store: Store, sid: str, node: str) -> bytes:
    store.load(sid)
    keys: SessionKeys = store._open[sid].keys
    return keys.tag(node)


def tags(open_store: Callable[..., Store], sid: str, *nodes: str) -> list[bytes]:
    store = open_store()
    try:
        return [tag_of(store, sid, n) for n in nodes]
    finally:
        store.close()


def test_untouched_loads(two_sessions: tuple[str, str], open_store: Callable[..., Store]) -> None:
    a, b = two_sessions
    store = open_store()
    assert store.load(a)["answers"]["q1"] == "yes" and store.load(b)["answers"]["q1"] == "no"


def test_flipped_bit_in_an_answer(two_sessions: tuple[str, str], open_store: Callable[..., Store],
                                  data_dir: Path) -> None:
    a, _ = two_sessions
    (t2,) = tags(open_store, a, "q2")
    for at in (0, 5, 20, -1):  # version byte, nonce, ciphertext, GCM tag
        with raw(data_dir) as conn:
            blob = conn.execute("SELECT value FROM answers WHERE session_id=? AND tag=?", (a, t2)).fetchone()[0]
            conn.execute("UPDATE answers SET value=? WHERE session_id=? AND tag=?", (flip(blob, at), a, t2))
        with pytest.raises(TamperedData) as info:
            open_store().load(a)
        assert (info.value.session_id, info.value.node_id) == (a, "q2")
        assert a in info.value.message and "q2" in info.value.message
        with raw(data_dir) as conn:
            conn.execute("UPDATE answers SET value=? WHERE session_id=? AND tag=?", (blob, a, t2))
    open_store().load(a)


def test_answers_swapped_between_nodes(two_sessions: tuple[str, str], open_store: Callable[..., Store],
                                       data_dir: Path) -> None:
    a, _ = two_sessions
    t1, t2 = tags(open_store, a, "q1", "q2")
    with raw(data_dir) as conn:
        v1 = conn.execute("SELECT value FROM answers WHERE tag=?", (t1,)).fetchone()[0]
        v2 = conn.execute("SELECT value FROM answers WHERE tag=?", (t2,)).fetchone()[0]
        conn.execute("UPDATE answers SET value=? WHERE tag=?", (v2, t1))
        conn.execute("UPDATE answers SET value=? WHERE tag=?", (v1, t2))
    with pytest.raises(TamperedData) as info:
        open_store().load(a)
    assert info.value.session_id == a and info.value.node_id in ("q1", "q2")


def test_row_keys_swapped_between_nodes(two_sessions: tuple[str, str], open_store: Callable[..., Store],
                                        data_dir: Path) -> None:
    a, _ = two_sessions
    t1, t2 = tags(open_store, a, "q1", "q2")
    with raw(data_dir) as conn:
        conn.execute("UPDATE answers SET tag=x'00' WHERE tag=?", (t1,))
        conn.execute("UPDATE answers SET tag=? WHERE tag=?", (t1, t2))
        conn.execute("UPDATE answers SET tag=? WHERE tag=x'00'", (t2,))
    with pytest.raises(TamperedData) as info:
        open_store().load(a)
    assert info.value.node_id in ("q1", "q2")


def test_answer_moved_to_another_session(two_sessions: tuple[str, str], open_store: Callable[..., Store],
                                         data_dir: Path) -> None:
    a, b = two_sessions
    (t1a,) = tags(open_store, a, "q1")
    (t1b,) = tags(open_store, b, "q1")
    with raw(data_dir) as conn:
        conn.execute("DELETE FROM answers WHERE session_id=? AND tag=?", (b, t1b))
        conn.execute("UPDATE answers SET session_id=? WHERE session_id=? AND tag=?", (b, a, t1a))
    store = open_store()
    with pytest.raises(TamperedData) as into:
        store.load(b)
    assert into.value.session_id == b and "does not belong" in into.value.message
    with pytest.raises(TamperedData) as source:
        store.load(a)
    assert (source.value.session_id, source.value.node_id) == (a, "q1")


def test_answer_copied_with_the_right_key_of_another_session(two_sessions: tuple[str, str],
                                                             open_store: Callable[..., Store],
                                                             data_dir: Path) -> None:
    """Even placed under the row key that node has in the target session, a foreign answer fails."""
    a, b = two_sessions
    (t1a,) = tags(open_store, a, "q1")
    (t1b,) = tags(open_store, b, "q1")
    with raw(data_dir) as conn:
        blob = conn.execute("SELECT value FROM answers WHERE session_id=? AND tag=?", (a, t1a)).fetchone()[0]
        conn.execute("UPDATE answers SET value=? WHERE session_id=? AND tag=?", (blob, b, t1b))
    with pytest.raises(TamperedData) as info:
        open_store().load(b)
    assert (info.value.session_id, info.value.node_id) == (b, "q1")


@pytest.mark.parametrize("column", ["wrapped_key", "state"])
def test_session_rows_moved_or_flipped(two_sessions: tuple[str, str], open_store: Callable[..., Store],
                                       data_dir: Path, column: str) -> None:
    a, b = two_sessions
    with raw(data_dir) as conn:
        blob_a = conn.execute(f"SELECT {column} FROM sessions WHERE id=?", (a,)).fetchone()[0]
        conn.execute(f"UPDATE sessions SET {column}=? WHERE id=?", (blob_a, b))
        conn.execute(f"UPDATE sessions SET {column}=? WHERE id=?", (flip(blob_a), a))
    store = open_store()
    for sid in (a, b):
        with pytest.raises(TamperedData) as info:
            store.load(sid)
        assert info.value.session_id == sid


def test_whole_session_renamed(two_sessions: tuple[str, str], open_store: Callable[..., Store],
                               data_dir: Path) -> None:
    a, _ = two_sessions
    with raw(data_dir) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("UPDATE sessions SET id='feedfeedfeed' WHERE id=?", (a,))
        conn.execute("UPDATE answers SET session_id='feedfeedfeed' WHERE session_id=?", (a,))
    with pytest.raises(TamperedData):
        open_store().load("feedfeedfeed")


def test_older_version_put_back(open_store: Callable[..., Store], data_dir: Path) -> None:
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    store.save(sid, make_state({"q1": "no", "q2": "x"}))
    tag = tag_of(store, sid, "q1")
    with raw(data_dir) as conn:
        old = conn.execute("SELECT value FROM answers WHERE tag=?", (tag,)).fetchone()[0]
    store.save(sid, make_state({"q1": "yes", "q2": "x"}))
    store.close()
    with raw(data_dir) as conn:
        conn.execute("UPDATE answers SET value=? WHERE tag=?", (old, tag))
    with pytest.raises(TamperedData, match="older version") as info:
        open_store().load(sid)
    assert info.value.node_id == "q1"


def test_deleted_answer_is_noticed(two_sessions: tuple[str, str], open_store: Callable[..., Store],
                                   data_dir: Path) -> None:
    a, _ = two_sessions
    (t2,) = tags(open_store, a, "q2")
    with raw(data_dir) as conn:
        conn.execute("DELETE FROM answers WHERE tag=?", (t2,))
    with pytest.raises(TamperedData, match="missing") as info:
        open_store().load(a)
    assert info.value.node_id == "q2"


@pytest.mark.parametrize(("column", "value"), [("flow", "other"), ("lang", "en"), ("finished", 1),
                                               ("flow_hash", "f" * 64)])
def test_listed_fields_altered(two_sessions: tuple[str, str], open_store: Callable[..., Store], data_dir: Path,
                               column: str, value: object) -> None:
    a, _ = two_sessions
    with raw(data_dir) as conn:
        conn.execute(f"UPDATE sessions SET {column}=? WHERE id=?", (value, a))
    with pytest.raises(TamperedData):
        open_store().load(a)


def test_tampered_record(open_store: Callable[..., Store], data_dir: Path) -> None:
    store = open_store()
    store.put_record(TRAINER, "one", {"x": 1})
    store.put_record(TRAINER, "two", {"x": 2})
    store.close()
    with raw(data_dir) as conn:
        one = conn.execute("SELECT value FROM trainer WHERE id='one'").fetchone()[0]
        conn.execute("UPDATE trainer SET value=? WHERE id='two'", (one,))
    with pytest.raises(TamperedData, match="trainer/two"):
        open_store().get_record(TRAINER, "two")


# -- passphrase ---------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in files_in(folder)}


def test_wrong_passphrase_changes_nothing(two_sessions: tuple[str, str], open_store: Callable[..., Store],
                                          data_dir: Path) -> None:
    before = _snapshot(data_dir)
    assert set(before) == {"store.sqlite", *LOCK_NAMES}
    assert all(before[name] == b"" for name in LOCK_NAMES)  # the lock files hold nothing
    for wrong in ("wrong", PASS.upper(), PASS + " ", "x" * 1000):
        with pytest.raises(WrongPassphrase) as info:
            open_store(wrong)
        assert "passphrase" in info.value.message and "Nothing was changed" in info.value.message
    after = _snapshot(data_dir)
    assert after["store.sqlite"] == before["store.sqlite"]  # byte for byte
    # The read-only check may leave SQLite's empty log and its index file; they hold no data.
    assert after.pop("store.sqlite-wal", b"") == b""
    assert set(after) <= {"store.sqlite", "store.sqlite-shm", *LOCK_NAMES}
    assert all(after[name] == b"" for name in LOCK_NAMES)
    assert open_store().load(two_sessions[0])["answers"]["q1"] == "yes"


def test_wrong_passphrase_while_another_has_it_open(open_store: Callable[..., Store]) -> None:
    first = open_store()
    sid = first.new_session("scan", HASH, "nl")
    first.save(sid, make_state({"q": "in the WAL only"}))
    with pytest.raises(WrongPassphrase):
        open_store("wrong")
    first.save(sid, make_state({"q": "still writable"}))
    assert open_store().load(sid)["answers"] == {"q": "still writable"}


@pytest.mark.parametrize(
    "params",
    [
        {"n": 2**21, "r": 8, "p": 1},  # memory bomb
        {"n": 2**16, "r": 32, "p": 1},
        {"n": 2**16, "r": 8, "p": 64},  # time bomb
        {"n": 2**17, "r": 16, "p": 4},  # within the old caps: 4.5 s and 299 MB before "wrong passphrase"
        {"n": 2**20, "r": 16, "p": 1},  # 2 GiB
        {"n": 2**10, "r": 8, "p": 1},  # downgrade
        {"n": 3 * 2**14, "r": 8, "p": 1},  # not a power of two
        {"n": "65536", "r": 8, "p": 1},
        {"n": 2**16, "r": 8, "p": 1, "salt": "00"},
        {"n": 2**16, "r": 8, "p": 1, "kdf": "pbkdf2"},
    ],
)
def test_planted_kdf_parameters_are_refused_quickly(open_store: Callable[..., Store], data_dir: Path,
                                                    params: dict[str, object]) -> None:
    open_store().close()
    data = {"kdf": "scrypt", "salt": "ab" * 16, **params}
    with raw(data_dir) as conn:
        conn.execute("UPDATE meta SET value=? WHERE key='kdf'", (json.dumps(data),))
    t0 = time.perf_counter()
    with pytest.raises(DamagedStore, match="key derivation") as info:
        open_store()
    assert time.perf_counter() - t0 < 0.5
    # the passphrase cannot be checked against refused parameters: the file is left for the user to decide
    assert not info.value.key_readable and (data_dir / "store.sqlite").is_file()


def test_changed_kdf_parameters_within_the_caps_fail_as_wrong_passphrase(open_store: Callable[..., Store],
                                                                        data_dir: Path) -> None:
    open_store().close()
    with raw(data_dir) as conn:
        data = json.loads(conn.execute("SELECT value FROM meta WHERE key='kdf'").fetchone()[0])
        data["n"] *= 2
        conn.execute("UPDATE meta SET value=? WHERE key='kdf'", (json.dumps(data),))
    with pytest.raises(WrongPassphrase):
        open_store()
