"""Store benchmark: prints one figure a line (issue 5).

    python bench/bench_store.py [--answers 100] [--data-dir DIR]

- store.save_answer median ms: one answer more, saved (encrypt + durable commit, WAL
  with synchronous=FULL) as the engine does after every answer (target <= 10 ms)
- store.open with passphrase ms: the default scrypt cost plus the integrity and schema
  checks (target <= 1000 ms); also its CPU time, which is what the wall time is on a quiet
  machine (scrypt is CPU work; on a shared machine the wall time says more about the others)
- store.load session ms: a session of --answers answers, every row verified
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from dialoog.store import KdfParams, Store

PASS = "bench passphrase words"


def state(n: int) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for i in range(n):
        if i % 10 == 3:
            answers[f"q{i}"] = [{"name": f"Person {j}", "category": "family", "answers": {"closeness": "close"}}
                                for j in range(4)]
        elif i % 5 == 0:
            answers[f"q{i}"] = "A typed answer of a few sentences, as people write them. " * 4
        else:
            answers[f"q{i}"] = "yes" if i % 2 else "no"
    return {
        "version": 1, "flow": "scan", "flow_hash": "0" * 64, "lang": "nl", "node": f"q{n}", "sub": None,
        "answers": answers, "declined": [], "skipped": [],
        "history": [[f"q{i}", "answer", None, None] for i in range(n)],
        "drafts": {f"q{n}": "half a sentence"}, "finished": False,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=100)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-store-", dir=args.data_dir) as tmp:
        folder = Path(tmp) / "data"
        t0 = time.perf_counter()
        store = Store.open(folder, PASS)
        create = time.perf_counter() - t0
        sid = store.new_session("scan", "0" * 64, "nl")
        saves: list[float] = []
        for n in range(1, args.answers + 1):
            s = state(n)
            t0 = time.perf_counter()
            store.save(sid, s)
            saves.append(time.perf_counter() - t0)
        store.close()

        opens: list[float] = []
        cpu: list[float] = []
        for _ in range(5):
            t0, c0 = time.perf_counter(), time.process_time()
            store = Store.open(folder, PASS)
            opens.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            store.close()

        loads: list[float] = []
        store = Store.open(folder, PASS)
        for _ in range(20):
            store._open.clear()  # as after a restart: nothing cached
            t0 = time.perf_counter()
            loaded = store.load(sid)
            loads.append(time.perf_counter() - t0)
        assert len(loaded["answers"]) == args.answers
        store.close()

    ms = 1000
    print(f"store.save_answer median ms: {statistics.median(saves) * ms:.2f} "
          f"(p95 {sorted(saves)[int(len(saves) * 0.95)] * ms:.2f}; target <= 10)")
    print(f"store.open with passphrase ms: {statistics.median(opens) * ms:.0f} (target <= 1000)")
    print(f"store.open with passphrase cpu ms: {statistics.median(cpu) * ms:.0f} (the wall time on a quiet machine; "
          f"scrypt N={KdfParams().n}, r={KdfParams().r}, p={KdfParams().p})")
    print(f"store.create with passphrase ms: {create * ms:.0f}")
    print(f"store.load session ms: {statistics.median(loads) * ms:.2f} ({args.answers} answers)")


if __name__ == "__main__":
    main()
