"""Engine benchmark: prints one figure a line (issue 2).

    python bench/bench_engine.py [--flow scan] [--sessions 200]

- load and validate all flows (target <= 100 ms)
- engine time per answered turn (target <= 100 us) and its ratio to a bare
  transitions trigger on a machine of the same size
- complete random sessions per second
- peak memory (tracemalloc peak during the sessions, and the process's max RSS)
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time
import tracemalloc
from pathlib import Path
from typing import Any

from transitions import Machine

from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.flow.reader import Reader
from dialoog.locations import content_root
from dialoog.play import auto, give


def load_all(root: Path) -> float:
    best = float("inf")
    for _ in range(7):
        t0 = time.perf_counter()
        lib = load_library(root)
        r = Reader()
        lib.all_flows(r)
        best = min(best, time.perf_counter() - t0)
        assert not lib.problems and not r.problems, (lib.problems + r.problems)[:3]
    return best


def one_session(flow: Any, seed: int, timings: list[float] | None) -> None:
    session = Session(flow, "nl")
    answerer = auto("random", seed)
    turn = session.turn()
    while not session.finished:
        value = answerer(session, turn) if turn.expects_answer else None
        t0 = time.perf_counter()
        turn = give(session, turn, value)
        if timings is not None:
            timings.append(time.perf_counter() - t0)


def bare_trigger(states: int) -> float:
    class Model:
        state = "s0"

    machine = Machine(
        model=None, states=[f"s{i}" for i in range(states)], initial=None, auto_transitions=False, send_event=True
    )
    for i in range(states - 1):
        machine.add_transition("advance", f"s{i}", f"s{i + 1}", conditions=[lambda e: True])
    model = Model()
    event = machine.events["advance"]
    t0 = time.perf_counter()
    rounds = 0
    while rounds < 20_000:
        model.state = "s0"
        for _ in range(states - 1):
            event.trigger(model)
        rounds += states - 1
    return (time.perf_counter() - t0) / rounds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flow", default="scan")
    parser.add_argument("--sessions", type=int, default=200)
    args = parser.parse_args()
    root = content_root()
    print(f"load and validate all flows: {load_all(root) * 1000:.1f} ms (target <= 100 ms)")
    flow = load_library(root).flow(args.flow)
    one_session(flow, 0, None)  # warm caches (templates, catalogs)
    timings: list[float] = []
    for seed in range(args.sessions):
        one_session(flow, seed, timings)
    per_turn = statistics.median(timings)
    bare = bare_trigger(len(flow.nodes) + 1)
    print(
        f"engine time per answered turn: median {per_turn * 1e6:.1f} us, mean {statistics.fmean(timings) * 1e6:.1f} us "
        f"over {len(timings)} turns (target <= 100 us)"
    )
    print(f"bare transitions trigger: {bare * 1e6:.2f} us; engine/bare ratio {per_turn / bare:.1f}x")
    gc.collect()
    t0 = time.perf_counter()
    n = 0
    while time.perf_counter() - t0 < 3.0:
        one_session(flow, 10_000 + n, None)
        n += 1
    print(f"complete random sessions per second: {n / (time.perf_counter() - t0):.0f} ({args.flow})")
    tracemalloc.start()
    for seed in range(20):
        one_session(flow, 20_000 + seed, None)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak / 1024:.0f} KiB traced during 20 sessions; process max RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
