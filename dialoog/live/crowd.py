"""Simulated participants for the load test and the benchmark: many devices voting at once on loopback.

Each participant has its own cookie jar (so its own device token); all share one connection pool. Used
only by tests and `bench/bench_live.py`; the listener never imports it. Sends to the listener's own
address, which is loopback in every test.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from dataclasses import dataclass, field
from typing import Any

FORM_RE = re.compile(r'name="form" value="([^"]+)"')


@dataclass
class CrowdResult:
    expected: dict[str, int]
    """The tally that must come out: the last vote of each participant."""
    sent: int
    """Votes sent (changes included)."""
    statuses: dict[int, int] = field(default_factory=dict)
    first_vote_sent: float = 0.0
    last_answer: float = 0.0
    """perf_counter() of the first vote sent and of the last vote answered."""


async def vote_as_crowd(base: str, code: str, card: str, keys: list[str], participants: int,
                        twice_share: float = 0.3, seed: int = 1) -> CrowdResult:
    """`participants` devices open the page, then all vote at once; `twice_share` of them change their vote."""
    import aiohttp

    rng = random.Random(seed)
    connector = aiohttp.TCPConnector(limit=200)
    sessions = [aiohttp.ClientSession(connector=connector, connector_owner=False,
                                      cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(participants)]
    plan = [[rng.choice(keys)] + ([rng.choice(keys)] if rng.random() < twice_share else [])
            for _ in range(participants)]
    statuses: dict[int, int] = {}
    url = f"{base}/{code}"

    async def open_page(http: Any) -> str:
        async with http.get(url) as response:
            text = await response.text()
            assert response.status == 200, (response.status, text[:200])
            match = FORM_RE.search(text)
            assert match, "no vote form on the page"
            return match.group(1)

    async def vote(http: Any, token: str, choices: list[str]) -> None:
        for key in choices:
            data = {"form": token, "card": card, "option": key}
            async with http.post(f"{url}/vote", data=data, allow_redirects=False) as response:
                await response.read()
                statuses[response.status] = statuses.get(response.status, 0) + 1

    try:
        tokens = await asyncio.gather(*(open_page(s) for s in sessions))
        first = time.perf_counter()
        await asyncio.gather(*(vote(s, t, p) for s, t, p in zip(sessions, tokens, plan, strict=True)))
        last = time.perf_counter()
    finally:
        for s in sessions:
            await s.close()
        await connector.close()
    expected = {k: 0 for k in keys}
    for choices in plan:
        expected[choices[-1]] += 1
    return CrowdResult(expected=expected, sent=sum(len(p) for p in plan), statuses=statuses,
                       first_vote_sent=first, last_answer=last)
