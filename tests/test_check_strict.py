"""`dialoog check --strict` and the "did you mean" of an unknown id, in each place content names ids; and
every problem code raised in dialoog/ has its section in docs/check-codes.md."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from dialoog.check import run_check
from dialoog.cli import main
from dialoog.locations import program_root

pytestmark = pytest.mark.usefixtures("plain_env")
ROOT = program_root()


def content_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "content"
    for part in ("flows", "prompts", "locales"):
        shutil.copytree(ROOT / part, dest / part)
    return dest


def misspell(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_warning_passes_check_but_fails_strict(valid_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a second route after one that is always taken: never taken (DLG051, a warning)
    misspell(valid_root, "flows/modules/questions.yaml", "      - {goto: stress}\n",
             "      - {goto: stress}\n      - {goto: portfolio}\n")
    assert main(["check", str(valid_root)]) == 0
    out, _ = capsys.readouterr()
    assert "questions.yaml:12:16: DLG051 warning: route 3 of 'gifts' (to 'portfolio') is never taken" in out
    assert "(1 warning(s); 'dialoog check --strict' fails on them)" in out
    assert main(["check", "--strict", str(valid_root)]) == 1
    out, err = capsys.readouterr()
    assert "DLG051 warning:" in out
    assert "1 warning(s) in" in err and "--strict fails on warnings" in err
    assert main(["check", "--strict", "--json", str(valid_root)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["problems"] == [] and [w["code"] for w in data["warnings"]] == ["DLG051"]


def test_a_card_that_no_flow_shows_is_a_warning(valid_root: Path) -> None:
    cards = valid_root / "flows" / "cards" / "kaarten.yaml"
    text = cards.read_text(encoding="utf-8")
    other = text.split("\n", 1)[1].replace("id: kaartjes", "id: kaartjes_raad").replace(
        "audiences: [bewindspersoon]", "audiences: [raadslid]")
    cards.write_text(text + other, encoding="utf-8")
    result = run_check(valid_root, strict=True)
    assert [(p.code, p.line, p.message) for p in result.warnings] == [
        ("DLG050", 16, "card 'kaartjes_raad' is shown by no flow: no deck selects it and no card node names it")]
    assert not result.ok
    assert run_check(valid_root).warnings == result.warnings


def test_the_shipped_content_passes_strict() -> None:
    result = run_check(ROOT, strict=True)
    assert result.warnings == []


CASES = [
    # (file, the right id in its place, the misspelt id, the message says)
    ("flows/modules/self.yaml", "{answer: shares, goto: financial_policy_link}",
     "{answer: shares, goto: financial_polcy_link}",
     "goes to unknown node 'financial_polcy_link'; did you mean 'financial_policy_link'?"),
    ("flows/modules/dilemmas.yaml", "          ondermijning: [ondermijning, openbare_orde]",
     "          ondermining: [ondermijning, openbare_orde]",
     "names unknown domain 'ondermining'; did you mean 'ondermijning'?"),
    ("flows/modules/self.yaml", "when: \"role_audience not in", "when: \"rol == 'x' or role_audience not in",
     "names 'rol', which is no question id; did you mean 'role'?"),
    ("flows/modules/dilemmas.yaml", "  - id: deck_scan\n",
     "  - id: deck_one\n    kind: deck\n    cards: {ids: [bel_partner_bij_bedrjf]}\n  - id: deck_scan\n",
     "names unknown card 'bel_partner_bij_bedrjf'; did you mean 'bel_partner_bij_bedrijf'?"),
    ("flows/advice.yaml", "      kandidaat_raadslid: [partij_vertrouwenscommissie]",
     "      kandidaat_raadslid: [partij_vertrouwenscommisie]",
     "refers to unknown contact 'partij_vertrouwenscommisie' (not in flows/contacts.yaml); did you mean "
     "'partij_vertrouwenscommissie'?"),
    ("flows/scan.yaml", "modules: [intake, self, network", "modules: [intake, slef, network",
     "unknown module 'slef' (no flows/modules/slef.yaml); did you mean 'self'?"),
]


@pytest.mark.parametrize(("relative", "right", "wrong", "says"), CASES,
                         ids=["route", "condition-domain", "condition-question", "card-list", "contact-list", "module"])
def test_a_misspelt_id_gets_a_did_you_mean(tmp_path: Path, relative: str, right: str, wrong: str, says: str) -> None:
    root = content_copy(tmp_path)
    misspell(root, relative, right, wrong)
    result = run_check(root)
    messages = [p for p in result.errors if says in p.message]
    assert messages, [str(p) for p in result.errors]
    line = next(i for i, text in enumerate((root / relative).read_text(encoding="utf-8").splitlines(), 1)
                if wrong.split("\n")[-1 if "deck_one" not in wrong else 2].strip()[:20] in text)
    assert any(p.path.endswith(relative) and abs(p.line - line) <= 2 for p in messages)


CODE = re.compile(r"\bDLG(\d{3})\b")


def codes_raised() -> set[str]:
    """Every problem code in the program's source (DLG000, the start-up's own fallback, is no content code)."""
    found: set[str] = set()
    for path in (ROOT / "dialoog").rglob("*.py"):
        found |= {f"DLG{n}" for n in CODE.findall(path.read_text(encoding="utf-8"))}
    return found - {"DLG000"}


def test_every_code_raised_has_a_section_in_check_codes() -> None:
    docs = (ROOT / "docs" / "check-codes.md").read_text(encoding="utf-8")
    sections = set(re.findall(r'^<a id="(dlg\d{3})"></a>\n### (DLG\d{3})\b', docs, flags=re.M))
    documented = {code for anchor, code in sections if anchor == code.lower()}
    raised = codes_raised()
    assert {"DLG001", "DLG036", "DLG050"} <= raised
    assert raised - documented == set(), "add a section (anchor, meaning, broken YAML, fix) to docs/check-codes.md"
    for code in raised:
        section = docs.split(f'<a id="{code.lower()}"></a>', 1)[1].split("<a id=", 1)[0]
        assert "```yaml" in section and "Fix" in section, f"{code}: an example of broken YAML and the fix"
