"""Network map benchmark: a scan session with 40 network entries (issue 15, item 4). One figure a line.

    python bench/bench_map.py [--rounds 50]

- build_map (layout, signals, words), render_svg, to_graphml, render_text (80x24) and the four together:
  the best and the median of `rounds` runs (target: all together well under 50 ms).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.locations import content_root
from dialoog.mapping import build_map, render_svg, render_text, to_graphml

CATEGORIES = ["family", "friends", "business", "clubs", "party", "lobby", "online"]


def forty() -> list[dict[str, Any]]:
    out = []
    for i in range(40):
        answers: dict[str, Any] = {"contact_frequency": "weekly"}
        if i % 6 != 5:
            answers["closeness"] = 5 - i % 5
        if i % 3 == 0:
            answers.update(financial_ties="yes", policy_interest="yes", comfortable_public="no")
        if i % 5 == 0:
            answers["integrity_concerns"] = "concerns"
        out.append({"name": f"Contact {i + 1}", "category": CATEGORIES[i % 7], "answers": answers})
    return out


def timed(rounds: int, act: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        act()
        times.append(time.perf_counter() - t0)
    return min(times) * 1000, statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    root = content_root()
    session = Session(load_library(root).flow("scan"), "nl", root)
    session.answers["network"] = forty()
    m = build_map(session)
    ui = session.ui

    def everything() -> None:
        built = build_map(session)
        render_svg(built, ui)
        to_graphml(built)
        render_text(built, ui, 78, 21)

    for name, act in [("build_map", lambda: build_map(session)), ("render_svg", lambda: render_svg(m, ui)),
                      ("to_graphml", lambda: to_graphml(m)), ("render_text 78x21", lambda: render_text(m, ui, 78, 21)),
                      ("all four", everything)]:
        best, median = timed(args.rounds, act)
        print(f"map of 40 entries, {name}: best {best:.2f} ms, median {median:.2f} ms")


if __name__ == "__main__":
    main()
