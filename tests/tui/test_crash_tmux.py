"""A crash in the real program in a real terminal (tmux, all its output captured with `pipe-pane`): after the
network question the program stops with a short message and the path of its crash log, exit status 70; no
byte the program wrote to the terminal holds the canary of the failing code or a traceback, and what stays
in the terminal after the program has left its screen does not hold the name given. The crash is
`tests/crashing.py`'s (see there); nothing in HOME or the XDG folders holds the canary or the name.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crashing import CANARY, NAME

from .conftest import CONTENT
from .test_crash_screen import files_holding
from .test_tmux import PASS
from .tmux import Terminal, terminal_env

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
    # not serial: see test_tmux.py
]

CRASHING = Path(__file__).resolve().parents[1] / "crashing.py"


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(terminal_env(tmp_path) | {"DIALOOG_CONTENT": str(CONTENT)})
    yield term
    term.close()


def test_a_crash_in_a_real_terminal_prints_nothing_private(terminal: Terminal, tmp_path: Path) -> None:
    captured = tmp_path / "terminal-output"
    terminal.start(f"{sys.executable} {CRASHING} --lang nl --flow questions")
    terminal.tmux("pipe-pane", "-o", "-t", "dlg", f"cat >> {captured}")
    terminal.wait_for("Krijgt u geschenken?")
    terminal.keys("n")  # the first answer: the store is made first
    terminal.wait_for("Kies een wachtwoord")
    terminal.type(PASS)
    terminal.keys("Enter")
    terminal.type(PASS)
    terminal.keys("Enter")
    terminal.wait_for("Wat speelt er?", timeout=30)
    terminal.keys("1", "Enter")
    terminal.wait_for("Wie kent u")
    terminal.type(NAME)
    terminal.keys("Enter")
    terminal.wait_for(f"In welke groep hoort '{NAME}'?")
    terminal.keys("1")
    terminal.wait_for(f"1. {NAME}")
    terminal.keys("Enter")  # an empty name field: done
    terminal.wait_for("financiële banden")
    terminal.keys("n")  # after the follow-up, the next condition fails

    screen = terminal.wait_for("EXIT=70")
    assert "dialoog is gestopt door een onverwachte fout." in screen
    assert "Een foutverslag zonder uw antwoorden staat in" in screen
    logs = list((tmp_path / "home" / "state" / "dialoog" / "crashes").glob("crash-*.log"))
    assert len(logs) == 1
    assert "ConditionFailed" in logs[0].read_text(encoding="utf-8")
    time.sleep(0.3)  # the last bytes through the pipe
    output = captured.read_bytes()
    assert b"EXIT=70" in output  # the capture holds the end
    for word in (CANARY, "Traceback", "ConditionFailed", "crashing.py", "locals"):
        assert word.encode() not in output, word  # not in any byte the program wrote
    assert b"\x1b[?1049l" in output
    left = output.rpartition(b"\x1b[?1049l")[2]  # what stays in the terminal once the app has left its screen
    assert NAME.encode() not in left  # (while it ran, the conversation showed the name, as it should)
    assert files_holding(tmp_path, NAME, CANARY) == [captured]  # only the capture of the screen itself
