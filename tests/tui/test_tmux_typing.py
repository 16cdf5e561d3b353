"""Fast typing in a real terminal: keys sent 20 ms apart (a password manager, `tmux send-keys`) land in order.

`dialoog` runs in tmux on a fresh data and cache folder. On the first passphrase
screen the passphrase, Tab (or Enter), the passphrase again and Enter are sent
one key every 20 ms, and also as one burst (all keys in one write, as a password
manager's auto-type can arrive). The screen must move on to the first question,
and the store must open with exactly that passphrase.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .tmux import DIALOOG, Terminal, terminal_env

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
    pytest.mark.serial,
]

PASS = "kortkort"


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
