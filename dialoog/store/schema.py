"""The store's tables, and the checks that a file really is a dialoog store.

Plaintext on disk is limited to what is not sensitive: session ids, flow ids and
content hashes, language, created/updated times and the finished flag. Answers,
names, drafts, the current question, the history and every count of them are
sealed (see `crypto`); sealed blobs and the number of answer rows are padded
(see `store`), so their sizes do not tell how much was answered either.

Format 1 also had plaintext `answered` and `steps` columns in `sessions`; `migrate`
drops them (format 2). Format 3 adds the `consent` records (what a user agreed to export, and when);
`migrate` adds the empty table to a store of format 2.

`check` compares the whole schema (every table, index, view and trigger in
`sqlite_master`, and each table's columns, keys and indexes) with the one `create`
makes: a planted trigger, view, index or table makes the file "not a store".
"""

from __future__ import annotations

import sqlite3
from functools import cache
from typing import Any

APPLICATION_ID = 0x444C4F47  # "DLOG", in the SQLite header (PRAGMA application_id)
SCHEMA_VERSION = 3  # PRAGMA user_version
READABLE_VERSIONS = (1, 2, 3)
"""Formats this program opens; older ones are migrated once the passphrase is known."""

RECORD_TABLES = ("trainer", "practice", "consent")
"""Trainer records, practice progress and consent records: sealed JSON keyed by a (non-sensitive) id."""
_RECORD_TABLES_V2 = RECORD_TABLES[:2]
"""The record tables of formats 1 and 2 (format 3 added `consent`)."""

_SESSIONS_V1_COUNTS = """        answered INTEGER NOT NULL DEFAULT 0,
        steps INTEGER NOT NULL DEFAULT 0,
"""


def _record_ddl(table: str) -> str:
    return f"""CREATE TABLE {table} (
        id TEXT PRIMARY KEY,
        updated REAL NOT NULL,
        value BLOB NOT NULL
    ) WITHOUT ROWID"""


def record_tables(version: int) -> tuple[str, ...]:
    """The record tables a store of format `version` has."""
    return RECORD_TABLES if version >= 3 else _RECORD_TABLES_V2


def _ddl(version: int) -> tuple[str, ...]:
    counts = _SESSIONS_V1_COUNTS if version == 1 else ""
    return (
        """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
    ) WITHOUT ROWID""",
        f"""CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        flow TEXT NOT NULL,
        flow_hash TEXT NOT NULL,
        lang TEXT NOT NULL,
        created REAL NOT NULL,
        updated REAL NOT NULL,
        finished INTEGER NOT NULL DEFAULT 0,
{counts}        wrapped_key BLOB NOT NULL,
        state BLOB NOT NULL
    ) WITHOUT ROWID""",
        """CREATE TABLE answers (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        tag BLOB NOT NULL,
        value BLOB NOT NULL,
        PRIMARY KEY (session_id, tag)
    ) WITHOUT ROWID""",
        *(_record_ddl(table) for table in record_tables(version)),
    )


DDL = _ddl(SCHEMA_VERSION)
TABLES = ("meta", "sessions", "answers", *RECORD_TABLES)
META_KEYS = ("kdf", "vault")


class NotAStore(Exception):
    """The file is not (or no longer) a readable dialoog store; `str()` says why."""


class NewerStore(Exception):
    """A dialoog store written by a newer version: leave it alone."""


def create(conn: sqlite3.Connection, version: int = SCHEMA_VERSION) -> None:
    """Create the tables (inside the caller's transaction). `version` other than the current one: tests."""
    for statement in _ddl(version):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {version}")


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring a store of format `version` to the current one (inside the caller's write transaction)."""
    if version == 1:
        conn.execute("ALTER TABLE sessions DROP COLUMN answered")
        conn.execute("ALTER TABLE sessions DROP COLUMN steps")
        conn.execute("PRAGMA user_version = 2")
        version = 2
    if version == 2:
        conn.execute(_record_ddl("consent"))
        conn.execute("PRAGMA user_version = 3")


def check_integrity(conn: sqlite3.Connection, full: bool = False) -> None:
    rows = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
    if rows != [("ok",)] and rows != [(b"ok",)]:
        first = rows[0][0] if rows else "no result"
        text = first.decode("utf-8", "replace") if isinstance(first, bytes) else str(first)
        raise NotAStore(f"integrity check failed: {text[:200]}")


def _describe(conn: sqlite3.Connection) -> tuple[Any, ...]:
    """The schema as SQLite sees it: every object in sqlite_master, and per table its columns (type, NOT NULL,
    default, key), foreign keys, indexes and their columns, kind (table or view) and WITHOUT ROWID."""
    objects = sorted(tuple(row) for row in conn.execute("SELECT type, name, tbl_name FROM main.sqlite_master"))
    tables = []
    for table in TABLES:
        listed = conn.execute("SELECT type, ncol, wr, strict FROM pragma_table_list WHERE schema = 'main' "
                              "AND name = ?", (table,)).fetchall()
        columns = conn.execute("SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden "
                               "FROM pragma_table_xinfo(?)", (table,)).fetchall()
        keys = conn.execute("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete, match "
                            "FROM pragma_foreign_key_list(?)", (table,)).fetchall()
        indexes = []
        for _, name, unique, origin, partial in conn.execute(
            "SELECT seq, name, \"unique\", origin, partial FROM pragma_index_list(?) ORDER BY name", (table,)
        ).fetchall():
            parts = conn.execute("SELECT seqno, cid, name, \"desc\", coll, key FROM pragma_index_xinfo(?)",
                                 (name,)).fetchall()
            indexes.append((name, unique, origin, partial, tuple(parts)))
        tables.append((table, tuple(listed), tuple(columns), tuple(keys), tuple(indexes)))
    return tuple(objects), tuple(tables)


def _as_bytes(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, tuple):
        return tuple(_as_bytes(v) for v in value)
    return value


@cache
def _reference(version: int) -> tuple[Any, ...]:
    """What `create` (and, for old formats, `migrate`) makes, described the same way."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.text_factory = bytes
        create(conn, version if version in READABLE_VERSIONS else SCHEMA_VERSION)
        return _describe(conn)
    finally:
        conn.close()


def check(conn: sqlite3.Connection) -> int:
    """The store's format. NotAStore unless this is a dialoog store of a format we read, with exactly the
    schema `create` makes; NewerStore for a newer one. Text comes back as bytes here (a damaged name or
    value is reported, not a UnicodeDecodeError)."""
    factory = conn.text_factory
    conn.text_factory = bytes
    try:
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app != APPLICATION_ID:
            raise NotAStore("not a dialoog store" if app else "not a dialoog store (no application id)")
        if version > SCHEMA_VERSION:
            raise NewerStore(f"store format {version} is newer than this program ({SCHEMA_VERSION})")
        if version not in READABLE_VERSIONS:
            raise NotAStore(f"unknown store format {version}")
        found = _describe(conn)
        if found != _reference(version):
            raise NotAStore(_difference(found, _reference(version)))
        keys = {_as_bytes(row[0]) for row in conn.execute("SELECT key FROM meta")}
    finally:
        conn.text_factory = factory
    missing = [k for k in META_KEYS if k.encode() not in keys]
    if missing:
        raise NotAStore(f"missing key data ({', '.join(missing)})")
    return int(version)


def _difference(found: tuple[Any, ...], expected: tuple[Any, ...]) -> str:
    """Say in a few words what is not as `create` makes it."""
    def name(raw: Any) -> str:
        return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)

    extra = sorted(set(found[0]) - set(expected[0]))
    if extra:
        kind, what, _ = extra[0]
        return f"the file holds a {name(kind)} '{name(what)}' that dialoog does not make"
    missing = sorted(set(expected[0]) - set(found[0]))
    if missing:
        kind, what, _ = missing[0]
        return f"the {name(kind)} '{name(what)}' is missing"
    for got, want in zip(found[1], expected[1], strict=True):
        if got != want:
            return f"table '{name(want[0])}' is not as dialoog makes it"
    return "the schema is not as dialoog makes it"  # pragma: no cover - some difference is always named above
