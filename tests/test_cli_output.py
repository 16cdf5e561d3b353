"""`dialoog play` never writes a control sequence to stdout, in text or `--json`: whatever content texts (question
texts, options, domain and advice titles) and an answers file hold, no ESC, C1 control, BEL or bidi/zero-width
character reaches the terminal. JSON keeps what the texts say: such characters are written as `\\uXXXX`.

Every content text is given a hostile tail by patching the content translation (`Texts.t`), so the test
does not depend on which texts the loader lets through.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import yaml

from dialoog.cli import main
from dialoog.render import Texts
from dialoog.terminal import safe_json, safe_text

pytestmark = pytest.mark.usefixtures("plain_env")

HOSTILE = " \x1b]52;c;cHduZWQ=\x07 \x1b[2J \x9b31m \u202egnp.exe\u202c \u200bzw \x1bP+q\x1b\\ end"


def risky(text: str) -> list[str]:
    return sorted({repr(ch) for ch in text if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Cs")})


@pytest.fixture
def hostile_content(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Texts.t

    def t(self: Texts, message: str) -> str:
        text = real(self, message)
        return text + HOSTILE if text else text

    monkeypatch.setattr(Texts, "t", t)


@pytest.mark.usefixtures("hostile_content")
@pytest.mark.parametrize("how", ["text", "json"])
def test_play_writes_no_control_sequence(
    valid_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({
        "role": "bewindspersoon", "gifts": "yes", "gifts_value": 5, "stress": ["threats"],
        "portfolio": "wonen" + HOSTILE[:20], "people": [{"name": "A." + HOSTILE[:12], "category": "family",
                                                          "ties": "yes"}], "kaartjes": "a",
    }, allow_unicode=True), encoding="utf-8")
    code = main(["play", str(valid_root / "flows" / "mini.yaml"), "--answers", str(answers),
                 *(["--json"] if how == "json" else [])])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "gnp.exe" in out  # the hostile texts were there, and are shown as text
    assert risky(out) == []
    assert risky(err) == []
    if how == "json":
        data = json.loads(out)
        assert any("\u202egnp.exe" in line["text"] for line in data["transcript"])  # escaped, not lost


def test_safe_json_means_the_same() -> None:
    data = {"a": "x\x1b[2J\x9b\u202e\u200b\ufeff\x7f\u2028\U000e0041 é ✓", "b": ["\n\t"]}
    text = safe_json(json.dumps(data, ensure_ascii=False, indent=2))
    assert json.loads(text) == data
    assert risky(text) == []
    assert "é ✓" in text


def test_safe_text_keeps_plain_text_and_line_breaks() -> None:
    assert safe_text("Uw portefeuille?\n1. Ja") == "Uw portefeuille?\n1. Ja"
    assert safe_text("a\x1b]52;c;eA==\x07b\x9b2Jc\u202ed") == "abcd"
