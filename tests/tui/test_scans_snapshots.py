"""SVG snapshots of the screens of keeping and coming back, at 80x24 in Dutch and English: My scans, the
review of the previous commitments, and the comparison with the previous scan. Fixed rows and dates (no clock)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dialoog.engine import Session
from dialoog.engine.agenda import commitment
from dialoog.engine.compare import compare
from dialoog.flow.library import load_library
from dialoog.keeping.scans import ScanRow
from dialoog.play import from_file, run

from .conftest import CONTENT, begin, make_app, settle
from .test_my_scans import EARLIER, LATER

SIZE = (80, 24)
langs = pytest.mark.parametrize("lang", ["nl", "en"])

ROWS = [
    ScanRow("c3", "tui", "Proef", "Raadslid", dt.datetime(2027, 6, 2, 9, 30), False),
    ScanRow("b2", "tui", "Proef", "Bewindspersoon", dt.datetime(2027, 3, 1, 14, 5), True, previous="a1"),
    ScanRow("x9", "tui", "Proef", "", dt.datetime(2026, 12, 24, 10, 0), False, damaged=True),
    ScanRow("a1", "tui", "Proef", "Bewindspersoon", dt.datetime(2026, 11, 30, 20, 15), True),
]


def played(answers: dict[str, Any], lang: str) -> Session:
    flow = load_library(CONTENT).flow("tui")
    session = Session(flow, lang, CONTENT)
    run(session, from_file(flow, answers))
    return session


def over_the_welcome(make: Any) -> Any:
    async def run_before(pilot: Any) -> None:
        await begin(pilot)
        await pilot.app.push_screen(make(pilot.app))
        await settle(pilot)

    return run_before


@langs
def test_my_scans(snap_compare: Any, lang: str) -> None:
    from dialoog.tui.screens.scans import ScansScreen

    def make(app: Any) -> Any:
        return ScansScreen(app.start, app.screen.session, rows=ROWS)

    assert snap_compare(make_app(lang, blink=False), terminal_size=SIZE, run_before=over_the_welcome(make))


@langs
def test_agenda_review(snap_compare: Any, lang: str) -> None:
    from dialoog.tui.screens.agenda_review import AgendaReviewScreen

    items = [commitment("Geschenken registreren in het openbare register", id="c1", due="2027-03-01",
                        created="2026-11-30"),
             commitment("Praten met de secretaris", id="c2", created="2026-11-30")]

    def make(app: Any) -> Any:
        return AgendaReviewScreen(items, app.ui, lambda cid, status: None)

    assert snap_compare(make_app(lang, blink=False), terminal_size=SIZE, run_before=over_the_welcome(make))


@langs
def test_compare(snap_compare: Any, lang: str) -> None:
    from dialoog.tui.screens.compare import CompareScreen

    previous, current = played(EARLIER, lang), played(LATER, lang)
    previous.set_agenda([commitment("Geschenken registreren", id="c1", created="2026-11-30"),
                         commitment("Praten met de secretaris", id="c2", created="2026-11-30")])
    current.set_previous("a1")
    current.review_commitment("a1", "c1", "done")
    result = compare(previous, current)
    titles = {d.id: d.title for d in result.domains}

    def make(app: Any) -> Any:
        return CompareScreen(result, titles, "2026-11-30")

    assert snap_compare(make_app(lang, blink=False), terminal_size=SIZE, run_before=over_the_welcome(make))
