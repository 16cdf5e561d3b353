"""Loader errors: one fixture per kind of mistake, each reported at its exact line and column.

Every file in tests/fixtures/errors/ starts with its expectation:

    # expect: DLG009 10:11                 the code and the line:col an author is sent to
    # place: flows/modules/broken.yaml     where the file goes in a copy of the mini content
    # message: goes to unknown node        (optional) words the message must contain

Templates use `{# ... #}` comments for the same lines.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from dialoog.check import run_check
from dialoog.cli import main
from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.flow.problems import CODES, ContentError, Problem

pytestmark = pytest.mark.usefixtures("plain_env")

ERRORS = Path(__file__).parent / "fixtures" / "errors"


@dataclass(frozen=True)
class Case:
    name: str
    code: str
    line: int
    col: int
    place: str
    message: str | None

    @property
    def source(self) -> Path:
        return ERRORS / self.name

    def install(self, root: Path) -> Path:
        dest = root / self.place
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.source, dest)
        return dest

    @property
    def flow_id(self) -> str | None:
        """The flow that uses the broken file (None: a template, used by no flow in particular)."""
        if self.place.startswith("flows/modules/"):
            return Path(self.place).stem
        if self.place.startswith("flows/"):
            return "mini" if Path(self.place).stem in ("mini", "advice", "kaarten") else Path(self.place).stem
        return None

    def matches(self, problem: Problem, dest: Path) -> bool:
        return (
            Path(problem.path).resolve() == dest.resolve()
            and (problem.line, problem.col, problem.code) == (self.line, self.col, self.code)
            and (self.message is None or self.message in problem.message)
        )


def _read_case(path: Path) -> Case:
    head = path.read_text(encoding="utf-8").splitlines()[:3]
    expect = re.search(r"expect: (DLG\d{3}) (\d+):(\d+)", head[0])
    place = re.search(r"place: (\S+)", head[1])
    message = re.search(r"message: (.+?)\s*(?:#\})?$", head[2]) if len(head) > 2 else None
    assert expect and place, f"{path.name}: the first two lines must be '# expect: CODE line:col' and '# place: PATH'"
    return Case(
        path.name,
        expect.group(1),
        int(expect.group(2)),
        int(expect.group(3)),
        place.group(1),
        message.group(1) if message else None,
    )


CASES = [_read_case(p) for p in sorted(ERRORS.iterdir()) if p.is_file()]

# Where the reported line is not the one an author has to fix (see the report in the test's reason).
WRONG_POSITION: dict[str, str] = {}

# Problems that only `dialoog check` finds; at run time the text shows as written or the advice never applies.
CHECK_ONLY = {"template-syntax.yaml", "template-file.j2", "advice-unknown-domain.yaml"}


def _param(case: Case, known: dict[str, str]) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=known[case.name])] if case.name in known else []
    return pytest.param(case, id=case.name, marks=marks)


def test_every_fixture_names_a_known_code() -> None:
    assert len(CASES) >= 25
    for case in CASES:
        assert case.code in CODES, case.name


def test_fixtures_cover_the_main_codes() -> None:
    covered = {case.code for case in CASES}
    wanted = {f"DLG{n:03d}" for n in (1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 23, 26)}
    assert wanted <= covered, sorted(wanted - covered)


def test_the_mini_content_itself_has_no_problem_but_translations(mini_root: Path) -> None:
    # The fixture has no English catalog: only DLG020 may appear, so every other problem below comes from the fixture.
    result = run_check(mini_root)
    assert {p.code for p in result.problems} == {"DLG020"}


@pytest.mark.parametrize("case", [_param(c, WRONG_POSITION) for c in CASES])
def test_check_reports_the_problem_at_its_line(case: Case, mini_root: Path) -> None:
    dest = case.install(mini_root)
    result = run_check(mini_root)
    assert not result.ok
    here = [f"{p.line}:{p.col}: {p.code} {p.message}" for p in result.problems if Path(p.path) == dest]
    assert any(case.matches(p, dest) for p in result.problems), (
        f"expected {case.code} at {case.line}:{case.col} in {case.place}; got {here}"
    )


@pytest.mark.parametrize("case", [_param(c, WRONG_POSITION) for c in CASES])
def test_cli_check_prints_path_line_col_code_and_exits_1(
    case: Case, mini_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case.install(mini_root)
    monkeypatch.chdir(mini_root)
    assert main(["check", str(mini_root)]) == 1
    out, err = capsys.readouterr()
    prefix = f"{case.place}:{case.line}:{case.col}: {case.code} "
    lines = [line for line in out.splitlines() if line.startswith(prefix)]
    assert lines, f"no line starting with {prefix!r} in:\n{out}"
    if case.message:
        assert any(case.message in line for line in lines)
    assert "problem(s)" in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize("case", [_param(c, WRONG_POSITION) for c in CASES if c.name not in CHECK_ONLY])
def test_broken_content_is_never_half_loaded(case: Case, mini_root: Path) -> None:
    """Either the library refuses to load (strict), or the flow that uses the file refuses to build."""
    dest = case.install(mini_root)
    lib = load_library(mini_root)
    if any(case.matches(p, dest) for p in lib.problems):
        with pytest.raises(ContentError) as caught:
            load_library(mini_root, strict=True)
    else:
        assert case.flow_id is not None
        with pytest.raises(ContentError) as caught:
            lib.flow(case.flow_id)
    assert any(case.matches(p, dest) for p in caught.value.problems), [str(p) for p in caught.value.problems]
    # the message of the exception is what a program would print: path:line:col: CODE message
    assert f":{case.line}:{case.col}: {case.code} " in str(caught.value)


@pytest.mark.parametrize("name", ["bad-scale.yaml", "advice-no-level.yaml"])
def test_a_flow_whose_files_have_loader_problems_is_refused(name: str, mini_root: Path) -> None:
    case = next(c for c in CASES if c.name == name)
    dest = case.install(mini_root)
    lib = load_library(mini_root)
    # the library loads and keeps the problem its file has; the flow that uses the file is refused, naming it
    assert any(case.matches(p, dest) for p in lib.problems), [str(p) for p in lib.problems]
    with pytest.raises(ContentError) as caught:
        lib.flow(case.flow_id or "mini")
    assert any(case.matches(p, dest) for p in caught.value.problems), [str(p) for p in caught.value.problems]
    assert f":{case.line}:{case.col}: {case.code} " in str(caught.value)


def test_a_file_with_problems_is_named_but_the_others_still_load(mini_root: Path) -> None:
    next(c for c in CASES if c.name == "route-unknown.yaml").install(mini_root)
    lib = load_library(mini_root)
    assert lib.flow("mini").id == "mini"  # the broken module does not take the others down
    with pytest.raises(ContentError) as caught:
        lib.flow("broken")
    assert [p.code for p in caught.value.problems] == ["DLG009"]


def test_an_unknown_flow_is_a_content_error(mini_root: Path) -> None:
    lib = load_library(mini_root)
    with pytest.raises(ContentError) as caught:
        lib.flow("nergens")
    assert [p.code for p in caught.value.problems] == ["DLG023"]


def test_a_missing_flows_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_library(tmp_path, strict=True)
    assert [p.code for p in caught.value.problems] == ["DLG002"]


def test_a_duplicate_id_is_one_problem_not_also_a_dead_end(mini_root: Path) -> None:
    dest = next(c for c in CASES if c.name == "duplicate-id.yaml").install(mini_root)
    codes = [p.code for p in run_check(mini_root).problems if Path(p.path) == dest and p.code != "DLG020"]
    assert codes == ["DLG008"]


ADVICE_WITH_CONDITION = """\
advice:
  - id: gifts_register
    domain: belangen
    level: attention
    title: Registreer geschenken
    why: Omdat.
    contacts: {default: [Integriteitsadviseur]}
  - id: broken_if
    domain: veiligheid
    if: "CONDITION"
    title: Zoek steun
    why: Omdat.
    contacts: {default: [Iemand]}
"""


@pytest.mark.parametrize(
    ("condition", "code"),
    [
        ("gifts ==", "DLG013"),
        ("gifts.__class__", "DLG013"),
        ("onbekend == 'yes'", "DLG014"),
        ("scores.geld > 1", "DLG015"),
    ],
)
def test_check_reports_a_bad_advice_condition_at_its_line(mini_root: Path, condition: str, code: str) -> None:
    advice = mini_root / "flows" / "advice.yaml"
    advice.write_text(ADVICE_WITH_CONDITION.replace("CONDITION", condition), encoding="utf-8")
    found = [(p.line, p.col, p.code) for p in run_check(mini_root).problems if Path(p.path) == advice]
    assert (10, 9, code) in found


def test_an_unreadable_advice_condition_is_refused_before_the_conversation(mini_root: Path) -> None:
    advice = mini_root / "flows" / "advice.yaml"
    advice.write_text(ADVICE_WITH_CONDITION.replace("CONDITION", "gifts =="), encoding="utf-8")
    lib = load_library(mini_root)
    try:
        flow = lib.flow("mini")
    except ContentError as exc:
        assert "DLG013" in str(exc)
        return
    session = Session(flow, "nl", mini_root)
    session.answer()
    session.answer("practice")  # straight to the end
    assert session.finished
    session.summary()  # must not raise
    pytest.fail("a flow with an unreadable advice condition was built")
