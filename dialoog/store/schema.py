"""The store's tables, and the checks that a file really is a dialoog store.

Plaintext on disk is limited to what is not sensitive: session ids, flow ids and
content hashes, language, created/updated times, the finished flag, and counts
(answers given, steps taken) for the list of sessions to resume. Answers, names,
drafts, the current question and the history are sealed (see `crypto`).
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x444C4F47  # "DLOG", in the SQLite header (PRAGMA application_id)
SCHEMA_VERSION = 1  # PRAGMA user_version

RECORD_TABLES = ("trainer", "practice")
"""Trainer records and practice progress: sealed JSON keyed by a (non-sensitive) id."""

DDL = (
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        flow TEXT NOT NULL,
        flow_hash TEXT NOT NULL,
        lang TEXT NOT NULL,
        created REAL NOT NULL,
        updated REAL NOT NULL,
        finished INTEGER NOT NULL DEFAULT 0,
        answered INTEGER NOT NULL DEFAULT 0,
        steps INTEGER NOT NULL DEFAULT 0,
        wrapped_key BLOB NOT NULL,
        state BLOB NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE answers (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        tag BLOB NOT NULL,
        value BLOB NOT NULL,
        PRIMARY KEY (session_id, tag)
    ) WITHOUT ROWID""",
    *(
        f"""CREATE TABLE {table} (
        id TEXT PRIMARY KEY,
        updated REAL NOT NULL,
        value BLOB NOT NULL
    ) WITHOUT ROWID"""
        for table in RECORD_TABLES
    ),
)

EXPECTED_COLUMNS: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "sessions": ("id", "flow", "flow_hash", "lang", "created", "updated", "finished", "answered", "steps",
                 "wrapped_key", "state"),
    "answers": ("session_id", "tag", "value"),
    **{table: ("id", "updated", "value") for table in RECORD_TABLES},
}
META_KEYS = ("kdf", "vault")


class NotAStore(Exception):
    """The file is not (or no longer) a readable dialoog store; `str()` says why."""


class NewerStore(Exception):
    """A dialoog store written by a newer version: leave it alone."""


def create(conn: sqlite3.Connection) -> None:
    """Create the tables (inside the caller's transaction)."""
    for statement in DDL:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def check_integrity(conn: sqlite3.Connection) -> None:
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        first = str(rows[0][0]) if rows else "no result"
        raise NotAStore(f"integrity check failed: {first[:200]}")


def check(conn: sqlite3.Connection) -> None:
    """NotAStore unless this is a dialoog store of a version we read; NewerStore for a newer one."""
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app != APPLICATION_ID:
        raise NotAStore("not a dialoog store" if app else "not a dialoog store (no application id)")
    if version > SCHEMA_VERSION:
        raise NewerStore(f"store format {version} is newer than this program ({SCHEMA_VERSION})")
    if version != SCHEMA_VERSION:
        raise NotAStore(f"unknown store format {version}")
    for table, columns in EXPECTED_COLUMNS.items():
        found = tuple(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))
        if found != columns:
            raise NotAStore(f"table '{table}' is missing or has the wrong columns")
    keys = {row[0] for row in conn.execute("SELECT key FROM meta")}
    missing = [k for k in META_KEYS if k not in keys]
    if missing:
        raise NotAStore(f"missing key data ({', '.join(missing)})")
