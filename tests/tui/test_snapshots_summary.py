"""SVG snapshots of the summary with an integrity agenda and conversation starters, and of the agenda screen,
at 80x24 and 100x30, in Dutch and English.

Stable by construction: the test content (tests/tui/content) with a small starters file and the contacts it
names added in a copy, answers in memory, cursor blink off, and the agenda's dates fixed (no clock on screen).
Update after an intended change with `pytest tests/tui/test_snapshots_summary.py --snapshot-update`.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from dialoog.engine.agenda import commitment
from dialoog.tui.screens.summary import Summary, SummaryScreen

from .conftest import CONTENT, begin, make_app, settle, type_keys, until
from .test_snapshots import TO

SIZES = [(80, 24), (100, 30)]
LANGS = ["nl", "en"]

CONTACTS = """contacts:
  - id: vertrouwenspersoon
    name: De vertrouwenspersoon
    remit: Een vertrouwelijk gesprek.
    reach: Via uw organisatie.
    source: Bijlage bij de brief weerbaar bestuur (2019)
    checked: 2026-12-01
    audiences: [bewindspersoon, raadslid]
"""
STARTERS = """actions:
  belangen: Uit mijn scan komt dat ik let op geschenken. Hoe gaan we daarmee om?
starters:
  - id: vertrouwenspersoon
    with: vertrouwenspersoon
    audiences: [bewindspersoon, raadslid, default]
    source: Bijlage bij de brief weerbaar bestuur (2019)
    lines:
      - Ik heb de scan gedaan en wil een paar punten bespreken.
      - Waar moet ik het eerst op letten?
      - Wanneer spreken we elkaar weer?
"""
CATALOG = """msgid ""
msgstr ""
"Language: en\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "De vertrouwenspersoon"
msgstr "The confidential adviser"

msgid "Een vertrouwelijk gesprek."
msgstr "A confidential talk."

msgid "Via uw organisatie."
msgstr "Through your organisation."

msgid "Bijlage bij de brief weerbaar bestuur (2019)"
msgstr "Annex to the letter on resilient governance (2019)"

msgid "Uit mijn scan komt dat ik let op geschenken. Hoe gaan we daarmee om?"
msgstr "My scan shows that I should watch gifts. How do we deal with them?"

msgid "Ik heb de scan gedaan en wil een paar punten bespreken."
msgstr "I have done the scan and would like to discuss a few points."

msgid "Waar moet ik het eerst op letten?"
msgstr "What should I pay attention to first?"

msgid "Wanneer spreken we elkaar weer?"
msgstr "When do we speak again?"
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The TUI test content with conversation starters (and the contact they name)."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root, ignore=shutil.ignore_patterns("*.mo"))
    (root / "flows" / "contacts.yaml").write_text(CONTACTS, encoding="utf-8")
    (root / "flows" / "starters.yaml").write_text(STARTERS, encoding="utf-8")
    (root / "locales" / "en" / "LC_MESSAGES" / "content-starters.po").write_text(CATALOG, encoding="utf-8")
    return root


def agenda_for(session: Any) -> list[Any]:
    steps = [step for advice in session.summary().advice for step in advice.steps]
    own = {"nl": "Mijn netwerk bespreken met de griffier", "en": "Talk about my network with the clerk"}
    day = dt.date(2026, 12, 1)
    return [commitment(steps[0], advice=session.summary().advice[0].id, step=0, due="2027-03-01", created=day),
            commitment(own[session.lang], created=day)]


def to_summary_with_agenda() -> Any:
    async def run_before(pilot: Any) -> None:
        await begin(pilot)
        await type_keys(pilot, *TO["summary"])
        await until(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen)
                    and bool(pilot.app.screen.query(".heading")), "the summary, filled")
        await settle(pilot)
        screen = pilot.app.screen
        screen.session.set_agenda(agenda_for(screen.session))
        await screen.fill()
        await settle(pilot)
        heading = next(w for w in screen.query(".heading") if str(w.render()) in ("Uw integriteitsagenda",
                                                                                    "Your integrity agenda"))
        await settle(pilot)
        screen.query_one(Summary).scroll_to_widget(heading, animate=False, top=True)
        await settle(pilot)
        await pilot.pause()

    return run_before


def to_agenda_screen() -> Any:
    async def run_before(pilot: Any) -> None:
        await begin(pilot)
        await type_keys(pilot, *TO["summary"])
        await until(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen), "the summary")
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("space")  # the first step ticked: its date field appears
        await settle(pilot)

    return run_before


params = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
langs = pytest.mark.parametrize("lang", LANGS)


@params
@langs
def test_summary_with_agenda_and_starters(snap_compare: Any, content: Path, lang: str,
                                          size: tuple[int, int]) -> None:
    app = make_app(lang, root=content, blink=False)
    assert snap_compare(app, terminal_size=size, run_before=to_summary_with_agenda())


@params
@langs
def test_agenda_screen(snap_compare: Any, content: Path, lang: str, size: tuple[int, int]) -> None:
    app = make_app(lang, root=content, blink=False)
    assert snap_compare(app, terminal_size=size, run_before=to_agenda_screen())
