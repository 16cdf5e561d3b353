"""Live voting in the trainer app: `app.live` is a `LiveController` when `dialoog train --live` is given.

The trainer app calls three things (its hooks):

- `await live.attach(screen)` when a session screen mounts: starts the listener the first time (in the app's
  own event loop), takes over a kept state of the same session (a reload under `dialoog serve`), bridges the
  session to it and mounts the live panels with `screen.mount_live(projector, presenter)`;
- `live.toggle_voting()` for the trainer's key;
- `await live.stop()` when the app quits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dialoog.i18n import UI
from dialoog.live.bridge import LiveBridge, load_snapshot, snapshot_path
from dialoog.live.cli import LiveOptions
from dialoog.live.server import LiveError, LiveServer
from dialoog.tui.live.panel import LivePanel


class LiveController:
    def __init__(self, options: LiveOptions, lang: str, data_dir: Path | None,
                 translate: Callable[[str], str] = str) -> None:
        self.options = options
        self.lang = lang
        self.ui = UI(lang)
        self.data_dir = data_dir
        self.translate = translate
        self.server: LiveServer | None = None
        self.bridge: LiveBridge | None = None
        self.panels: list[LivePanel] = []
        self.error: str | None = None
        self._stop_listening: Callable[[], None] | None = None

    @property
    def url(self) -> str | None:
        return self.server.url if self.server else None

    async def attach(self, screen: Any) -> bool:
        """Bridge `screen.session` to the listener and show the panels on `screen`; False (and the reason
        said on the screen) when the listener cannot start."""
        session = screen.session
        app_t = getattr(getattr(screen, "train", None), "t", None)
        if callable(app_t):
            self.translate = lambda text: str(screen.train.t(text))  # the app's language, also after F9
        if self.bridge is not None and self.bridge.session is not session:
            self.bridge.detach()
            self.bridge = None
        keep = snapshot_path(self.data_dir, session.id) if self.data_dir is not None else None
        if self.server is None:
            server = LiveServer(lang=self.lang, host=self.options.host, port=self.options.port,
                                max_participants=self.options.max_participants)
            if keep is not None and keep.exists():
                server.restore(load_snapshot(keep))
            try:
                await server.start()
            except LiveError as exc:
                if server.port and server.port != self.options.port:  # the kept port is taken now: a free one
                    server.port = 0
                    try:
                        await server.start()
                    except LiveError as again:
                        return self._failed(screen, again)
                else:
                    return self._failed(screen, exc)
            self.server = server
            self._stop_listening = server.add_listener(self._sync)
        if self.bridge is None:
            self.bridge = LiveBridge(session, self.server, translate=self.translate, keep=keep)
            self.bridge.attach()
        projector = LivePanel(self.server, self.lang, classes="live-projector")
        presenter = LivePanel(self.server, self.lang, show_qr=False, classes="live-presenter")
        self.panels = [projector, presenter]
        screen.mount_live(projector, presenter)
        return True

    def _failed(self, screen: Any, exc: LiveError) -> bool:
        self.error = exc.say(self.ui._)
        say = getattr(screen, "say", None)
        if say is not None:
            say(self.ui._("Live voting is off: {reason}", reason=self.error), error=True)
        return False

    def _sync(self) -> None:
        for panel in self.panels:
            panel.sync()

    def toggle_voting(self) -> None:
        if self.bridge is not None:
            self.bridge.toggle_voting()

    async def stop(self) -> None:
        """Stop listening (the app quits); the last votes are written first."""
        if self.bridge is not None:
            self.bridge.detach()
            self.bridge = None
        if self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        if self.server is not None:
            await self.server.stop()
            self.server = None
