"""`dialoog serve` on the command line: the addresses and ports it refuses, each with one clear sentence and exit 2
(no traceback), the warning for a non-loopback address, and what it serves."""

from __future__ import annotations

import socket
import sys
import urllib.request
from pathlib import Path

import pytest

from dialoog.cli import main

from .helpers import free_port, serving


def serve(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--lang", "en", "serve", *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("port", ["abc", "0", "65536", "-1", "80.5"])
def test_a_port_that_is_not_a_port_number_is_refused(capsys: pytest.CaptureFixture[str], port: str) -> None:
    code, err = serve(capsys, "--port", port)
    assert code == 2
    assert f"--port must be a whole number from 1 to 65535, not '{port}'." in err
    assert "Traceback" not in err


def test_a_port_in_use_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        code, err = serve(capsys, "--port", str(port))
    assert code == 2
    assert f"port {port} on 127.0.0.1 is in use" in err and "Choose another with --port." in err


def test_a_non_loopback_address_needs_public(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = serve(capsys, "--host", "0.0.0.0", "--port", str(free_port()))
    assert code == 2
    assert "'0.0.0.0' is not this computer's own address" in err and "Add --public" in err


@pytest.mark.parametrize("host", ["192.0.2.1", "no-such-host.invalid"])
def test_a_host_that_cannot_be_bound_is_said(capsys: pytest.CaptureFixture[str], host: str) -> None:
    code, err = serve(capsys, "--host", host, "--public", "--port", str(free_port()))
    assert code == 2
    assert f"cannot listen on '{host}'" in err and "Traceback" not in err


def test_without_textual_serve_it_says_so(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    code, err = serve(capsys, "--port", str(free_port()))
    assert code == 2 and "textual-serve is not installed" in err


def test_only_the_scan_can_be_served_as_a_flow(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = serve(capsys, "--flow", "practice")
    assert code == 2 and "only the scan can be served" in err


def test_a_public_address_prints_a_warning_and_serves(tmp_path: Path) -> None:
    with serving("--host", "0.0.0.0", "--public", data=tmp_path, env={"DIALOOG_LANG": "en"}) as (proc, _):
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "Warning: dialoog serve listens on 0.0.0.0:" in err
    assert "Everyone who can reach this computer at that address" in err


def test_the_start_page_offers_trainer_and_practice(tmp_path: Path) -> None:
    with serving(data=tmp_path) as (_, url):
        with urllib.request.urlopen(url) as response:
            page = response.read().decode()
            assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert '<a href="/train/">Voor trainers</a>' in page and '<a href="/practise/">Oefenen</a>' in page
        with urllib.request.urlopen(url + "practise/") as response:
            app_page = response.read().decode()
        assert "dialoog: Oefenen" in app_page and f"ws://{url[7:]}practise/ws" in app_page


def test_the_scan_says_where_answers_are_stored(tmp_path: Path) -> None:
    with serving("--flow", "scan", data=tmp_path, env={"DIALOOG_LANG": "en"}) as (proc, url):
        with urllib.request.urlopen(url) as response:
            page = response.read().decode()
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert '<a href="/scan/">The scan</a>' in page and "/practise/" not in page
    assert "stored, encrypted, on the computer that serves this page" in page
    assert "the answers are stored, encrypted, on this computer (the one serving it)" in err


def test_live_voting_under_serve_gives_each_trainer_process_the_same_voting_port() -> None:
    """Under serve every browser connection starts its own trainer process: with --live they all listen on one
    port, so a reload resumes the same join code, cookies and votes (dialoog train --resume --live --port N)."""
    from dialoog.serving.web import modes_for

    train = next(m for m in modes_for(None, "nl", None, ["--live", "--port", "9001"]) if m.path == "train")
    assert train.command.endswith("train --resume --live --port 9001")
    practise = next(m for m in modes_for(None, "nl", None, ["--live", "--port", "9001"]) if m.path == "practise")
    assert "--live" not in practise.command


def test_live_port_without_live_and_a_live_port_in_use_are_said(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = serve(capsys, "--port", str(free_port()), "--live-port", str(free_port()))
    assert code == 2 and "--live-port goes with --live" in err
    port = free_port()
    code, err = serve(capsys, "--port", str(port), "--live", "--live-port", str(port))
    assert code == 2 and "need a port of their own" in err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        taken = busy.getsockname()[1]
        code, err = serve(capsys, "--port", str(free_port()), "--live", "--live-port", str(taken))
    assert code == 2 and f"port {taken} on 127.0.0.1 is in use" in err and "Traceback" not in err
