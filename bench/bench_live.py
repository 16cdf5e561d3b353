"""Live voting benchmark (issue 18): prints one figure a line. Loopback (127.0.0.1) traffic only.

    python bench/bench_live.py [--participants 300] [--votes 200]

- counted: 300 participants (a third change their vote once) vote at once from another process; the time
  from the first vote sent to the listener's tally holding every participant's last vote (target <= 2 s),
  and whether the tally is exact
- screen: a vote sent from another process to a frame of the trainer's screen (a Pilot app with the live
  panel and a trainer session bridged to the listener) that shows the new count; median and 95th
  percentile over `--votes` votes, each from a new device (target p95 <= 100 ms)
- memory: the trainer's process (Textual app and session running) before the listener starts, and after
  it served the 300 participants; the difference is what the listener adds (target <= 15 MB)

The participants run in a child process (`--crowd`, `--voter`), so the listener's loop does only the
listener's work, as on the trainer's machine; perf_counter is the same clock in both (CLOCK_MONOTONIC).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
if str(HERE.parents[1]) not in sys.path:
    sys.path.insert(0, str(HERE.parents[1]))  # the checkout: the tests' harness (tests/tui/_textual_harness.py)

KEYS = ["a", "b", "c", "d"]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cards(n: int = 3) -> list[Any]:
    from dialoog.flow.model import Card, CardOption
    from dialoog.flow.problems import Pos

    return [Card(id=f"c{i}", title=f"Kaart {i}", situation="Een aannemer biedt u kaartjes aan.", question="Wat doet u?",
                 options=[CardOption(k, f"Optie {k}", "") for k in KEYS], perspectives={}, reflection=[],
                 themes=[], audiences=[], sources=[], pos=Pos("x.yaml", 1, 1)) for i in range(n)]


# -- children: the participants ---------------------------------------------------------------------------

def child_crowd(base: str, code: str, card: str, participants: int) -> None:
    from dialoog.live.crowd import vote_as_crowd

    result = asyncio.run(vote_as_crowd(base, code, card, KEYS, participants, twice_share=1 / 3))
    print(json.dumps({"expected": result.expected, "sent": result.sent, "statuses": result.statuses,
                      "first": result.first_vote_sent, "last": result.last_answer}), flush=True)


def child_voter(base: str, code: str, card: str, votes: int, gap: float) -> None:
    """`votes` devices open the page; on a line on stdin each votes in turn, `gap` seconds apart."""
    import aiohttp

    from dialoog.live.crowd import FORM_RE

    async def run() -> None:
        connector = aiohttp.TCPConnector(limit=50)
        sessions = [aiohttp.ClientSession(connector=connector, connector_owner=False,
                                          cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(votes)]
        tokens = []
        for s in sessions:
            async with s.get(f"{base}/{code}") as response:
                match = FORM_RE.search(await response.text())
                assert match
                tokens.append(match.group(1))
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        sent = []
        for s, token in zip(sessions, tokens, strict=True):
            await asyncio.sleep(gap)
            sent.append(time.perf_counter())
            async with s.post(f"{base}/{code}/vote", data={"form": token, "card": card, "option": "a"},
                              allow_redirects=False) as response:
                await response.read()
                assert response.status == 303, response.status
        for s in sessions:
            await s.close()
        await connector.close()
        print(json.dumps(sent), flush=True)

    asyncio.run(run())


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(HERE), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)


# -- the trainer's side -----------------------------------------------------------------------------------

async def counted(participants: int) -> dict[str, Any]:
    from dialoog.live import LiveServer

    server = LiveServer(lang="nl", max_participants=participants)
    await server.start()
    card = cards(1)[0]
    from dialoog.live.state import CardView

    server.set_card(CardView(card.id, card.title, card.situation, options=tuple((k, k) for k in KEYS)), open=True)
    changed_at: list[float] = [0.0]

    def stamp() -> None:
        changed_at[0] = time.perf_counter()  # the last change of the tally is when the last vote was counted

    server.add_listener(stamp)
    child = spawn("--crowd", f"http://127.0.0.1:{server.port}", server.join_code, card.id, str(participants))
    loop = asyncio.get_running_loop()
    line = await loop.run_in_executor(None, child.stdout.readline)  # type: ignore[union-attr]
    child.wait()
    result = json.loads(line)
    await server.stop()
    exact = server.tally() == result["expected"]
    return {"seconds": changed_at[0] - result["first"], "exact": exact,
            "sent": result["sent"], "statuses": result["statuses"], "participants": server.participants,
            "answered": result["last"] - result["first"]}


async def screen_and_memory(votes: int, participants: int) -> dict[str, Any]:
    """The trainer's own app (`TrainApp`, a deck of 3 cards) with the live controller, as `dialoog train --live`."""
    import re

    from dialoog.live.cli import LiveOptions
    from dialoog.training.deck import load_card_file
    from dialoog.training.pool import Pool
    from dialoog.tui.live.controller import LiveController
    from dialoog.tui.train.app import TrainApp
    from dialoog.tui.train.session import SessionScreen
    from tests.tui._textual_harness import watch_frames

    fixture = HERE.parents[1] / "tests" / "training" / "fixtures" / "cards.yaml"
    themes = {"geschenken": "Geschenken en uitnodigingen", "nevenfuncties": "Nevenfuncties"}
    own = load_card_file(fixture, {}, themes, ["topambtenaar", "burgemeester", "wethouder"])
    pool = Pool({c.id: c for c in own}, own=[], themes=themes, audiences=["topambtenaar", "burgemeester",
                                                                              "wethouder"])
    data = Path(tempfile.mkdtemp(prefix="bench-live-"))
    app = TrainApp(pool, data, "en", deck=list(pool.cards.values()), blink=False)
    panel_at: dict[int, float] = {}
    trainer_at: dict[int, float] = {}
    escape = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, SessionScreen)
        session = app.session
        assert session is not None
        await pilot.press("r")  # the options (the trainer's own drawing of them is not the listener's memory)
        await pilot.pause(0.3)
        before = rss_mb()  # the trainer's app and session, no listener
        aiohttp_before = "aiohttp" in sys.modules
        import aiohttp.web  # noqa: F401 - what the import alone costs (start() imports it)

        imported = rss_mb()
        if os.environ.get("BENCH_LIVE_FLUSH"):
            import dialoog.live.bridge as bridge_module

            bridge_module.FLUSH_DELAY = float(os.environ["BENCH_LIVE_FLUSH"])
        live = LiveController(LiveOptions(max_participants=participants + votes + 10), "en", data)
        app.live = live  # as `dialoog train --live` passes it; the session screen is already up, so attach here
        assert await live.attach(app.screen)
        server = live.server
        assert server is not None
        await pilot.pause(0.3)
        started = rss_mb()
        child = spawn("--crowd", f"http://127.0.0.1:{server.port}", server.join_code, session.card.id,
                      str(participants))
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, child.stdout.readline)  # type: ignore[union-attr]
        child.wait()
        await pilot.pause(0.3)
        after = rss_mb()
        import ctypes
        import gc

        gc.collect()
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        trimmed = rss_mb()

        await pilot.press("pagedown")  # the next card: its count starts at 0
        await pilot.press("r")
        await pilot.pause(0.3)
        assert server.votes_cast == 0

        def on_frame(codes: str) -> None:
            text = escape.sub("", codes)
            now = time.perf_counter()
            n = server.votes_cast
            word = "vote" if n == 1 else "votes"
            if n not in panel_at and f"{n} {word} on this card" in text:
                panel_at[n] = now
            total = session.state.total
            if total not in trainer_at and re.search(rf"(?<![0-9]){total} {'vote' if total == 1 else 'votes'}"
                                                     r"(?! on this card)", text):
                trainer_at[total] = now

        watch_frames(app, on_frame)
        child = spawn("--voter", f"http://127.0.0.1:{server.port}", server.join_code, session.card.id,
                      str(votes), "0.03")
        ready = await loop.run_in_executor(None, child.stdout.readline)  # type: ignore[union-attr]
        assert ready.strip() == "ready"
        child.stdin.write("go\n")  # type: ignore[union-attr]
        child.stdin.flush()  # type: ignore[union-attr]
        line = await loop.run_in_executor(None, child.stdout.readline)  # type: ignore[union-attr]
        child.wait()
        await pilot.pause(0.3)
        sent = json.loads(line)
        await live.stop()
    panel = [1000 * (panel_at[i + 1] - t) for i, t in enumerate(sent) if i + 1 in panel_at]
    trainer = [1000 * (trainer_at[i + 1] - t) for i, t in enumerate(sent) if i + 1 in trainer_at]
    return {"before": before, "imported": imported, "started": started, "after": after, "trimmed": trimmed,
            "latencies": panel, "missing": votes - len(panel), "trainer": trainer,
            "trainer_missing": votes - len(trainer), "aiohttp_before": aiohttp_before}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--votes", type=int, default=200)
    parser.add_argument("--crowd", nargs=4, metavar=("BASE", "CODE", "CARD", "N"))
    parser.add_argument("--voter", nargs=5, metavar=("BASE", "CODE", "CARD", "N", "GAP"))
    parser.add_argument("--trainer", action="store_true", help="(child) the trainer's app: screen and memory")
    args = parser.parse_args()
    if args.crowd:
        base, code, card, n = args.crowd
        child_crowd(base, code, card, int(n))
        return 0
    if args.voter:
        base, code, card, n, gap = args.voter
        child_voter(base, code, card, int(n), float(gap))
        return 0

    if args.trainer:
        print(json.dumps(asyncio.run(screen_and_memory(args.votes, args.participants))), flush=True)
        return 0

    c = asyncio.run(counted(args.participants))
    print(f"counted: {args.participants} participants, {c['sent']} votes sent (changes included): tally complete "
          f"{c['seconds'] * 1000:.0f} ms after the first vote was sent (target <= 2000 ms); exact: {c['exact']}; "
          f"statuses {c['statuses']}; all answered after {c['answered'] * 1000:.0f} ms")
    # a fresh process, so that the memory before the listener holds no aiohttp from the figure above
    trainer = subprocess.run([sys.executable, str(HERE), "--trainer", "--votes", str(args.votes), "--participants",
                              str(args.participants)], capture_output=True, text=True, check=True)
    s = json.loads(trainer.stdout.strip().splitlines()[-1])
    lat = sorted(s["latencies"])
    p95 = lat[int(0.95 * (len(lat) - 1))] if lat else float("inf")
    print(f"screen: vote -> frame of the trainer's app with the live panel's new count: median "
          f"{statistics.median(lat):.1f} ms, p95 {p95:.1f} ms, max {lat[-1]:.1f} ms over {len(lat)} votes "
          f"({s['missing']} not seen) (target p95 <= 100 ms)")
    own = sorted(s["trainer"])
    if own:
        p95_own = own[int(0.95 * (len(own) - 1))]
        print(f"screen: vote -> frame with the trainer's own vote count (after the 50 ms batch into the session): "
              f"median {statistics.median(own):.1f} ms, p95 {p95_own:.1f} ms over {len(own)} votes "
              f"({s['trainer_missing']} not seen)")
    print(f"memory: trainer's app {s['before']:.1f} MB RSS before the listener, {s['after']:.1f} MB after serving "
          f"{args.participants} participants: the listener adds {s['after'] - s['before']:.1f} MB (target <= 15 MB; "
          f"aiohttp loaded before: {s['aiohttp_before']}; of it, importing aiohttp: "
          f"{s['imported'] - s['before']:.1f} MB, started {s['started'] - s['imported']:.1f} MB, serving "
          f"{s['after'] - s['started']:.1f} MB; after gc and malloc_trim {s['trimmed'] - s['before']:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
