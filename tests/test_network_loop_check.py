"""`dialoog check` reads the conditions of network follow-ups (DLG060-DLG062) and reports them at the line of
the `when`, with a "did you mean" for a misspelt name."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from dialoog.check import run_check
from dialoog.cli import main
from dialoog.locations import program_root

pytestmark = pytest.mark.usefixtures("plain_env")
ROOT = program_root()
NETWORK = "flows/modules/network.yaml"


def content_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "content"
    for part in ("flows", "prompts", "locales"):
        shutil.copytree(ROOT / part, dest / part)
    return dest


BROKEN = {  # follow-up: (its new `when`, the code, what the message says)
    "approached": ("\"check_more == 'yes\"", "DLG060", "cannot read the condition of follow-up 'approached'"),
    "could_pressure": ("\"chek_more == 'yes'\"", "DLG061", "did you mean 'check_more'?"),
    "gifts": ("\"scores.belangenverstrenging > 2\"", "DLG061", "unknown domain 'belangenverstrenging'"),
    "financial_ties": ("\"could_pressure == 'yes'\"", "DLG062", "a follow-up asked after it"),
    "favours": ("\"favours == 'no'\"", "DLG062", "'favours', itself"),
}


def with_whens(root: Path, whens: dict[str, str]) -> dict[str, int]:
    """Replace the `when` of each follow-up in `whens`; returns the line of each."""
    path = root / NETWORK
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at: dict[str, int] = {}
    for followup, when in whens.items():
        start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {followup}")
        index = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("when:"))
        lines[index] = f"        when: {when}\n"
        at[followup] = index + 1
    path.write_text("".join(lines), encoding="utf-8")
    return at


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], Any]:
    root = content_copy(tmp_path_factory.mktemp("network-check"))
    lines = with_whens(root, {f: when for f, (when, _, _) in BROKEN.items()})
    return root, lines, run_check(root)


@pytest.mark.parametrize("followup", sorted(BROKEN))
def test_a_broken_follow_up_condition_is_reported_at_its_line(broken: tuple[Path, dict[str, int], Any],
                                                              followup: str) -> None:
    _root, lines, result = broken
    _when, code, says = BROKEN[followup]
    found = [p for p in result.errors if p.code == code and p.line == lines[followup]]
    assert any(says in p.message and p.path.endswith(NETWORK) for p in found), \
        [f"{p.path}:{p.line} {p.code} {p.message}" for p in result.errors]


def test_the_cli_prints_path_line_col_code_and_fails(broken: tuple[Path, dict[str, int], Any],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root, lines, _result = broken
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr()
    said = out.out + out.err
    assert f"network.yaml:{lines['could_pressure']}:" in said and "DLG061" in said


def test_conditions_on_earlier_follow_ups_the_entry_and_the_scan_are_fine(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    with_whens(root, {"gifts": "\"check_more == 'yes' and entry.category != 'family' and scan_moment != 'anders' "
                               "and role_audience != 'topambtenaar'\""})
    result = run_check(root)
    assert not [p for p in result.errors if p.code in ("DLG060", "DLG061", "DLG062")]
    assert not result.errors


def test_the_shipped_network_has_follow_ups_with_conditions() -> None:
    text = (ROOT / NETWORK).read_text(encoding="utf-8")
    assert text.count("        when: ") >= 8
