"""Stores of format 1 (with the plaintext `answered` and `steps` counts) are migrated to format 2 the first
time they are opened with their passphrase: every answer kept, the counts gone, every blob sealed again with
today's padding. Opened without the passphrase, they are listed (and can be erased) as they are."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from store_helpers import HASH, PASS, make_state

from dialoog.store import FAST_KDF, Store
from dialoog.store.schema import _ddl


def _format_1(folder: Path) -> dict[str, dict[str, Any]]:
    """A store as dialoog wrote it before format 2: the same tables, `sessions` with its two count columns."""
    states: dict[str, dict[str, Any]] = {}
    with Store.open(folder, PASS, kdf=FAST_KDF) as store:
        for n in range(3):
            sid = store.new_session("scan", HASH, "nl")
            store.save(sid, make_state({f"q{i}": f"answer {n}.{i}" for i in range(5 + n)}, finished=n == 2))
            states[sid] = store.load(sid)
    conn = sqlite3.connect(folder / "store.sqlite", isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN")
        conn.execute(_ddl(1)[1].replace("CREATE TABLE sessions", "CREATE TABLE sessions_v1", 1))
        conn.execute("INSERT INTO sessions_v1 SELECT id, flow, flow_hash, lang, created, updated, finished, 46, 57, "
                     "wrapped_key, state FROM sessions")
        conn.execute("DROP TABLE sessions")
        conn.execute("ALTER TABLE sessions_v1 RENAME TO sessions")
        conn.execute("DROP TABLE consent")  # format 3 added it
        conn.execute("PRAGMA user_version = 1")
        conn.execute("COMMIT")
    finally:
        conn.close()
    return states


def _columns(folder: Path) -> tuple[int, list[str], dict[str, bytes]]:
    conn = sqlite3.connect(f"file:{folder / 'store.sqlite'}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(sessions)")]
        states = dict(conn.execute("SELECT id, state FROM sessions").fetchall())
        return version, columns, states
    finally:
        conn.close()


def test_a_format_1_store_is_listed_locked_and_migrated_with_its_passphrase(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    states = _format_1(folder)
    version, columns, sealed_before = _columns(folder)
    assert version == 1 and "answered" in columns and "steps" in columns
    with Store.open(folder, None, create=False) as locked:  # listed as it is: no passphrase, no migration
        assert {i.id for i in locked.sessions()} == set(states)
    assert _columns(folder)[0] == 1
    with Store.open(folder, PASS) as store:
        for sid, state in states.items():
            assert store.load(sid) == state
        more = store.new_session("scan", HASH, "nl")  # and it is usable at once
        store.save(more, make_state({"q": "new"}))
    version, columns, sealed_after = _columns(folder)
    assert version == 3 and "answered" not in columns and "steps" not in columns
    assert all(sealed_after[sid] != sealed_before[sid] for sid in states)  # sealed again (today's padding)
    with Store.open(folder, PASS) as store:
        assert {i.id for i in store.sessions()} == set(states) | {more}
        for sid, state in states.items():
            assert store.load(sid) == state


def _format_2(folder: Path) -> dict[str, dict[str, Any]]:
    """A store as dialoog wrote it before format 3: no consent table."""
    states: dict[str, dict[str, Any]] = {}
    with Store.open(folder, PASS, kdf=FAST_KDF) as store:
        for n in range(2):
            sid = store.new_session("scan", HASH, "nl")
            store.save(sid, make_state({f"q{i}": f"answer {n}.{i}" for i in range(3 + n)}, finished=n == 1))
            states[sid] = store.load(sid)
        store.put_record("trainer", "t1", {"kept": True})
    conn = sqlite3.connect(folder / "store.sqlite", isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("DROP TABLE consent")
        conn.execute("PRAGMA user_version = 2")
        conn.execute("COMMIT")
    finally:
        conn.close()
    return states


def test_a_format_2_store_is_listed_and_erased_locked_and_gets_its_consent_table_with_its_passphrase(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    states = _format_2(folder)
    _, _, sealed_before = _columns(folder)
    with Store.open(folder, None, create=False) as locked:  # as it is: listed, no migration
        assert {i.id for i in locked.sessions()} == set(states)
    assert _columns(folder)[0] == 2
    with Store.open(folder, PASS) as store:
        for sid, state in states.items():
            assert store.load(sid) == state
        store.put_record("consent", "k1", {"what": ["levels"]})
        assert store.get_record("consent", "k1") == {"what": ["levels"]}
        assert store.get_record("trainer", "t1") == {"kept": True}
    version, _, sealed_after = _columns(folder)
    assert version == 3
    assert sealed_after == sealed_before  # 2 -> 3 only adds a table: nothing is sealed again

    other = tmp_path / "other"
    _format_2(other)
    with Store.open(other, None, create=False) as locked:  # `forget --all` works on a locked format-2 store
        assert locked.forget_all().sessions == 2
