"""The real program in a real terminal, for the tmux tests: one tmux server of its own per run, one window
of a given size, keys sent as a person or a password manager sends them, the screen read as it shows."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

DIALOOG = Path(sys.executable).with_name("dialoog")
GAP = 0.02
"""Seconds between two keys in `fast`: faster than any person, as fast as a password manager."""


def terminal_env(tmp_path: Path) -> dict[str, str]:
    """The program's environment in tmux: no settings from the machine, data (and cache) in tmp_path.

    `COLUMNS` and `LINES` go too: pytest-xdist's workers have them (80 and 24), and the program would
    take them for the terminal's size instead of the tmux window's."""
    skip = ("DIALOOG_", "TMUX", "LC_", "LANG")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip) and k not in ("COLUMNS", "LINES")}
    return env | {"TERM": "xterm-256color", "HOME": str(tmp_path), "DIALOOG_DATA_DIR": str(tmp_path / "data"),
                  "DIALOOG_CACHE_DIR": str(tmp_path / "cache")}


class Terminal:
    """One tmux server of its own (`-L`), one window of `size` (columns, rows)."""

    def __init__(self, env: dict[str, str], size: tuple[int, int] = (100, 30)) -> None:
        self.socket = ""
        self.env = env
        self.size = size

    def tmux(self, *args: str, stdin: str | None = None) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True,
                             timeout=20, input=stdin)
        return out.stdout

    def start(self, command: str, width: int | None = None, height: int | None = None) -> None:
        """A new tmux server for each run (a server that is still closing cannot be reused), its window made
        at its size; the shell keeps the pane open after the program ends, so its last words can be read."""
        if width is not None and height is not None:
            self.size = (width, height)
        self.socket = f"dialoog-test-{uuid.uuid4().hex[:8]}"
        columns, rows = self.size
        self.tmux("new-session", "-d", "-s", "dlg", "-x", str(columns), "-y", str(rows),
                  f"{command}; echo EXIT=$?; sleep 60")

    def window_size(self) -> tuple[int, int]:
        out = self.tmux("display-message", "-p", "-t", "dlg", "#{window_width}x#{window_height}")
        width, height = out.strip().split("x")
        return int(width), int(height)

    def keys(self, *keys: str) -> None:
        """Keys as a person presses them."""
        for key in keys:
            self.tmux("send-keys", "-t", "dlg", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "dlg", "-l", text)
        time.sleep(0.2)

    def fast(self, *keys: str) -> None:
        """Each key on its own, `GAP` apart; a key of more than one character is sent as typed characters."""
        for key in keys:
            for one in ([key] if key in ("Tab", "BTab", "Enter") else list(key)):
                self.tmux("send-keys", "-t", "dlg", one)
                time.sleep(GAP)

    def burst(self, *keys: str) -> None:
        """All keys in one `send-keys`: they reach the program together."""
        self.tmux("send-keys", "-t", "dlg", *keys)

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

    def close(self) -> None:
        if self.socket:
            self.tmux("kill-server")
            self.socket = ""
