"""The real program in a real terminal: `dialoog` started in tmux, driven with send-keys, read with capture-pane.

First run: the welcome message, choose a passphrase, answer the first questions, quit with Ctrl+Q.
Second run: the first screen offers to continue, the passphrase opens the store, and the
conversation is back at the question where the user stopped, with the answers given.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
    # Not serial: every step waits for the screen to show its result (`wait_for`, 40 s), and the program
    # reads its keys in order from one terminal, so other tests' load slows it down without changing what it
    # shows. The fast-typing tests (test_tmux_typing) stay serial: their timing is what they test.
]

PASS = "mijn geheime zin"
DIALOOG = Path(sys.executable).with_name("dialoog")


def terminal_env(tmp_path: Path) -> dict[str, str]:
    """The program's environment in tmux: no settings from the machine, data (and cache) in tmp_path.

    `COLUMNS` and `LINES` go too: pytest-xdist's workers have them (80 and 24), and the program would
    take them for the terminal's size instead of the tmux window's."""
    skip = ("DIALOOG_", "TMUX", "LC_", "LANG")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip) and k not in ("COLUMNS", "LINES")}
    return env | {"TERM": "xterm-256color", "HOME": str(tmp_path), "DIALOOG_DATA_DIR": str(tmp_path / "data"),
                  "DIALOOG_CACHE_DIR": str(tmp_path / "cache")}


class Terminal:
    """One tmux server of its own (`-L`), one window of 100x30."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = ""
        self.env = env

    def tmux(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True,
                             timeout=20)
        return out.stdout

    def start(self, command: str) -> None:
        """A new tmux server of its own for each run (a server that is still closing cannot be reused)."""
        self.socket = f"dialoog-test-{uuid.uuid4().hex[:8]}"
        # the shell keeps the pane open after the program ends, so its last words can be read
        self.tmux("new-session", "-d", "-s", "dlg", "-x", "100", "-y", "30",
                  f"{command}; echo EXIT=$?; sleep 60")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "dlg", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "dlg", "-l", text)
        time.sleep(0.2)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "dlg")

    def wait_for(self, *words: str, timeout: float = 40.0) -> str:
        """The screen once it shows all `words` (spaces and line breaks do not matter)."""
        deadline = time.monotonic() + timeout
        flat = ""
        while time.monotonic() < deadline:
            flat = " ".join(self.screen().split())
            if all(word in flat for word in words):
                return flat
            time.sleep(0.1)
        raise AssertionError(f"the screen never showed {words!r}; it shows:\n{self.screen()}")

    def close(self) -> None:
        if self.socket:
            self.tmux("kill-server")


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
    terminal.keys("4")  # Wethouder
    terminal.wait_for("Op welk beleidsterrein of in welke portefeuille")
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
    terminal.wait_for("nog niet af", "Doorgaan waar ik was")
    terminal.keys("Enter")  # 'Doorgaan waar ik was'
    terminal.wait_for("Typ uw wachtwoord")
    terminal.type(PASS)
    terminal.keys("Enter")
    resumed = terminal.wait_for("Wethouder", "[b]wonen[/b]", timeout=30)
    assert "Welke rol past het best bij u?" in resumed
    terminal.keys("C-q")
    terminal.wait_for("EXIT=0")
