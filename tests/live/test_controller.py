"""The live panel in a trainer's screen: address, join code, QR, participants and votes follow each vote
(never the distribution), and the trainer's key opens and closes voting."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from dialoog.live.cli import LiveOptions
from dialoog.training import TrainingSession
from dialoog.tui.live import LivePanel, QRCode
from dialoog.tui.live.controller import LiveController

from .conftest import Participant, card


class FakeSessionScreen(Screen[None]):
    """What the trainer's session screen offers the live controller: `session`, `mount_live`, `say`."""

    def __init__(self, session: TrainingSession) -> None:
        super().__init__()
        self.session = session
        self.said: list[str] = []

    def compose(self) -> ComposeResult:
        yield Vertical(id="p-live")
        yield Static(self.session.card.situation)
        yield Vertical(id="pr-live")

    def mount_live(self, projector: Widget | None = None, presenter: Widget | None = None) -> None:
        if projector is not None:
            self.query_one("#p-live", Vertical).mount(projector)
        if presenter is not None:
            self.query_one("#pr-live", Vertical).mount(presenter)

    def say(self, text: str, error: bool = False) -> None:
        self.said.append(text)


class Trainer(App[None]):
    def __init__(self, session: TrainingSession, live: LiveController) -> None:
        super().__init__()
        self.session = session
        self.live = live

    def on_mount(self) -> None:
        self.push_screen(FakeSessionScreen(self.session))


def counts(app: App[None]) -> str:
    panel = app.screen.query_one(".live-projector", LivePanel)
    return str(panel.query_one(".live-counts", Static).render())


async def test_the_projector_shows_address_code_qr_and_counts_that_follow_each_vote(tmp_path: Path) -> None:
    session = TrainingSession([card("c1", 4), card("c2", 2)], "en", tmp_path)
    live = LiveController(LiveOptions(), "en", tmp_path)
    app = Trainer(session, live)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert await live.attach(app.screen)
        await pilot.pause()
        assert live.url and live.url.startswith("http://127.0.0.1:")
        projector = app.screen.query_one(".live-projector", LivePanel)
        texts = " ".join(str(s.render()) for s in projector.query(Static))
        assert f"Vote at {live.url}" in texts and f"Join code: {live.server.join_code}" in texts  # type: ignore[union-attr]
        assert projector.query_one(QRCode).data == live.url
        assert not app.screen.query_one(".live-presenter", LivePanel).query(QRCode)
        assert counts(app) == "0 participants · 0 votes on this card · voting closed"
        session.reveal_next()  # the options: voting opens
        await pilot.pause()
        assert counts(app).endswith("voting open")
        jars = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(2)]
        try:
            phones = [Participant(j, f"http://127.0.0.1:{live.server.port}", live.server.join_code)  # type: ignore[union-attr]
                      for j in jars]
            await phones[0].vote("a", card="c1")
            await pilot.pause()
            assert counts(app) == "1 participant · 1 vote on this card · voting open"
            await phones[1].vote("b", card="c1")
            await phones[1].vote("c", card="c1")
            await pilot.pause()
            assert counts(app) == "2 participants · 2 votes on this card · voting open"
            assert "a: 1" not in counts(app) and "%" not in counts(app)  # never the distribution
            app.live.toggle_voting()  # the trainer's key
            await pilot.pause()
            assert counts(app).endswith("voting closed")
            token = await phones[0].form_token()
            assert (await phones[0].vote("b", card="c1", token=token)).status == 409
            await asyncio.sleep(0.1)
            assert session.state.counts == {"a": 1, "b": 0, "c": 1, "d": 0}
        finally:
            for j in jars:
                await j.close()
        await live.stop()
        assert live.server is None


async def test_a_port_in_use_is_said_on_the_screen_and_the_session_goes_on(tmp_path: Path) -> None:
    from dialoog.live import LiveServer

    taken = LiveServer()
    await taken.start()
    try:
        session = TrainingSession([card("c1", 4)], "en", tmp_path)
        live = LiveController(LiveOptions(port=taken.port), "en", tmp_path)
        app = Trainer(session, live)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert not await live.attach(app.screen)
            said = app.screen.said  # type: ignore[attr-defined]
            assert said == [f"Live voting is off: port {taken.port} is already in use on 127.0.0.1: choose another "
                            "with --port, or leave out --port to take a free one"]
            assert not app.screen.query(LivePanel)
    finally:
        await taken.stop()


async def test_on_a_low_screen_the_qr_steps_aside_and_the_address_stays(tmp_path: Path) -> None:
    session = TrainingSession([card("c1", 4)], "en", tmp_path)
    live = LiveController(LiveOptions(), "en", tmp_path)
    app = Trainer(session, live)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert await live.attach(app.screen)
        await pilot.pause()
        projector = app.screen.query_one(".live-projector", LivePanel)
        assert not projector.query_one(QRCode).display
        texts = " ".join(str(s.render()) for s in projector.query(Static))
        assert f"Vote at {live.url}" in texts
        await pilot.resize_terminal(120, 50)
        for _ in range(200):  # the panel looks twice a second; a busy machine may take longer
            if projector.query_one(QRCode).display:
                break
            await pilot.pause(0.05)
        assert projector.query_one(QRCode).display
        await live.stop()
