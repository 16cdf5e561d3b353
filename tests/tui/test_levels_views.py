"""One level scale, read one way in every view: the summary screen (Pilot), `dialoog play`'s text, the summary
text at the end of the conversation (prompts/summary.j2) and `--json` show each domain with the same title and
the same level words, in Dutch and in English; the words are those of flows/domains.yaml `levels:`.

The answers are tests/calibration/four_levels.yaml: one domain at each of the four levels.
"""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.widgets import Static

from dialoog.cli import _print_transcript
from dialoog.engine import Session, Turn
from dialoog.flow.library import load_library
from dialoog.play import PlayError, PlayResult, auto, from_file, load_answers, run
from dialoog.render import Texts
from dialoog.tui.screens.summary import SummaryScreen

from .conftest import REPO, begin, make_app

PROFILE = REPO / "tests" / "calibration" / "four_levels.yaml"
WORDS = {
    "nl": {"low": "weinig aandacht nodig", "attention": "aandacht nodig", "high": "veel aandacht nodig",
           "unknown": "onvoldoende beeld"},
    "en": {"low": "needs little attention", "attention": "needs attention", "high": "needs a lot of attention",
           "unknown": "not enough to go on"},
}

pytestmark = pytest.mark.usefixtures("plain_env")


def played(lang: str) -> PlayResult:
    flow = load_library(REPO).flow("scan")
    given, lowest = from_file(flow, load_answers(PROFILE)), auto("low")

    def answer(session: Session, turn: Turn) -> Any:
        try:
            return given(session, turn)
        except PlayError:  # a card of a deck the file does not know
            return lowest(session, turn)

    result = run(Session(flow, lang, REPO), answer)
    assert result.session.finished
    return result


def play_text_view(result: PlayResult) -> dict[str, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        _print_transcript(result)
    summary = out.getvalue().split("== ", 2)[1]  # "Summary ==", the domains, up to the advice's "== "
    return dict(m.groups() for m in re.finditer(r"^- (.+?): (.+?) \[", summary, re.M))


def summary_text_view(result: PlayResult) -> dict[str, str]:
    text = next(line.text for line in result.transcript if line.node == "summary_result")
    return dict(m.groups() for m in re.finditer(r"^- \*\*(.+?)\*\*: (.+?)\. ", text, re.M))


def json_view(result: PlayResult) -> dict[str, str]:
    return {d["title"]: d["label"] for d in result.as_json()["summary"]["domains"]}


async def screen_view(result: PlayResult, lang: str) -> dict[str, str]:
    app = make_app(lang, "scan", REPO)
    async with app.run_test(size=(120, 40)) as pilot:
        await begin(pilot)
        await app.push_screen(SummaryScreen(result.session))
        await pilot.pause()
        rows = [str(s.render()) for s in app.screen.query(".domain-title").results(Static)]
    view = {}
    for row in rows:
        _symbol, rest = row.split(" ", 1)
        label, title = rest.split("  ", 1)
        view[title] = label
    return view


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_every_view_shows_each_domain_with_the_same_title_and_level_words(lang: str) -> None:
    result = played(lang)
    summary = result.session.summary()
    expected = {d.title: WORDS[lang][d.level] for d in summary.domains}
    assert {d.level for d in summary.domains} == {"low", "attention", "high", "unknown"}
    views = {
        "json": json_view(result),
        "play": play_text_view(result),
        "summary text": summary_text_view(result),
        "summary screen": await screen_view(result, lang),
    }
    for name, view in views.items():
        assert view == expected, name


def test_the_level_words_are_content_with_an_english_translation() -> None:
    data = yaml.safe_load((Path(REPO) / "flows" / "domains.yaml").read_text(encoding="utf-8"))
    assert data["levels"] == WORDS["nl"]
    english = Texts("en", REPO)
    assert {k: english.t(v) for k, v in data["levels"].items()} == WORDS["en"]
