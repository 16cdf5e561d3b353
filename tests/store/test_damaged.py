"""Damaged and planted stores (review 3.1, 3.2, 3.4, F7, F10, F12): each one opens correctly, or is set
aside with the user told, or is left exactly as it was with a plain message. Never a traceback, never stuck
on "cannot be reached" at every start, never set aside on a passphrase that was not checked."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_helpers import HASH, PASS, make_state

from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.forget import forget_command
from dialoog.keeping.headless import HeadlessError, open_headless
from dialoog.store import (
    FAST_KDF,
    CorruptStore,
    DamagedStore,
    Store,
    StoreUnavailable,
    TamperedData,
    WrongPassphrase,
    moved_aside,
)
from dialoog.store.paths import tighten

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "flows" / "mini.yaml"
FLIPS = int(os.environ.get("DIALOOG_PAGE1_FLIPS", "30"))
"""Bit flips in page 1 per run (the review swept all 4,096 bytes: DIALOOG_PAGE1_FLIPS=4096 does that)."""


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOOG_LANG", "en")


def _reference(folder: Path) -> dict[str, dict[str, Any]]:
    """A store with three sessions (one unfinished) and their states."""
    states: dict[str, dict[str, Any]] = {}
    with Store.open(folder, PASS, kdf=FAST_KDF) as store:
        for n in range(3):
            sid = store.new_session("scan", HASH, "nl")
            state = make_state({f"q{i}": f"answer {n}.{i}" for i in range(12)}, finished=n > 0)
            store.save(sid, state)
            states[sid] = store.load(sid)
    return states


def _raw(folder: Path, *statements: str, params: tuple[Any, ...] = ()) -> None:
    conn = sqlite3.connect(folder / "store.sqlite", isolation_level=None)
    try:
        for sql in statements:
            conn.execute(sql, params) if params else conn.execute(sql)
    finally:
        conn.close()


def _snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Mode, modification time and content of every entry in the folder (and of the folder itself)."""
    seen = {".": (os.stat(folder).st_mode, 0, "")}
    for name in sorted(os.listdir(folder)):
        path = folder / name
        info = os.lstat(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(info.st_mode) else ""
        seen[name] = (info.st_mode, info.st_mtime_ns, digest)
    return seen


# -- page 1 and text columns (review 3.1: UnicodeDecodeError, "cannot be reached") ---------------------------


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("reference") / "data"
    return folder, _reference(folder)


def _schema_text_offsets(folder: Path) -> tuple[int, int]:
    data = (folder / "store.sqlite").read_bytes()[:4096]
    start = data.find(b"CREATE TABLE")
    return start, 4095


def _outcome(folder: Path, states: dict[str, dict[str, Any]]) -> str:
    """Open, list and load everything; the kind of outcome. Anything else raised fails the test."""
    try:
        store = Store.open(folder, PASS)
    except (CorruptStore, DamagedStore) as exc:
        assert "damaged" in exc.message or "could not be read" in exc.message
        return "set aside" if isinstance(exc, CorruptStore) else "left, said"
    with store:
        listed = {i.id for i in store.sessions()}
        for sid, state in states.items():
            if sid in listed:
                with contextlib.suppress(TamperedData):  # or it says it was changed
                    assert store.load(sid) == state  # opened: what loads is what was saved
    return "opened"


@settings(max_examples=FLIPS, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.floats(0, 1), bit=st.sampled_from([7, 7, 7, 0, 3, 5]))
def test_a_flipped_bit_in_page_1_opens_or_is_set_aside(reference: tuple[Path, dict[str, dict[str, Any]]],
                                                        tmp_path_factory: pytest.TempPathFactory,
                                                        where: float, bit: int) -> None:
    """Mostly in the schema text (offsets where the review found 332 tracebacks and 501 stuck stores)."""
    folder, states = reference
    start, end = _schema_text_offsets(folder)
    offset = start + int(where * (end - start))
    copy = tmp_path_factory.mktemp("flip") / "data"
    shutil.copytree(folder, copy)
    path = copy / "store.sqlite"
    data = bytearray(path.read_bytes())
    data[offset] ^= 1 << bit
    path.write_bytes(bytes(data))
    before = data.hex()
    outcome = _outcome(copy, states)
    if outcome == "set aside":  # kept byte for byte
        (kept,) = [p for p in moved_aside(copy) if p.suffix == ".sqlite"]
        assert kept.read_bytes().hex() == before
    if outcome == "left, said":
        assert path.read_bytes().hex() == before
    if outcome != "opened":  # next start: no longer stuck on the same file
        assert outcome == "set aside" or Store.set_aside(copy).is_file()
        Store.open(copy, PASS, kdf=FAST_KDF).close()


def test_the_review_s_schema_byte_is_set_aside_not_a_traceback(tmp_path: Path) -> None:
    """The review's reproduction: bit 7 of the 7th byte of 'CREATE TABLE sessions' on page 1."""
    folder = tmp_path / "data"
    states = _reference(folder)
    path = folder / "store.sqlite"
    data = bytearray(path.read_bytes())
    at = data.find(b"CREATE TABLE sessions", 0, 4096)
    data[at + 6] ^= 0x80
    path.write_bytes(bytes(data))
    with pytest.raises((CorruptStore, DamagedStore)) as info:
        Store.open(folder, PASS)
    assert "damaged" in info.value.message
    assert len(states) == 3


def test_non_utf8_text_in_the_list_is_damage_not_stuck(tmp_path: Path) -> None:
    """A non-UTF-8 `lang` (review 3.2): listed as damaged, the session says it was changed, forget --all works."""
    folder = tmp_path / "data"
    states = _reference(folder)
    sid = next(iter(states))
    _raw(folder, "UPDATE sessions SET lang = CAST(x'6eff' AS TEXT) WHERE id = ?", params=(sid,))
    with Store.open(folder, PASS) as store:
        listed = {i.id: i for i in store.sessions()}
        assert listed[sid].damaged and sid not in {i.id for i in store.sessions(unfinished_only=True)}
        with pytest.raises(TamperedData):
            store.load(sid)
        for other in states.keys() - {sid}:
            assert store.load(other) == states[other]
    out = io.StringIO()
    assert forget_command(folder, None, True, True, stdout=out) == 0
    assert "3 sessions erased" in out.getvalue()


@pytest.mark.parametrize("value", ["1e300", "'many'", "-5", "x'00ff'", "CAST(x'ff00' AS TEXT)"])
def test_odd_times_in_the_list_do_not_stop_forget(tmp_path: Path, value: str) -> None:
    """`updated = 1e300` or a text there (review F7): the list works, and `dialoog forget --all` erases."""
    folder = tmp_path / "data"
    states = _reference(folder)
    _raw(folder, f"UPDATE sessions SET updated = {value}, created = {value}, finished = {value}")
    with Store.open(folder, None, create=False) as store:
        infos = store.sessions()
    assert {i.id for i in infos} == set(states) and all(i.damaged for i in infos)
    out, err = io.StringIO(), io.StringIO()
    assert forget_command(folder, None, True, True, stdout=out, stderr=err) == 0, err.getvalue()
    assert "3 sessions erased" in out.getvalue()
    with Store.open(folder, None, create=False) as store:
        assert store.sessions() == []


def test_deeply_nested_kdf_is_refused_not_a_recursion_error(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _reference(folder)
    _raw(folder, "UPDATE meta SET value = ? WHERE key = 'kdf'", params=("[" * 100_000 + "]" * 100_000,))
    before = _snapshot(folder)
    with pytest.raises(DamagedStore, match="key derivation") as info:
        Store.open(folder, PASS)
    assert not info.value.key_readable and _snapshot(folder) == before  # nothing set aside on an unchecked passphrase
    err = io.StringIO()
    assert forget_command(folder, None, True, True, stdout=io.StringIO(), stderr=err) == 1
    assert "delete these files yourself" in err.getvalue() and str(folder / "store.sqlite") in err.getvalue()


# -- the schema exactly as `create` makes it (F10) ---------------------------------------------------------

PLANTED = {
    "trigger": ("CREATE TABLE shadow(id, w, s)",
                "CREATE TRIGGER keep BEFORE DELETE ON sessions BEGIN "
                "INSERT INTO shadow VALUES (OLD.id, OLD.wrapped_key, OLD.state); END"),
    "extra table": ("CREATE TABLE notes(x)",),
    "view": ("CREATE VIEW everything AS SELECT * FROM sessions",),
    "index": ("CREATE INDEX by_flow ON sessions(flow)",),
    "sessions as a view": ("ALTER TABLE sessions RENAME TO real_sessions",
                           "CREATE VIEW sessions AS SELECT * FROM real_sessions"),
    "a column more": ("ALTER TABLE answers ADD COLUMN copy BLOB",),
}


@pytest.mark.parametrize("planted", list(PLANTED))
def test_a_planted_schema_object_is_refused(tmp_path: Path, planted: str) -> None:
    folder = tmp_path / "data"
    _reference(folder)
    _raw(folder, *PLANTED[planted])
    before = _snapshot(folder)
    # forget (no passphrase) does not write into it: the trigger never runs, the user is told
    err = io.StringIO()
    assert forget_command(folder, None, True, True, stdout=io.StringIO(), stderr=err) == 1
    assert "damaged" in err.getvalue() and _snapshot(folder) == before
    # a wrong passphrase: nothing set aside (the key data is still readable, so it was checked)
    with pytest.raises(WrongPassphrase):
        Store.open(folder, "not the passphrase")
    assert _snapshot(folder) == before
    # the right one: set aside, kept whole, and a new store can begin
    with pytest.raises(CorruptStore, match=r"dialoog does not make|is missing|not as dialoog makes") as info:
        Store.open(folder, PASS)
    assert info.value.moved_to.is_file() and not (folder / "store.sqlite").exists()
    with Store.open(folder, PASS, kdf=FAST_KDF) as fresh:
        assert fresh.sessions() == []


def test_the_review_s_trigger_does_not_defeat_forget(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _reference(folder)
    _raw(folder, *PLANTED["trigger"])
    out, err = io.StringIO(), io.StringIO()
    forget_command(folder, None, True, True, stdout=out, stderr=err)
    assert "sessions erased" not in out.getvalue()
    conn = sqlite3.connect(f"file:{folder / 'store.sqlite'}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM shadow").fetchone() == (0,)
    conn.close()


# -- damaged + wrong passphrase, headless (F12) -------------------------------------------------------------


def _mini_session() -> Session:
    root = MINI.parents[1]
    return Session(load_library(root).flow("mini"), "en", root)


def test_headless_wrong_passphrase_on_a_damaged_store_changes_nothing(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    _reference(folder)
    _raw(folder, "CREATE TABLE notes(x)")
    before = _snapshot(folder)
    monkeypatch.setenv("DIALOOG_PASSPHRASE", "wrong")
    with pytest.raises(HeadlessError, match="passphrase does not open"):
        open_headless(folder, _mini_session(), print)
    assert _snapshot(folder) == before and moved_aside(folder) == []
    monkeypatch.setenv("DIALOOG_PASSPHRASE", PASS)
    said: list[str] = []
    keeper = open_headless(folder, _mini_session(), said.append)  # the right one: set aside, said, new store
    keeper.close()
    assert any("kept as" in s for s in said) and len([p for p in moved_aside(folder) if p.suffix == ".sqlite"]) == 1


def test_headless_refuses_when_the_passphrase_cannot_be_checked(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    _reference(folder)
    _raw(folder, "DELETE FROM meta WHERE key = 'vault'")
    before = _snapshot(folder)
    monkeypatch.setenv("DIALOOG_PASSPHRASE", "anything")
    with pytest.raises(HeadlessError) as info:
        open_headless(folder, _mini_session(), print)
    assert "cannot check" in info.value.message and "move" in info.value.message
    assert _snapshot(folder) == before  # not set aside, no new store under an unchecked passphrase


# -- special files (review 3.4, F12) ------------------------------------------------------------------------


def _opens_within(folder: Path, seconds: float) -> BaseException | None:
    """Store.open on a thread; fails the test if it blocks (a FIFO opened for reading waits for a writer)."""
    found: list[BaseException | None] = []

    def go() -> None:
        try:
            Store.open(folder, PASS, kdf=FAST_KDF).close()
            found.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            found.append(exc)

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():  # unblock it, so the test process can end
        for name in ("store.sqlite", "store.sqlite-wal"):
            if stat.S_ISFIFO(os.lstat(folder / name).st_mode) if os.path.lexists(folder / name) else False:
                with open(os.open(folder / name, os.O_WRONLY | os.O_NONBLOCK), "wb"):
                    pass
        pytest.fail("Store.open blocked on a special file")
    return found[0]


@pytest.mark.parametrize("name", ["store.sqlite", "store.sqlite-wal", "store.sqlite-shm"])
def test_a_fifo_is_refused_at_once(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "data"
    if name != "store.sqlite":
        _reference(folder)
    else:
        folder.mkdir()
    os.mkfifo(folder / name)
    exc = _opens_within(folder, 5)
    assert isinstance(exc, StoreUnavailable) and "named pipe" in exc.message and name in exc.message
    assert stat.S_ISFIFO(os.lstat(folder / name).st_mode)  # left where it is


def test_a_planted_wal_link_is_never_followed_or_chmod_ed(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _reference(folder)
    victim = tmp_path / "victim"
    victim.write_text("precious")
    victim.chmod(0o644)
    (folder / "store.sqlite-wal").symlink_to(victim)
    with pytest.raises(StoreUnavailable, match="symbolic link") as info:
        Store.open(folder, PASS)
    assert "store.sqlite-wal" in info.value.message
    tighten(folder / "store.sqlite")  # and the mode-tightening on its own does not follow it either
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644 and victim.read_text() == "precious"


# -- a wrong passphrase changes no file (item 7, F12) ---------------------------------------------------------


def _left_by_a_kill(folder: Path) -> None:
    """A store whose last user was killed: a write-ahead log and its index are left beside it."""
    code = (
        "import os, signal, sys\n"
        "sys.path.insert(0, sys.argv[2])\n"
        "from store_helpers import PASS, make_state\n"
        "from dialoog.store import Store, FAST_KDF\n"
        "s = Store.open(sys.argv[1], PASS, kdf=FAST_KDF)\n"
        "sid = s.new_session('scan', 'h' * 64, 'nl')\n"
        "for i in range(5): s.save(sid, make_state({f'q{j}': 'x' for j in range(i + 1)}))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    subprocess.run([sys.executable, "-c", code, str(folder), str(Path(__file__).parent)], env=env, check=False)
    assert (folder / "store.sqlite-wal").exists() and (folder / "store.sqlite-shm").exists()


@pytest.mark.parametrize("left", ["closed", "killed"])
def test_a_wrong_passphrase_changes_no_file(tmp_path: Path, left: str) -> None:
    folder = tmp_path / "data"
    if left == "closed":
        _reference(folder)
    else:
        folder.mkdir(mode=0o700)
        _left_by_a_kill(folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    folder.chmod(0o755)
    before = _snapshot(folder)
    with pytest.raises(WrongPassphrase, match="Nothing was changed"):
        Store.open(folder, "not the passphrase")
    assert _snapshot(folder) == before  # no chmod, no -shm rewritten, no side file created
    with Store.open(folder, PASS) as store:  # the right one tightens the modes, and everything is there
        assert store.sessions()
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


# -- forget SESSION and copies set aside; a session erased by another process --------------------------------


def test_forget_one_session_says_a_set_aside_copy_may_still_hold_it(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    states = _reference(folder)
    sid = next(iter(states))
    shutil.copy(folder / "store.sqlite", folder / "store.corrupt-20260101T000000Z.sqlite")
    out = io.StringIO()
    assert forget_command(folder, sid, False, True, stdout=out) == 0
    assert "1 session erased" in out.getvalue()
    assert "may still hold this session" in out.getvalue() and "store.corrupt-20260101T000000Z.sqlite" in out.getvalue()


def test_headless_saving_after_another_process_erased_the_session(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    monkeypatch.setenv("DIALOOG_PASSPHRASE", PASS)
    session = _mini_session()
    said: list[str] = []
    keeper = open_headless(folder, session, said.append)
    try:
        session.answer()
        keeper.save(session)
        assert keeper.persistent and keeper.session_id is not None
        assert forget_command(folder, keeper.session_id, False, True, stdout=io.StringIO()) == 0
        keeper.save(session)  # no UnknownSession escapes
        assert not keeper.persistent
        assert len(said) == 1 and "was erased" in said[0] and "nothing will be kept" in said[0]
    finally:
        keeper.close()


# -- a damaged store that another dialoog has open (the damage rules meet the concurrent opens) --------------


def test_a_damaged_store_in_use_is_set_aside_only_once_the_other_dialoog_closed(tmp_path: Path) -> None:
    """Set aside only with the passphrase checked against its key data AND nobody else using it: the other
    dialoog would go on writing to the moved file. Until then the user is told, and nothing moves."""
    folder = tmp_path / "data"
    states = _reference(folder)
    other = Store.open(folder, PASS)  # another dialoog, still running
    try:
        _raw(folder, "CREATE TABLE notes(x)")
        with pytest.raises(WrongPassphrase):
            Store.open(folder, "not the passphrase")
        with pytest.raises(StoreUnavailable, match="another dialoog has them open"):
            Store.open(folder, PASS)
        with pytest.raises(StoreUnavailable, match="another dialoog has them open"):
            Store.set_aside(folder)  # what the user agreed to on the problem screen waits, too
        assert moved_aside(folder) == [] and (folder / "store.sqlite").is_file()
        assert {i.id for i in other.sessions()} == set(states)  # the running one is not disturbed
    finally:
        other.close()
    with pytest.raises(CorruptStore) as info:
        Store.open(folder, PASS)
    assert moved_aside(folder) == [info.value.moved_to] and not (folder / "store.sqlite").exists()


def test_a_wrong_passphrase_makes_no_lock_file(tmp_path: Path) -> None:
    """A store of before the lock files (or copied from elsewhere): a wrong passphrase is told before the gate,
    so not even the empty lock files appear; the right one makes them."""
    folder = tmp_path / "data"
    _reference(folder)
    for name in ("store.lock", "store.inuse"):
        (folder / name).unlink()
    before = _snapshot(folder)
    with pytest.raises(WrongPassphrase):
        Store.open(folder, "not the passphrase")
    assert _snapshot(folder) == before
    with Store.open(folder, PASS) as store:
        assert store.sessions()
    assert {"store.lock", "store.inuse"} <= set(os.listdir(folder))
