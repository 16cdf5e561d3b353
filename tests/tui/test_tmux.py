"""The real program in a real terminal: `dialoog` started in tmux, driven with send-keys, read with capture-pane.

First run: the welcome message, choose a passphrase, answer the first questions, quit with Ctrl+Q.
Second run: the first screen says welcome back, the passphrase opens the store and My scans, and the
unfinished scan chosen there is back at the question where the user stopped, with the answers given.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .tmux import DIALOOG, Terminal, terminal_env

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
    # Not serial: every step waits for the screen to show its result (`wait_for`, 40 s), and the program
    # reads its keys in order from one terminal, so other tests' load slows it down without changing what it
    # shows. The fast-typing tests (test_tmux_typing) stay serial: their timing is what they test.
]

PASS = "mijn geheime zin"


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(terminal_env(tmp_path))
    yield term
    term.close()


def test_first_questions_quit_and_resume_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    assert DIALOOG.exists(), f"{DIALOOG} is missing: install the package first"
    terminal.start(f"{DIALOOG} --lang nl")
    terminal.wait_for("Welkom bij dialoog", "geen toets", "Verder")

    terminal.keys("Enter")  # the welcome message: 'Verder'; the store is made before the answer is kept
    terminal.wait_for("Kies een wachtwoord")
    terminal.type(PASS)
    terminal.keys("Enter")
    terminal.type(PASS)
    terminal.keys("Enter")
    shown = terminal.wait_for("Welke rol past het best bij u?", "Wethouder", timeout=30)
    assert "1" in shown and "Kandidaat-raadslid" in shown
    terminal.keys("5")  # Wethouder
    terminal.wait_for("Is dit uw eerste scan")  # the moment comes first: it decides the wording that follows
    terminal.keys("1")  # Eerste scan
    terminal.wait_for("Op welk beleidsterrein of in welke portefeuille gaat u werken")
    terminal.type("[b]wonen[/b] \x1b[31m")  # markup and an escape sequence are shown literally or removed
    terminal.keys("Enter")
    after = terminal.wait_for("[b]wonen[/b]")
    assert "\x1b" not in after

    terminal.keys("C-q")
    farewell = terminal.wait_for("EXIT=0")
    assert "Uw antwoorden zijn bewaard. Start dialoog opnieuw om verder te gaan waar u was." in farewell
    assert (tmp_path / "data").is_dir()
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert b"wonen" not in raw and b"wethouder" not in raw  # encrypted at rest
    terminal.close()

    terminal.start(f"{DIALOOG} --lang nl")
    welcome = terminal.wait_for("Welkom terug", "Mijn scans openen")
    assert "nog niet af" not in welcome and "Wethouder" not in welcome  # nothing about it before the passphrase
    terminal.keys("Enter")  # 'Mijn scans openen'
    terminal.wait_for("Typ uw wachtwoord")
    terminal.type(PASS)
    terminal.keys("Enter")
    terminal.wait_for("Mijn scans", "Nieuwe scan beginnen", "Wethouder", "niet af: verder gaan", timeout=30)
    terminal.keys("Down", "Enter")  # the unfinished scan
    resumed = terminal.wait_for("Wethouder", "[b]wonen[/b]", timeout=30)
    assert "Welke rol past het best bij u?" in resumed
    terminal.keys("C-q")
    terminal.wait_for("EXIT=0")
