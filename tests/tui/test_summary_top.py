"""The summary screen on the real content: the three main actions first, then the rest by theme; an item
about a network entry names it (as typed, never as markup); 'because' in words."""

from __future__ import annotations

import pytest
from test_advice_profiles import load_profile, play  # tests/ is on the path: the profiles' player

from dialoog.tui.screens.summary import Summary, SummaryScreen

from .conftest import REPO, begin, make_app, settle

NAME = "Zwager *P.* [x]"


@pytest.mark.parametrize(("lang", "top", "more", "about"), [
    ("nl", "Uw drie belangrijkste acties", "Verder, per thema", "Dit gaat over"),
    ("en", "Your three main actions", "More, by theme", "About"),
])
async def test_the_summary_screen_shows_the_main_actions_first_then_the_rest_by_theme(
        lang: str, top: str, more: str, about: str) -> None:
    answers = load_profile("golden_wethouder_zwager")["answers"]
    answers["network"][0]["name"] = NAME
    session = play(answers, lang)
    summary = session.summary()
    app = make_app(lang, "scan", REPO)
    async with app.run_test(size=(100, 40)) as pilot:
        await begin(pilot)
        await app.push_screen(SummaryScreen(session))
        await settle(pilot)
        body = app.screen.query_one(Summary)
        text = "\n".join(str(w.render()) for w in body.query("*") if hasattr(w, "render"))
        markdown = [app.screen.advice_markdown(i, a) for i, a in enumerate(summary.advice, 1)]
    assert text.index(top) < text.index(more)
    first = markdown[0]
    assert first.startswith(f"**1. {summary.advice[0].title}**")
    assert f"*{about}:* Zwager \\*P.\\* \\[x\\]" in first
    # the rest: numbered on, under their theme's title
    assert summary.rest and markdown[3].startswith(f"**4. {summary.advice[3].title}**")
    themes = [d.title for d, _ in summary.rest_by_domain()]
    assert all(title in text for title in themes)
