"""`dialoog test` (transcript tests) and `--from NODE` (start anywhere), as an author uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from dialoog.cli import main

pytestmark = pytest.mark.usefixtures("plain_env")
FLOWS = Path(__file__).parent / "flows"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


FAILING = """\
flow: scan
tests:
  - name: a wethouder
    auto: low
    answers:
      role: wethouder
    levels:
      veiligheid: low
      belangenverstrengeling: high
    advice:
      must: [netwerk_twijfel]
    top: []
    says: [Welkom bij dialoog]
    finished: true
"""


def test_a_failing_transcript_test_names_the_line_of_each_expectation_that_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "wethouder.yaml"
    path.write_text(FAILING, encoding="utf-8")
    code, out, err = cli(capsys, "test", str(path))
    assert code == 1
    assert f"{path}:9: levels.belangenverstrengeling: high: the level is 'low'" in out
    assert f"{path}:11: advice.must: netwerk_twijfel: it is not among the advice" in out
    assert "ok    levels.veiligheid: low" in out and "ok    says: Welkom bij dialoog" in out
    assert "1 test(s): 0 passed, 1 failed; 6 expectation(s), 2 failed" in err
    code, out, _ = cli(capsys, "test", str(path), "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    failed = [(e["line"], e["kind"]) for e in data["tests"][0]["expectations"] if not e["passed"]]
    assert failed == [(9, "levels"), (11, "advice")]


def test_a_passing_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(FAILING.replace("belangenverstrengeling: high", "belangenverstrengeling: low").replace(
        "must: [netwerk_twijfel]", "must_not: [netwerk_twijfel]"), encoding="utf-8")
    code, out, _ = cli(capsys, "test", str(path))
    assert code == 0 and "1 test(s): 1 passed, 0 failed; 6 expectation(s), 0 failed" in out


BAD = """\
flow: scan
tests:
  - name: mistakes
    auto: low
    levls: {veiligheid: low}
    levels: {veiligheed: low, openbaarheid: hoog}
    advice: {must: [netwerk_twijfl]}
    asks: [netwrk]
    answers: {rol: wethouder, scan_moment: eerst}
"""


def test_a_bad_test_file_is_reported_with_its_lines_and_a_did_you_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    code, out, _ = cli(capsys, "test", str(path))
    assert code == 1
    for line, col, message in [
        (5, 5, "unknown key 'levls' in test 'mistakes'; did you mean 'levels'?"),
        (6, 14, "names unknown domain 'veiligheed'; did you mean 'veiligheid'?"),
        (6, 45, "'hoog' is no level: use low, attention, high, unknown"),
        (7, 21, "names 'netwerk_twijfl', which is no advice id; did you mean 'netwerk_twijfel'?"),
        (8, 12, "names 'netwrk', which is no question of 'scan'; did you mean 'network'?"),
        (9, 15, "names 'rol', which is no question of 'scan'; did you mean 'role'?"),
        (9, 44, "'eerst' is no answer to 'scan_moment' in test 'mistakes': use "),
        (9, 44, "; did you mean 'eerste'?"),
    ]:
        assert f"{path}:{line}:{col}: DLG052 " in out and message in out, (line, message, out)


def test_a_test_whose_answers_run_out_cannot_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "short.yaml"
    path.write_text("flow: scan\ntests:\n  - answers: {role: wethouder}\n    finished: true\n", encoding="utf-8")
    code, out, _ = cli(capsys, "test", str(path))
    assert code == 1
    assert f"{path}:3:14: DLG053 test 'test 1': no answer for 'scan_moment' in the answers file" in out


def test_dialoog_test_runs_the_shipped_transcript_tests_by_default(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FLOWS.parent.parent)
    code, out, _ = cli(capsys, "test")
    assert code == 0 and " 0 failed;" in out


# -- start anywhere ----------------------------------------------------------------------------------

def wethouder_answers(tmp_path: Path) -> Path:
    data = yaml.safe_load((FLOWS / "wethouder_zwager.yaml").read_text(encoding="utf-8"))["tests"][0]["answers"]
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("node", ["portfolio", "family_interests", "network", "diversity_sector", "deck_scan"])
def test_from_a_node_reaches_the_same_summary_as_a_full_play(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], node: str
) -> None:
    answers = str(wethouder_answers(tmp_path))
    code, full, _ = cli(capsys, "play", "scan", "--answers", answers, "--fill", "high", "--json")
    assert code == 0
    code, part, err = cli(capsys, "play", "scan", "--from", node, "--answers", answers, "--fill", "high",
                          "--json")
    assert code == 0, err
    whole, started = json.loads(full), json.loads(part)
    assert started["summary"] == whole["summary"]
    assert started["scores"] == whole["scores"] and started["from"] == node
    asked = [line["node"] for line in started["transcript"]]
    assert asked[0].startswith(node) and "role" not in asked  # the transcript starts at the node


def test_from_without_the_earlier_answers_names_them_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("role: wethouder\nscan_moment: eerste\n", encoding="utf-8")
    code, out, err = cli(capsys, "play", "scan", "--from", "family_interests", "--answers", str(answers))
    assert code == 2 and out == ""
    assert ("the answers have no answer for 5 question(s) before 'family_interests': financial_interests, "
            "local_property, side_positions, previous_employers, revolving_door (give them in the answers file, or let"
            " --fill answer them)") in err
    assert "portfolio" not in err  # optional: skipped, as in a full play


def test_from_an_unknown_node_exits_2_with_a_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "play", "scan", "--from", "netwrk", "--auto", "low")
    assert code == 2 and out == "" and "there is no node 'netwrk' in 'scan'; did you mean 'network'?" in err
    code, _, err = cli(capsys, "--flow", "scan", "--from", "netwrk")
    assert code == 2 and "did you mean 'network'?" in err


def test_from_is_a_try_out_that_is_never_saved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "play", "scan", "--from", "network", "--auto", "low", "--data-dir", str(tmp_path))
    assert code == 2 and "--from is a try-out and is never saved" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_from_any_node_of_a_random_session_reaches_its_summary(seed: int) -> None:
    """For random answers (`--auto random:SEED`), starting at every fifth node of the route gives the same
    answers, scores and summary as the full session."""
    from dialoog.authoring.start import play_to
    from dialoog.engine import Session
    from dialoog.flow.library import load_library
    from dialoog.i18n import UI
    from dialoog.locations import content_root
    from dialoog.play import auto, run

    lib = load_library(content_root())
    flow = lib.flow("scan")
    full = run(Session(flow, "nl", lib.root), auto("random", seed))
    route = list(dict.fromkeys(step.node for step in full.session.history))
    assert len(route) > 20
    for node in route[1::5]:
        session = Session(flow, "nl", lib.root)
        answerer = auto("random", seed)
        play_to(session, node, None, answerer, UI("nl"))
        part = run(session, answerer)
        assert part.as_json()["summary"] == full.as_json()["summary"], node
        assert session.to_dict()["answers"] == full.session.to_dict()["answers"], node
        assert part.transcript[0].node == node


def test_fill_answers_what_the_file_does_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("role: wethouder\nfamily_interests: yes\nfamily_interests_detail: public_money\n",
                       encoding="utf-8")
    code, _, err = cli(capsys, "play", "scan", "--answers", str(answers))
    assert code == 2 and "geen antwoord voor 'scan_moment' in het antwoordenbestand" in err
    code, out, _ = cli(capsys, "play", "scan", "--answers", str(answers), "--fill", "low", "--json")
    data = json.loads(out)
    assert code == 0 and data["answers"]["family_interests"] == "yes" and "scan_moment" in data["answers"]
    code, _, err = cli(capsys, "play", "scan", "--auto", "low", "--fill", "low")
    assert code == 2 and "--fill goes with --answers" in err
