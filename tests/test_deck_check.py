"""`dialoog check` reads a card's premise (`when:`) and a deck's `deal:` like the rest of the content: each
problem at its file and line, with a "did you mean" where one helps (DLG055-DLG057)."""

from __future__ import annotations

import shutil
from pathlib import Path

from dialoog.check import run_check
from dialoog.locations import content_root

ROOT = content_root()


def content_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for part in ("flows", "prompts", "locales"):
        shutil.copytree(ROOT / part, root / part)
    return root


def with_premise(root: Path, condition: str) -> tuple[Path, int]:
    """The first card of flows/cards/netwerken.yaml gets `when: condition`; returns its file and line."""
    path = root / "flows" / "cards" / "netwerken.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("- id:"))
    indent = " " * (len(lines[at]) - len(lines[at].lstrip(" -")))
    lines.insert(at + 1, f'{indent}when: "{condition}"\n')
    path.write_text("".join(lines), encoding="utf-8")
    return path, at + 2


def test_a_misspelt_name_in_a_cards_premise_gets_a_did_you_mean_at_its_line(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    path, line = with_premise(root, "scan_momnet != 'eerste'")
    result = run_check(root)
    found = [p for p in result.errors if p.code == "DLG055"]
    assert len(found) == 1, [str(p) for p in result.errors]
    assert found[0].path == str(path) and found[0].line == line
    assert "when names 'scan_momnet', which is no question id; did you mean 'scan_moment'?" in found[0].message


def test_a_cards_premise_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    path, line = with_premise(root, "scan_moment != 'eerste' and")
    found = [p for p in run_check(root).errors if p.code == "DLG056"]
    assert len(found) == 1 and found[0].path == str(path) and found[0].line == line


def test_a_correct_premise_passes_and_an_unknown_domain_is_named(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    with_premise(root, "scan_moment != 'eerste' and role_audience != 'raadslid'")
    assert run_check(root).ok
    root2 = content_copy(tmp_path / "two")
    with_premise(root2, "levels.ondermining == 'high'")
    found = [p for p in run_check(root2).errors if p.code == "DLG015"]
    assert found and "unknown domain 'ondermining'; did you mean 'ondermijning'?" in found[0].message


def test_a_wrong_deal_is_reported_at_its_line(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    path = root / "flows" / "modules" / "dilemmas.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("        max: 5\n", "        max: 2\n").replace(
        "          veiligheid: [druk_intimidatie,", "          veiligheid: [druk_intimidatei,")
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    found = [p for p in run_check(root).errors if p.code == "DLG057"]
    messages = {p.message: p.line for p in found}
    assert messages.get("'max' of a deal (2) is below its 'cards' (3)") == lines.index("        max: 2") + 1
    theme = next(m for m in messages if "unknown theme 'druk_intimidatei'" in m)
    assert "did you mean 'druk_intimidatie'?" in theme
