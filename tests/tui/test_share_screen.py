"""The share screen (F7 on the summary): the parts to include, a preview of exactly the file, the path and the
consent; nothing is written or recorded without the consent; nl and en; a snapshot at 80x24."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from test_advice_profiles import load_profile, play  # tests/ is on the path: the profiles' player

from dialoog.engine.agenda import commitment
from dialoog.sharing.consent import consents
from dialoog.store import MemoryStore
from dialoog.tui.screens.share import ShareScreen
from dialoog.tui.screens.summary import SummaryScreen

from .conftest import CONTENT, REPO, begin, make_app, memory_keeper, settle

CANARY = "Canaryvogel Jansen"
OWN = "Mijn eigen Wombatvoornemen"


def canary_scan(lang: str) -> Any:
    answers = load_profile("golden_wethouder_zwager")["answers"]
    answers["network"][0]["name"] = CANARY
    answers["portfolio"] = "Kanariegeel beleid"
    session = play(answers, lang)
    top = session.summary().top_advice[0]
    session.set_agenda([commitment(top.steps[0], advice=top.id, step=0, created="2026-12-01"),
                        commitment(OWN, created="2026-12-01")])
    return session


def preview(app: Any) -> str:
    return str(app.screen.query_one("#preview").render())


@pytest.mark.parametrize(("lang", "title", "agree"), [
    ("nl", "Een versie van uw resultaten delen", "Ik geef toestemming om precies deze tekst te delen"),
    ("en", "Share a version of your results", "I agree to share exactly this text"),
])
async def test_f7_on_the_summary_opens_the_share_screen_and_saves_only_with_consent(
    lang: str, title: str, agree: str, tmp_path: Path
) -> None:
    session = canary_scan(lang)
    keeper = memory_keeper()
    keeper.start(session)
    keeper.save(session)
    app = make_app(lang, "scan", REPO, keeper=keeper)
    target = tmp_path / "gedeeld.md"
    async with app.run_test(size=(100, 40)) as pilot:
        await begin(pilot)
        await app.push_screen(SummaryScreen(session))
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ShareScreen)
        screen.query_one("#save").active_effect_duration = 0  # clicks in quick succession all count
        assert str(screen.query_one("#title").render()) == title
        assert agree in str(screen.query_one("#agree").label)
        shown = preview(app)
        assert session.summary().top_advice[0].title in shown
        assert CANARY not in shown and "Wombat" not in shown and "Kanariegeel" not in shown
        # a path, but no consent: nothing is written, nothing recorded
        screen.query_one("#path").value = str(target)
        await pilot.click("#save")
        await settle(pilot)
        assert not target.exists() and consents(keeper.store) == []
        # widen to names: the preview follows, and a consent given earlier no longer holds
        screen.query_one("#agree").value = True
        screen.query_one("#part-network_names").value = True
        screen.query_one("#part-advice").value = True
        await settle(pilot)
        assert CANARY in preview(app)
        assert screen.query_one("#agree").value is False
        screen.query_one("#part-network_names").value = False
        screen.query_one("#part-advice").value = False
        await settle(pilot)
        assert CANARY not in preview(app)
        screen.query_one("#agree").value = True
        await pilot.click("#save")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == screen.text  # exactly the preview on screen
        assert screen.text.strip() == preview(app).strip()
        assert target.stat().st_mode & 0o777 == 0o600
        (consent,) = consents(keeper.store)
        assert consent.export == "shared" and consent.parts == ("levels", "top_actions", "agenda")
        assert consent.sessions == (keeper.session_id,) and consent.file == str(target)
        # the same path again: asked to confirm, then replaced
        screen.query_one("#agree").value = True
        await pilot.click("#save")
        await settle(pilot)
        assert len(consents(keeper.store)) == 1
        assert str(target) in str(screen.query_one("#status").render())  # exists: press again to replace
        await pilot.click("#save")
        await settle(pilot)
        assert len(consents(keeper.store)) == 2, str(screen.query_one("#status").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_share_screen_snapshot(snap_compare: Any, lang: str) -> None:
    """The share screen at 80x24: the parts (the default ticked), the preview, the path and the consent. On the
    test content (stable), every answer the highest-risk one."""
    from dialoog.engine import Session
    from dialoog.flow.library import load_library
    from dialoog.play import auto, run

    session = Session(load_library(CONTENT).flow("tui"), lang, CONTENT)
    run(session, auto("high"))
    app = make_app(lang, blink=False)

    async def run_before(pilot: Any) -> None:
        await begin(pilot)
        await app.push_screen(ShareScreen(session, MemoryStore(), "0123456789ab", today=dt.date(2026, 12, 1)))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
