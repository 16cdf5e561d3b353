"""`dialoog train --live` as a trainer uses it: the projector view shows the address, the join code, the QR
code and the counts; the trainer's keys (reveal, O, next) drive the participants' pages; the votes go into the
session and its record; quitting stops the listener. Participants are HTTP clients on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from dialoog.cli import main
from dialoog.live.cli import LiveOptions
from dialoog.training.deck import load_card_file
from dialoog.training.pool import Pool
from dialoog.tui.live import LivePanel, QRCode
from dialoog.tui.live.controller import LiveController
from dialoog.tui.train.app import TrainApp
from dialoog.tui.train.session import SessionScreen

from .conftest import Participant

CARDS = Path(__file__).resolve().parents[1] / "training" / "fixtures" / "cards.yaml"
THEMES = {"geschenken": "Geschenken en uitnodigingen", "nevenfuncties": "Nevenfuncties"}
AUDIENCES = ["topambtenaar", "burgemeester", "wethouder"]


def pool() -> Pool:
    own = load_card_file(CARDS, {}, THEMES, AUDIENCES)
    return Pool({c.id: c for c in own}, own=[], themes=dict(THEMES), audiences=list(AUDIENCES))


def screen_text(app: Any) -> str:
    strips = app.screen._compositor.render_strips()  # what the terminal shows (as tests/tui/_textual_harness)
    return " ".join(" ".join("".join(s.text for s in strip).split()) for strip in strips)


async def until(pilot: Any, check: Any, timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        assert loop.time() < end, "timed out"
        await pilot.pause(0.02)


async def test_a_live_session_in_the_trainer_app(tmp_path: Path) -> None:
    p = pool()
    data = tmp_path / "data"
    live = LiveController(LiveOptions(), "en", data)
    app = TrainApp(p, data, "en", deck=list(p.cards.values()), blink=False, live=live)
    jars = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(4)]
    try:
        async with app.run_test(size=(160, 60)) as pilot:
            await until(pilot, lambda: bool(app.screen.query(LivePanel)))
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            server = live.server
            assert server is not None and live.url
            text = screen_text(app)
            assert live.url in text and server.join_code in text
            assert app.screen.query_one(".live-projector", LivePanel).query_one(QRCode).data == live.url
            first = app.session.card  # type: ignore[union-attr]
            phones = [Participant(j, f"http://127.0.0.1:{server.port}", server.join_code) for j in jars]
            page = await phones[0].open()
            assert app.t(first.situation)[:40] in page.replace("&#x27;", "'") and "Choose an option" not in page
            await pilot.press("r")  # reveal the options: voting opens
            await pilot.pause()
            assert "voting open" in screen_text(app)
            for phone, key in zip(phones, "abbc", strict=True):
                await phone.vote(key, card=first.id)
            await until(pilot, lambda: "4 participants · 4 votes on this card" in screen_text(app))
            await until(pilot, lambda: app.session.state.counts == {"a": 1, "b": 2, "c": 1, "d": 0})  # type: ignore[union-attr]
            await pilot.press("o")  # the trainer closes voting
            await pilot.pause()
            assert "voting closed" in screen_text(app)
            token = await phones[3].form_token()
            assert (await phones[3].vote("d", card=first.id, token=token)).status == 409
            await pilot.press("pagedown")  # the next card
            await pilot.pause()
            second = app.session.card  # type: ignore[union-attr]
            assert second.id != first.id
            assert "0 votes on this card" in screen_text(app)
            assert app.t(second.title) in await phones[0].open()
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert live.server is None  # the listener stopped with the app
        app.session.flush()  # type: ignore[union-attr]
        [saved] = (data / "training" / "sessions").glob("*.json")
        record = json.loads(saved.read_text())
        assert record["cards"][0]["votes"] == {"a": 1, "b": 2, "c": 1, "d": 0}
        assert record["live"] == {"join_code": server.join_code}
        assert "127.0.0.1" not in saved.read_text()
    finally:
        for j in jars:
            await j.close()


def test_train_live_refuses_a_port_in_use_before_the_app_starts(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        status = main(["train", "--live", "--port", str(port), "--lang", "en", "--data-dir", str(tmp_path),
                       "--cards", str(CARDS)])
    assert status == 2
    err = capsys.readouterr().err
    assert f"dialoog train: port {port} is already in use on 127.0.0.1: choose another with --port" in err
    assert "Traceback" not in err


def test_train_flags_of_live_without_live_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--port", "8123", "--lang", "en", "--data-dir", str(tmp_path)]) == 2
    assert "--host, --port and --max-participants go with --live" in capsys.readouterr().err
