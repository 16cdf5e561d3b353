"""A live listener on a free loopback port, and participants as aiohttp clients (each its own cookie jar).

All traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from dialoog.flow.model import Card, CardOption
from dialoog.flow.problems import Pos
from dialoog.live import CardView, LiveServer

CARD = CardView(
    card_id="geschenk",
    title="Een fles wijn",
    situation="Een aannemer stuurt u na de opening een dure fles wijn.",
    question="Wat doet u?",
    options=(("a", "Terugsturen"), ("b", "Houden"), ("c", "Melden en houden")),
    number=1,
    total=2,
)
NEXT = CardView(card_id="lunch", title="Een lunch", situation="Een lobbyist nodigt u uit.",
                options=(("a", "Ja"), ("b", "Nee")), number=2, total=2)



def card(card_id: str = "c1", n: int = 4) -> Card:
    """A card of the trainer's deck with `n` options a, b, ..."""
    return Card(
        id=card_id, title=f"Kaart {card_id}", situation=f"Situatie van {card_id}.", question="Wat doet u?",
        options=[CardOption(k, f"Optie {k}", f"Overweging bij {k}") for k in "abcdefghi"[:n]],
        perspectives={}, reflection=[], themes=["geschenken"], audiences=["wethouder"], sources=[],
        pos=Pos("x.yaml", 1, 1),
    )


FORM_RE = re.compile(r'name="form" value="([^"]+)"')


@dataclass
class Participant:
    """One phone: its own cookie jar, so its own device token."""

    http: aiohttp.ClientSession
    base: str
    code: str

    @property
    def page_url(self) -> str:
        return f"{self.base}/{self.code}"

    async def open(self) -> str:
        async with self.http.get(self.page_url) as response:
            assert response.status == 200, await response.text()
            return await response.text()

    async def form_token(self) -> str:
        match = FORM_RE.search(await self.open())
        assert match, "the page has no vote form"
        return match.group(1)

    async def vote(self, option: str, card: str = "geschenk", token: str | None = None,
                   follow: bool = True) -> aiohttp.ClientResponse:
        token = token if token is not None else await self.form_token()
        data = {"form": token, "card": card, "option": option}
        async with self.http.post(f"{self.page_url}/vote", data=data, allow_redirects=follow) as response:
            await response.read()
            return response


@pytest.fixture
async def live() -> AsyncIterator[LiveServer]:
    server = LiveServer(lang="en")
    await server.start()
    server.set_card(CARD, open=True)
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def phones(live: LiveServer) -> AsyncIterator[list[Participant]]:
    base = f"http://127.0.0.1:{live.port}"
    sessions = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(3)]
    try:
        yield [Participant(s, base, live.join_code) for s in sessions]
    finally:
        for s in sessions:
            await s.close()
