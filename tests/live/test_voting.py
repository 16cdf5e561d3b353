"""What a participant sees on the vote page and what the trainer's count says, over real loopback sockets."""

from __future__ import annotations

import asyncio

from dialoog.live import CardView, LiveServer

from .conftest import CARD, NEXT, Participant


async def test_a_participant_votes_and_sees_the_vote_confirmed(live: LiveServer, phones: list[Participant]) -> None:
    phone = phones[0]
    page = await phone.open()
    assert "Een fles wijn" in page and "Terugsturen" in page and "Choose an option." in page
    response = await phone.vote("b")
    assert response.status == 200 and response.history[0].status == 303  # Post/Redirect/Get
    page = await phone.open()
    assert "Your vote: B. You can change it until voting closes." in page
    assert live.tally() == {"a": 0, "b": 1, "c": 0}
    assert live.participants == 1 and live.votes_cast == 1


async def test_a_changed_vote_replaces_the_first(live: LiveServer, phones: list[Participant]) -> None:
    await phones[0].vote("a")
    await phones[1].vote("a")
    await phones[0].vote("c")
    assert live.tally() == {"a": 1, "b": 0, "c": 1}
    assert "Your vote: C." in await phones[0].open()


async def test_after_voting_closes_the_page_says_so_and_a_vote_is_refused(
    live: LiveServer, phones: list[Participant]
) -> None:
    await phones[0].vote("a")
    token = await phones[1].form_token()
    live.close_voting()
    page = await phones[0].open()
    assert "Voting is closed. Your vote: A." in page and "disabled" in page
    response = await phones[1].vote("b", token=token)
    assert response.status == 409
    assert "voting on this card is closed" in await response.text()
    assert live.tally() == {"a": 1, "b": 0, "c": 0}


async def test_the_page_follows_the_trainer_to_the_next_card(live: LiveServer, phones: list[Participant]) -> None:
    await phones[0].vote("a")
    token = await phones[0].form_token()
    live.set_card(NEXT, open=True)
    page = await phones[0].open()
    assert "Een lunch" in page and "Card 2 of 2" in page and "Your vote" not in page
    stale = await phones[0].vote("b", card="geschenk", token=token)
    assert stale.status == 409 and "moved to another card" in await stale.text()
    await phones[0].vote("b", card="lunch")
    assert live.tally() == {"a": 0, "b": 1}
    assert live.tally("geschenk") == {"a": 1}  # the first card's votes are kept for its record


async def test_before_the_options_are_shown_only_the_situation_is_there(
    live: LiveServer, phones: list[Participant]
) -> None:
    live.set_card(CardView(card_id="geschenk", title=CARD.title, situation=CARD.situation), open=True)
    page = await phones[0].open()
    assert CARD.situation in page and "Terugsturen" not in page
    assert "The options follow when the trainer shows them." in page
    assert not live.state.open  # no voting without options
    live.set_card(None, open=False)
    assert "Wait for the trainer to show a card." in await phones[0].open()


async def test_card_text_is_escaped(live: LiveServer, phones: list[Participant]) -> None:
    live.set_card(CardView(card_id="x", title="<script>alert(1)</script>", situation='"><img src=x onerror=1>',
                           options=(("a", "<b>vet</b>"),)), open=True)
    page = await phones[0].open()
    assert "<script>alert" not in page and "<img" not in page and "<b>vet" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


async def test_the_page_is_in_the_sessions_language(phones: list[Participant]) -> None:
    server = LiveServer(lang="nl")
    await server.start()
    try:
        server.set_card(CARD, open=True)
        phone = Participant(phones[0].http, f"http://127.0.0.1:{server.port}", server.join_code)
        page = await phone.open()
        assert '<html lang="nl"' in page and "Kies een optie." in page and "Choose an option" not in page
        await phone.vote("a")
        assert "Uw stem: A." in await phone.open()
    finally:
        await server.stop()


async def test_the_cookie_is_httponly_samesite_strict_and_only_for_the_session(
    live: LiveServer, phones: list[Participant]
) -> None:
    async with phones[0].http.get(phones[0].page_url, allow_redirects=False) as response:
        assert response.status == 303
        cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and f"Path=/{live.join_code}" in cookie


async def test_the_trainer_is_told_of_each_vote(phones: list[Participant]) -> None:
    seen: list[int] = []
    server = LiveServer(lang="en")
    server.add_listener(lambda: seen.append(server.votes_cast))
    await server.start()
    try:
        server.set_card(CARD, open=True)
        phone = Participant(phones[0].http, f"http://127.0.0.1:{server.port}", server.join_code)
        waiter = asyncio.ensure_future(server.wait_change())
        await phone.vote("a")
        await asyncio.wait_for(waiter, 1)
        assert seen[-1] == 1
    finally:
        await server.stop()


async def test_a_lower_case_code_leads_to_the_session(live: LiveServer, phones: list[Participant]) -> None:
    phone = Participant(phones[0].http, phones[0].base, live.join_code.lower())
    assert "Een fles wijn" in await phone.open()
