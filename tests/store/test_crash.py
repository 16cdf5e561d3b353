"""kill -9 at random moments: every acknowledged answer survives, and the file stays sound.

Two workers run side by side on one database (the harness takes about 25 s on 2
cores). Each run starts a child that opens the store, continues its unfinished
session (checking every answer it finds) or starts a new one, and saves answers
in a loop, printing each key only after `save` returned. The parent kills it with
SIGKILL at a random moment: mostly while it is saving, sometimes while it is still
starting, opening or recovering the WAL. `DIALOOG_KILLS` sets the number of kills.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest
from store_helpers import PASS, crash_value

from dialoog.store import FAST_KDF, Store, moved_aside

CHILD = Path(__file__).with_name("crash_child.py")
REPO = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("DIALOOG_KILLS", "200"))
FIRST_STARTS = int(os.environ.get("DIALOOG_FIRST_START_ROUNDS", "4"))
WORKERS = 2

pytestmark = pytest.mark.serial  # machine-heavy: runs while no other test runs


def _read_until(fd: int, buf: bytearray, marker: bytes, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while marker not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                return False
            buf += chunk
    return True


def _drain(fd: int, buf: bytearray) -> None:
    while chunk := os.read(fd, 65536):
        buf += chunk


class Worker(threading.Thread):
    def __init__(self, wid: int, runs: int, data_dir: Path, seed: int, create: bool = False,
                 at_start: float = 0.15) -> None:
        super().__init__(daemon=True)
        self.wid, self.runs, self.data_dir = wid, runs, data_dir
        self.create, self.at_start = create, at_start
        self.rng = random.Random(seed)
        self.acked: dict[str, list[str]] = defaultdict(list)
        self.kills = 0
        self.during_start = 0
        self.problems: list[str] = []

    def run(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DIALOOG_")}
        env["PYTHONPATH"] = str(REPO)
        for run in range(self.runs):
            proc = subprocess.Popen(
                [sys.executable, str(CHILD), str(self.data_dir), str(self.wid), f"{self.wid}x{run}",
                 *(["create"] if self.create else [])],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0, env=env,
            )
            assert proc.stdout is not None and proc.stderr is not None
            buf = bytearray()
            if self.rng.random() < self.at_start:
                time.sleep(self.rng.uniform(0.0, 0.2) if not self.create else self.rng.uniform(0.1, 0.6))
                # while importing, opening (creating: right after the imports), recovering
                self.during_start += 1
            elif _read_until(proc.stdout.fileno(), buf, b"\n", timeout=20):
                time.sleep(self.rng.uniform(0.0, 0.06))  # while saving
            else:
                self.problems.append(f"run {run}: the child never became ready")
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            _drain(proc.stdout.fileno(), buf)
            err = proc.stderr.read().decode(errors="replace")
            proc.stdout.close()
            proc.stderr.close()
            if proc.returncode != -signal.SIGKILL:
                self.problems.append(f"run {run}: exited with {proc.returncode} before the kill: {err[-2000:]}")
                continue
            self.kills += 1
            for line in bytes(buf).decode().split("\n")[:-1]:  # the last piece is an unfinished line
                parts = line.split()
                if parts[0] == "ack":
                    self.acked[parts[1]].append(parts[2])


def test_kill_9_at_random_moments(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    Store.open(data_dir, PASS, kdf=FAST_KDF).close()
    t0 = time.monotonic()
    workers = [Worker(w, KILLS // WORKERS, data_dir, seed=1000 + w) for w in range(WORKERS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - t0

    problems = [p for w in workers for p in w.problems]
    assert not problems, problems[:5]
    kills = sum(w.kills for w in workers)
    assert kills >= KILLS

    conn = sqlite3.connect(data_dir / "store.sqlite")
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()

    acked = 0
    with Store.open(data_dir, PASS) as store:
        for w in workers:
            for sid, keys in w.acked.items():
                state = store.load(sid)
                for key in keys:
                    assert state["answers"].get(key) == crash_value(key), f"acknowledged answer {key} of {sid} lost"
                acked += len(keys)
        sessions = len(store.sessions())
    assert acked > 2 * KILLS, acked  # the harness really exercised saving
    print(f"\nkill -9 harness: {kills} kills ({sum(w.during_start for w in workers)} during start-up), "
          f"{acked} acknowledged answers in {sessions} sessions all intact, integrity_check ok, {elapsed:.1f} s")


def test_kill_9_during_concurrent_first_starts(tmp_path: Path) -> None:
    """Rounds on an empty data folder: two children start at once and race to create the store; each is killed
    at a random moment (half of them while starting: importing, deriving the key, creating, linking into place),
    then started again on what is there. Every acknowledged answer must be there afterwards, the store must be
    sound, and nothing may have been set aside (no orphan, no damaged copy). `DIALOOG_FIRST_START_ROUNDS` sets
    the number of rounds."""
    t0 = time.monotonic()
    kills = acked = stores = 0
    for n in range(FIRST_STARTS):
        data_dir = tmp_path / f"round{n}"
        workers = [Worker(w, 3, data_dir, seed=5000 + 10 * n + w, create=True, at_start=0.5) for w in range(WORKERS)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        problems = [p for w in workers for p in w.problems]
        assert not problems, problems[:5]
        kills += sum(w.kills for w in workers)
        assert moved_aside(data_dir) == [], f"round {n}: set aside {moved_aside(data_dir)}"
        if not Store.exists(data_dir):
            assert not any(w.acked for w in workers)
            continue
        stores += 1
        conn = sqlite3.connect(data_dir / "store.sqlite")
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.close()
        with Store.open(data_dir, PASS, create=False) as store:
            for w in workers:
                for sid, keys in w.acked.items():
                    state = store.load(sid)
                    for key in keys:
                        assert state["answers"].get(key) == crash_value(key), f"round {n}: {key} of {sid} lost"
                    acked += len(keys)
    print(f"\nkill -9 at concurrent first starts: {FIRST_STARTS} rounds, {kills} kills, {stores} stores created, "
          f"{acked} acknowledged answers all intact, nothing set aside, {time.monotonic() - t0:.1f} s")
