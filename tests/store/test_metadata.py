"""What the file says without the passphrase (review F8): the real scan played with 0, 1, 5 or 20 people in
the network, one person with a name of 2 to 80 characters, and each of the six roles. Every plaintext column
and every blob size must be the same across the variants: nothing readable tells how many people were
named, how long their names are, which role was chosen or how many questions were answered."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from store_helpers import PASS

from dialoog.cli import load_flow
from dialoog.engine import Session, Turn
from dialoog.play import auto, run
from dialoog.store import FAST_KDF, Store

ROLES = ("bewindspersoon", "topambtenaar", "burgemeester", "wethouder", "gemeentesecretaris", "raadslid")


def _played(role: str, names: list[str]) -> dict[str, Any]:
    """The scan played the 'high' way, with this role and these people in the network list."""
    flow, root = load_flow("scan")
    plain = auto("high")

    def answer(session: Session, turn: Turn) -> Any:
        node = session.flow.nodes[turn.node]
        if turn.followup is None and node.id == "role":
            return role
        if turn.followup is None and node.kind == "network":
            cats = [c.value for c in node.categories]
            return [{"name": name, "category": cats[i % len(cats)]} for i, name in enumerate(names)]
        return plain(session, turn)

    session = Session(flow, "nl", root)
    run(session, answer)
    state: dict[str, Any] = session.to_dict()
    return state


VARIANTS: dict[str, tuple[str, list[str]]] = {
    **{f"{n} people": ("topambtenaar", [f"P{i}." for i in range(n)]) for n in (0, 1, 5, 20)},
    **{f"a name of {n}": ("topambtenaar", ["N" * n]) for n in (2, 10, 30, 60, 80)},
    **{f"role {role}": (role, ["P0."]) for role in ROLES},
    "20 names of 80": ("topambtenaar", [f"{i:02d}" + "N" * 78 for i in range(20)]),  # the largest network
}


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], dict[str, dict[str, Any]]]:
    data_dir = tmp_path_factory.mktemp("metadata") / "data"
    ids: dict[str, str] = {}
    states: dict[str, dict[str, Any]] = {}
    with Store.open(data_dir, PASS, kdf=FAST_KDF) as store:
        for name, (role, names) in VARIANTS.items():
            state = _played(role, names)
            sid = store.new_session(state["flow"], state["flow_hash"], state["lang"])
            store.save(sid, state)
            ids[name], states[name] = sid, state
    return data_dir, ids, states


def _at_rest(data_dir: Path, sid: str) -> dict[str, Any]:
    """What anyone who can read the file sees of one session (read-only, no key)."""
    conn = sqlite3.connect(f"file:{data_dir / 'store.sqlite'}?mode=ro", uri=True)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(sessions)")]
        row = dict(zip(columns, conn.execute("SELECT * FROM sessions WHERE id = ?", (sid,)).fetchone(), strict=True))
        sizes = sorted(r[0] for r in conn.execute("SELECT length(value) FROM answers WHERE session_id = ?", (sid,)))
        tags = {r[0] for r in conn.execute("SELECT length(tag) FROM answers WHERE session_id = ?", (sid,))}
    finally:
        conn.close()
    return {
        "columns": columns,
        # what differs by nature (the random id, the times it was made and saved) is left out
        "plaintext": {k: v for k, v in row.items() if k not in ("id", "created", "updated", "wrapped_key", "state")},
        "wrapped key": len(row["wrapped_key"]),
        "state": len(row["state"]),
        "answer rows": len(sizes),
        "answer sizes": set(sizes),
        "tag sizes": tags,
    }


def test_the_variants_really_differ(stored: tuple[Path, dict[str, str], dict[str, dict[str, Any]]]) -> None:
    """The experiment means something: the played states differ in what the review saw leak."""
    _, _, states = stored
    answered = {len(s["answers"]) for s in states.values()}
    steps = {len(s["history"]) for s in states.values()}
    people = {len(s["answers"].get("network") or []) for s in states.values()}
    assert len(answered) > 1 and len(steps) >= 4 and people == {0, 1, 5, 20}


def test_nothing_readable_differs(stored: tuple[Path, dict[str, str], dict[str, dict[str, Any]]]) -> None:
    data_dir, ids, _ = stored
    seen = {name: _at_rest(data_dir, sid) for name, sid in ids.items()}
    first = next(iter(seen.values()))
    assert "answered" not in first["columns"] and "steps" not in first["columns"]
    for name, found in seen.items():
        assert found == first, f"{name}: {found} differs from {first}"
    assert first["answer sizes"] == {1 + 12 + 256 + 16}  # version, nonce, ANSWER_SIZE, GCM tag
    assert first["state"] == 1 + 12 + 32 * 1024 + 16


def test_every_variant_loads_as_saved(stored: tuple[Path, dict[str, str], dict[str, dict[str, Any]]],
                                      tmp_path: Path) -> None:
    data_dir, ids, states = stored
    with Store.open(data_dir, PASS) as store:
        for name, sid in ids.items():
            assert store.load(sid) == states[name], name


def test_the_list_before_unlocking_says_only_that_and_when(
    stored: tuple[Path, dict[str, str], dict[str, dict[str, Any]]],
) -> None:
    """Opened without the passphrase (as the terminal app does to offer to continue), a session is listed by
    id, flow, language, when, and whether it is finished: no count of answers or steps."""
    data_dir, ids, _ = stored
    with Store.open(data_dir, None, create=False) as store:
        infos = store.sessions()
    assert {i.id for i in infos} == set(ids.values())
    fields = set(type(infos[0]).__dataclass_fields__)
    assert fields == {"id", "flow", "flow_hash", "lang", "created", "updated", "finished", "damaged"}


