"""The comparison of a repeat scan with the previous one (dialoog.engine.compare), on fixed answer sets of the
mini content: what a user reads in the compare view and the report."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dialoog.engine import Session
from dialoog.engine.agenda import commitment
from dialoog.engine.compare import compare
from dialoog.flow.library import load_library
from dialoog.play import from_file, run

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"

BEFORE: dict[str, Any] = {
    "role": "raadslid", "gifts": "yes", "gifts_value": 5, "stress": ["none"], "portfolio": "Financien",
    "people": [{"name": "Anna", "category": "family", "ties": "yes"},
               {"name": "Bram", "category": "business", "ties": "no"}],
}
AFTER: dict[str, Any] = {
    "role": "raadslid", "gifts": "no", "stress": ["threats"], "portfolio": "Financien",
    "people": [{"name": "anna ", "category": "family", "ties": "no"},
               {"name": "Cees", "category": "business", "ties": "no"}],
}


def played(root: Path, answers: dict[str, Any], lang: str = "nl") -> Session:
    flow = load_library(root).flow("mini")
    session = Session(flow, lang, root)
    run(session, from_file(flow, answers))
    assert session.finished
    return session


def test_a_domain_up_one_down_advice_new_and_resolved() -> None:
    previous, current = played(MINI, BEFORE), played(MINI, AFTER)
    result = compare(previous, current)
    by_id = {d.id: d for d in result.domains}
    assert (by_id["belangen"].before, by_id["belangen"].after, by_id["belangen"].direction) == ("high", "low", "down")
    assert (by_id["veiligheid"].before, by_id["veiligheid"].after, by_id["veiligheid"].direction) == (
        "low", "high", "up")
    assert by_id["veiligheid"].after_label == "veel aandacht nodig"
    assert [a.title for a in result.advice_new] == ["Zoek steun"]
    assert [a.title for a in result.advice_resolved] == ["Registreer geschenken"]
    assert result.not_comparable == ()
    assert result.changed


def test_network_entries_added_gone_and_with_changed_signals() -> None:
    result = compare(played(MINI, BEFORE), played(MINI, AFTER))
    assert result.network_added == ("Cees",)
    assert result.network_gone == ("Bram",)
    (anna,) = result.network_changed  # the same person (case and spaces aside), no financial ties any more
    assert (anna.name, anna.before, anna.after) == ("anna", ("belangen",), ())


def test_the_same_answers_compare_as_the_same() -> None:
    result = compare(played(MINI, BEFORE), played(MINI, BEFORE))
    assert {d.direction for d in result.domains} == {"same"}
    assert not result.changed
    assert result.as_json()["network_changed"] == []


def test_the_previous_agenda_with_its_review() -> None:
    previous, current = played(MINI, BEFORE), played(MINI, AFTER)
    previous.set_agenda([commitment("Geschenken registreren", advice="gifts_register", step=0),
                         commitment("Met de griffier praten", due="2027-03-01"),
                         commitment("Een cursus volgen")])
    current.set_previous("s-before")
    current.review_commitment("s-before", "c1", "done")
    current.review_commitment("s-before", "c2", "dropped")
    result = compare(previous, current)
    assert [(a.text, a.status) for a in result.agenda] == [
        ("Geschenken registreren", "done"), ("Met de griffier praten", "dropped"), ("Een cursus volgen", "unreviewed")]
    assert result.agenda[1].due == "2027-03-01" and result.agenda[1].own and not result.agenda[0].own
    assert result.as_json()["previous"] == "s-before"


def changed_content(tmp_path: Path) -> Path:
    """A copy of the mini content in which one question's options changed and another question is gone."""
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    questions = root / "flows" / "modules" / "questions.yaml"
    text = questions.read_text()
    text = text.replace("{value: pressure, label: Druk", "{value: strain, label: Spanning")
    text = text.replace("""  - id: portfolio
    kind: text
    text: Uw portefeuille?
    optional: true
    max_length: 40
""", "").replace("Wie kent u, {{ portfolio }}?", "Wie kent u?")
    questions.write_text(text)
    return root


def test_a_content_change_names_the_questions_that_cannot_be_compared(tmp_path: Path) -> None:
    previous = played(MINI, BEFORE)
    root = changed_content(tmp_path)
    after = {k: v for k, v in AFTER.items() if k != "portfolio"}
    current = played(root, after)
    assert current.flow.content_hash != previous.flow.content_hash
    result = compare(previous, current)
    assert result.not_comparable == ("Wat speelt er?", "Uw portefeuille?")
    assert "Hoe waardevol?" not in result.not_comparable  # unchanged questions still compare
    assert {d.id: d.direction for d in result.domains} == {"belangen": "down", "veiligheid": "up"}


def test_a_scan_saved_before_the_content_changed_names_what_it_lost(tmp_path: Path) -> None:
    """As a saved previous scan is opened on today's content: the question whose options changed is named by its
    text (the saved scan knows what its answers meant), the one that is gone by its id (its text is gone too)."""
    saved = played(MINI, BEFORE).to_dict()
    root = changed_content(tmp_path)
    flow = load_library(root).flow("mini")
    previous = Session.from_dict(flow, saved, root)
    assert "portfolio" in previous.unused
    current = played(root, {k: v for k, v in AFTER.items() if k != "portfolio"})
    assert compare(previous, current).not_comparable == ("Wat speelt er?", "portfolio")


def auto_played(seed: int) -> Session:
    from dialoog.play import auto

    flow = load_library(MINI).flow("mini")
    session = Session(flow, "nl", MINI)
    run(session, auto("random", seed))
    return session


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_comparing_two_random_scans_both_ways_tells_the_same_story(a: int, b: int) -> None:
    first, second = auto_played(a), auto_played(b)
    there, back = compare(first, second), compare(second, first)
    assert set(there.network_added) == set(back.network_gone) and set(there.network_gone) == set(back.network_added)
    assert {x.id for x in there.advice_new} == {x.id for x in back.advice_resolved}
    flip = {"up": "down", "down": "up", "same": "same", "unknown": "unknown"}
    assert [flip[d.direction] for d in there.domains] == [d.direction for d in back.domains]
    assert not compare(first, first).changed and compare(first, first).not_comparable == ()
