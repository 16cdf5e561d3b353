"""A damaged write-ahead log is detected, kept and told, never lost in silence (review F2).

The reference is what a crash leaves: a store whose last 20 saves (one answer each) are only in the log, its
index (`-shm`) beside it, the process killed with SIGKILL. Each trial copies it, damages the log (one random
bit, as the review did 400 times, or a cut to one of the review's sizes) and opens the copy as dialoog does.
SQLite then reads the log only up to the damage; what the user must get: every lost save reported (how
many: exactly, or "at least"), none in silence, and a byte-for-byte copy of the damaged log kept beside the
store. Also without the index (a copy of the folder, or a tidy-up, may lose it): bit flips are still seen.

`DIALOOG_WAL_FLIPS` sets the number of bit flips (default 24; the review's figure is 400).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import HASH, PASS, make_state

from dialoog.store import FAST_KDF, Store, UnknownSession, moved_aside
from dialoog.store.wal import WalLoss, checksum, inspect

FLIPS = int(os.environ.get("DIALOOG_WAL_FLIPS", "24"))
SAVES = 20
REPO = Path(__file__).resolve().parents[2]
CHILD = """
import os, signal, sys
sys.path.insert(0, sys.argv[2])
from store_helpers import HASH, PASS, make_state
from dialoog.store import Store
store = Store.open(sys.argv[1], PASS, create=False)
sid = store.new_session("scan", HASH, "nl")
answers = {}
for i in range(int(sys.argv[3])):
    answers[f"q{i}"] = f"answer {i} " + "x" * (i * 37)
    store.save(sid, make_state(answers))
print(sid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.fixture(scope="module")
def crashed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data folder as a crash leaves it: 20 saves only in the log, the log's index beside it."""
    folder = tmp_path_factory.mktemp("crashed") / "data"
    Store.open(folder, PASS, kdf=FAST_KDF).close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIALOOG_")}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(Path(__file__).parent), str(SAVES)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert (folder / "store.sqlite-wal").stat().st_size > 0 and (folder / "store.sqlite-shm").exists()
    return folder, done.stdout.split()[0]


def _copy(folder: Path, to: Path, index: bool = True) -> Path:
    to.mkdir(parents=True)
    for name in ("store.sqlite", "store.sqlite-wal", "store.sqlite-shm"):
        if index or name != "store.sqlite-shm":
            shutil.copy2(folder / name, to / name)
    return to


def _answers_back(folder: Path, sid: str) -> tuple[int, WalLoss | None]:
    """Open as dialoog does: how many of the 20 answers come back, and what the store reported."""
    with Store.open(folder, PASS, create=False) as store:
        loss = store.wal_loss
        try:
            return len(store.load(sid)["answers"]), loss
        except UnknownSession:  # the session's first save was lost too
            return 0, loss


def _check_trial(folder: Path, sid: str, damaged: bytes, what: str) -> int:
    back, loss = _answers_back(folder, sid)
    lost = SAVES - back
    if lost == 0:
        assert loss is None, f"{what}: nothing was lost, but a loss was reported: {loss}"
        return 0
    assert loss is not None, f"{what}: {lost} acknowledged answers lost in silence"
    if loss.exact:
        assert loss.lost == lost, f"{what}: {lost} lost, {loss.lost} reported"
    else:
        assert 1 <= loss.lost <= lost, f"{what}: {lost} lost, 'at least {loss.lost}' reported"
    assert loss.kept is not None and loss.kept in moved_aside(folder)
    kept_log = loss.kept.with_name(loss.kept.name + "-wal")
    if damaged:
        assert kept_log.read_bytes() == damaged, f"{what}: the damaged log was not kept byte for byte"
    assert str(loss.kept) in loss.message and "could not be read back" in loss.message
    return lost


def test_an_intact_log_after_a_crash_loses_nothing_and_says_nothing(crashed: tuple[Path, str],
                                                                      tmp_path: Path) -> None:
    folder, sid = crashed
    trial = _copy(folder, tmp_path / "intact")
    assert inspect(trial / "store.sqlite") is None
    assert _answers_back(trial, sid) == (SAVES, None)
    assert moved_aside(trial) == []


@pytest.mark.parametrize("index", [True, False], ids=["with its index", "without its index"])
def test_every_bit_flip_in_the_log_is_reported_and_kept(crashed: tuple[Path, str], tmp_path: Path,
                                                        index: bool) -> None:
    folder, sid = crashed
    log = (folder / "store.sqlite-wal").read_bytes()
    rng = random.Random(20261201 + index)
    flips = FLIPS if index else max(8, FLIPS // 3)
    total = 0
    for trial in range(flips):
        where = rng.randrange(len(log) * 8)
        damaged = bytearray(log)
        damaged[where // 8] ^= 1 << (where % 8)
        target = _copy(folder, tmp_path / f"flip{trial}", index)
        (target / "store.sqlite-wal").write_bytes(bytes(damaged))
        total += _check_trial(target, sid, bytes(damaged), f"bit {where} of {len(log) * 8}")
    print(f"\n{flips} bit flips in the log ({'with' if index else 'without'} its index): {total} answers lost, "
          "every loss reported, every damaged log kept")
    assert total > 0  # the trials really damaged something


CUTS = {"0": 0, "16": 16, "32": 32, "4000": 4000, "a quarter": -4, "half": -2, "size - 4096": 4096,
        "size - 100": 100, "size - 1": 1}


@pytest.mark.parametrize("cut", list(CUTS))
def test_a_log_cut_short_is_reported_and_kept(crashed: tuple[Path, str], tmp_path: Path, cut: str) -> None:
    folder, sid = crashed
    log = (folder / "store.sqlite-wal").read_bytes()
    amount = CUTS[cut]
    size = amount if cut in ("0", "16", "32", "4000") else len(log) // -amount if amount < 0 else len(log) - amount
    target = _copy(folder, tmp_path / "cut")
    (target / "store.sqlite-wal").write_bytes(log[:size])
    lost = _check_trial(target, sid, log[:size], f"log cut to {size} of {len(log)} bytes")
    assert lost > 0


def test_play_tells_how_many_saves_were_lost(crashed: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = crashed
    target = _copy(folder, tmp_path / "play")
    log = (target / "store.sqlite-wal").read_bytes()
    (target / "store.sqlite-wal").write_bytes(log[: len(log) // 2])
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIALOOG_")}
    env.update(DIALOOG_PASSPHRASE=PASS, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "dialoog", "play", "scan", "--auto", "low", "--data-dir",
                           str(target)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "The log of the latest saves was damaged" in done.stderr
    assert "could not be read back" in done.stderr and "store.corrupt-" in done.stderr
    assert len([p for p in moved_aside(target) if p.suffix == ".sqlite"]) == 1


def test_a_checkpoint_empties_the_log(open_store, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store()
    sid = store.new_session("scan", HASH, "nl")
    for i in range(5):
        store.save(sid, make_state({f"q{n}": n for n in range(i + 1)}))
    assert (data_dir / "store.sqlite-wal").stat().st_size > 0
    assert store.checkpoint()
    assert (data_dir / "store.sqlite-wal").stat().st_size == 0  # a damaged log can lose nothing from before
    assert store.load(sid)["answers"] == {f"q{n}": n for n in range(5)}


def test_the_keeper_checkpoints_at_the_end_of_a_module(tmp_path: Path) -> None:
    from dialoog.engine import Session
    from dialoog.flow.library import load_library
    from dialoog.keeping.keeper import Keeper
    from dialoog.play import auto, run

    root = REPO / "tests" / "fixtures" / "mini"
    session = Session(load_library(root, strict=True).flow("mini"), "nl", root)
    keeper = Keeper(Store.open(tmp_path / "data", PASS, kdf=FAST_KDF))
    log = tmp_path / "data" / "store.sqlite-wal"
    answerer = auto("high", 1)
    sizes: list[tuple[str, int]] = []

    def answer(s: Session, turn: object) -> object:
        keeper.save(s)
        sizes.append((s.node.module if s.node else "", log.stat().st_size))
        return answerer(s, turn)  # type: ignore[arg-type]

    run(session, answer)  # type: ignore[arg-type]
    keeper.save(session)
    modules = [m for m, _ in sizes]
    first_of_second = modules.index(modules[-1])
    assert modules[0] != modules[-1], "the flow has two modules"
    assert sizes[first_of_second][1] == 0, "the log was emptied when the first module ended"
    assert log.stat().st_size == 0, "and when the session ended"
    keeper.close()


def test_checksum_is_sqlites() -> None:
    # From the format: s0 += x0 + s1; s1 += x1 + s0, over 32-bit words.
    words = [1, 2, 3, 4]
    s0 = s1 = 0
    for x0, x1 in zip(words[0::2], words[1::2], strict=True):
        s0 = (s0 + x0 + s1) & 0xFFFFFFFF
        s1 = (s1 + x1 + s0) & 0xFFFFFFFF
    data = b"".join(w.to_bytes(4, "big") for w in words)
    assert checksum(data, True) == (s0, s1)
    assert checksum(b"".join(w.to_bytes(4, "little") for w in words), False) == (s0, s1)


def test_a_log_removed_after_a_crash_is_reported(crashed: tuple[Path, str], tmp_path: Path) -> None:
    folder, sid = crashed
    target = _copy(folder, tmp_path / "removed")
    (target / "store.sqlite-wal").unlink()  # the index a crash leaves still says what the log held
    assert _check_trial(target, sid, b"", "log removed") == SAVES
