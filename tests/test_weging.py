"""The weighing framework for anti-democratic behaviour as a guided flow (issue 16, item 5): `dialoog play weging`
reaches its end on every path and ends with the strategy written down and whom the user consults."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.locations import program_root
from dialoog.play import auto, from_file, run

pytestmark = pytest.mark.usefixtures("plain_env")

ROOT = program_root()
FREE_TEXT = {
    "weg_wat": "Bij het buurthuis worden vrouwen aangesproken op hun kleding.",
    "weg_waarom": "Het gebeurt vaker en raakt meisjes.",
    "weg_eerste_stap": "Volgende week met de wijkagent om tafel.",
}


def play(answers: dict[str, Any], lang: str = "nl") -> str:
    flow = load_library(ROOT, strict=True).flow("weging")
    session = Session(flow, lang, ROOT)
    result = run(session, from_file(flow, {**FREE_TEXT, **answers}))
    assert session.finished, "the flow reaches its end"
    return "\n\n".join(line.text for line in result.transcript)


BASE: dict[str, Any] = {
    "weg_rol": "wethouder",
    "weg_gedrag_of_mening": "gedrag",
    "weg_soort": ["intimidatie"],
    "weg_bron_feiten": ["zelf", "inwoners"],
    "weg_dupe": ["binnen_groep"],
    "weg_schade_rechten": "ja",
    "weg_schade_regels": "deels",
    "weg_schade_dwang": "nee",
    "weg_structureel": "herhaald",
    "weg_ernst": 4,
    "weg_kleuring": "misschien",
    "weg_bronnen": ["politie", "organisatie"],
    "weg_strategie": ["beschermen", "grens"],
    "weg_overleg": ["burgemeester", "politie"],
}


def test_the_end_writes_down_the_strategy_with_the_users_own_words_and_whom_they_consult() -> None:
    text = play(BASE)
    plan = text[text.index("## Uw strategie op papier"):]
    assert "Bij het buurthuis worden vrouwen aangesproken op hun kleding." in plan
    assert "De mensen die het raakt beschermen en steunen; Publiek een grens trekken" in plan
    assert "Volgende week met de wijkagent om tafel." in plan
    assert "**U overlegt met:** De burgemeester, die over de openbare orde gaat, De politie" in plan
    assert "Uw inschatting van de schade: 4 van 5" in plan
    assert "gekleurd" in plan  # the user allowed for a coloured view: the plan says to test it
    # a clear, repeated harm: the suggestion before the choice names a clear response
    assert "ligt een duidelijke reactie voor de hand" in text
    assert "== Samenvatting ==" not in text


def test_coercion_brings_in_the_police_and_says_112() -> None:
    text = play({**BASE, "weg_schade_dwang": "ja", "weg_overleg": ["burgemeester"]})
    assert "strafbaar feit" in text and "112" in text
    assert "ligt het voor de hand om de politie te betrekken" in text
    assert "Let op: u noemde dwang, bedreiging of geweld. Betrek dan ook de politie" in text


def test_hearsay_only_asks_to_check_the_facts_first_and_speech_is_not_behaviour() -> None:
    text = play({**BASE, "weg_bron_feiten": ["viavia"], "weg_gedrag_of_mening": "uitspraken", "weg_ernst": 2,
                 "weg_bronnen": ["niemand"]})
    assert "alleen uit de media of via via" in text
    assert "in principe vrij" in text  # freedom of expression
    assert "eerst meer te weten te komen" in text
    assert "U hebt nog niemand geraadpleegd" in text
    assert "Raadpleeg voordat u handelt nog ten minste één andere bron." in text


def test_a_measure_without_the_mayor_is_pointed_to_the_mayor() -> None:
    text = play({**BASE, "weg_strategie": ["maatregel"], "weg_overleg": ["college"]})
    assert "overleg daarover met de burgemeester" in text
    mayor = play({**BASE, "weg_rol": "burgemeester", "weg_strategie": ["maatregel"], "weg_overleg": ["college"]})
    assert "overleg daarover met de burgemeester" not in mayor


def test_nobody_harmed_skips_the_how_question() -> None:
    text = play({**BASE, "weg_dupe": ["niemand"]})
    assert "Hoe worden zij geschaad?" not in text


@pytest.mark.parametrize(
    ("dwang", "ernst", "structureel", "bron", "mening"),
    list(itertools.product(["ja", "vermoeden", "nee"], [1, 3, 5], ["eenmalig", "georganiseerd"],
                           [["zelf"], ["viavia"]], ["gedrag", "uitspraken"])),
)
def test_every_route_reaches_the_end_with_one_suggestion(dwang: str, ernst: int, structureel: str,
                                                         bron: list[str], mening: str) -> None:
    text = play({**BASE, "weg_schade_dwang": dwang, "weg_ernst": ernst, "weg_structureel": structureel,
                 "weg_bron_feiten": bron, "weg_gedrag_of_mening": mening})
    step5 = text[text.index("**Stap 5 van 5"):].split("\n\n")[0]
    assert step5.count("ligt ") == 1, step5
    assert "## Uw strategie op papier" in text and "Deze strategie is alleen voor u." in text


@pytest.mark.parametrize("seed", range(40))
def test_random_answers_reach_the_end_without_a_template_leaking(seed: int) -> None:
    flow = load_library(ROOT, strict=True).flow("weging")
    session = Session(flow, "nl" if seed % 2 else "en", ROOT)
    result = run(session, auto("random", seed))
    assert session.finished
    text = "\n".join(line.text for line in result.transcript)
    assert "{{" not in text and "{%" not in text and "None" not in text


def test_the_flow_in_english_has_no_dutch_left() -> None:
    text = play(BASE, lang="en")
    assert "## Your strategy on paper" in text and "Step 5 of 5" in text
    assert "a clear response is the obvious course" in text
    dutch = re.compile(r"\b(wat|het|een|uw|niet|gebeurt|strategie)\b", re.IGNORECASE)
    leftovers = [w for w in dutch.findall(text.replace(FREE_TEXT["weg_wat"], "").replace(
        FREE_TEXT["weg_waarom"], "").replace(FREE_TEXT["weg_eerste_stap"], ""))]
    assert leftovers == []


def test_play_weging_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from dialoog.cli import main

    code = main(["play", "weging", "--auto", "low"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Uw strategie op papier" in out
    assert "== Samenvatting ==" not in out, "a flow that scores nothing has no levels to sum up"
