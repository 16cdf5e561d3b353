"""Trainer benchmark (`dialoog train`, issue 17): prints one figure a line.

    python bench/bench_train.py [--votes 200] [--redraws 200]

- a vote key (`a`) to the updated count on screen: the key event posted as the terminal driver does, to
  the frame going out (turned into escape codes) that shows the new "(N votes)" on the presenter view;
  each vote is also saved as the session record on disk. Target: median <= 30 ms.
- the bar chart of a card with 9 options redrawn: new counts given to the chart, to the frame with it
  going out. Target: <= 16 ms (median; the 95th percentile is printed too).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialoog.flow.model import Card, CardOption
from dialoog.flow.problems import Pos
from dialoog.training.model import TrainingSession
from dialoog.training.pool import Pool


def nine_options() -> Card:
    keys = "abcdefghi"
    return Card(id="negen", title="Negen keuzes", situation="Een situatie met negen keuzes. " * 4,
                question="Wat doet u?",
                options=[CardOption(k, f"Keuze {k}: " + "een wat langere tekst " * 3, f"Overweging {k}") for k in keys],
                perspectives={"compliance": "C", "partner": "P", "journalist": "J", "citizen": "B"},
                reflection=["Een?", "Twee?"], themes=["geschenken"], audiences=["wethouder"], sources=[],
                pos=Pos("bench", 1, 1))


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def vote_latencies(votes: int, data_dir: Path) -> list[float]:
    from dialoog.tui.train.app import TrainApp
    from tests.tui._textual_harness import send_key, watch_frames

    card = nine_options()
    latencies: list[float] = []

    async def run() -> None:
        session = TrainingSession([card], "nl", data_dir, background=True)  # as the app makes it
        app = TrainApp(Pool({card.id: card}), data_dir, "en", session=session, blink=False)
        seen = asyncio.Event()
        want = [""]
        stamp = [0.0]

        def frame(codes: str) -> None:
            if want[0] and want[0] in codes and not seen.is_set():
                stamp[0] = time.perf_counter()
                seen.set()

        watch_frames(app, frame)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("v")
            await pilot.pause()
            for n in range(1, votes + 1):
                await asyncio.sleep(0.03)  # an idle loop between votes, as in a room
                want[0] = f"({n} vote{'s' if n != 1 else ''})"
                seen.clear()
                start = time.perf_counter()
                send_key(app, "a")
                await asyncio.wait_for(seen.wait(), 5)
                latencies.append(stamp[0] - start)
            assert session.state.votes["a"] == votes

    asyncio.run(run())
    return latencies


def chart_redraws(redraws: int) -> list[float]:
    from dialoog.tui.train.app import TrainApp
    from dialoog.tui.train.chart import Chart
    from tests.tui._textual_harness import watch_frames

    card = nine_options()
    times: list[float] = []

    async def run() -> None:
        session = TrainingSession([card], "nl", None)
        app = TrainApp(Pool({card.id: card}), None, "en", session=session, blink=False)
        seen = asyncio.Event()
        stamp = [0.0]
        armed = [False]

        def frame(codes: str) -> None:
            if armed[0]:
                stamp[0] = time.perf_counter()
                armed[0] = False
                seen.set()

        watch_frames(app, frame)
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.press("v")
            await pilot.pause()
            chart = app.screen.query_one("#pr-chart", Chart)
            for i in range(redraws):
                await asyncio.sleep(0.02)
                counts = [(i * 7 + j * 13) % 50 + j for j in range(9)]
                total = sum(counts)
                rows: list[Any] = [(k, n, 100.0 * n / total) for k, n in zip("abcdefghi", counts, strict=True)]
                seen.clear()
                armed[0] = True
                start = time.perf_counter()
                chart.show(rows)
                await asyncio.wait_for(seen.wait(), 5)
                times.append(stamp[0] - start)

    asyncio.run(run())
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--votes", type=int, default=200)
    parser.add_argument("--redraws", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dialoog-bench-train-") as tmp:
        ms = [v * 1000 for v in vote_latencies(args.votes, Path(tmp))]
    print(f"vote key to the updated count on screen (saved each time), median over {len(ms)} votes: "
          f"{statistics.median(ms):.1f} ms (95th percentile {p95(ms):.1f} ms; target median <= 30 ms)")
    ms = [v * 1000 for v in chart_redraws(args.redraws)]
    print(f"bar chart of 9 options redrawn to the frame out, median over {len(ms)}: {statistics.median(ms):.1f} ms "
          f"(95th percentile {p95(ms):.1f} ms; target <= 16 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
