"""`forbid_network()`: internet sockets, connects and lookups fail; local sockets and asyncio still work."""

from __future__ import annotations

import asyncio
import contextlib
import socket

import pytest

from dialoog.netguard import NetworkForbidden, forbid_network


def test_internet_is_refused_and_recorded() -> None:
    with forbid_network() as attempts:
        with pytest.raises(NetworkForbidden):
            socket.socket()
        with pytest.raises(NetworkForbidden):
            socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        with pytest.raises(NetworkForbidden):
            socket.create_connection(("example.org", 443), timeout=1)
        with pytest.raises(NetworkForbidden):
            socket.getaddrinfo("example.org", 80)
        with pytest.raises(NetworkForbidden):
            socket.gethostbyname("example.org")
        with contextlib.suppress(Exception):  # code that swallows the error is still caught by the record
            socket.socket(socket.AF_INET)
    assert len(attempts) == 6


def test_local_sockets_and_asyncio_still_work() -> None:
    with forbid_network() as attempts:
        a, b = socket.socketpair()
        a.sendall(b"ping")
        assert b.recv(4) == b"ping"
        a.close()
        b.close()
        assert asyncio.run(asyncio.sleep(0, result=42)) == 42
    assert attempts == []


def test_everything_is_restored() -> None:
    before = (socket.socket.__init__, socket.socket.connect, socket.create_connection, socket.getaddrinfo)
    with pytest.raises(RuntimeError), forbid_network():
        raise RuntimeError("boom")
    assert (socket.socket.__init__, socket.socket.connect, socket.create_connection, socket.getaddrinfo) == before
    s = socket.socket()
    s.close()
