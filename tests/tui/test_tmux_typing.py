"""Fast typing in a real terminal: keys sent 20 ms apart (a password manager, `tmux send-keys`) land in order.

`dialoog` runs in tmux on a fresh data and cache folder. On the first passphrase
screen the passphrase, Tab (or Enter), the passphrase again and Enter are sent
one key every 20 ms, and also as one burst (all keys in one write, as a password
manager's auto-type can arrive). The screen must move on to the first question,
and the store must open with exactly that passphrase.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_tmux import terminal_env

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
    pytest.mark.serial,
]

PASS = "kortkort"
DIALOOG = Path(sys.executable).with_name("dialoog")
GAP = 0.02
"""Seconds between two keys: faster than any person, as fast as a password manager."""


class Terminal:
    """One tmux server of its own (`-L`), one window of the given size."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = ""
        self.env = env

    def tmux(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True,
                             timeout=20)
        return out.stdout

    def start(self, command: str, width: int, height: int) -> None:
        self.socket = f"dialoog-typing-{uuid.uuid4().hex[:8]}"
        self.tmux("new-session", "-d", "-s", "dlg", "-x", str(width), "-y", str(height),
                  f"{command}; echo EXIT=$?; sleep 60")

    def fast(self, *keys: str) -> None:
        """Each key on its own, `GAP` apart; a key of more than one character is sent as typed characters."""
        for key in keys:
            for one in ([key] if key in ("Tab", "BTab", "Enter") else list(key)):
                self.tmux("send-keys", "-t", "dlg", one)
                time.sleep(GAP)

    def burst(self, *keys: str) -> None:
        """All keys in one `send-keys`: they reach the program together."""
        self.tmux("send-keys", "-t", "dlg", *keys)

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
            self.socket = ""


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = terminal_env(tmp_path)
    term = Terminal(env)
    yield term
    term.close()


def opens_with(data: Path, passphrase: str) -> bool:
    from dialoog.store import Store, WrongPassphrase

    try:
        Store.open(data, passphrase, create=False).close()
    except WrongPassphrase:
        return False
    return True


def to_passphrase_screen(terminal: Terminal, width: int, height: int) -> None:
    assert DIALOOG.exists(), f"{DIALOOG} is missing: install the package first"
    terminal.start(f"{DIALOOG} --lang nl", width, height)
    terminal.wait_for("Welkom bij dialoog", "Verder")
    terminal.tmux("send-keys", "-t", "dlg", "Enter")  # the welcome: 'Verder'; the passphrase is asked now
    terminal.wait_for("Kies een wachtwoord", "Typ het nog een keer")


SEQUENCES = {
    "tab": [PASS, "Tab", PASS, "Enter"],
    "enter": [PASS, "Enter", PASS, "Enter"],
}


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("how", ["tab", "enter"])
@pytest.mark.parametrize("pace", ["20ms", "burst"])
def test_fast_passphrase_lands_in_each_field(terminal: Terminal, tmp_path: Path, size: tuple[int, int], how: str,
                                             pace: str) -> None:
    to_passphrase_screen(terminal, *size)
    keys = SEQUENCES[how]
    if pace == "burst":
        terminal.burst(*keys)
    else:
        terminal.fast(*keys)
    shown = terminal.wait_for("Welke rol past het best bij u?", timeout=30)
    assert "niet gelijk" not in shown and "te kort" not in shown
    terminal.tmux("send-keys", "-t", "dlg", "C-q")
    terminal.wait_for("EXIT=0")
    terminal.close()
    data = tmp_path / "data"
    assert opens_with(data, PASS)
    assert not opens_with(data, PASS + PASS)  # not everything in one field


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_fast_shift_tab_goes_back_to_the_first_field(terminal: Terminal, tmp_path: Path,
                                                     size: tuple[int, int]) -> None:
    """Tab, Shift+Tab, Tab: each goes to its field before the next key; a field entered again has its text
    selected (Textual's `select_on_focus`), so what is typed then replaces it."""
    to_passphrase_screen(terminal, *size)
    terminal.fast("kort", "Tab", "xx", "BTab", PASS, "Tab", PASS)
    shown = terminal.wait_for("••••••••")  # a dot per character
    assert shown.count("•" * 8) == 2 and "•" * 9 not in shown, shown  # 8 in each field
    terminal.fast("Enter")
    terminal.wait_for("Welke rol past het best bij u?", timeout=30)
    terminal.tmux("send-keys", "-t", "dlg", "C-q")
    terminal.wait_for("EXIT=0")
    terminal.close()
    assert opens_with(tmp_path / "data", PASS)
