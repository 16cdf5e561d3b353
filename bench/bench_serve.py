"""Memory of `dialoog serve` with visitors at once: the RSS of the server and every process below it.

    python bench/bench_serve.py [--visitors 10] [--mode practise|train|scan] [--json]

Starts `dialoog serve` on a free loopback port with a fresh data folder (the passphrase from
DIALOOG_PASSPHRASE, so each visitor's practice opens the store and shows the picker), connects the visitors
at once with websockets as the page does (`/<mode>/ws?width=100&height=30`, aiohttp), waits until every
app has drawn its first screen and stopped drawing, then sums the resident memory (VmRSS) of the server and
all its descendant processes (textual-serve starts one shell and one app process per connection).
Target (issue 17): 10 visitors at once stay under 600 MB in total.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MB = 600.0
MARKERS = {"practise": "wachtwoord", "practise-unlocked": "Kaarten", "train": "aarten", "scan": "dialoog"}
"""A word of each mode's first screen (Dutch): practice's passphrase screen, or with --unlocked its picker (the
store opened with DIALOOG_PASSPHRASE), the trainer's and the scan's first screen."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
            except OSError:
                continue
            todo.extend(int(c) for c in children)
    return found


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


async def run(visitors: int, mode: str, unlocked: bool = False, settle_s: float = 90.0) -> dict[str, object]:
    data = tempfile.mkdtemp(prefix="bench-serve-")
    port = free_port()
    env = {**os.environ, "DIALOOG_DATA_DIR": data, "DIALOOG_LANG": "nl"}
    env.pop("DIALOOG_PASSPHRASE", None)
    if unlocked:  # every visitor's store opens at once: each derives the key (scrypt: 128 MiB while it runs)
        env["DIALOOG_PASSPHRASE"] = "a bench passphrase"
    marker = MARKERS[f"{mode}-unlocked"] if unlocked and f"{mode}-unlocked" in MARKERS else MARKERS[mode]
    args = [sys.executable, "-m", "dialoog", "serve", "--port", str(port)] + (["--flow", "scan"] if mode == "scan"
                                                                               else [])
    server = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                await asyncio.sleep(0.05)
        idle_kib = sum(rss_kib(p) for p in descendants(server.pid))
        holding = asyncio.Event()
        drawn_events = [asyncio.Event() for _ in range(visitors)]
        peak = [idle_kib]

        async def sample() -> None:
            while not holding.is_set():
                peak[0] = max(peak[0], sum(rss_kib(p) for p in descendants(server.pid)))
                await asyncio.sleep(0.1)

        sampler = asyncio.create_task(sample())

        async def one(index: int) -> float:
            import aiohttp

            start = time.monotonic()
            async with aiohttp.ClientSession() as session, session.ws_connect(
                    f"http://127.0.0.1:{port}/{mode}/ws?width=100&height=30") as ws:
                seen, drawn = "", float("nan")
                while time.monotonic() - start < 120:
                    try:
                        message = await asyncio.wait_for(ws.receive(), 1.0)
                    except TimeoutError:
                        continue
                    if message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                        break
                    if isinstance(message.data, bytes):
                        seen = (seen + message.data.decode("utf-8", "replace"))[-20_000:]
                    if marker in seen:  # the mode's first real screen is on the visitor's page
                        drawn = time.monotonic() - start
                        break
                drawn_events[index].set()
                await holding.wait()  # every visitor stays connected until memory is measured
                return drawn

        tasks = [asyncio.create_task(one(i)) for i in range(visitors)]
        for event in drawn_events:  # every visitor's first screen drawn (each task then parks at `holding`)
            await event.wait()
        # then until the memory has settled: every store opened (its key derived: scrypt holds 128 MiB while it
        # runs) and every deck loaded behind the first screen; at most `settle_s`
        deadline, low, low_at = time.monotonic() + settle_s, float("inf"), time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - low_at < 3.0:
            now = sum(rss_kib(p) for p in descendants(server.pid))
            if now < low * 0.99:
                low, low_at = now, time.monotonic()
            await asyncio.sleep(0.5)
        pids = descendants(server.pid)
        per = {p: rss_kib(p) for p in pids}
        total_kib = sum(per.values())
        holding.set()
        await sampler
        drawn = await asyncio.gather(*tasks)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    apps = sorted((kib for p, kib in per.items() if p != server.pid and kib > 10_000), reverse=True)
    return {
        "visitors": visitors,
        "mode": mode + (" (unlocked: DIALOOG_PASSPHRASE)" if unlocked else ""),
        "processes": len(pids),
        "server_idle_mb": round(idle_kib / 1024, 1),
        "server_mb": round(per.get(server.pid, 0) / 1024, 1),
        "app_process_mb_max": round(apps[0] / 1024, 1) if apps else None,
        "app_process_mb_min": round(apps[-1] / 1024, 1) if apps else None,
        "total_mb": round(total_kib / 1024, 1),
        "peak_total_mb": round(peak[0] / 1024, 1),
        "target_mb": TARGET_MB,
        "met": max(total_kib, peak[0]) / 1024 < TARGET_MB,
        "first_screen_s_max": round(max(drawn), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=10)
    parser.add_argument("--mode", choices=("practise", "train", "scan"), default="practise")
    parser.add_argument("--unlocked", action="store_true",
                        help="DIALOOG_PASSPHRASE set: every visitor's store opens at once (practice: the picker)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = asyncio.run(run(args.visitors, args.mode, args.unlocked))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0 if result["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
