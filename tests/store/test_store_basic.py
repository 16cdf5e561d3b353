"""The store's API: sessions, saving only what changed, listing, records, passphrases, locations."""

from __future__ import annotations

import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from store_helpers import HASH, PASS, make_state

from dialoog.store import (
    FAST_KDF,
    PRACTICE,
    TRAINER,
    KdfParams,
    MemoryStore,
    Store,
    StoreLocked,
    StoreNotFound,
    UnknownSession,
    WrongPassphrase,
    forget,
    passphrase_from_env,
    store_path,
)

NETWORK = [{"name": "Jan de Vries", "category": "family", "answers": {"closeness": "close"}}]


@pytest.fixture(params=["sqlite", "memory"])
def any_store(request: pytest.FixtureRequest, open_store: Callable[..., Store]) -> Any:
    return open_store() if request.param == "sqlite" else MemoryStore()


def test_round_trip(any_store: Any) -> None:
    sid = any_store.new_session("scan", HASH, "nl")
    state = make_state({"role": "minister", "network": NETWORK, "n": 3, "ok": True, "none": None},
                       drafts={"story": "half a sentence"}, declined=["income"])
    state["sub"] = {"entry": 0, "followup": "closeness"}
    any_store.save(sid, state)
    assert any_store.load(sid) == state


def test_persists_across_reopen(open_store: Callable[..., Store]) -> None:
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    state = make_state({"q1": "yes", "network": NETWORK})
    store.save(sid, state)
    store.close()
    assert open_store().load(sid) == state


def test_exists(data_dir: Path, open_store: Callable[..., Store]) -> None:
    assert not Store.exists(data_dir)
    open_store().close()
    assert Store.exists(data_dir)


def test_unsaved_session_is_not_listed(any_store: Any) -> None:
    sid = any_store.new_session("scan", HASH, "nl")
    assert any_store.sessions() == []
    with pytest.raises(UnknownSession):
        any_store.load(sid)
    any_store.save(sid, make_state())
    assert [i.id for i in any_store.sessions()] == [sid]


def test_listing_order_and_fields(any_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(1_700_000_000, 1_700_000_100))
    monkeypatch.setattr(time, "time", lambda: float(next(clock)))
    done = any_store.new_session("scan", HASH, "nl")
    old = any_store.new_session("scan", HASH, "nl")
    new = any_store.new_session("practice", "b" * 64, "en")
    any_store.save(old, make_state({"a": 1}))
    any_store.save(new, make_state({"a": 1, "b": 2}, flow="practice", flow_hash="b" * 64, lang="en"))
    any_store.save(done, make_state({"a": 1}, finished=True))
    infos = any_store.sessions()
    assert [i.id for i in infos] == [new, old, done]
    first = infos[0]
    assert (first.flow, first.flow_hash, first.lang, first.finished, first.damaged) == (
        "practice", "b" * 64, "en", False, False)
    assert first.updated.tzinfo is not None and first.created <= first.updated
    assert [i.id for i in any_store.sessions(unfinished_only=True)] == [new, old]


def test_flow_hash_is_kept_for_comparison(any_store: Any) -> None:
    sid = any_store.new_session("scan", HASH, "nl")
    any_store.save(sid, make_state({"q": 1}, flow_hash="c" * 64))  # content changed, session replayed
    assert any_store.sessions()[0].flow_hash == "c" * 64
    assert any_store.load(sid)["flow_hash"] == "c" * 64


def test_other_flow_is_refused(any_store: Any) -> None:
    sid = any_store.new_session("scan", HASH, "nl")
    any_store.save(sid, make_state())
    with pytest.raises(ValueError, match="belongs to flow"):
        any_store.save(sid, make_state(flow="other"))


def test_not_json_changes_nothing(any_store: Any) -> None:
    sid = any_store.new_session("scan", HASH, "nl")
    good = make_state({"q": "yes"})
    any_store.save(sid, good)
    for bad in (make_state({"q": object()}), make_state({"q": float("nan")}), {**good, "drafts": {1j: 2}}):
        with pytest.raises((TypeError, ValueError)):
            any_store.save(sid, bad)
    assert any_store.load(sid) == good


def test_forget_one_and_all(any_store: Any) -> None:
    a, b = (any_store.new_session("scan", HASH, "nl") for _ in range(2))
    for sid in (a, b):
        any_store.save(sid, make_state({"q": sid}))
    any_store.put_record(TRAINER, "deck-1", {"cards": [1, 2]})
    assert forget(any_store, a).sessions == 1
    assert forget(any_store, a).sessions == 0
    assert [i.id for i in any_store.sessions()] == [b]
    with pytest.raises(UnknownSession):
        any_store.load(a)
    assert forget(any_store, None).sessions == 1
    assert any_store.sessions() == [] and any_store.record_ids(TRAINER) == []


def test_records(any_store: Any) -> None:
    any_store.put_record(TRAINER, "group-a", {"cards": ["k1"], "notes": "x"})
    any_store.put_record(PRACTICE, "deck", {"seen": 3})
    any_store.put_record(PRACTICE, "deck", {"seen": 4})
    assert any_store.get_record(TRAINER, "group-a") == {"cards": ["k1"], "notes": "x"}
    assert any_store.get_record(PRACTICE, "deck") == {"seen": 4}
    assert any_store.get_record(PRACTICE, "nope") is None
    assert any_store.record_ids(PRACTICE) == ["deck"]
    assert any_store.delete_record(PRACTICE, "deck") and not any_store.delete_record(PRACTICE, "deck")
    with pytest.raises(ValueError):
        any_store.put_record("diary", "x", 1)


def _rows(path: Path) -> dict[bytes, bytes]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT tag, value FROM answers"))
    finally:
        conn.close()


def test_only_changed_answers_are_rewritten(open_store: Callable[..., Store], data_dir: Path) -> None:
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    store.save(sid, make_state({"a": 1, "b": "two", "c": [3]}))
    tag = store._open[sid].keys.tag
    before = _rows(data_dir / "store.sqlite")
    assert len(before) == 16  # three answers and 13 filler rows (ROWS_MIN)
    store.save(sid, make_state({"a": 1, "b": "TWO", "c": [3]}, drafts={"d": "typing"}))
    after = _rows(data_dir / "store.sqlite")
    assert len(set(before.items()) & set(after.items())) == 15  # a, c and the filler untouched, b rewritten
    assert before[tag("b")] != after[tag("b")]
    store.save(sid, make_state({"a": 1}))
    left = _rows(data_dir / "store.sqlite")
    assert tag("a") in left and tag("b") not in left and tag("c") not in left  # removed answers are deleted
    assert len(left) == 16
    assert store.load(sid)["answers"] == {"a": 1}


def test_resume_in_a_new_process_then_save(open_store: Callable[..., Store]) -> None:
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    store.save(sid, make_state({"a": 1, "b": 2}))
    store.close()
    again = open_store()
    again.save(sid, make_state({"a": 1, "b": 3, "c": 4}))  # loads (verifies) the session first
    assert again.load(sid)["answers"] == {"a": 1, "b": 3, "c": 4}


def test_two_stores_on_one_file(open_store: Callable[..., Store]) -> None:
    one, two = open_store(), open_store()
    sid = one.new_session("scan", HASH, "nl")
    one.save(sid, make_state({"a": 1, "b": 2}))
    assert two.load(sid)["answers"] == {"a": 1, "b": 2}
    one.save(sid, make_state({"a": 10, "b": 2}))
    two.save(sid, make_state({"a": 1, "b": 20}))  # two's idea of 'a' is stale: it writes its own again
    assert open_store().load(sid)["answers"] == {"a": 1, "b": 20}
    one.forget(sid)
    with pytest.raises(UnknownSession):
        two.save(sid, make_state({"a": 1}))  # erased elsewhere: not brought back


def test_saving_from_threads(open_store: Callable[..., Store]) -> None:
    store = open_store()
    sids = [store.new_session("scan", HASH, "nl") for _ in range(4)]
    errors: list[BaseException] = []

    def work(sid: str) -> None:
        try:
            for i in range(20):
                store.save(sid, make_state({f"q{j}": j for j in range(i + 1)}))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(sid,)) for sid in sids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(len(store.load(sid)["answers"]) == 20 for sid in sids)


def test_passphrase_rules(data_dir: Path, open_store: Callable[..., Store]) -> None:
    with pytest.raises(StoreNotFound):
        Store.open(data_dir, PASS, create=False)
    assert not data_dir.exists()  # asking created nothing
    with pytest.raises(ValueError):
        Store.open(data_dir, "", kdf=FAST_KDF)
    with pytest.raises(ValueError):
        Store.open(data_dir, None)
    assert not Store.exists(data_dir)
    composed = unicodedata.normalize("NFC", "geheim café")
    open_store(composed).close()
    open_store(unicodedata.normalize("NFD", composed)).close()  # the same passphrase, typed differently


def test_change_passphrase(open_store: Callable[..., Store]) -> None:
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    store.save(sid, make_state({"q": "kept"}))
    store.change_passphrase("a new one")
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store()
    assert open_store("a new one").load(sid)["answers"] == {"q": "kept"}


def test_locked_store_lists_and_erases_only(open_store: Callable[..., Store]) -> None:
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    store.save(sid, make_state({"q": 1}))
    store.put_record(TRAINER, "t", 1)
    store.close()
    locked = open_store(None)
    assert locked.locked and [i.id for i in locked.sessions()] == [sid]
    assert locked.record_ids(TRAINER) == ["t"]
    for call in (lambda: locked.load(sid), lambda: locked.save(sid, make_state()),
                 lambda: locked.new_session("scan", HASH, "nl"), lambda: locked.get_record(TRAINER, "t")):
        with pytest.raises(StoreLocked):
            call()
    assert locked.forget(sid).sessions == 1
    assert open_store().sessions() == []


def test_data_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store_path() == tmp_path / "xdg" / "dialoog" / "store.sqlite"
    monkeypatch.setenv("DIALOOG_DATA_DIR", str(tmp_path / "env"))
    assert store_path() == tmp_path / "env" / "store.sqlite"
    assert store_path(tmp_path / "arg") == tmp_path / "arg" / "store.sqlite"
    Store.open(None, PASS, kdf=FAST_KDF).close()
    assert (tmp_path / "env" / "store.sqlite").is_file()


def test_passphrase_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert passphrase_from_env() is None
    monkeypatch.setenv("DIALOOG_PASSPHRASE", "")
    assert passphrase_from_env() is None
    monkeypatch.setenv("DIALOOG_PASSPHRASE", "s3cret words")
    assert passphrase_from_env() == "s3cret words"
    assert passphrase_from_env({"DIALOOG_PASSPHRASE": "x"}) == "x"


@pytest.mark.serial  # a time limit on real scrypt work: no other test competes for the CPU
def test_default_cost_opens_well_under_a_second(data_dir: Path) -> None:
    Store.open(data_dir, PASS).close()  # the default scrypt parameters
    t0 = time.process_time()  # scrypt is CPU work: its CPU time is what a quiet machine's wall time would be
    Store.open(data_dir, PASS).close()
    assert time.process_time() - t0 < 1.0
    default = KdfParams()
    assert (default.n, default.r, default.p) >= (2**17, 8, 1)  # OWASP's minimum for scrypt
    assert default.n >= 2**17 and default.r >= 8 and default.p >= 1


def test_memory_store_adopts_a_session() -> None:
    memory = MemoryStore()
    assert memory.persistent is False and memory.path is None
    memory.save("abc123", make_state({"q": 1}))
    assert memory.load("abc123")["answers"] == {"q": 1}
    assert memory.sessions()[0].id == "abc123"


def test_a_store_made_with_the_earlier_default_cost_still_opens(data_dir: Path) -> None:
    Store.open(data_dir, PASS, kdf=KdfParams(n=2**16)).close()  # the default before OWASP's minimum
    with Store.open(data_dir, PASS) as store:
        assert store.sessions() == []
