"""The network list in the real program in a real terminal (tmux), at 80x24 and 100x30.

`dialoog --flow network` starts at the network part of the scan. Six names go into the list;
then every entry and the Done button show on the screen when the keys reach them, editing an
entry and leaving the field empty keeps it, and Done goes on to the questions about each entry.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_tmux import PASS
from .tmux import DIALOOG, Terminal, terminal_env

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
    # not serial: see test_tmux.py
]

ENTRIES = [("Zwager P. (bouwbedrijf)", "1"), ("Projectontwikkelaar R.", "3"), ("Businessclub Oost", "4"),
           ("VV De Zwaluwen", "4"), ("Fractievoorzitter M.", "5"), ("Buurman A.", "2")]


@pytest.fixture(params=[(80, 24), (100, 30)], ids=lambda s: f"{s[0]}x{s[1]}")
def sized(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Terminal]:
    """As test_tmux's `terminal`: no settings from the machine, data in tmp_path."""
    term = Terminal(terminal_env(tmp_path), request.param)
    yield term
    term.close()


def test_the_network_list_fits_the_terminal(sized: Terminal, tmp_path: Path) -> None:
    assert DIALOOG.exists(), f"{DIALOOG} is missing: install the package first"
    term = sized
    term.start(f"{DIALOOG} --lang nl --flow network")
    term.wait_for("Iedereen heeft een netwerk", "Verder")
    assert term.window_size() == term.size
    term.keys("Enter")  # the intro; the store is made before the answer is kept
    term.wait_for("Kies een wachtwoord")
    term.type(PASS)
    term.keys("Enter")
    term.type(PASS)
    term.keys("Enter")
    term.wait_for("Wie zijn de mensen en organisaties", "Nog niemand genoemd", timeout=30)

    for name, group in ENTRIES:
        term.type(name)
        term.keys("Enter")
        term.wait_for(f"In welke groep hoort '{name}'?")
        term.keys(group)
        term.wait_for(f"{ENTRIES.index((name, group)) + 1}. {name} · ")

    # Down into the list and through every entry: each one is on the screen when it is reached
    term.keys("Down")
    for index, (name, _) in enumerate(ENTRIES):
        term.wait_for(f"{index + 1}. {name}")
        term.keys("Down")
    term.keys("Tab")  # to Done
    term.wait_for("Klaar (6 genoemd)")
    lines: list[str] = []
    for _ in range(100):  # the screen as a whole, once it is drawn: Done above the key bar, which is at the bottom
        lines = term.screen().splitlines()
        if (len(lines) == term.size[1] and "F1 Waarom?" in lines[-1]
                and any("Klaar (6 genoemd)" in line for line in lines[:-1])):
            break
        time.sleep(0.1)
    else:
        raise AssertionError("Done is not above the key bar at the bottom:\n" + "\n".join(lines))

    # edit the first entry, leave the field empty: it is kept
    term.keys("Tab", "Down", "e")  # Tab back to the name field, Down into the list (its first entry), edit
    term.wait_for("U wijzigt 'Zwager P. (bouwbedrijf)'")
    term.keys("C-u", "Enter")
    screen = term.wait_for("'Zwager P. (bouwbedrijf)' blijft zoals het was", "6 genoemd")
    assert "Over Zwager" not in screen

    term.keys("Enter")  # an empty field: done
    term.wait_for("Over Zwager P. (bouwbedrijf) (1 van 6)", "Hoe hecht is uw band met Zwager P. (bouwbedrijf)?")
    term.keys("C-q")
    term.wait_for("EXIT=0")
