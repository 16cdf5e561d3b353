"""Hostile answers files for `dialoog play --answers` (the review's section 2): each gives a clear message in
the user's language on stderr and exit status 2, never a traceback, a hang or a silently stored word.

The cases start from a valid answers file for the mini flow (or for the real `network` flow, whose
follow-ups include a scale) with one change each, plus raw files; a hypothesis property puts any YAML
value in any answer position: a clear message or a valid run (more examples: DIALOOG_ANSWER_EXAMPLES).
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialoog.cli import main

pytestmark = pytest.mark.usefixtures("plain_env")

BASE: dict[str, Any] = {
    "role": "bewindspersoon",
    "gifts": "yes",
    "gifts_value": 3,
    "stress": ["pressure"],
    "portfolio": "wonen",
    "people": [{"name": "A.", "category": "family", "ties": "yes"}],
    "kaartjes": "a",
}


def network_base() -> dict[str, Any]:
    """The real `network` flow answered by `--auto high`, as an answers file (one mapping per person)."""
    from dialoog.cli import load_flow
    from dialoog.engine import Session
    from dialoog.play import auto, run

    flow, root = load_flow("network")
    answers = run(Session(flow, "nl", root), auto("high")).as_json()["answers"]
    answers["network"] = [{"name": e["name"], "category": e["category"], **e["answers"]} for e in answers["network"]]
    return answers


def changed(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def person(**changes: Any) -> dict[str, Any]:
    return changed(people=[BASE["people"][0] | changes])


def play(capsys: pytest.CaptureFixture[str], flow: str, path: Path, *more: str) -> tuple[int, str, str]:
    code = main(["play", flow, "--answers", str(path), *more])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def write(path: Path, content: Any) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True),
                        encoding="utf-8")
    return path


def nested(depth: int) -> str:
    return "role: " + "[" * depth + "]" * depth + "\n"


def block_nested(depth: int) -> str:
    """A list in a list ... in block style: each `-` one step further in."""
    return "role:\n" + "".join("  " * (i + 1) + "-\n" for i in range(depth))


SHADOW = "".join(f"user{i}:$6$s4ltS4lt$Zm9vYmFyYmF6cXV4aGFzaA{i}:19000:0:99999:7:::\n" for i in range(30))
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
) + "role: *i\n"

CASES: list[tuple[str, Any, str]] = [
    ("category a list", person(category=["family"]), "Kies een groep voor 'A.'."),
    ("category a mapping", person(category={"a": "b"}), "Kies een groep voor 'A.'."),
    ("scale superscript two", changed(gifts_value="²"), "Kies een getal van 1 tot en met 5."),
    ("scale two minus signs", changed(gifts_value="--5"), "Kies een getal van 1 tot en met 5."),
    ("scale 5,000 digits as text", changed(gifts_value="9" * 5000), "Kies een getal van 1 tot en met 5."),
    ("scale 5,000 digits as a number", "gifts_value: " + "9" * 5000 + "\n", "een waarde die niet te lezen is"),
    ("choice 5,000 digits as a number", "role: " + "7" * 5000 + "\n", "een waarde die niet te lezen is"),
    ("Latin-1", "role: caf\xe9\n".encode("latin-1"), "is geen UTF-8-tekst"),
    ("UTF-16 with a BOM", yaml.safe_dump(BASE).encode("utf-16"), "is geen UTF-8-tekst"),
    ("binary", bytes(range(256)) * 40, "is geen UTF-8-tekst"),
    ("a NUL character", b"role: bewindspersoon\x00\n", "is geen UTF-8-tekst"),
    ("nested 1,000 deep", nested(1000), "te diep genest"),
    ("nested 100,000 deep", nested(100_000), "te diep genest"),
    ("nested 200 deep as blocks", block_nested(200), "te diep genest"),
    ("billion laughs as a value", LAUGHS, "te veel aliassen"),
    ("decline a text that can only be skipped", changed(portfolio={"decline": True}),
     "antwoord voor 'portfolio': bij deze vraag kan 'zeg ik liever niet' niet"),
    ("decline a choice", changed(role={"decline": True}), "antwoord voor 'role': bij deze vraag kan"),
    ("skip a question that cannot be skipped", changed(gifts_value={"skip": True}),
     "antwoord voor 'gifts_value': deze vraag kan niet worden overgeslagen"),
    ("decline a follow-up", person(ties={"decline": True}), "antwoord voor 'ties': bij deze vraag kan"),
    ("a key given twice", "role: raadslid\ngifts: 'no'\nrole: bewindspersoon\n",
     "answers.yaml:3:1: een id van een vraag staat twee keer in het antwoordenbestand"),
    ("/etc/shadow-like lines", SHADOW, "het antwoordenbestand noemt 30 sleutels die geen id van een vraag zijn"),
    ("unknown ids: the first few, shortened", {f"node_{i:02}_{'x' * 40}": 1 for i in range(10)},
     "onbekende id's van vragen: node_00_xxxxxxxxxxxxxxxxxxxxxxx…, node_01_"),
    ("two documents", "role: raadslid\n---\nrole: bewindspersoon\n", "is geen geldige YAML"),
    ("python object", "role: !!python/object/apply:os.system ['true']\n", "is geen geldige YAML"),
    ("a list", "- role\n- gifts\n", "moet bij elke id van een vraag een antwoord geven"),
    ("too large", "portfolio: " + "x" * (1 << 20) + "\n", "is te groot (meer dan 1048576 bytes)"),
    ("a million unknown options", "stress:\n" + "- x\n" * 1_000_000, "is te groot"),
]


@pytest.mark.parametrize(("content", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_hostile_answers_file_gets_a_clear_message(
    valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: Any, message: str
) -> None:
    path = write(tmp_path / "answers.yaml", content)
    code, out, err = play(capsys, str(valid_root / "flows" / "mini.yaml"), path)
    assert (code, out) == (2, "")
    assert err.startswith("dialoog play: ")
    assert message in err
    assert "$6$" not in err and "user1" not in err  # no line of a file that is not an answers file
    assert len(err) < 400


def test_the_base_file_is_valid(valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = play(capsys, str(valid_root / "flows" / "mini.yaml"), write(tmp_path / "a.yaml", BASE), "--json")
    assert code == 0
    assert json.loads(out)["answers"]["gifts_value"] == 3


@pytest.mark.parametrize(("value", "message"), [
    ("²", "antwoord voor 'closeness': Kies een getal van 1 tot en met 5."),
    ("--5", "antwoord voor 'closeness': Kies een getal van 1 tot en met 5."),
    ("9" * 5000, "antwoord voor 'closeness': Kies een getal van 1 tot en met 5."),
    (["x"], "antwoord voor 'closeness': Kies een getal van 1 tot en met 5."),
], ids=["superscript two", "two minus signs", "5,000 digits", "a list"])
def test_a_bad_scale_in_a_network_follow_up_gets_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: Any, message: str
) -> None:
    data = network_base()
    data["network"][1]["closeness"] = value
    code, out, err = play(capsys, "network", write(tmp_path / "a.yaml", data))
    assert (code, out) == (2, "")
    assert message in err


def test_the_answers_file_message_is_in_english_too(
    valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "answers.yaml", changed(portfolio={"decline": True}))
    code = main(["--lang", "en", "play", str(valid_root / "flows" / "mini.yaml"), "--answers", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == "dialoog play: answer for 'portfolio': this question cannot be declined\n"


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "folder"])
def test_only_a_regular_file_is_read(
    valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = tmp_path / "answers.yaml"
    if kind == "/dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    code, out, err = play(capsys, str(valid_root / "flows" / "mini.yaml"), path)  # returns at once: no hang
    assert (code, out) == (2, "")
    assert "het antwoordenbestand moet een gewoon bestand zijn (geen map, apparaat of pipe)" in err


def test_a_declined_text_is_never_stored_as_the_word_decline(
    valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "answers.yaml", changed(portfolio={"skip": True}))
    code, out, _ = play(capsys, str(valid_root / "flows" / "mini.yaml"), path, "--json")
    assert code == 0
    data = json.loads(out)
    assert "portfolio" not in data["answers"] and data["skipped"] == ["portfolio"]
    assert '"decline"' not in out and '"skip"' not in out


# -- any value in any place ---------------------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**30), max_value=10**30),
                    st.floats(), TEXT, st.sampled_from(["yes", "no", "3", "a", "pressure", "none", "family",
                                                        "decline", "skip", "²", "٥", "--5"]))
VALUES = st.recursive(
    SCALARS | st.sampled_from([{"decline": True}, {"skip": True}]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT | st.sampled_from(["name", "category",
                                                                                        "ties"]), inner,
                                                                 max_size=4),
    max_leaves=12,
)
PLACES: list[tuple[str, ...]] = [
    *[(key,) for key in BASE], ("people", "ties"), ("people", "name"), ("people", "category"), ("people", "+"),
]
"""Where the value goes: a node id; a field of the first network entry; "+": one more network entry."""


def put(data: dict[str, Any], place: tuple[str, ...], value: Any) -> None:
    if len(place) == 1:
        data[place[0]] = value
    elif place[1] == "+":
        data["people"].append(value)
    else:
        data["people"][0][place[1]] = value


@settings(max_examples=int(os.environ.get("DIALOOG_ANSWER_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(range(len(PLACES))), value=VALUES)
def test_any_value_in_any_place_is_a_clear_message_or_a_valid_run(
    valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], place: int, value: Any
) -> None:
    data = copy.deepcopy(BASE)
    put(data, PLACES[place], value)
    path = write(tmp_path / "answers.yaml", data)
    code, out, err = play(capsys, str(valid_root / "flows" / "mini.yaml"), path, "--json")
    assert code in (0, 2), err
    if code == 2:
        assert out == "" and err.startswith("dialoog play: ") and err.count("\n") == 1
    elif value in ({"decline": True}, {"skip": True}):  # left open where allowed, never stored as a word
        assert '"decline"' not in json.dumps(json.loads(out)["answers"])
        assert '"skip"' not in json.dumps(json.loads(out)["answers"])
