"""The welcome's time estimate is measured (issue 16, item 6): the minutes it names fit the number of things a
typical route asks, at 20 to 30 seconds each. A typical route: a wethouder with six ordinary contacts on the
map, every other question answered as `dialoog play --auto low` does. The test fails when content is added
or taken away so that the figure no longer fits; then measure again and change the welcome."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from dialoog import play
from dialoog.engine import Session
from dialoog.engine.progress import is_unit
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow

pytestmark = pytest.mark.usefixtures("plain_env")

ROOT = Path(__file__).resolve().parents[1]
SECONDS_PER_STEP = (20, 30)
SIX = ["family", "friends", "business", "party", "neighbours", "clubs"]
MINUTES = {"nl": re.compile(r"ongeveer (\d+) minuten"), "en": re.compile(r"about (\d+) minutes")}


@cache
def scan() -> Flow:
    return load_library(ROOT).flow("scan")


@cache
def typical_route_steps() -> int:
    """The units (questions, messages, cards) of the typical route, as progress counts them."""
    flow = scan()
    session = Session(flow, "nl", ROOT)
    low = play.auto("low")
    turn = session.turn()
    while not turn.finished:
        if turn.node == "role" and turn.followup is None:
            turn = session.answer("wethouder")
        elif turn.node == "network" and turn.followup is None:
            turn = session.answer([{"name": f"P{i}.", "category": c} for i, c in enumerate(SIX)])
        else:
            turn = play.give(session, turn, low(session, turn))
    return sum(1 for step in session.history if is_unit(flow, step))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_welcome_names_the_minutes_the_typical_route_takes(lang: str) -> None:
    session = Session(scan(), lang, ROOT)
    turn = session.turn()
    assert turn.node == "welcome"
    found = MINUTES[lang].search(turn.text)
    assert found, turn.text
    minutes = int(found.group(1))
    steps = typical_route_steps()
    low, high = (steps * s / 60 for s in SECONDS_PER_STEP)
    assert low <= minutes <= high, f"{steps} steps take {low:.0f} to {high:.0f} minutes; the welcome says {minutes}"
