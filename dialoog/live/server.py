"""The live listener: participants vote from their phones on the trainer's machine, for one session only.

    server = LiveServer(lang="nl", on_change=refresh)
    url = await server.start()          # http://127.0.0.1:PORT/KXRMTA
    server.set_card(view, open=True)    # the card and its options, in the session's language
    server.tally()                      # {"a": 3, "b": 1, ...}: the last vote of each device
    server.close_voting()
    await server.stop()                 # when the session ends or the app quits

It runs inside the caller's asyncio event loop (aiohttp's AppRunner and TCPSite), so a Textual app starts
and stops it from its own tasks. aiohttp is imported only when the listener starts.

Safe by default: loopback unless a host is named (then `exposure_warning` says who can reach it); only the
join code's two addresses exist (`GET /CODE`, `POST /CODE/vote`), everything else is 404; a vote needs the
device's cookie (HttpOnly, SameSite=Strict, signed) and the form token of its page; bodies, header lines
and the number of headers are limited; each device has a rate limit (429), the session a cap on devices
(503); no access log, no IP address kept.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dialoog.i18n import UI
from dialoog.live import limits, pages
from dialoog.live.cli import DEFAULT_HOST, N_
from dialoog.live.state import CardView, Join, LiveState, Vote
from dialoog.live.tokens import JOIN_ALPHABET, Signer, new_join_code, normal_code, same

if TYPE_CHECKING:
    from aiohttp import web

COOKIE = "dialoog_live"


class LiveError(Exception):
    """The listener cannot start (a port in use, a host that cannot be bound, a bad flag). `message` is an
    English msgid with `params`; `say(ui._)` gives it in the user's language."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params

    def say(self, translate: Callable[..., str]) -> str:
        return translate(self.message, **self.params)


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int | None = None, translate: Callable[..., str] | None = None) -> str | None:
    """The warning for a listener on a non-loopback address (None on loopback); `translate` is `UI._`."""
    if is_loopback(host):
        return None
    t = translate or (lambda message, **params: message.format(**params))
    at = f"{host}:{port}" if port else host
    if host in ("0.0.0.0", "::"):
        return str(t(N_("Warning: live voting listens on {at}. Anyone on every network this machine is connected to "
                     "(for example the room's Wi-Fi) who has the address and the join code can open the vote page "
                     "and vote. Use it only on a network you trust; leave out --host to keep it on this machine."),
                     at=at))
    return str(t(N_("Warning: live voting listens on {at}. Anyone on the network of {host} (for example the room's "
                 "Wi-Fi) who has the address and the join code can open the vote page and vote. Use it only on a "
                 "network you trust; leave out --host to keep it on this machine."), at=at, host=host))


def bind_error(exc: OSError, host: str, port: int) -> LiveError:
    """What to tell the trainer when `host:port` cannot be listened on."""
    if exc.errno == errno.EADDRINUSE:
        return LiveError(N_("port {port} is already in use on {host}: choose another with --port, or leave out "
                         "--port to take a free one"), port=port, host=host)
    if exc.errno == errno.EADDRNOTAVAIL:
        return LiveError(N_("cannot listen on {host}: it is not an address of this machine"), host=host)
    if exc.errno == errno.EACCES:
        return LiveError(N_("cannot listen on port {port}: ports below 1024 need privileges; choose another with "
                         "--port"), port=port)
    return LiveError(N_("cannot listen on {host}:{port}: {reason}"), host=host, port=port,
                     reason=exc.strerror or str(exc))


def _shown_host(host: str) -> str:
    """The address participants type: a concrete one for a wildcard host, found without network traffic."""
    if host not in ("0.0.0.0", "::"):
        return f"[{host}]" if ":" in host else host
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    for info in infos:
        address = str(info[4][0])
        if not ipaddress.ip_address(address).is_loopback:
            return address
    return socket.gethostname()


class LiveServer:
    """One session's listener; see the module's docstring."""

    def __init__(
        self,
        lang: str = "nl",
        host: str = DEFAULT_HOST,
        port: int = 0,
        max_participants: int = limits.DEFAULT_MAX_PARTICIPANTS,
        join_code: str | None = None,
        on_change: Callable[[], None] | None = None,
        rate: limits.Rate = limits.DEVICE_RATE,
    ) -> None:
        if not 1 <= max_participants <= limits.MAX_PARTICIPANTS_LIMIT:
            raise LiveError(N_("--max-participants must be a number from 1 to {most}, not {value}"),
                            most=limits.MAX_PARTICIPANTS_LIMIT, value=max_participants)
        self.lang = lang
        self.host = host
        self.port = port
        self.ui = UI(lang)
        self.state = LiveState(join_code=join_code or new_join_code(), max_participants=max_participants)
        self.signer = Signer()
        self.rate = limits.RateLimiter(rate)
        # Requests without a device (new devices, wrong codes) share one bucket: no IP address is kept.
        self.strangers = limits.RateLimiter(limits.Rate(burst=max(100.0, 2.0 * max_participants), per_second=50.0))
        self.guesses = limits.RateLimiter(limits.Rate(burst=100.0, per_second=20.0))  # wrong codes, other paths
        self.changed = asyncio.Event()
        self._listeners: list[Callable[[], None]] = [on_change] if on_change is not None else []
        self._runner: Any = None
        self.url: str | None = None
        self.state.listeners.append(self._notify)

    # -- the trainer's side --------------------------------------------------------------------------------
    @property
    def join_code(self) -> str:
        return self.state.join_code

    @property
    def participants(self) -> int:
        """Devices that joined the session."""
        return self.state.participants

    @property
    def votes_cast(self) -> int:
        """Devices that voted on the current card."""
        return self.state.votes_cast()

    @property
    def running(self) -> bool:
        return self._runner is not None

    def set_card(self, view: CardView | None, open: bool) -> None:
        self.state.set_card(view, open)

    def close_voting(self) -> None:
        self.state.close_voting()

    def tally(self, card_id: str | None = None) -> dict[str, int]:
        return self.state.tally(card_id)

    def add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener()` on each vote, new participant or card change; returns the function that stops it."""
        self._listeners.append(listener)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    def _notify(self) -> None:
        self.changed.set()
        for listener in list(self._listeners):
            listener()

    async def wait_change(self) -> None:
        """Wait for the next vote, participant or card change."""
        await self.changed.wait()
        self.changed.clear()

    # -- surviving a restart of the trainer's process (a reload under `dialoog serve`) ---------------------
    def snapshot(self) -> dict[str, Any]:
        """What a new listener for the same session needs to go on: the code, the secret of the cookies, the
        devices and their last votes, the port. No IP address, no name; kept beside the record, not in it."""
        state = self.state
        return {"schema": 1, "join_code": state.join_code, "secret": self.signer.secret.hex(), "port": self.port,
                "devices": sorted(state.devices), "votes": {c: dict(v) for c, v in state.votes.items()}}

    def restore(self, data: object) -> bool:
        """Take over a `snapshot()` (before `start`); False, and nothing changed, when it is not one."""
        if self._runner is not None or not isinstance(data, dict) or data.get("schema") != 1:
            return False
        code, secret, port = data.get("join_code"), data.get("secret"), data.get("port")
        devices, votes = data.get("devices"), data.get("votes")
        try:
            key = bytes.fromhex(secret) if isinstance(secret, str) else b""
        except ValueError:
            return False
        ok = (isinstance(code, str) and len(code) == len(self.join_code) and set(code) <= set(JOIN_ALPHABET)
              and len(key) == 32 and isinstance(port, int) and 0 <= port <= 65535
              and isinstance(devices, list) and all(isinstance(d, str) and len(d) == 32 for d in devices)
              and len(devices) <= self.state.max_participants
              and isinstance(votes, dict) and all(isinstance(v, dict) for v in votes.values()))
        if not ok:
            return False
        assert isinstance(code, str) and isinstance(port, int) and isinstance(devices, list)
        assert isinstance(votes, dict)
        known = set(devices)
        self.state.join_code = code
        self.signer = Signer(key)
        self.state.devices = known
        self.state.votes = {str(c): {str(d): str(k) for d, k in v.items() if d in known and isinstance(k, str)}
                            for c, v in votes.items()}
        if not self.port:
            self.port = port
        return True

    async def start(self) -> str:
        """Listen; returns the participants' address (with the join code)."""
        if self._runner is not None:
            return self.url or ""
        try:
            from aiohttp import web
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise LiveError(N_("live voting needs aiohttp: pip install aiohttp")) from exc
        app = web.Application(client_max_size=limits.MAX_BODY_BYTES, handler_args={
            "max_line_size": limits.MAX_FIELD_BYTES,
            "max_field_size": limits.MAX_FIELD_BYTES,
            "max_headers": limits.MAX_HEADERS,
        })
        app.router.add_route("*", "/{tail:.*}", self._handle)
        app.on_response_prepare.append(self._headers)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise self._bind_error(exc) from exc
        self._runner = runner
        self.port = site.port
        self.url = f"http://{_shown_host(self.host)}:{self.port}/{self.join_code}"
        return self.url

    def _bind_error(self, exc: OSError) -> LiveError:
        return bind_error(exc, self.host, self.port)

    async def stop(self) -> None:
        """Stop listening; open connections are closed. Safe to call twice."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    # -- the participants' side ----------------------------------------------------------------------------
    async def _headers(self, request: web.BaseRequest, response: web.StreamResponse) -> None:
        response.headers.update(pages.SECURITY_HEADERS)
        response.headers["Server"] = "dialoog"

    def _html(self, body: str, status: int = 200) -> web.Response:
        from aiohttp import web

        return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")

    def _message(self, text: str, status: int, back: bool = True) -> web.Response:
        return self._html(pages.message_page(self.ui, text, self.join_code if back else None), status)

    def _not_found(self) -> web.Response:
        if not self.guesses.allow("not-found"):
            return self._message(self.ui._("Too many requests. Wait a moment and try again."), 429, back=False)
        return self._message(self.ui._("There is no such page. Check the address and the join code."), 404,
                             back=False)

    def _redirect(self, location: str) -> web.Response:
        from aiohttp import web

        response = web.Response(status=303)
        response.headers["Location"] = location
        return response

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.raw_path.split("?", 1)[0]
        if ".." in path or "%" in path or "\\" in path or "//" in path:
            return self._not_found()
        parts = path.strip("/").split("/") if path.strip("/") else []
        if not 1 <= len(parts) <= 2 or not same(normal_code(parts[0]), self.join_code):
            return self._not_found()
        if len(parts) == 1:
            if request.method not in ("GET", "HEAD"):
                return self._message(self.ui._("This address only shows the vote."), 405)
            if parts[0] != self.join_code or path.endswith("/"):
                return self._redirect(f"/{self.join_code}")  # the cookie's path is the code as made
            return self._page(request)
        if parts[1] != "vote":
            return self._not_found()
        if request.method != "POST":
            return self._message(self.ui._("Vote with the buttons on the page."), 405)
        return await self._vote(request)

    def _device(self, request: web.Request) -> str | None:
        return self.signer.device_of(request.cookies.get(COOKIE))

    def _page(self, request: web.Request) -> web.StreamResponse:
        device = self._device(request)
        if device is None:
            if not self.strangers.allow("new"):
                return self._message(self.ui._("Too many requests. Wait a moment and try again."), 429, back=False)
            if "c" in request.query:  # we set a cookie and it did not come back
                return self._message(self.ui._("This page needs cookies to count your vote once. "
                                               "Allow cookies for this address and open it again."), 400, back=False)
            response = self._redirect(f"/{self.join_code}?c=1")
            response.set_cookie(COOKIE, self.signer.new_device(), path=f"/{self.join_code}",
                                httponly=True, samesite="Strict")
            return response
        if not self.rate.allow(device):
            return self._message(self.ui._("Too many requests. Wait a moment and try again."), 429)
        if self.state.join(device) is Join.FULL:
            return self._message(self.ui._("This session is full: no more participants can join."), 503,
                                 back=False)
        state = self.state
        chosen = state.vote_of(device)
        return self._html(pages.card_page(self.ui, self.join_code, state.view, state.open, chosen,
                                          self.signer.form_token(device)))

    async def _vote(self, request: web.Request) -> web.StreamResponse:
        from aiohttp import web

        device = self._device(request)
        if device is None:
            return self._message(self.ui._("Your vote was not counted: open the vote page first."), 403)
        if not self.rate.allow(device):
            return self._message(self.ui._("Too many requests. Wait a moment and try again."), 429)
        if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return self._message(self.ui._("Your vote was not counted: vote from the vote page."), 403)
        if (request.content_length or 0) > limits.MAX_BODY_BYTES:
            return self._message(self.ui._("Your vote was not counted: the request is too large."), 413)
        if request.content_type != "application/x-www-form-urlencoded":
            return self._message(self.ui._("Your vote was not counted: vote with the buttons on the page."), 400)
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            return self._message(self.ui._("Your vote was not counted: the request is too large."), 413)
        except ValueError:
            return self._message(self.ui._("Your vote was not counted: vote with the buttons on the page."), 400)
        token, card, option = (form.get(name) for name in ("form", "card", "option"))
        if not isinstance(token, str) or not self.signer.form_ok(device, token):
            return self._message(self.ui._("Your vote was not counted: vote from the vote page."), 403)
        if not isinstance(card, str) or not isinstance(option, str):
            return self._message(self.ui._("Your vote was not counted: vote with the buttons on the page."), 400)
        if self.state.join(device) is Join.FULL:
            return self._message(self.ui._("This session is full: no more participants can join."), 503,
                                 back=False)
        result = self.state.vote(device, card, option.strip().lower())
        if result in (Vote.COUNTED, Vote.CHANGED):
            return self._redirect(f"/{self.join_code}")
        if result is Vote.CLOSED:
            return self._message(self.ui._("Your vote was not counted: voting on this card is closed."), 409)
        if result is Vote.STALE:
            return self._message(self.ui._("Your vote was not counted: the trainer has moved to another card."), 409)
        return self._message(self.ui._("Your vote was not counted: that option does not exist."), 400)
