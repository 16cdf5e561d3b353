"""Both languages: Dutch is the source of the content, English comes from the catalogs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dialoog.check import run_check
from dialoog.cli import main
from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.i18n import resolve_language
from dialoog.play import auto, run

pytestmark = pytest.mark.usefixtures("plain_env")

PO = Path("locales") / "en" / "LC_MESSAGES" / "content.po"


def transcript(root: Path, lang: str, flow_id: str = "mini") -> list[tuple[str, str, str]]:
    session = Session(load_library(root, strict=True).flow(flow_id), lang, root)
    return [(line.who, line.node, line.text) for line in run(session, auto("high")).transcript]


def po_line(root: Path, msgid: str) -> int:
    """The line of `msgid "..."` in the English catalog."""
    lines = (root / PO).read_text(encoding="utf-8").splitlines()
    return lines.index(f'msgid "{msgid}"') + 1


def edit_po(root: Path, old: str, new: str) -> None:
    path = root / PO
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_same_flow_in_dutch_and_in_english(valid_root: Path) -> None:
    nl = transcript(valid_root, "nl")
    en = transcript(valid_root, "en")
    # the same conversation: the same turns in the same order
    assert [(who, node) for who, node, _ in nl] == [(who, node) for who, node, _ in en]
    nl_text = "\n".join(text for _, _, text in nl)
    en_text = "\n".join(text for _, _, text in en)
    for dutch, english in [
        (
            "Welke rol?\n1. Bewindspersoon\n2. Raadslid\n3. Oefenen",
            "Which role?\n1. Minister\n2. Council member\n3. Practise",
        ),
        ("Krijgt u geschenken?", "Do you receive gifts?"),
        ("5 (op een schaal van 1 weinig tot 5 veel)", "5 (on a scale of 1 little to 5 a lot)"),
        ("Heeft u financiële banden met A.?", "Do you have financial ties with A.?"),
        ("**Kaartjes**\n\nIemand biedt kaartjes aan.", "**Tickets**\n\nSomeone offers you tickets."),
        ("U koos a.", "You chose a."),
        ("- Belangen: high", "- Interests: high"),
        ("* Registreer geschenken", "* Register gifts"),
    ]:
        assert dutch in nl_text
        assert english in en_text
        assert dutch not in en_text
    assert ("user", "gifts", "Ja") in nl
    assert ("user", "gifts", "Yes") in en


def test_the_summary_in_english(valid_root: Path) -> None:
    session = Session(load_library(valid_root, strict=True).flow("mini"), "en", valid_root)
    run(session, auto("high"))
    summary = session.summary()
    assert [(d.title, d.meaning) for d in summary.domains] == [("Interests", "High."), ("Safety", "Unsafe.")]
    # the item tied to a concrete answer comes before the domain's generic item
    assert [(a.title, a.why, a.steps, a.contacts) for a in summary.advice] == [
        ("Seek support", "Because.", ("Call.",), ("Resilient Governance support team",)),
        ("Register gifts", "Because.", ("Step one.",), ("Confidential adviser",)),
    ]


def test_switching_language_keeps_the_answers(valid_root: Path) -> None:
    session = Session(load_library(valid_root, strict=True).flow("mini"), "nl", valid_root)
    session.answer()
    session.answer("raadslid")
    assert session.turn().text == "Krijgt u geschenken?"
    session.set_language("en")
    assert session.turn().text == "Do you receive gifts?"
    assert session.describe("role") == "Council member"
    assert session.answers == {"role": "raadslid"}


def test_a_missing_translation_falls_back_to_dutch_and_is_reported(valid_root: Path) -> None:
    edit_po(valid_root, 'msgstr "Do you receive gifts?"', 'msgstr ""')
    result = run_check(valid_root)
    problems = [
        (Path(p.path).relative_to(valid_root).as_posix(), p.line, p.col, p.code, p.message) for p in result.problems
    ]
    assert problems == [
        ("flows/modules/questions.yaml", 6, 11, "DLG020", "no en translation for 'Krijgt u geschenken?'"),
    ]
    assert result.missing == {"nl": 0, "en": 1}
    session = Session(load_library(valid_root, strict=True).flow("mini"), "en", valid_root)
    session.answer()
    turn = session.answer("raadslid")
    assert turn.text == "Krijgt u geschenken?"  # the Dutch source, not an empty line
    assert session.turn().progress.module_title == "Questions"  # everything else is still English


def test_a_text_without_any_catalog_entry_is_reported_at_its_flow_line(valid_root: Path) -> None:
    questions = valid_root / "flows" / "modules" / "questions.yaml"
    questions.write_text(
        questions.read_text(encoding="utf-8").replace("text: Hoe waardevol?", "text: Hoe waardevol waren ze?"),
        encoding="utf-8",
    )
    result = run_check(valid_root)
    assert [(p.path, p.line, p.col, p.code) for p in result.problems] == [(str(questions), 14, 11, "DLG020")]
    session = Session(load_library(valid_root, strict=True).flow("mini"), "en", valid_root)
    session.answer()
    session.answer("raadslid")
    assert session.answer("yes").text == "Hoe waardevol waren ze?"


def test_a_fuzzy_translation_is_reported_and_not_used(valid_root: Path) -> None:
    edit_po(valid_root, 'msgid "Krijgt u geschenken?"', '#, fuzzy\nmsgid "Krijgt u geschenken?"')
    result = run_check(valid_root)
    problems = [(p.path, p.line, p.code) for p in result.problems]
    assert problems == [(str(valid_root / PO), po_line(valid_root, "Krijgt u geschenken?"), "DLG021")]
    assert "fuzzy en translation of 'Krijgt u geschenken?' is not used" in result.problems[0].message
    assert result.missing["en"] == 1
    session = Session(load_library(valid_root, strict=True).flow("mini"), "en", valid_root)
    session.answer()
    assert session.answer("raadslid").text == "Krijgt u geschenken?"


def test_a_broken_placeholder_is_reported(valid_root: Path) -> None:
    source = "Heeft u financiële banden met {{ name }}?"
    edit_po(valid_root, "Do you have financial ties with {{ name }}?", "Do you have financial ties with {{ naam }}?")
    result = run_check(valid_root)
    assert [(p.path, p.line, p.code) for p in result.problems] == [
        (str(valid_root / PO), po_line(valid_root, source), "DLG022")
    ]
    assert "missing: name; unknown: naam" in result.problems[0].message


def test_a_broken_percent_placeholder_in_a_template_is_reported(valid_root: Path) -> None:
    edit_po(valid_root, 'msgstr "You chose %(chosen)s."', 'msgstr "You chose %(keuze)s."')
    problems = run_check(valid_root).problems
    assert [(p.code, p.line) for p in problems] == [("DLG022", po_line(valid_root, "U koos %(chosen)s."))]


def test_an_unreadable_catalog_is_reported(valid_root: Path) -> None:
    edit_po(valid_root, 'msgid "Krijgt u geschenken?"', 'msgid "Krijgt u geschenken?\nmsgid')
    codes = {p.code for p in run_check(valid_root).problems}
    assert "DLG027" in codes


def test_check_counts_missing_translations_per_language(valid_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_po(valid_root, 'msgstr "Do you receive gifts?"', 'msgstr ""')
    edit_po(valid_root, 'msgstr "How valuable?"', 'msgstr ""')
    assert main(["check", str(valid_root), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["translations"] == {"nl": {"missing": 0}, "en": {"missing": 2}}
    assert {p["code"] for p in data["problems"]} == {"DLG020"}
    assert all(p["path"].endswith("flows/modules/questions.yaml") for p in data["problems"])


# -- which language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        (None, {}, "nl"),
        (None, {"LANG": "en_GB.UTF-8"}, "en"),
        (None, {"LANG": "nl_NL.UTF-8"}, "nl"),
        (None, {"LANG": "de_DE.UTF-8"}, "nl"),
        (None, {"DIALOOG_LANG": "en"}, "en"),
        (None, {"DIALOOG_LANG": "en", "LANG": "nl_NL.UTF-8"}, "en"),
        (None, {"DIALOOG_LANG": "nl", "LANG": "en_GB.UTF-8"}, "nl"),
        (None, {"LANGUAGE": "en_GB:nl", "LANG": "nl_NL.UTF-8"}, "en"),
        (None, {"LC_ALL": "en_US.UTF-8"}, "en"),
        ("nl", {"DIALOOG_LANG": "en", "LANG": "en_GB.UTF-8"}, "nl"),
        ("en", {}, "en"),
    ],
)
def test_the_language_comes_from_lang_then_the_environment(
    plain_env: pytest.MonkeyPatch, explicit: str | None, env: dict[str, str], expected: str
) -> None:
    for name, value in env.items():
        plain_env.setenv(name, value)
    assert resolve_language(explicit) == expected


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "en", "play"], {}),
        (["play", "--lang", "en"], {"LANG": "nl_NL.UTF-8"}),
        (["play"], {"DIALOOG_LANG": "en"}),
        (["play"], {"LANG": "en_GB.UTF-8"}),
    ],
)
def test_play_speaks_english_when_asked(
    valid_root: Path,
    plain_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    env: dict[str, str],
) -> None:
    for name, value in env.items():
        plain_env.setenv(name, value)
    assert main([*args, str(valid_root / "flows" / "mini.yaml"), "--auto", "low"]) == 0
    out = capsys.readouterr().out
    assert "[dialoog] Which role?" in out
    assert "[you] Minister" in out
    assert "== Summary ==" in out
    assert "- Interests: needs little attention [0]" in out


def test_play_speaks_dutch_by_default(valid_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", str(valid_root / "flows" / "mini.yaml"), "--auto", "low"]) == 0
    out = capsys.readouterr().out
    assert "[dialoog] Welke rol?" in out
    assert "[u] Bewindspersoon" in out
    assert "== Samenvatting ==" in out
    assert "- Belangen: weinig aandacht nodig [0]" in out
