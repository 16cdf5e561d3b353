"""The summary's 'based on your answers' lines: the question shortened at a word boundary, the answer in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.tui.screens.summary import SummaryScreen

pytestmark = pytest.mark.usefixtures("plain_env")

LONG = ("Hoe waardevol waren de geschenken, uitnodigingen en andere attenties die u het afgelopen jaar kreeg van "
        "mensen en organisaties met wie u in uw functie te maken heeft?")


def test_a_because_line_shortens_the_question_at_a_word_boundary_and_gives_the_scale_in_words(
        mini_root: Path) -> None:
    questions = mini_root / "flows" / "modules" / "questions.yaml"
    questions.write_text(questions.read_text(encoding="utf-8").replace("text: Hoe waardevol?", f"text: {LONG}"),
                         encoding="utf-8")
    session = Session(load_library(mini_root, strict=True).flow("mini"), "nl", mini_root)
    for value in (None, "bewindspersoon", "yes", 3):
        session.answer(value)
    line = SummaryScreen(session).because_line("gifts_value")
    question, answer = line.removeprefix("- ").split(" — ")
    assert answer == "**3 \\(op een schaal van 1 weinig tot 5 veel\\)**"
    assert question.endswith("…") and len(question) <= 110
    kept = question.removesuffix("…")
    assert LONG.startswith(kept) and LONG[len(kept)] == " ", f"cut inside a word: {question!r}"
