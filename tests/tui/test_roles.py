"""A complete playthrough of the real scan for each role, and of the practice flow, with Pilot.

Fails with the reason when the real content does not load (`dialoog check` names
the problems). DIALOOG_TUI_TEST_ROOT points these tests at another content
root, to try them on work in progress.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pytest

from dialoog.tui.screens.conversation import ConversationScreen
from dialoog.tui.screens.summary import Summary, SummaryScreen

from .conftest import REPO, answer_current, begin, flat, make_app, play_to_end, quick_press, settle

ROOT = Path(os.environ.get("DIALOOG_TUI_TEST_ROOT") or REPO)
ROLES = ["kandidaat_bewindspersoon", "bewindspersoon", "topambtenaar", "burgemeester", "wethouder",
         "gemeentesecretaris",
         "kandidaat_raadslid", "raadslid", "practice"]


@lru_cache(maxsize=4)
def problems(flow_id: str) -> str:
    from dialoog.flow.library import load_library
    from dialoog.flow.problems import ContentError

    try:
        load_library(ROOT).flow(flow_id)
    except ContentError as exc:
        first = "; ".join(str(p) for p in exc.problems[:2])
        return f"the '{flow_id}' flow in {ROOT} does not load ({len(exc.problems)} problems, e.g. {first})"
    return ""


def needs(flow_id: str) -> None:
    reason = problems(flow_id)
    if reason:
        pytest.fail(reason)


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_reaches_its_advice(role: str) -> None:
    needs("scan")
    app = make_app("nl", "scan", ROOT)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        for _ in range(10):  # the messages before the role question
            if screen.turn.node == "role":
                break
            await answer_current(pilot, quick=True, keys=["enter"])
        assert screen.turn.node == "role"
        values = [o.value for o in screen.turn.options]
        await answer_current(pilot, quick=True, keys=[str(values.index(role) + 1)])
        assert app.session.answers["role"] == role
        asked = await play_to_end(pilot, quick=True, text="Notitie")
        assert len(asked) > 5
        session = app.session
        assert session.finished
        await quick_press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        summary = session.summary()
        text = flat(app)
        assert "Uw samenvatting" in text
        # the main actions open the summary; the level per theme follows them
        assert "belangrijkste actie" in text and summary.advice[0].title in text
        shown = " ".join(str(w.render()) for w in app.screen.query(".domain-title"))
        for domain in summary.domains:
            assert domain.title in shown and domain.label in shown
        body = app.screen.query_one(Summary)
        assert body.virtual_size.height > 10
        # answered the plain way (the first option, "no", one step right on a scale), every role gets advice that
        # names the answers it rests on: each as the question asked and the user's answer, never a node id
        assert summary.advice, f"no advice for a {role} who answered the plain way"
        first = summary.advice[0]
        markdown = app.screen.advice_markdown(1, first)
        assert first.title in markdown
        assert first.because
        because = markdown.split("*Op grond van uw antwoorden:*", 1)[1].replace("\\", "")  # Markdown escapes
        bullets = [line for line in because.splitlines() if line.startswith("- ")]
        assert len(bullets) == len(first.because), because
        for node_id, bullet in zip(first.because, bullets, strict=True):
            assert node_id not in bullet
            assert bullet.endswith(f" — **{session.describe(node_id)}**"), bullet
        assert app.keeper is not None and app.keeper.saves >= len(asked)


async def test_practice_flow_runs_the_deck() -> None:
    needs("practice")
    app = make_app("en", "practice", ROOT)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        asked = await play_to_end(pilot, quick=True)
        assert asked
        assert app.session.finished
