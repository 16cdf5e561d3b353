"""The trainer's session drives the participants' pages, and their votes land in the session record."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from dialoog.live import LiveServer
from dialoog.live.bridge import LiveBridge
from dialoog.training import TrainingSession

from .conftest import Participant, card


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[tuple[TrainingSession, LiveServer, LiveBridge, list[Participant]]]:
    session = TrainingSession([card("c1", 4), card("c2", 2)], "nl", tmp_path)
    server = LiveServer(lang="nl")
    await server.start()
    bridge = LiveBridge(session, server, flush_delay=0.01)
    bridge.attach()
    jars = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(4)]
    phones = [Participant(j, f"http://127.0.0.1:{server.port}", server.join_code) for j in jars]
    try:
        yield session, server, bridge, phones
    finally:
        bridge.detach()
        await server.stop()
        for j in jars:
            await j.close()


def record(session: TrainingSession, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((tmp_path / "training" / "sessions" / f"{session.id}.json").read_text())


async def settle() -> None:
    await asyncio.sleep(0.05)


async def test_participants_see_what_the_trainer_reveals_and_vote_once_options_are_shown(setup, tmp_path) -> None:  # type: ignore[no-untyped-def]
    session, server, bridge, phones = setup
    page = await phones[0].open()
    assert "Situatie van c1." in page and "Optie a" not in page and "Kaart 1 van 2" in page
    session.reveal_next()  # the options
    page = await phones[0].open()
    assert "Optie a" in page and "Kies een optie." in page and bridge.voting_open
    for phone, key in zip(phones, "abbd", strict=True):
        await phone.vote(key, card="c1")
    await phones[3].vote("b", card="c1")  # changed: last vote counts
    await settle()
    assert session.state.counts == {"a": 1, "b": 3, "c": 0, "d": 0}
    assert server.votes_cast == 4 and server.participants == 4
    data = record(session, tmp_path)
    assert data["cards"][0]["votes"] == {"a": 1, "b": 3, "c": 0, "d": 0}
    assert data["live"] == {"join_code": server.join_code}
    text = json.dumps(data)
    assert "127.0.0.1" not in text and "dialoog_live" not in text  # no address, no device token


async def test_revealing_the_chart_closes_voting_and_the_next_card_opens_a_new_vote(setup, tmp_path) -> None:  # type: ignore[no-untyped-def]
    session, _server, bridge, phones = setup
    session.reveal_next()
    await phones[0].vote("a", card="c1")
    token = await phones[1].form_token()
    session.reveal_next()  # the chart
    assert not bridge.voting_open
    assert (await phones[1].vote("b", card="c1", token=token)).status == 409
    assert "Het stemmen is gesloten. Uw stem: A." in await phones[0].open()
    session.next()
    page = await phones[0].open()
    assert "Situatie van c2." in page and "Uw stem" not in page
    session.reveal_next()
    await phones[0].vote("b", card="c2")
    await settle()
    data = record(session, tmp_path)
    assert data["cards"][0]["votes"]["a"] == 1 and data["cards"][1]["votes"] == {"a": 0, "b": 1}


async def test_the_trainer_opens_and_closes_voting_by_hand(setup) -> None:  # type: ignore[no-untyped-def]
    session, _server, bridge, phones = setup
    session.reveal_next()
    bridge.close_voting()
    token = await phones[0].form_token()
    assert (await phones[0].vote("a", card="c1", token=token)).status == 409
    bridge.open_voting()
    await phones[0].vote("a", card="c1")
    await settle()
    assert session.state.counts["a"] == 1
    session.reveal_next()  # the chart: the trainer opened by hand, so it stays open on this card
    assert bridge.voting_open
    session.next()
    assert not bridge.voting_open  # a new card starts with the reveal steps again


async def test_keyed_votes_and_live_votes_add_up(setup) -> None:  # type: ignore[no-untyped-def]
    session, _server, _bridge, phones = setup
    session.reveal_next()
    session.add_vote("c", 2)  # hands raised in the room, keyed by the trainer
    await phones[0].vote("c", card="c1")
    await settle()
    assert session.state.counts["c"] == 3 and session.state.total == 3


async def test_a_restarted_trainer_app_goes_on_with_the_same_code_cookies_and_votes(tmp_path: Path) -> None:
    from dialoog.live.bridge import load_snapshot, snapshot_path

    session = TrainingSession([card("c1", 4), card("c2", 2)], "nl", tmp_path)
    keep = snapshot_path(tmp_path, session.id)
    server = LiveServer(lang="nl")
    await server.start()
    bridge = LiveBridge(session, server, flush_delay=0.01, keep=keep)
    bridge.attach()
    session.reveal_next()
    jar = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    try:
        phone = Participant(jar, f"http://127.0.0.1:{server.port}", server.join_code)
        other = Participant(aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)), phone.base, phone.code)
        await phone.vote("a", card="c1")
        await other.vote("b", card="c1")
        await settle()
        bridge.detach()
        await server.stop()  # the trainer's process ends (a reload of the browser tab under serve)
        assert oct(keep.stat().st_mode & 0o777) == "0o600"
        assert "127.0.0.1" not in keep.read_text()

        again = LiveServer(lang="nl")
        assert again.restore(load_snapshot(keep))
        await again.start()
        assert again.port == server.port and again.join_code == server.join_code
        bridge = LiveBridge(session, again, flush_delay=0.01, keep=keep)
        bridge.attach()
        assert "Uw stem: A." in await phone.open()  # the same cookie still works, the vote is still there
        await phone.vote("c", card="c1")  # changing it counts once
        await settle()
        assert session.state.counts == {"a": 0, "b": 1, "c": 1, "d": 0} and again.participants == 2
        bridge.detach(end=True)
        assert not keep.exists()
        await again.stop()
        await other.http.close()
    finally:
        await jar.close()


@pytest.mark.parametrize("bad", [None, [], {"schema": 2}, {"schema": 1, "join_code": "x", "secret": "zz"},
                                 {"schema": 1, "join_code": "ACDEFH", "secret": "00" * 32, "port": 1, "devices": [1],
                                  "votes": {}}])
def test_a_damaged_snapshot_is_not_taken_over(bad: object) -> None:
    server = LiveServer()
    code = server.join_code
    assert not server.restore(bad)
    assert server.join_code == code and server.participants == 0
