"""`dialoog check` on the network map's content: the `map:` block of a network node and each domain's
`mark`; every mistake named with its place and its code (DLG040-DLG044, docs/check-codes.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dialoog.cli import main
from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.mapping import build_map, diversity

QUESTIONS = "flows/modules/questions.yaml"
DOMAINS = "flows/domains.yaml"
MAP = """    map:
      ring: closeness
      sectors: [business, family]
      diversity:
        thresholds: {mixed: 0.3, varied: 0.6}
        meaning: {empty: Leeg., narrow: Smal., mixed: Gemengd., varied: Gevarieerd.}
    followups:
      - id: closeness
        kind: scale
        min: 1
        max: 5
        text: Hoe hecht is uw band met {{ name }}?
"""


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def with_map(root: Path) -> Path:
    edit(root, QUESTIONS, "    followups:\n", MAP)
    edit(root, DOMAINS, "    title: Belangen\n", "    title: Belangen\n    mark: B\n")
    edit(root, DOMAINS, "    title: Veiligheid\n", "    title: Veiligheid\n    mark: V\n")
    return root


def problems(capsys: pytest.CaptureFixture[str], root: Path) -> list[dict[str, object]]:
    main(["check", str(root), "--json"])
    data = json.loads(capsys.readouterr().out)
    return [p for p in data["problems"] if p["code"] != "DLG020"]  # the new texts have no English here


def test_map_settings_that_are_right_pass_and_shape_the_map(valid_root: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert problems(capsys, with_map(valid_root)) == []
    flow = load_library(valid_root).flow("mini")
    session = Session(flow, "nl", valid_root)
    session.answers["people"] = [{"name": "Zus", "category": "family", "answers": {"closeness": 5, "ties": "yes"}},
                                  {"name": "BV", "category": "business", "answers": {"closeness": 1}}]
    m = build_map(session)
    assert [s.category for s in m.sectors] == ["business", "family"]  # the content's order
    assert [e.ring for e in m.entries] == [1, 5] and m.entries[0].marks == "B"
    figure = diversity(m)  # two groups of one: 0.5, between the content's thresholds 0.3 and 0.6
    assert figure.index == pytest.approx(0.5) and (figure.band, figure.words) == ("mixed", "Gemengd.")


@pytest.mark.parametrize(
    ("file", "old", "new", "code", "words"),
    [
        (QUESTIONS, "ring: closeness", "ring: closenes", "DLG040", "'ring' names 'closenes', which is no follow-up"),
        (QUESTIONS, "ring: closeness", "ring: ties", "DLG040", "a 'yesno' question"),
        (QUESTIONS, "sectors: [business, family]", "sectors: [business, famly]", "DLG041",
         "'sectors' names 'famly', which is no category"),
        (QUESTIONS, "sectors: [business, family]", "sectors: [business]", "DLG041", "'sectors' leaves out family"),
        (QUESTIONS, "sectors: [business, family]", "sectors: [business, family, family]", "DLG041",
         "'sectors' names 'family' twice"),
        (DOMAINS, "    mark: B\n", "    mark: Bb\n", "DLG042", "must be one capital letter, not 'Bb'"),
        (DOMAINS, "    mark: V\n", "    mark: B\n", "DLG042", "is also that of 'belangen'"),
        (DOMAINS, "    mark: B\n", "", "DLG042", "domain 'belangen' needs a 'mark'"),
        (QUESTIONS, "{mixed: 0.3, varied: 0.6}", "{mixed: 0.7, varied: 0.6}", "DLG043", "0 < mixed < varied < 1"),
        (QUESTIONS, " varied: Gevarieerd.}", "}", "DLG043", "needs a text for 'varied'"),
        (QUESTIONS, "      diversity:\n", "      diversiteit:\n", "DLG043", "'map' needs 'diversity'"),
        (QUESTIONS, "        max: 5\n", "        max: 9\n", "DLG044", "the map draws at most 8 rings"),
        (QUESTIONS, "    kind: network\n", "    kind: network\n    max: 45\n", "DLG044", "the map draws at most 40"),
    ],
)
def test_each_mistake_in_the_map_settings_is_named_with_its_place_and_code(
    valid_root: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, code: str, words: str
) -> None:
    edit(with_map(valid_root), file, old, new)
    found = problems(capsys, valid_root)
    hits = [p for p in found if p["code"] == code and words in str(p["message"])]
    assert hits and all(str(p["path"]).endswith(file) and int(str(p["line"])) > 1 for p in hits), found


def test_every_code_of_the_map_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "check-codes.md").read_text(encoding="utf-8")
    for code in ("DLG040", "DLG041", "DLG042", "DLG043", "DLG044"):
        assert f"| {code} |" in docs or f"| [{code}](#{code.lower()}) |" in docs  # the table before/after h4-authtest


@pytest.mark.parametrize(("belangen", "veiligheid", "words"), [
    ("C", "C", "in en, the 'mark' of 'veiligheid' and that of 'belangen' are both 'C'"),
    ("Co", "S", "the en translation of the 'mark' of 'belangen' must be one capital letter, not 'Co'"),
])
def test_a_translated_mark_must_be_one_letter_of_its_own(valid_root: Path, capsys: pytest.CaptureFixture[str],
                                                         belangen: str, veiligheid: str, words: str) -> None:
    with_map(valid_root)
    po = valid_root / "locales" / "en" / "LC_MESSAGES" / "content.po"
    po.write_text(po.read_text(encoding="utf-8") + f'\nmsgid "B"\nmsgstr "{belangen}"\n\nmsgid "V"\n'
                  f'msgstr "{veiligheid}"\n', encoding="utf-8")
    found = problems(capsys, valid_root)
    assert any(p["code"] == "DLG042" and words in str(p["message"]) and str(p["path"]).endswith("content.po")
               for p in found), found


def test_a_translated_mark_is_used_on_the_map_of_that_language(valid_root: Path) -> None:
    with_map(valid_root)
    po = valid_root / "locales" / "en" / "LC_MESSAGES" / "content.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "B"\nmsgstr "I"\n', encoding="utf-8")
    flow = load_library(valid_root).flow("mini")
    session = Session(flow, "en", valid_root)
    session.answers["people"] = [{"name": "Zus", "category": "family", "answers": {"ties": "yes"}}]
    assert build_map(session).entries[0].marks == "I"
