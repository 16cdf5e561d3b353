"""TUI benchmark (issue 3): prints one figure a line.

    python bench/bench_tui.py [--runs 7] [--playthroughs 3] [--flow scan]

"Painted" means a frame on its way to the terminal: the bench hooks the app's
output step, turns each frame into the escape codes a terminal would be sent
(headless Textual skips that step; here it counts), and stamps the first frame
that draws what is measured. A callback "after refresh" can run before the frame
that shows a change, so no such callback is used.

Start-up is measured in fresh subprocesses, from just before the process is
spawned to that frame: for a bare Textual app (a Header, a Static and an Input)
its first frame; for dialoog the first frame that draws the first question in
the transcript. Figures are medians over `--runs`, after one untimed warm-up run
of each child: the children compile bytecode into a private cache (as `pip
install` does for an installed program, even where PYTHONDONTWRITEBYTECODE is
set) and dialoog fills its start-up cache, as any run after the first does.

- bare app: start to first frame, and its peak memory (ru_maxrss of the child)
- dialoog: start to the first question painted
- dialoog: start to the second question painted, Enter pressed the instant the
  first appears (so loading the flow and the engine is not hidden behind
  reading time; answers kept in memory, so no passphrase is asked)
- ratios to the bare app (targets: first question <= 1.25x, memory <= 1.5x)
- key press to the next bot message painted, over complete playthroughs with
  Pilot (target: median <= 30 ms), and its 95th percentile; each key is sent
  the way the terminal driver sends one, once the app is idle; the first once
  start-up behind the first message is over (the app sets `settled`), as when
  the user has read it; the app is made as `dialoog` makes it (`freeze_gc`)
- the machine's speed around the playthroughs (a fixed pure-Python loop), as it
  varies from minute to minute on a shared machine
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
if str(HERE.parents[1]) not in sys.path:
    sys.path.insert(0, str(HERE.parents[1]))  # the checkout: the tests' harness (tests/tui/_textual_harness.py)


# -- frames ------------------------------------------------------------------------


def watch_frames(app: object, on_frame: object) -> None:
    """Call `on_frame()` each time the app sends a frame out, after turning it into the escape codes a
    terminal would be sent (headless Textual skips that step; the bench does it, so its cost counts).
    The reach into Textual for it is in the tests' harness, shared with the frame tests."""
    from tests.tui._textual_harness import watch_frames as watch

    watch(app, lambda codes: on_frame())  # type: ignore[operator]


class NewestShown:
    """Stamps the moment a frame goes out that draws the transcript's newest message.

    "Rendered" means on the way to the terminal: a frame in which the transcript drew
    the newest message (its last rows, as the transcript follows the end; or its first
    row, when a message too long for the view is placed with its top in view) after it
    had at least `lines` lines. A callback run "after refresh" can come before the
    frame that shows a change, so the bench does not use one.
    """

    def __init__(self, app: object) -> None:
        import asyncio

        from dialoog.tui.widgets.transcript import Transcript

        self.lines = 1
        self.stamp = 0.0
        self.seen = asyncio.Event()
        self.transcript: Transcript | None = None
        self._drawn = -1
        original = Transcript.__dict__.get("_unwatched_render_line", Transcript.render_line)
        Transcript._unwatched_render_line = original  # type: ignore[attr-defined]  # one wrapper, not one per run
        watch = self

        def render_line(transcript: Transcript, y: int) -> object:
            watch.transcript = transcript
            watch._drawn = max(watch._drawn, transcript.top_row() + y)
            return original(transcript, y)

        Transcript.render_line = render_line  # type: ignore[method-assign]
        watch_frames(app, self._frame)

    def expect(self, lines: int) -> None:
        """Wait for a frame that shows the transcript with at least `lines` lines."""
        self.lines = lines
        self.seen.clear()

    def _frame(self) -> None:
        drawn, self._drawn = self._drawn, -1
        transcript = self.transcript
        if self.seen.is_set() or transcript is None or len(transcript.lines) < self.lines:
            return
        # the newest message is drawn: its last rows, or (a long message is placed with its top in view) its first
        newest = len(transcript.lines) - 1
        first = next((row for row, (index, _) in enumerate(transcript._rows) if index == newest), len(transcript._rows))
        if drawn >= min(first, len(transcript._rows) - 2):
            self.stamp = time.perf_counter()
            self.seen.set()


# -- children ---------------------------------------------------------------------


def _child_report(seconds: float, **extra: object) -> None:
    """Print the time from the spawn to the moment measured (not to now: shutting down does not count)."""
    import resource

    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "rss_mb": rss_kb / 1024, **extra}), flush=True)


def child_bare(t0: float) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Header, Input, Static

    class Bare(App[None]):
        painted = 0.0

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Input(placeholder="type here")

    app = Bare()

    def first_frame() -> None:
        if not app.painted:
            app.painted = time.time()
            app.exit()

    watch_frames(app, first_frame)
    app.run(headless=True, size=(100, 30))
    _child_report(app.painted - t0)


def child_dialoog(t0: float, what: str, flow: str) -> None:

    from dialoog.tui.app import DialoogApp
    from dialoog.tui.run import run_app  # noqa: F401 - the real entry module, as `dialoog` imports it

    app = DialoogApp("nl", None, flow, use_store=False, freeze_gc=True)  # as `dialoog` runs it
    shown = NewestShown(app)

    async def pilot(p: object) -> None:
        import asyncio

        await shown.seen.wait()
        if getattr(app.screen, "turn", None) is None:
            # the start-up cache was empty (only in the untimed warm-up run): what shows is a line saying the
            # questions are loading, with nothing to answer yet; wait for the first question
            while getattr(app.screen, "turn", None) is None:
                await asyncio.sleep(0.01)
            await p.pause()  # type: ignore[attr-defined]
        if what == "next":
            assert shown.transcript is not None
            shown.expect(len(shown.transcript.lines) + 1)
            await p.press("enter")  # type: ignore[attr-defined]
            await shown.seen.wait()
        marks.append(time.time() - (time.perf_counter() - shown.stamp))
        app.exit()

    marks: list[float] = []
    app.run(headless=True, size=(100, 30), auto_pilot=pilot)
    _child_report(marks[-1] - t0)


def spawn(mode: str, flow: str, env: dict[str, str]) -> dict[str, float]:
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, str(HERE), "--child", mode, "--t0", repr(t0), "--flow", flow],
        capture_output=True, text=True, env=env,
    )
    if out.returncode:
        raise SystemExit(f"the {mode} child failed:\n{out.stderr[-3000:]}")
    line = out.stdout.strip().splitlines()[-1]
    data = json.loads(line)
    return data


def child_env(scratch: str) -> dict[str, str]:
    """As on a user's machine after the first run: bytecode compiled, start-up cache filled (by a warm-up)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(TEXTUAL="", PYTHONPYCACHEPREFIX=os.path.join(scratch, "pycache"),
               DIALOOG_CACHE_DIR=os.path.join(scratch, "cache"))
    return env


# -- in-process playthrough ----------------------------------------------------------


def key_latencies(flow: str) -> list[float]:
    """Key press to the next bot message painted, for every answer of a playthrough (the first answer
    given once start-up is over, as when the user has read the first message: the app says so by
    setting `settled`)."""
    import asyncio

    from dialoog.tui.app import DialoogApp
    from dialoog.tui.screens.conversation import ConversationScreen
    from tests.tui._textual_harness import keys_for, send_key

    latencies: list[float] = []

    async def play() -> None:
        app = DialoogApp("nl", None, flow, use_store=False, freeze_gc=True)  # as `dialoog` runs it
        shown = NewestShown(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await asyncio.wait_for(shown.seen.wait(), 5)
            # the user is reading the first message: start-up finishes behind it
            await asyncio.wait_for(app.settled.wait(), 10)
            await pilot.pause()
            for _ in range(2000):
                screen = app.screen
                if not isinstance(screen, ConversationScreen) or screen.turn.kind == "end":
                    break
                *setup, final = keys_for(screen.turn)
                for key in setup:
                    await pilot.press(key)
                await pilot.pause()
                await asyncio.sleep(0.05)  # as a person would: the last frame is out, the loop is idle
                assert shown.transcript is not None
                shown.expect(len(shown.transcript.lines) + 1)
                start = time.perf_counter()
                send_key(app, final)  # as the terminal driver does; Pilot's press would add its own idle waits
                await asyncio.wait_for(shown.seen.wait(), 5)
                latencies.append(shown.stamp - start)
                await pilot.pause()

    asyncio.run(play())
    return latencies


def loop_ms() -> float:
    """How long a fixed pure-Python loop takes: the machine's speed varies, so the figures say what it was."""
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--playthroughs", type=int, default=3)
    parser.add_argument("--flow", default="scan")
    parser.add_argument("--child")
    parser.add_argument("--t0", type=float)
    args = parser.parse_args()
    if args.child == "bare":
        child_bare(args.t0)
        return 0
    if args.child:
        child_dialoog(args.t0, args.child, args.flow)
        return 0

    import tempfile

    runs: dict[str, list[dict[str, float]]] = {"bare": [], "question": [], "next": []}
    with tempfile.TemporaryDirectory(prefix="dialoog-bench-") as scratch:
        env = child_env(scratch)
        for mode in runs:  # warm-up: bytecode and the start-up cache, as after a first run
            spawn(mode, args.flow, env)
        for _ in range(args.runs):
            for mode in runs:  # interleaved, so drift in machine load hits all three alike
                runs[mode].append(spawn(mode, args.flow, env))

    def med(mode: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[mode])

    bare_s, question_s, next_s = med("bare", "seconds"), med("question", "seconds"), med("next", "seconds")
    bare_mb, question_mb = med("bare", "rss_mb"), med("next", "rss_mb")
    print(f"bare textual app, start to first paint: {bare_s * 1000:.0f} ms")
    print(f"dialoog, start to first question painted: {question_s * 1000:.0f} ms ({question_s / bare_s:.2f}x bare)")
    print(f"dialoog, start to second question painted, Enter pressed at once: {next_s * 1000:.0f} ms "
          f"({next_s / bare_s:.2f}x bare)")
    print(f"bare textual app, peak memory: {bare_mb:.1f} MB")
    print(f"dialoog, peak memory at the second question: {question_mb:.1f} MB ({question_mb / bare_mb:.2f}x bare)")
    rounds = []
    loops = [loop_ms()]
    with tempfile.TemporaryDirectory(prefix="dialoog-bench-") as scratch:
        os.environ["DIALOOG_CACHE_DIR"] = scratch
        for _ in range(args.playthroughs):
            rounds.append(key_latencies(args.flow))
            loops.append(loop_ms())
    print(f"machine speed: a fixed pure-Python loop took {min(loops):.0f}-{max(loops):.0f} ms around the playthroughs")
    ms = sorted(x * 1000 for latencies in rounds for x in latencies)
    medians = ", ".join(f"{statistics.median(r) * 1000:.1f}" for r in rounds)
    print(f"key press to next bot message rendered, medians of {len(rounds)} playthroughs: {medians} ms")
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(f"key press to next bot message rendered, median over {len(ms)} turns: {statistics.median(ms):.1f} ms")
    print(f"key press to next bot message rendered, 95th percentile: {p95:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
