"""`dialoog check` on the level content: the level words, a domain's `unknown` rule and a network node's entry
rules, each mistake named with its place and a stable code (docs/check-codes.md); and what the rules do in
a small flow (tests/fixtures/mini)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dialoog.cli import main
from dialoog.engine import Session
from dialoog.flow.library import load_library

UNKNOWN_RULE = """
    meaning: {low: Laag., attention: Let op., high: Hoog., unknown: "Open: {{ open }}."}
    unknown:
      deciding: {gifts: geschenken, people: uw netwerkkaart}
      mostly: 0.5
      needs: [people]
"""
ENTRY_RULE = """    entry_points:
      - if: "ties == 'yes' and entry.category == 'family'"
        points: {veiligheid: 5}
    followups:
"""


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def with_rules(root: Path) -> Path:
    edit(root, "flows/domains.yaml", "    meaning: {low: Laag., attention: Let op., high: Hoog.}\n", UNKNOWN_RULE)
    edit(root, "flows/modules/questions.yaml", "    followups:\n", ENTRY_RULE)
    return root


def problems(capsys: pytest.CaptureFixture[str], root: Path) -> list[dict[str, object]]:
    main(["check", str(root), "--json"])
    data = json.loads(capsys.readouterr().out)
    return [p for p in data["problems"] if p["code"] != "DLG020"]  # the new texts have no English here


def test_rules_that_are_right_pass_the_check(valid_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert problems(capsys, with_rules(valid_root)) == []


@pytest.mark.parametrize(
    ("file", "old", "new", "code", "words"),
    [
        ("flows/domains.yaml", "deciding: {gifts: geschenken,", "deciding: {gift: geschenken,", "DLG036",
         "names 'gift', which is no question id"),
        ("flows/domains.yaml", "needs: [people]", "needs: [stress]", "DLG036", "'needs' of 'belangen' names 'stress'"),
        ("flows/domains.yaml", '"Open: {{ open }}."', '"Open."', "DLG036", "must name the open topics"),
        ("flows/domains.yaml", "mostly: 0.5", "mostly: 2", "DLG026", "'mostly' of 'belangen'"),
        ("flows/domains.yaml", "levels: {low: weinig aandacht nodig, ", "levels: {", "DLG004", "needs 'low'"),
        ("flows/modules/questions.yaml", "ties == 'yes' and", "stress == 'yes' and", "DLG036",
         "names 'stress', which is no follow-up of 'people'"),
        ("flows/modules/questions.yaml", "ties == 'yes' and", "scores.belangen > 1 and", "DLG036",
         "an entry rule sees only its entry's answers"),
        ("flows/modules/questions.yaml", "points: {veiligheid: 5}", "points: {veilig: 5}", "DLG015",
         "unknown domain 'veilig'"),
        ("flows/modules/questions.yaml", "ties == 'yes' and", "ties == = 'yes' and", "DLG013", "cannot read"),
    ],
)
def test_each_mistake_in_a_level_rule_is_named_with_its_code(
    valid_root: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, code: str, words: str
) -> None:
    edit(with_rules(valid_root), file, old, new)
    found = problems(capsys, valid_root)
    assert any(p["code"] == code and words in str(p["message"]) and str(p["path"]).endswith(file) for p in found), found


def test_an_entry_rule_counts_once_per_entry_that_meets_it_and_an_empty_map_is_not_mapped(valid_root: Path) -> None:
    flow = load_library(with_rules(valid_root)).flow("mini")
    session = Session(flow, "nl", valid_root)
    for value in (None, "raadslid", "no", ["none"], "wonen"):
        session.answer(value)
    session.answer([{"name": "Zus", "category": "family"}, {"name": "Broer", "category": "family"},
                    {"name": "BV", "category": "business"}])
    for value in ("yes", "yes", "yes"):
        session.answer(value)
    tally = session.tally()
    assert tally.scores["veiligheid"] == 10  # two family entries with ties; the business one has no rule
    assert tally.scores["belangen"] == 6  # the follow-up's own points, for all three

    empty = Session(flow, "nl", valid_root)
    for value in (None, "raadslid", "no", ["none"], "wonen", []):
        empty.answer(value)
    belangen = next(d for d in empty.summary().domains if d.id == "belangen")
    assert (belangen.level, belangen.label, belangen.open) == ("unknown", "onvoldoende beeld", ("people",))
    assert belangen.meaning == "Open: uw netwerkkaart."
