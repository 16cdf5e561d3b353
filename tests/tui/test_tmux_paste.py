"""Pasting into the real program in a real terminal: `dialoog` in tmux, a bracketed paste (`paste-buffer -p`).

The text after an escape sequence, or around zero-width and bidi characters, stays where it was pasted;
a 5,000-character line is cut at the field's limit (200 here), in order, with a warning that goes at the next good
paste; a typed ESC followed by a colour code shows what was typed. At 80x24 and 100x30.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .tmux import DIALOOG, Terminal, terminal_env

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
    # not serial: see test_tmux.py
]

PASS = "mijn geheime zin"
SIZES = [(80, 24), (100, 30)]


def field(terminal: Terminal) -> str:
    """The line the text field is on (the one above the character count)."""
    lines = terminal.screen().splitlines()
    index = next(i for i, line in enumerate(lines) if "van hoogstens" in line)
    return lines[index - 1].strip()


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def terminal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Terminal]:
    env = terminal_env(tmp_path)
    term = Terminal(env, request.param)
    yield term
    term.close()


def to_the_text_field(terminal: Terminal) -> None:
    """Start `dialoog`, choose a passphrase, answer the role and the moment: the portfolio question (a text field)."""
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
    terminal.keys("5")  # Wethouder
    terminal.wait_for("Is dit uw eerste scan")
    terminal.keys("1")  # Eerste scan: the intake asks the moment before the portfolio
    terminal.wait_for("Op welk beleidsterrein of in welke portefeuille", "van hoogstens")


def clear_field(terminal: Terminal) -> None:
    terminal.keys("End", "C-u")  # Ctrl+U: delete to the start of the field
    terminal.wait_for("0 van hoogstens")


def test_pastes_keep_their_order_in_a_real_terminal(terminal: Terminal) -> None:
    to_the_text_field(terminal)

    terminal.paste("A\x1b[31mB")
    terminal.wait_for("2 van hoogstens")
    assert field(terminal) == "AB", terminal.screen()
    clear_field(terminal)

    terminal.type("ROOD ")
    terminal.paste("zero\u200bwidth\u200d\ufeff \u202eend")
    terminal.wait_for("18 van hoogstens")
    assert field(terminal) == "ROOD zerowidth end", terminal.screen()
    clear_field(terminal)

    line = "".join(chr(ord("a") + i % 26) for i in range(5000))
    terminal.paste(line)
    cut = terminal.wait_for("ingekort")
    assert "200 van hoogstens 200" in cut, "cut at the field's limit"
    shown = field(terminal)  # the field scrolls: its end is in view
    assert len(shown) > 20 and line[:200].endswith(shown), terminal.screen()
    clear_field(terminal)

    terminal.paste("kort")
    after = terminal.wait_for("4 van hoogstens")
    assert field(terminal) == "kort"
    assert "ingekort" not in after, "the warning went at the next good paste"
    clear_field(terminal)

    terminal.type("\x1b[31mwonen")  # ESC and a colour code typed at once
    terminal.wait_for("9 van hoogstens")
    assert field(terminal) == "[31mwonen", terminal.screen()

    terminal.keys("C-q")
    terminal.wait_for("EXIT=0")
