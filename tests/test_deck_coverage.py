"""Coverage (issue 16 item 7): `dialoog check --json` counts cards per audience and per theme and questions
per topic, and `dialoog check` fails (DLG024, at the line in flows/coverage.yaml) when an audience, a theme
or the deck has fewer cards than flows/coverage.yaml asks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dialoog.check import run_check
from dialoog.cli import main
from dialoog.flow.library import load_library
from dialoog.flow.yamlfile import load_yaml
from dialoog.locations import content_root

ROOT = content_root()


def content_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for part in ("flows", "prompts", "locales"):
        shutil.copytree(ROOT / part, root / part)
    return root


def test_check_json_counts_cards_per_audience_and_theme_and_questions_per_topic(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "--json"]) == 0
    coverage = json.loads(capsys.readouterr().out)["coverage"]
    assert set(coverage) == {"cards_per_audience", "cards_per_theme", "questions_per_topic", "minimums"}
    lib = load_library(ROOT)
    cards = list(lib.cards.values())
    wanted, _problems, _raw = load_yaml(ROOT / "flows" / "coverage.yaml")
    assert set(coverage["cards_per_audience"]) >= set(wanted["audiences"])
    for audience, n in coverage["cards_per_audience"].items():
        assert n == sum(1 for c in cards if audience in c.audiences)
    assert set(coverage["cards_per_theme"]) >= set(lib.themes)
    for theme, n in coverage["cards_per_theme"].items():
        assert n == sum(1 for c in cards if theme in c.themes)
    assert set(coverage["questions_per_topic"]) >= set(wanted["topics"])
    assert coverage["minimums"] == {"cards": wanted["min_cards"],
                                    "cards_per_audience": wanted["min_cards_per_audience"],
                                    "cards_per_theme": wanted["min_cards_per_theme"]}


def test_the_real_deck_meets_its_minimums() -> None:
    result = run_check(ROOT)
    cov = result.coverage
    wanted, _problems, _raw = load_yaml(ROOT / "flows" / "coverage.yaml")
    assert all(cov["cards_per_audience"][a] >= wanted["min_cards_per_audience"] for a in wanted["audiences"])
    assert all(cov["cards_per_theme"][t] >= wanted["min_cards_per_theme"] for t in wanted["themes"])
    assert result.counts["cards"] >= wanted["min_cards"]
    assert all(cov["questions_per_topic"][t] > 0 for t in wanted["topics"])
    assert not [p for p in result.errors if p.code == "DLG024"]


def test_plain_check_says_the_coverage_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("coverage:")]
    assert len(lines) == 1
    assert "cards per audience" in lines[0] and "per theme" in lines[0] and "topics asked" in lines[0]


def test_too_few_cards_for_an_audience_a_theme_or_the_deck_fails_at_its_line(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    path = root / "flows" / "coverage.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for key, value in (("min_cards_per_audience", 500), ("min_cards_per_theme", 600), ("min_cards", 700)):
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_check(root)
    assert not result.ok
    found = {(p.line, p.message) for p in result.errors if p.code == "DLG024" and p.path.endswith("coverage.yaml")}
    raad = next(i for i, line in enumerate(lines, 1) if line.strip() == "- kandidaat_raadslid")
    assert any(line == raad and "for audience 'kandidaat_raadslid'; at least 500" in m for line, m in found), found
    netwerken = next(i for i, line in enumerate(lines, 1) if line.strip() == "- netwerken")
    assert any(line == netwerken and "theme 'netwerken'; at least 600" in m for line, m in found), found
    total = next(i for i, line in enumerate(lines, 1) if line.startswith("min_cards:"))
    assert any(line == total and "at least 700 are needed" in m for line, m in found), found
