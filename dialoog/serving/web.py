"""The web application of `dialoog serve` (aiohttp and textual-serve are imported only here).

    /            a small start page: choose the trainer mode or practice (with --flow scan: the scan)
    /train/      `dialoog train` in the browser      (textual-serve: a new process per connection)
    /practise/   `dialoog practise` in the browser
    /scan/       `dialoog` (the conversation), only with --flow scan

A reload starts a new process on the same path, which resumes where the visitor was: practice at the card the
user was at (kept in their store), the trainer at its last session (its record).
"""

from __future__ import annotations

import contextlib
import html
import shlex
import socket
import sys
from dataclasses import dataclass
from typing import Any

from dialoog.i18n import UI


def N_(message: str) -> str:
    """Mark a text for translation where it is defined; translated where it is shown."""
    return message


@dataclass(frozen=True, slots=True)
class Mode:
    path: str
    title: str
    """English source; translated on the start page."""
    explain: str
    command: str


def _command(lang: str, data_dir: str | None, *verb: str) -> str:
    """The shell command textual-serve runs per connection: `exec` replaces the shell by the app (one process
    per visitor, not two), and MALLOC_ARENA_MAX=2 keeps the app's threads from each holding an arena of their
    own (see bench/RESULTS.md: the memory of 10 visitors at once)."""
    argv = [sys.executable, "-m", "dialoog", "--lang", lang]
    if data_dir:
        argv += ["--data-dir", str(data_dir)]
    return "MALLOC_ARENA_MAX=2 exec " + shlex.join([*argv, *verb])


def modes_for(flow: str | None, lang: str, data_dir: str | None, live: list[str] | None = None) -> list[Mode]:
    """What is served: the trainer and practice modes, or (`--flow scan`) the personal scan. `live`: the
    trainer's live-voting flags (`--live --port N`, with `--host` when served to a network), so that each
    browser connection's trainer process listens on the same port and a reload resumes the same join code,
    cookies and votes (kept beside the session's record)."""
    if flow == "scan":
        return [Mode("scan", N_("The scan"),
                     N_("The personal self-assessment. Your answers are stored, encrypted, on the computer that "
                        "serves this page, not on yours."), _command(lang, data_dir))]
    return [
        Mode("train", N_("Trainer mode"),
             N_("Run a dilemma session with a group: the cards on a projector, the group's votes, notes and export."),
             _command(lang, data_dir, "train", *train_resume(), *(live or []))),
        Mode("practise", N_("Practice"),
             N_("Practise with the dilemma cards on your own: choose, reflect, and see what others weighed. Your "
                "choices are kept encrypted on the computer that serves this page."),
             _command(lang, data_dir, "practise")),
    ]


def train_resume() -> list[str]:
    """`--resume` when `dialoog train` has it (it resumes the trainer's latest saved session), else nothing: asked
    of `dialoog train --help` once, when the server starts."""
    import subprocess

    try:
        done = subprocess.run([sys.executable, "-m", "dialoog", "--lang", "en", "train", "--help"],
                              capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return ["--resume"] if done.returncode == 0 and "--resume" in done.stdout else []


def start_page(modes: list[Mode], lang: str) -> str:
    """The start page: one link per mode, in `lang`; no script, nothing fetched from elsewhere."""
    ui = UI(lang)
    items = "\n".join(
        f'<li><a href="/{m.path}/">{html.escape(ui._(m.title))}</a><p>{html.escape(ui._(m.explain))}</p></li>'
        for m in modes)
    heading = html.escape(ui._("dialoog in your browser"))
    choose = html.escape(ui._("Choose what to open:"))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dialoog</title>
<style>body{{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.5}}
li{{margin-bottom:1.5em}} a{{font-size:1.4em}}</style></head>
<body><h1>{heading}</h1><p>{choose}</p><ul>
{items}
</ul></body></html>
"""


SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def build_app(modes: list[Mode], lang: str) -> Any:
    """The aiohttp application: the start page and one textual-serve app per mode."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.server import Server

    class _Server(Server):
        """textual-serve's server, with the page's URLs made from the address the browser used (so it works
        behind any host name, and under a path)."""

        async def handle_index(self, request: web.Request) -> Any:
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

    root = web.Application()
    page = start_page(modes, lang)

    async def index(request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html", headers=SECURITY_HEADERS)

    root.add_routes([web.get("/", index)])
    for mode in modes:
        server = _Server(mode.command, title=f"dialoog: {UI(lang)._(mode.title)}")
        sub = web.Application()
        aiohttp_jinja2.setup(sub, loader=jinja2.FileSystemLoader(server.templates_path))
        sub.add_routes([
            web.get("/", server.handle_index, name="index"),
            web.get("/ws", server.handle_websocket, name="websocket"),
            web.get("/download/{key}", server.handle_download, name="download"),
            web.static("/static", server.statics_path, name="static"),
        ])
        root.add_subapp(f"/{mode.path}/", sub)

        async def without_slash(request: web.Request, to: str = f"/{mode.path}/") -> web.Response:
            raise web.HTTPFound(to)

        root.add_routes([web.get(f"/{mode.path}", without_slash)])
    return root


def run(sock: socket.socket, modes: list[Mode], lang: str) -> int:
    """Serve on the bound `sock` until Ctrl+C (or SIGTERM)."""
    from aiohttp import web

    with contextlib.suppress(KeyboardInterrupt):
        web.run_app(build_app(modes, lang), sock=sock, print=None, handle_signals=True, shutdown_timeout=2.0)
    return 0
