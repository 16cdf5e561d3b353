"""Every row of the security review's table 1.1: `dialoog check` ends in a `path:line:col CODE` problem (or
passes), and `dialoog play` refuses the flow with that problem or runs it, in a few seconds, with no
traceback and no control sequence from the content on stdout."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from dialoog.check import run_check
from dialoog.cli import main

from .hostile import CASES, NOTES, Case

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
LINE = re.compile(r"^(?P<path>[^\n]+):(?P<line>\d+):(?P<col>\d+): (?P<code>DLG\d{3}) ", re.M)
SECONDS = 8.0  # check and play together; each takes well under a second, the bound is for a loaded CI machine

pytestmark = pytest.mark.usefixtures("plain_env")


def hostile_root(tmp_path: Path, case: Case) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MINI, root, symlinks=True)
    case.change(root)
    return root


def play(capsys: pytest.CaptureFixture[str], root: Path, lang: str) -> tuple[int, str, str]:
    args = ["play", str(root / "flows" / "mini.yaml"), "--auto", "high"]
    if lang != "nl":
        args += ["--lang", lang]
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_content_ends_in_a_problem_or_a_clean_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: Case
) -> None:
    root = hostile_root(tmp_path, case)
    start = time.monotonic()
    result = run_check(root)
    found = [p for p in result.problems if p.code not in NOTES]
    if case.code is None:
        assert found == [], [str(p) for p in found]
    else:
        expected = [p for p in found if p.code == case.code]
        assert expected, f"{case.name}: wanted {case.code}, got {[str(p) for p in found]}"
        if case.at is not None:
            assert any(Path(p.path) == root / case.at for p in expected), [str(p) for p in expected]
        for problem in found:  # every problem is a position and a code
            assert problem.line >= 1 and problem.col >= 1 and LINE.match(problem.shown() + " ")

    code, out, err = play(capsys, root, case.lang)
    elapsed = time.monotonic() - start
    assert "Traceback" not in out + err
    assert "\x1b" not in out and "\x9b" not in out, "no control sequence from content reaches stdout"
    assert "SECRET-FROM-OUTSIDE" not in out + err, "nothing from a file outside the content is shown"
    if case.refused:
        assert code == 1, out
        assert LINE.search(err), err
    else:
        assert code == 0, err
    assert elapsed < SECONDS, f"{case.name}: {elapsed:.1f} s"


def test_check_reports_hostile_content_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command itself prints `path:line:col: CODE message` and exits 1 (the FIFO and /dev/zero case)."""
    case = next(c for c in CASES if c.name == "module-is-fifo")
    root = hostile_root(tmp_path, case)
    (root / "flows" / "modules" / "zero.yaml").symlink_to("/dev/zero")
    code = main(["check", str(root)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    shown = {m["path"].rsplit("/", 1)[-1]: m["code"] for m in LINE.finditer(out)}
    assert shown["fifo.yaml"] == "DLG030" and shown["zero.yaml"] == "DLG030"


def test_a_check_that_runs_out_of_time_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    for i in range(30):
        (root / "flows" / "modules" / f"extra{i}.yaml").write_text(
            f"id: extra{i}\ntitle: Extra\nnodes:\n  - {{id: e{i}, kind: end, text: Einde.}}\n", encoding="utf-8"
        )
    monkeypatch.setenv("DIALOOG_CHECK_BUDGET", "0.000001")
    result = run_check(root)
    assert [p.code for p in result.problems][-1] == "DLG034"
    assert "time budget" in result.problems[-1].message
    monkeypatch.delenv("DIALOOG_CHECK_BUDGET")
    assert "DLG034" not in {p.code for p in run_check(root).problems}
