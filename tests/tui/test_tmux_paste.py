"""Pasting into the real program in a real terminal: `dialoog` in tmux, a bracketed paste (`paste-buffer -p`).

The text after an escape sequence, or around zero-width and bidi characters, stays where it was pasted;
a 5,000-character line is cut at the field's limit (200 here), in order, with a warning that goes at the next good
paste; a typed ESC followed by a colour code shows what was typed. At 80x24 and 100x30.
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
    # not serial: see test_tmux.py
]

PASS = "mijn geheime zin"
DIALOOG = Path(sys.executable).with_name("dialoog")
SIZES = [(80, 24), (100, 30)]


class Terminal:
    """One tmux server of its own (`-L`), one window of the given size."""

    def __init__(self, env: dict[str, str], size: tuple[int, int]) -> None:
        self.socket = f"dialoog-paste-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.size = size

    def tmux(self, *args: str, stdin: str | None = None) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True,
                             timeout=20, input=stdin)
        return out.stdout

    def start(self, command: str) -> None:
        width, height = self.size
        self.tmux("new-session", "-d", "-s", "dlg", "-x", str(width), "-y", str(height),
                  f"{command}; echo EXIT=$?; sleep 60")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "dlg", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "dlg", "-l", text)
        time.sleep(0.2)

    def paste(self, text: str) -> None:
        """A bracketed paste of `text`, as a terminal sends a paste to a program that asked for them."""
        self.tmux("load-buffer", "-b", "p", "-", stdin=text)
        self.tmux("paste-buffer", "-p", "-d", "-b", "p", "-t", "dlg")
        time.sleep(0.3)

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

    def field(self) -> str:
        """The line the text field is on (the one above the character count)."""
        lines = self.screen().splitlines()
        index = next(i for i, line in enumerate(lines) if "van hoogstens" in line)
        return lines[index - 1].strip()

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def terminal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Terminal]:
    env = terminal_env(tmp_path)
    term = Terminal(env, request.param)
    yield term
    term.close()


def to_the_text_field(terminal: Terminal) -> None:
    """Start `dialoog`, choose a passphrase, answer the role: the portfolio question (a text field)."""
    assert DIALOOG.exists(), f"{DIALOOG} is missing: install the package first"
    terminal.start(f"{DIALOOG} --lang nl")
    terminal.wait_for("Welkom bij dialoog", "Verder")
    terminal.keys("Enter")
    terminal.wait_for("Kies een wachtwoord")
    terminal.type(PASS)
    terminal.keys("Enter")
    terminal.type(PASS)
    terminal.keys("Enter")
    terminal.wait_for("Welke rol past het best bij u?", "Wethouder", timeout=30)
    terminal.keys("4")  # Wethouder
    terminal.wait_for("Op welk beleidsterrein of in welke portefeuille", "van hoogstens")


def clear_field(terminal: Terminal) -> None:
    terminal.keys("End", "C-u")  # Ctrl+U: delete to the start of the field
    terminal.wait_for("0 van hoogstens")


def test_pastes_keep_their_order_in_a_real_terminal(terminal: Terminal) -> None:
    to_the_text_field(terminal)

    terminal.paste("A\x1b[31mB")
    terminal.wait_for("2 van hoogstens")
    assert terminal.field() == "AB", terminal.screen()
    clear_field(terminal)

    terminal.type("ROOD ")
    terminal.paste("zero\u200bwidth\u200d\ufeff \u202eend")
    terminal.wait_for("18 van hoogstens")
    assert terminal.field() == "ROOD zerowidth end", terminal.screen()
    clear_field(terminal)

    line = "".join(chr(ord("a") + i % 26) for i in range(5000))
    terminal.paste(line)
    cut = terminal.wait_for("ingekort")
    assert "200 van hoogstens 200" in cut, "cut at the field's limit"
    shown = terminal.field()  # the field scrolls: its end is in view
    assert len(shown) > 20 and line[:200].endswith(shown), terminal.screen()
    clear_field(terminal)

    terminal.paste("kort")
    after = terminal.wait_for("4 van hoogstens")
    assert terminal.field() == "kort"
    assert "ingekort" not in after, "the warning went at the next good paste"
    clear_field(terminal)

    terminal.type("\x1b[31mwonen")  # ESC and a colour code typed at once
    terminal.wait_for("9 van hoogstens")
    assert terminal.field() == "[31mwonen", terminal.screen()

    terminal.keys("C-q")
    terminal.wait_for("EXIT=0")
