"""The `serve` verb: its parser block, the checks of host and port, binding the socket, and running the server.

A non-loopback host needs `--public` and prints a warning; a bad port, a port in use, a host that cannot be bound
and a missing textual-serve each give one clear sentence and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dialoog.i18n import UI, resolve_language
from dialoog.terminal import safe_text

if TYPE_CHECKING:
    import socket

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ServeError(Exception):
    """A mistake on the command line or a socket that cannot be had: said in one sentence, exit 2."""


def add_parser(sub: Any, _: Callable[..., str]) -> None:
    """The parser block of `dialoog serve` (called from dialoog.cli)."""
    serve = sub.add_parser("serve", help=_("the app in a web browser: trainer and practice (or the scan)"))
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help=_("the address to listen on (default: 127.0.0.1, this computer only)"))
    serve.add_argument("--port", default=str(DEFAULT_PORT), metavar="N",
                       help=_("the port to listen on (default: 8000)"))
    serve.add_argument("--flow", dest="serve_flow", metavar="scan",
                       help=_("serve the personal scan instead (answers are stored on this computer)"))
    serve.add_argument("--public", action="store_true",
                       help=_("allow an address other than this computer's own (everyone on that network can "
                              "reach it)"))
    serve.add_argument("--live", dest="serve_live", action="store_true",
                       help=_("in the trainer mode, let participants vote from their own phones (dialoog train "
                              "--live): the listener uses the port after --port, or --live-port"))
    serve.add_argument("--live-port", dest="serve_live_port", metavar="N",
                       help=_("with --live: the port of the participants' voting pages"))
    serve.add_argument("--lang", dest="serve_lang", choices=("nl", "en"), help=_("language"))
    serve.add_argument("--data-dir", dest="serve_data_dir", metavar="DIR",
                       help=_("where answers are kept (default: DIALOOG_DATA_DIR, then the user data folder)"))


def parse_port(text: str, ui: UI) -> int:
    try:
        port = int(text.strip())
    except ValueError:
        raise ServeError(ui._("--port must be a whole number from 1 to 65535, not '{port}'.", port=text)) from None
    if not 1 <= port <= 65535:
        raise ServeError(ui._("--port must be a whole number from 1 to 65535, not '{port}'.", port=text))
    return port


def is_loopback(host: str, ui: UI) -> bool:
    """Whether every address `host` stands for is this computer's own (127.0.0.0/8, ::1, localhost). Raises
    ServeError when the name cannot be resolved."""
    import ipaddress
    import socket
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise _cannot_bind(host, exc, ui) from None
    return bool(infos) and all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos)


def _cannot_bind(host: str, exc: BaseException, ui: UI) -> ServeError:
    return ServeError(ui._("cannot listen on '{host}': {reason}. Give an address of this computer with --host "
                           "(default 127.0.0.1).", host=host, reason=_reason(exc)))


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def bind(host: str, port: int, ui: UI) -> socket.socket:
    """A listening socket on host:port. Raises ServeError (port in use, an address that is not this computer's)."""
    import errno
    import socket
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise _cannot_bind(host, exc, ui) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(ui._("port {port} on {host} is in use (by another program, or another dialoog serve). "
                                  "Choose another with --port.", port=port, host=host)) from None
        if exc.errno == errno.EACCES:
            raise ServeError(ui._("port {port} needs special rights on this computer. Choose one above 1023 with "
                                  "--port.", port=port)) from None
        raise _cannot_bind(host, exc, ui) from None
    sock.setblocking(False)
    return sock


def cmd_serve(args: argparse.Namespace) -> int:
    ui = UI(resolve_language(args.serve_lang or args.lang))
    lang = resolve_language(args.serve_lang or args.lang)
    data_dir = args.serve_data_dir or args.data_dir
    try:
        if args.serve_flow not in (None, "scan"):
            raise ServeError(ui._("only the scan can be served as a flow ('--flow scan'); without --flow the "
                                  "trainer and practice modes are served."))
        port = parse_port(args.port, ui)
        host = args.host
        loopback = is_loopback(host, ui)
        if not loopback and not args.public:
            raise ServeError(ui._("'{host}' is not this computer's own address: everyone who can reach this "
                                  "computer on that network could open the app. Add --public if that is what you "
                                  "want.", host=host))
        try:
            import aiohttp  # noqa: F401 - checked here, to say it plainly
            import textual_serve  # noqa: F401
        except ImportError:
            raise ServeError(ui._("textual-serve is not installed, so the app cannot be served. Install dialoog "
                                  "with its dependencies (pip install dialoog) and try again.")) from None
        live: list[str] | None = None
        if args.serve_live or args.serve_live_port is not None:
            if not args.serve_live:
                raise ServeError(ui._("--live-port goes with --live"))
            live_port = parse_port(args.serve_live_port, ui) if args.serve_live_port is not None else port + 1
            if live_port == port or not 0 < live_port <= 65535:
                raise ServeError(ui._("the voting pages need a port of their own (not {port}); give one with "
                                      "--live-port", port=port))
            bind(host, live_port, ui).close()  # in use now: said here, not by each trainer's process later
            live = ["--live", "--port", str(live_port)] + ([] if loopback else ["--host", host])
        sock = bind(host, port, ui)
    except ServeError as exc:
        print(safe_text(f"dialoog serve: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    if not loopback:
        print(safe_text(ui._("Warning: dialoog serve listens on {host}:{port}. Everyone who can reach this computer "
                             "at that address (on this network, or beyond it if the network lets them) can open "
                             "the app; there is no login. Stop it with Ctrl+C when you are done.",
                             host=host, port=port)), file=sys.stderr)
    from dialoog.serving.web import modes_for, run

    modes = modes_for(args.serve_flow, lang, data_dir, live)
    if args.serve_flow == "scan":
        print(safe_text(ui._("Serving the personal scan: the answers are stored, encrypted, on this computer (the "
                             "one serving it), not on the visitor's.")), file=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    print(safe_text(ui._("dialoog serve: open http://{host}:{port}/ in a browser. Ctrl+C stops it.",
                         host=shown, port=port)), flush=True)
    return run(sock, modes, lang)
