"""The command line verbs an author or a trainer uses: check, play, graph, catalog."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from dialoog.check import run_check
from dialoog.cli import main

pytestmark = pytest.mark.usefixtures("plain_env")

DIALOOG = Path(sys.executable).parent / "dialoog"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def write_answers(tmp_path: Path, data: Any, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def mini(root: Path) -> str:
    return str(root / "flows" / "mini.yaml")


ANSWERS = """\
role: raadslid
gifts: {decline: true}
stress: [pressure]
portfolio: {skip: true}
people:
  - {name: Jan, category: family, ties: yes}
  - {name: Bouwbedrijf BV, category: business, ties: no}
"""

# -- check ---------------------------------------------------------------------------------------


def test_check_ok_prints_the_counts(valid_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "check", str(valid_root))
    assert code == 0
    assert out == "ok: 3 flows, 9 nodes, 7 questions, 1 cards, 2 advice items, 3 distinct paths\n"
    assert err == ""


def test_check_counts_more_content(engine_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "check", str(engine_root))
    assert code == 0
    assert out.startswith("ok: 5 flows, 17 nodes, 15 questions, 1 cards, 2 advice items, ")


def test_check_json_has_exactly_the_documented_keys(valid_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "check", str(valid_root), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"ok", "counts", "problems", "warnings", "translations"}
    assert data["ok"] is True
    assert data["counts"] == {"flows": 3, "nodes": 9, "questions": 7, "cards": 1, "advice": 2, "paths": 3}
    assert data["problems"] == []
    assert data["translations"] == {"nl": {"missing": 0}, "en": {"missing": 0}}


def test_check_json_lists_each_problem(
    valid_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = valid_root / "flows" / "modules" / "questions.yaml"
    questions.write_text(
        questions.read_text(encoding="utf-8").replace("goto: gifts_value}", "goto: gift_value}"), encoding="utf-8"
    )
    monkeypatch.chdir(valid_root)
    code, out, _ = cli(capsys, "check", ".", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    assert set(data["counts"]) == {"flows", "nodes", "questions", "cards", "advice", "paths"}
    for problem in data["problems"]:
        assert set(problem) == {"path", "line", "col", "code", "message"}
    assert {
        "path": "flows/modules/questions.yaml",
        "line": 10,
        "col": 29,
        "code": "DLG009",
        "message": "route from 'gifts' goes to unknown node 'gift_value'; did you mean 'gifts_value'?",
    } in data["problems"]


def test_check_of_one_file_shows_only_its_problems(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the mini content has no English catalog: every file has DLG020 problems
    code, out, _ = cli(capsys, "check", str(mini_root / "flows" / "domains.yaml"))
    assert code == 1
    lines = out.splitlines()
    assert lines and all("flows/domains.yaml:" in line for line in lines)


def test_check_and_play_use_dialoog_content(
    valid_root: Path, plain_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plain_env.setenv("DIALOOG_CONTENT", str(valid_root))
    code, out, _ = cli(capsys, "check")
    assert code == 0, out
    assert out.startswith("ok: 3 flows")
    # the program's own words stay Dutch with other content
    code, out, _ = cli(capsys, "play", "mini", "--auto", "low")
    assert code == 0
    assert "== Samenvatting ==" in out


# -- play ----------------------------------------------------------------------------------------


def test_play_from_an_answers_file(valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = write_answers(tmp_path, ANSWERS)
    code, out, err = cli(capsys, "play", mini(valid_root), "--answers", str(answers))
    assert code == 0 and err == ""
    assert out.split("\n\n") == [
        "[dialoog] Hallo.",
        "[dialoog] Welke rol?\n1. Bewindspersoon\n2. Raadslid\n3. Oefenen",
        "[u] Raadslid",
        "[dialoog] Krijgt u geschenken?",
        "[u] Zeg ik liever niet",
        "[dialoog] Wat speelt er?\n1. Bedreiging\n2. Druk\n3. Niets",
        "[u] Druk",
        "[dialoog] Uw portefeuille?",
        "[u] Overgeslagen",
        "[dialoog] Wie kent u, ?",
        "[u] Jan (Familie); Bouwbedrijf BV (Zakelijk)",
        "[dialoog] (Jan) Heeft u financiële banden met Jan?",
        "[u] Ja",
        "[dialoog] (Bouwbedrijf BV) Heeft u financiële banden met Bouwbedrijf BV?",
        "[u] Nee",
        "[dialoog] - Belangen: attention\n- Veiligheid: attention\n* Registreer geschenken",
        "== Samenvatting ==\n"
        "- Belangen: aandacht nodig [2] (people)\n"
        "- Veiligheid: aandacht nodig [1] (stress)\n"
        "== Uw belangrijkste acties ==\n"  # the main actions first, numbered (here the only item)
        "1. Registreer geschenken [belangen] <- people\n"
        "    > Integriteitsadviseur\n",  # whom to turn to (this content names its contacts in words)
    ]


def test_play_json_has_transcript_answers_scores_and_summary(
    valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = write_answers(tmp_path, ANSWERS)
    code, out, _ = cli(capsys, "play", mini(valid_root), "--answers", str(answers), "--json")
    assert code == 0
    data = json.loads(out)
    assert {"transcript", "answers", "scores", "summary"} <= set(data)
    for line in data["transcript"]:
        assert set(line) == {"who", "node", "text"}
        assert line["who"] in ("bot", "user")
    assert {"who": "user", "node": "gifts", "text": "Zeg ik liever niet"} in data["transcript"]
    assert {"who": "user", "node": "people.ties", "text": "Ja"} in data["transcript"]
    assert data["answers"] == {
        "role": "raadslid",
        "stress": ["pressure"],
        "people": [
            {"name": "Jan", "category": "family", "answers": {"ties": "yes"}},
            {"name": "Bouwbedrijf BV", "category": "business", "answers": {"ties": "no"}},
        ],
    }
    assert data["scores"] == {"belangen": 2, "veiligheid": 1}
    assert set(data["summary"]) == {"domains", "top", "advice"}
    assert data["summary"]["top"] == ["gifts_register"]
    assert data["summary"]["domains"] == [
        {"id": "belangen", "level": "attention", "score": 2, "because": ["people"], "title": "Belangen",
         "label": "aandacht nodig", "open": []},
        {"id": "veiligheid", "level": "attention", "score": 1, "because": ["stress"], "title": "Veiligheid",
         "label": "aandacht nodig", "open": []},
    ]
    assert data["summary"]["advice"] == [
        {
            "id": "gifts_register",
            "domain": "belangen",
            "title": "Registreer geschenken",
            "because": ["people"],
            "because_words": [
                {"node": "people", "topic": "ties", "answer": "Ja", "entry": "Jan", "followup": "ties"}
            ],
            "about": [],
            "strength": 0,
            "merged": [],
            "contacts": ["Integriteitsadviseur"],
            "referrals": [{"id": None, "name": "Integriteitsadviseur", "remit": "", "reach": "", "url": None,
                           "source": "", "checked": ""}],
        },
    ]


def test_play_answers_by_card_id(valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = write_answers(tmp_path, ANSWERS.replace("role: raadslid", "role: bewindspersoon") + "kaartjes: d\n")
    code, out, _ = cli(capsys, "play", mini(valid_root), "--answers", str(answers))
    assert code == 0
    assert "[u] D: Overleggen." in out
    assert "U koos d." in out


def test_play_shows_a_declined_follow_up_as_declined(
    engine_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = write_answers(
        tmp_path,
        {"contacts": [{"name": "Jan", "category": "familie", "money": "yes", "closeness": {"decline": True}}]},
    )
    circle = str(engine_root / "flows" / "modules" / "circle.yaml")
    code, out, _ = cli(capsys, "play", circle, "--answers", str(answers))
    assert code == 0
    assert "[dialoog] (Jan) Hoe hecht bent u met Jan?\n\n[u] Zeg ik liever niet" in out


JAN = {"name": "Jan", "category": "family"}


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {"role": "raadslid", "gifts": "no", "stres": ["pressure"]},
            "het antwoordenbestand noemt onbekende id's van vragen: stres",
        ),
        ({"role": "raadslid", "gifts": 7}, "antwoord voor 'gifts': Antwoord met ja of nee."),
        ({"role": "minister"}, "antwoord voor 'role': Kies een van de mogelijkheden."),
        ({"role": "raadslid"}, "geen antwoord voor 'gifts' in het antwoordenbestand"),
        (
            {"role": "raadslid", "gifts": "no", "stress": [], "people": [JAN | {"ties": 7}]},
            "antwoord voor 'ties': Antwoord met ja of nee.",
        ),
        (
            {"role": "raadslid", "gifts": "no", "stress": [], "people": [JAN]},
            "geen antwoord voor 'ties' over 'Jan' in 'people'",
        ),
        ("role: raadslid\ngifts: [no\n", "answers.yaml:3:1: het antwoordenbestand is geen geldige YAML"),
        ("- role\n- gifts\n", "answers.yaml: het antwoordenbestand moet bij elke id van een vraag een antwoord geven"),
    ],
)
def test_a_bad_answers_file_is_a_clear_error(
    valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], answers: Any, message: str
) -> None:
    path = write_answers(tmp_path, answers)
    code, out, err = cli(capsys, "play", mini(valid_root), "--answers", str(path))
    assert code == 2  # a mistake in the answers file, as in the options
    assert out == ""
    assert err.startswith("dialoog play: ")
    assert message in err


def test_a_missing_answers_file_is_a_clear_error(
    valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "play", mini(valid_root), "--answers", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "kan het antwoordenbestand" in err and "nope.yaml" in err and "niet lezen" in err


@pytest.mark.parametrize(
    ("strategy", "levels", "advice"),
    [
        ("high", {"belangen": "high", "veiligheid": "high"}, ["threats_help", "gifts_register"]),
        ("low", {"belangen": "low", "veiligheid": "low"}, []),
    ],
)
def test_play_auto_low_and_high(
    valid_root: Path, capsys: pytest.CaptureFixture[str], strategy: str, levels: dict[str, str], advice: list[str]
) -> None:
    code, out, _ = cli(capsys, "play", mini(valid_root), "--auto", strategy, "--json")
    assert code == 0
    summary = json.loads(out)["summary"]
    assert {d["id"]: d["level"] for d in summary["domains"]} == levels
    assert [a["id"] for a in summary["advice"]] == advice


def test_play_auto_random_is_the_same_for_the_same_seed(valid_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runs = {}
    for seed in range(1, 9):
        first = cli(capsys, "play", mini(valid_root), "--auto", f"random:{seed}", "--json")
        again = cli(capsys, "play", mini(valid_root), "--auto", f"random:{seed}", "--json")
        assert first[0] == again[0] == 0
        assert first[1] == again[1]
        runs[seed] = first[1]
    assert len(set(runs.values())) > 1  # and different seeds answer differently


@pytest.mark.parametrize(
    ("strategy", "message"),
    [("medium", "unknown strategy 'medium'"), ("random:abc", "must be a whole number")],
)
def test_play_auto_refuses_an_unknown_strategy(
    valid_root: Path, capsys: pytest.CaptureFixture[str], strategy: str, message: str
) -> None:
    code, _, err = cli(capsys, "play", mini(valid_root), "--auto", strategy)
    assert code == 1
    assert message in err


def test_play_a_flow_by_id_from_dialoog_content(
    engine_root: Path, plain_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plain_env.setenv("DIALOOG_CONTENT", str(engine_root))
    code, out, _ = cli(capsys, "play", "branch", "--auto", "high", "--json")
    assert code == 0
    nodes = [line["node"] for line in json.loads(out)["transcript"] if line["who"] == "user"]
    assert nodes == ["sector", "gift_count", "gift_rules"]


def test_play_a_module_by_its_path(engine_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "play", str(engine_root / "flows" / "modules" / "branch.yaml"), "--auto", "low")
    assert code == 0
    assert "[dialoog] In welke sector werkt u?" in out


def test_play_an_unknown_flow(
    engine_root: Path, plain_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plain_env.setenv("DIALOOG_CONTENT", str(engine_root))
    code, out, err = cli(capsys, "play", "nergens", "--auto", "low")
    assert code == 1 and out == ""
    assert "dialoog play: er is geen flow 'nergens'." in err  # the argument is wrong, not the content
    assert "De flows zijn: mini." in err
    assert "intro, questions, branch, circle" in err or all(m in err for m in ("intro", "questions", "branch"))
    assert "problemen" not in err and "dialoog check" not in err


def test_play_refuses_broken_content(valid_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    domains = valid_root / "flows" / "domains.yaml"
    domains.write_text(domains.read_text(encoding="utf-8").replace("high: 4", "high: veel"), encoding="utf-8")
    code, out, err = cli(capsys, "play", mini(valid_root), "--auto", "low")
    assert code == 1 and out == ""
    assert "domains.yaml:5:38: DLG003 'high' must be a number, not 'veel'" in err
    assert "run 'dialoog check'" in err


@pytest.mark.parametrize("args", [["play", "mini"], ["graph", "mini", "--format", "png"], ["nonsense"]])
def test_usage_mistakes_exit_2(capsys: pytest.CaptureFixture[str], plain_env: pytest.MonkeyPatch,
                               args: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    assert "gebruik: dialoog" in capsys.readouterr().err  # Dutch, the default language (tests/test_cli_language.py)


# -- graph --------------------------------------------------------------------------------------


def _edges_and_nodes(flow_id: str) -> tuple[list[str], list[str]]:
    if flow_id == "branch":
        nodes = ["sector", "gift_count", "gift_rules", "threats", "closing"]
        return nodes, ["= elders", "if scores.belangen >= 3", "if sector == 'gemeente'"]
    nodes = ["hello", "role", "gifts", "gifts_value", "stress", "portfolio", "people", "deck_all__kaartjes", "done"]
    return nodes, ["= practice", "= yes"]


@pytest.mark.parametrize("flow_id", ["branch", "mini"])
def test_graph_mermaid_has_every_node_and_the_conditions(
    engine_root: Path, capsys: pytest.CaptureFixture[str], flow_id: str
) -> None:
    path = engine_root / "flows" / (f"{flow_id}.yaml" if flow_id == "mini" else f"modules/{flow_id}.yaml")
    code, out, _ = cli(capsys, "graph", str(path), "--format", "mermaid")
    assert code == 0
    assert out.startswith("flowchart TD\n")
    nodes, labels = _edges_and_nodes(flow_id)
    for node in nodes:
        assert f"    {node}[" in out or f"    {node}([" in out
    for label in labels:
        assert f'-- "{label}" -->' in out
    if flow_id == "branch":
        assert "  gift_count -- \"if scores.belangen >= 3\" --> gift_rules\n" in out
        assert "  gift_count --> closing\n" in out
        assert "  sector -- \"= elders\" --> __finish__\n" in out


@pytest.mark.parametrize("flow_id", ["branch", "mini"])
def test_graph_dot_has_every_node_and_the_conditions(
    engine_root: Path, plain_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], flow_id: str
) -> None:
    plain_env.setenv("DIALOOG_CONTENT", str(engine_root))
    code, out, _ = cli(capsys, "graph", flow_id, "--format", "dot")
    assert code == 0
    assert out.startswith(f'digraph "{flow_id}" {{\n') and out.rstrip().endswith("}")
    nodes, labels = _edges_and_nodes(flow_id)
    for node in nodes:
        assert f'    "{node}" [label=' in out
    for label in labels:
        assert f'[label="{label}"];' in out
    if flow_id == "branch":
        assert '  "gift_count" -> "threats" [label="if sector == \'gemeente\'"];\n' in out


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_graph_shows_when_conditions(valid_root: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, _ = cli(capsys, "graph", mini(valid_root), "--format", fmt)
    assert code == 0
    assert "role_audience == 'bewindspersoon'" in out


# -- catalog -------------------------------------------------------------------------------------


def test_catalog_adds_new_texts_for_translators(
    valid_root: Path, plain_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = valid_root / "flows" / "modules" / "questions.yaml"
    questions.write_text(
        questions.read_text(encoding="utf-8").replace("text: Hoe waardevol?", "text: Hoe waardevol waren ze?"),
        encoding="utf-8",
    )
    plain_env.setenv("DIALOOG_CONTENT", str(valid_root))
    po = valid_root / "locales" / "en" / "LC_MESSAGES" / "content.po"
    code, out, _ = cli(capsys, "catalog")
    assert code == 0
    assert f"1 new text(s) added to {po}" in out
    text = po.read_text(encoding="utf-8")
    assert '#: flows/modules/questions.yaml:14\nmsgid "Hoe waardevol waren ze?"\nmsgstr ""\n' in text
    # an empty entry is still a missing translation
    assert [(p.line, p.code) for p in run_check(valid_root).problems] == [(14, "DLG020")]
    code, out, _ = cli(capsys, "catalog")
    assert f"0 new text(s) added to {po}" in out


# -- the installed program ----------------------------------------------------------------------


def test_the_installed_program(valid_root: Path, mini_root: Path, tmp_path: Path) -> None:
    answers = write_answers(tmp_path, ANSWERS)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    played = subprocess.run(
        [str(DIALOOG), "play", mini(valid_root), "--answers", str(answers)],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False, timeout=60,
    )
    assert played.returncode == 0, played.stderr
    assert "[u] Zeg ik liever niet" in played.stdout
    assert "== Uw belangrijkste acties ==\n1. Registreer geschenken [belangen] <- people" in played.stdout

    (mini_root / "flows" / "modules" / "broken.yaml").write_text("id: broken\nnodes:\n  - id: a\n    kind: vraag\n")
    checked = subprocess.run(
        [str(DIALOOG), "check", "mini"], capture_output=True, text=True, env=env, cwd=mini_root.parent, check=False,
        timeout=60,
    )
    assert checked.returncode == 1
    assert "mini/flows/modules/broken.yaml:4:11: DLG006 unknown node kind 'vraag'; use one of: " in checked.stdout
    assert "Traceback" not in checked.stdout + checked.stderr
    bad = subprocess.run(
        [str(DIALOOG), "play", mini(valid_root), "--answers", str(write_answers(tmp_path, "gifts: [", "bad.yaml"))],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("dialoog play: ") and "Traceback" not in bad.stderr
