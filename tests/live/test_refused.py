"""Hostile or broken input to the live listener: each is refused with the right status and nothing is counted.

Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import errno
import socket

import aiohttp
import pytest

from dialoog.live import LiveError, LiveServer, exposure_warning
from dialoog.live.pages import CONTENT_SECURITY_POLICY

from .conftest import Participant


async def raw(port: int, request: bytes) -> tuple[int, bytes]:
    """Send `request` as it is (no normalising of the path) and return the status and the whole answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    data = await asyncio.wait_for(reader.read(1 << 20), 5)
    writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data


def nothing_counted(live: LiveServer) -> bool:
    return sum(live.tally().values()) == 0


async def test_a_vote_without_the_cookie_is_refused(live: LiveServer, phones: list[Participant]) -> None:
    token = await phones[0].form_token()
    data = {"form": token, "card": "geschenk", "option": "a"}
    async with aiohttp.ClientSession() as stranger, stranger.post(f"{phones[0].page_url}/vote", data=data) as response:
        assert response.status == 403  # a client without the participant's cookie
    assert nothing_counted(live)


async def test_a_forged_cookie_is_refused(live: LiveServer, phones: list[Participant]) -> None:
    headers = {"Cookie": "dialoog_live=" + "0" * 32 + "." + "0" * 22}
    data = {"form": "x", "card": "geschenk", "option": "a"}
    url = f"{phones[0].page_url}/vote"
    async with aiohttp.ClientSession() as forger, forger.post(url, headers=headers, data=data) as response:
        assert response.status == 403
    assert nothing_counted(live) and live.participants == 0


async def test_a_wrong_join_code_is_404(live: LiveServer, phones: list[Participant]) -> None:
    await phones[0].open()
    other = "AAAAAA" if live.join_code != "AAAAAA" else "CCCCCC"
    wrong = Participant(phones[0].http, phones[0].base, other)
    async with wrong.http.get(wrong.page_url) as response:
        assert response.status == 404
    token = await phones[0].form_token()
    async with wrong.http.post(f"{wrong.page_url}/vote", data={"form": token, "card": "geschenk",
                                                               "option": "a"}) as response:
        assert response.status == 404
    assert nothing_counted(live)


async def test_an_option_that_does_not_exist_is_refused(live: LiveServer, phones: list[Participant]) -> None:
    for option in ("z", "", "a" * 500, "<b>"):
        response = await phones[0].vote(option)
        assert response.status == 400, option
    assert nothing_counted(live)


async def test_a_vote_on_a_closed_card_is_refused(live: LiveServer, phones: list[Participant]) -> None:
    token = await phones[0].form_token()
    live.close_voting()
    assert (await phones[0].vote("a", token=token)).status == 409
    assert nothing_counted(live)


async def test_an_oversized_body_is_413(live: LiveServer, phones: list[Participant]) -> None:
    token = await phones[0].form_token()
    big = {"form": token, "card": "geschenk", "option": "a", "pad": "x" * 100_000}
    async with phones[0].http.post(f"{phones[0].page_url}/vote", data=big) as response:
        assert response.status == 413
    # and a body that says it is small but is not (no Content-Length: chunked)
    async def chunks():  # type: ignore[no-untyped-def]
        yield f"form={token}&card=geschenk&option=a&pad=".encode()
        for _ in range(20):
            yield b"x" * 1000
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    async with phones[0].http.post(f"{phones[0].page_url}/vote", data=chunks(), headers=headers) as response:
        assert response.status == 413
    assert nothing_counted(live)


async def test_oversized_headers_are_refused(live: LiveServer) -> None:
    status, _ = await raw(live.port, f"GET /{live.join_code} HTTP/1.1\r\nHost: x\r\nX-Big: {'y' * 10_000}\r\n\r\n"
                          .encode())
    assert status in (400, 431)
    many = "".join(f"X-{i}: 1\r\n" for i in range(200))
    status, _ = await raw(live.port, f"GET /{live.join_code} HTTP/1.1\r\nHost: x\r\n{many}\r\n".encode())
    assert status in (400, 431)
    assert live.participants == 0


async def test_one_device_sending_a_thousand_requests_a_second_gets_429(
    live: LiveServer, phones: list[Participant]
) -> None:
    phone = phones[0]
    token = await phone.form_token()
    statuses: list[int] = []
    data = {"form": token, "card": "geschenk", "option": "a"}

    async def one() -> None:
        async with phone.http.post(f"{phone.page_url}/vote", data=data, allow_redirects=False) as response:
            statuses.append(response.status)

    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(one() for _ in range(1000)))
    elapsed = loop.time() - started
    refused = statuses.count(429)
    assert refused >= 1000 - 20 - int(elapsed * 5) - 5, (refused, elapsed)
    assert set(statuses) <= {303, 429}
    assert live.tally()["a"] == 1  # one device, one vote, however often it is sent
    other = phones[1]
    assert "Een fles wijn" in await other.open()  # the others are not slowed down


@pytest.mark.parametrize("path", [
    "/../etc/passwd", "/{code}/../{code}", "/{code}/..", "/%2e%2e/{code}", "/{code}/%2e%2e/vote",
    "/{code}//vote", "/{code}/vote/extra", "/", "/favicon.ico", "/static/x", "/{code}\\..\\x",
])
async def test_other_paths_are_404(live: LiveServer, path: str) -> None:
    status, data = await raw(live.port, f"GET {path.format(code=live.join_code)} HTTP/1.1\r\nHost: x\r\n"
                             "Connection: close\r\n\r\n".encode())
    assert status == 404, data[:200]
    assert b"root:" not in data


async def test_a_cross_site_post_without_the_form_token_is_refused(
    live: LiveServer, phones: list[Participant]
) -> None:
    await phones[0].open()  # the participant has a cookie
    for data, headers in (
        ({"card": "geschenk", "option": "a"}, {}),
        ({"card": "geschenk", "option": "a", "form": "guess"}, {}),
        ({"card": "geschenk", "option": "a", "form": await phones[0].form_token()}, {"Sec-Fetch-Site": "cross-site"}),
    ):
        async with phones[0].http.post(f"{phones[0].page_url}/vote", data=data, headers=headers) as response:
            assert response.status == 403
    # a token of one device does not work for another
    token_of_first = await phones[0].form_token()
    await phones[1].open()
    assert (await phones[1].vote("a", token=token_of_first)).status == 403
    assert nothing_counted(live)


async def test_a_vote_that_is_not_a_form_is_refused(live: LiveServer, phones: list[Participant]) -> None:
    token = await phones[0].form_token()
    async with phones[0].http.post(f"{phones[0].page_url}/vote",
                                   json={"form": token, "card": "geschenk", "option": "a"}) as response:
        assert response.status == 400
    async with phones[0].http.get(f"{phones[0].page_url}/vote") as response:
        assert response.status == 405
    assert nothing_counted(live)


async def test_every_answer_has_the_strict_headers(live: LiveServer, phones: list[Participant]) -> None:
    async with phones[0].http.get(phones[0].page_url) as page, phones[0].http.get(f"{phones[0].base}/x") as missing:
        for response in (page, missing):
            headers = response.headers
            assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
            assert "script-src" not in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert headers["X-Frame-Options"] == "DENY"
            assert headers["Referrer-Policy"] == "no-referrer"
            assert headers["Cache-Control"] == "no-store"
            assert "aiohttp" not in headers.get("Server", "")


async def test_the_session_is_full_after_the_cap(phones: list[Participant]) -> None:
    server = LiveServer(lang="en", max_participants=2)
    await server.start()
    try:
        from .conftest import CARD

        server.set_card(CARD, open=True)
        devices = [Participant(p.http, f"http://127.0.0.1:{server.port}", server.join_code) for p in phones]
        await devices[0].open()
        await devices[1].open()
        async with devices[2].http.get(devices[2].page_url) as response:
            assert response.status == 503
            assert "This session is full" in await response.text()
        assert server.participants == 2
        assert "Een fles wijn" in await devices[0].open()  # those in keep their place
    finally:
        await server.stop()


async def test_a_port_in_use_gives_a_clear_message() -> None:
    first = LiveServer()
    await first.start()
    try:
        second = LiveServer(port=first.port)
        with pytest.raises(LiveError, match=rf"port {first.port} is already in use on 127.0.0.1: choose another"):
            await second.start()
        assert not second.running
    finally:
        await first.stop()


async def test_a_host_that_is_not_this_machine_gives_a_clear_message() -> None:
    with pytest.raises(LiveError, match=r"cannot listen on 192\.0\.2\.1"):
        await LiveServer(host="192.0.2.1").start()  # TEST-NET: never an address of this machine; bind only


def test_loopback_needs_no_warning_and_any_other_address_gets_one() -> None:
    assert exposure_warning("127.0.0.1") is None and exposure_warning("::1") is None
    assert exposure_warning("localhost") is None
    warning = exposure_warning("0.0.0.0", 8080)
    assert warning and "Anyone on every network this machine is connected to" in warning
    assert "join code" in warning
    lan = exposure_warning("192.168.1.20")
    assert lan and "the network of 192.168.1.20" in lan


async def test_the_listener_is_gone_after_stop() -> None:
    server = LiveServer()
    await server.start()
    port = server.port
    await server.stop()
    await server.stop()  # twice is fine
    with pytest.raises(OSError) as caught:
        await asyncio.open_connection("127.0.0.1", port)
    assert caught.value.errno in (errno.ECONNREFUSED, None) or isinstance(caught.value, ConnectionRefusedError)
    assert socket.AF_INET  # loopback only in this test module
