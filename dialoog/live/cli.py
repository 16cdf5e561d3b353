"""The command line of live voting: `dialoog train --live [--host H] [--port N] [--max-participants N]`.

No Textual here: the flags, their checks, the warning for a non-loopback address, and a check before the app
starts that the address can be listened on (so a port in use is said on the command line, not in the app).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dialoog.live.limits import DEFAULT_MAX_PARTICIPANTS, MAX_PARTICIPANTS_LIMIT

if TYPE_CHECKING:
    from dialoog.live.server import LiveError

DEFAULT_HOST = "127.0.0.1"

__all__ = ["LiveError", "LiveOptions", "add_live_arguments", "live_options", "preflight", "warn"]


def N_(message: str) -> str:
    """Marks a text for the catalog (`dialoog catalog`) that is translated later."""
    return message


def _error(message: str, **params: object) -> LiveError:
    from dialoog.live.server import LiveError

    return LiveError(message, **params)


def __getattr__(name: str) -> Any:
    if name == "LiveError":  # `from dialoog.live.cli import LiveError`, loaded when used
        from dialoog.live.server import LiveError

        return LiveError
    raise AttributeError(name)


@dataclass(frozen=True, slots=True)
class LiveOptions:
    host: str = DEFAULT_HOST
    port: int = 0
    max_participants: int = DEFAULT_MAX_PARTICIPANTS


def add_live_arguments(parser: Any, _: Callable[[str], str]) -> None:
    """`--live` and its flags on the `train` verb's parser."""
    group = parser.add_argument_group(_("live voting from participants' phones"))
    group.add_argument("--live", action="store_true",
                       help=_("let participants vote from their own phone or laptop (a listener on this machine "
                              "for the session; its address and QR code are on the projector view)"))
    group.add_argument("--host", dest="live_host", metavar="H",
                       help=_("with --live: the address to listen on (default 127.0.0.1, this machine only; "
                              "another address lets others on that network reach it)"))
    group.add_argument("--port", dest="live_port", type=int, metavar="N",
                       help=_("with --live: the port (default: a free one)"))
    group.add_argument("--max-participants", dest="live_max", type=int, metavar="N",
                       help=_("with --live: at most this many devices (default 300)"))


def live_options(args: argparse.Namespace) -> LiveOptions | None:
    """The live options of the command line (None without --live); raises LiveError for a bad value."""
    host, port, most = (getattr(args, name, None) for name in ("live_host", "live_port", "live_max"))
    if not getattr(args, "live", False):
        if host is not None or port is not None or most is not None:
            raise _error(N_("--host, --port and --max-participants go with --live"))
        return None
    if port is not None and not 0 <= port <= 65535:
        raise _error(N_("--port must be a number from 0 to 65535, not {value}"), value=port)
    if most is not None and not 1 <= most <= MAX_PARTICIPANTS_LIMIT:
        raise _error(N_("--max-participants must be a number from 1 to {most}, not {value}"),
                        most=MAX_PARTICIPANTS_LIMIT, value=most)
    host = (host or DEFAULT_HOST).strip().strip("[]")
    if not host or len(host) > 255:
        raise _error(N_("--host needs an address, such as 127.0.0.1 or 0.0.0.0"))
    return LiveOptions(host=host, port=port or 0, max_participants=most or DEFAULT_MAX_PARTICIPANTS)


def preflight(options: LiveOptions) -> None:
    """Check that `options.host:port` can be listened on now (bind and close); raises LiveError saying why."""
    import socket

    try:
        infos = socket.getaddrinfo(options.host, options.port or None, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE | socket.AI_NUMERICHOST)
    except (OSError, UnicodeError):
        raise _error(N_("cannot listen on {host}: give an IP address of this machine, such as 127.0.0.1, or "
                        "0.0.0.0 for all of its networks"), host=options.host) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            from dialoog.live.server import bind_error

            raise bind_error(exc, options.host, options.port) from None


def warn(options: LiveOptions, translate: Callable[..., str] | None = None) -> None:
    """Print the warning for a non-loopback address (nothing on loopback)."""
    from dialoog.live.server import exposure_warning

    warning = exposure_warning(options.host, options.port or None, translate)
    if warning:
        print(warning, file=sys.stderr)
