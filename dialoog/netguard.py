"""Proof that dialoog stays offline: refuse every internet socket while active.

    with forbid_network() as attempts:
        ...                      # any AF_INET/AF_INET6 socket, connect or lookup raises
    assert not attempts          # also catches attempts that the code under test swallowed

As a pytest fixture:

    @pytest.fixture
    def no_network():
        with forbid_network() as attempts:
            yield attempts

Local sockets (AF_UNIX, which asyncio uses for its self-pipe) keep working. The
patches are process-wide while the block runs, so do not use it around code that
legitimately needs the network in another thread.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_INET = (socket.AF_INET, socket.AF_INET6)


class NetworkForbidden(RuntimeError):
    """Something tried to use the network while `forbid_network()` was active."""


def _is_inet_address(address: Any) -> bool:
    # AF_UNIX addresses are str/bytes paths; internet addresses are tuples.
    return isinstance(address, tuple)


@contextmanager
def forbid_network() -> Iterator[list[str]]:
    """Block internet sockets, connects and name lookups; yields the list of attempts."""
    attempts: list[str] = []

    def refuse(what: str) -> NetworkForbidden:
        attempts.append(what)
        return NetworkForbidden(f"network access is forbidden here: {what}")

    original_init = socket.socket.__init__
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_sendto = socket.socket.sendto
    saved_module = {
        name: getattr(socket, name)
        for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr")
    }

    def guarded_init(self: socket.socket, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        if self.family in _INET:
            family = self.family
            self.close()
            raise refuse(f"socket({family!r})")

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if self.family in _INET or _is_inet_address(address):
            raise refuse(f"connect({address!r})")
        original_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if self.family in _INET or _is_inet_address(address):
            raise refuse(f"connect_ex({address!r})")
        return original_connect_ex(self, address)

    def guarded_sendto(self: socket.socket, *args: Any) -> int:
        if self.family in _INET:
            raise refuse("sendto")
        return original_sendto(self, *args)

    def blocked(name: str) -> Any:
        def refuse_call(*args: Any, **kwargs: Any) -> Any:
            raise refuse(f"{name}{args!r}")

        return refuse_call

    # Patching methods of a class is what the guard is for; the guards take any address
    # (typeshed's private _Address alias, which mypy then sees as a different signature).
    socket.socket.__init__ = guarded_init  # type: ignore[method-assign]
    socket.socket.connect = guarded_connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign,assignment]
    socket.socket.sendto = guarded_sendto  # type: ignore[method-assign,assignment]
    for name in saved_module:
        setattr(socket, name, blocked(name))
    try:
        yield attempts
    finally:  # the originals back (method-assign: see above)
        socket.socket.__init__ = original_init  # type: ignore[method-assign]
        socket.socket.connect = original_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = original_connect_ex  # type: ignore[method-assign]
        socket.socket.sendto = original_sendto  # type: ignore[method-assign]
        for name, value in saved_module.items():
            setattr(socket, name, value)
