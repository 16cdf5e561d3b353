"""Choosing a trainer's deck: by theme and audience, by search, saved selections, and a trainer's own card
file, checked with path:line and refused whole when it has a problem (`dialoog check --cards`, `train`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialoog.cli import main
from dialoog.training.deck import (
    DeckError,
    by_ids,
    check_card_file,
    choose,
    load_card_file,
    load_selection,
    save_selection,
    search,
)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cards.yaml"
THEMES = ["geschenken", "nevenfuncties"]
AUDIENCES = ["topambtenaar", "burgemeester", "wethouder"]


def own() -> dict[str, object]:
    return {c.id: c for c in load_card_file(FIXTURE, {}, THEMES, AUDIENCES)}


def test_cards_are_chosen_by_theme_audience_and_words() -> None:
    cards = list(own().values())
    assert [c.id for c in choose(cards, ["geschenken"])] == ["eigen_lunch", "eigen_boek"]  # type: ignore[attr-defined]
    assert [c.id for c in choose(cards, ["geschenken"], "wethouder")] == ["eigen_lunch"]  # type: ignore[attr-defined]
    assert [c.id for c in search(cards, "Voetbalclub  clubhuis")] == ["eigen_bestuur"]  # type: ignore[attr-defined]
    assert search(cards, "") == cards


def test_a_selection_is_saved_and_loaded_by_name(tmp_path: Path) -> None:
    save_selection(tmp_path, "start-programma", ["eigen_boek", "eigen_lunch"])
    assert load_selection(tmp_path, "start-programma") == ["eigen_boek", "eigen_lunch"]
    with pytest.raises(DeckError, match="saved selections: start-programma"):
        load_selection(tmp_path, "ander")
    with pytest.raises(DeckError, match="cannot be the name"):
        save_selection(tmp_path, "../weg", ["eigen_boek"])
    with pytest.raises(DeckError, match="no card 'eigen_boke'; did you mean 'eigen_boek'"):
        by_ids(own(), ["eigen_boke"])  # type: ignore[arg-type]


BROKEN = """\
cards:
  - id: gift_bekerfinale
    title: Dubbel
    situation: S
    question: Q
    options:
      - {key: a, text: A, considerations: A}
      - {key: b, text: B, considerations: B}
    perspectives: {compliance: C, partner: P, journalist: J, citizen: B}
    reflection: [Een?, Twee?]
    themes: [geschenk]
    audiences: [wethouders]
"""


def test_a_broken_card_file_is_reported_with_path_line_and_code(tmp_path: Path) -> None:
    from dialoog.flow.library import load_library
    from dialoog.locations import content_root

    path = tmp_path / "mijn.yaml"
    path.write_text(BROKEN)
    lib = load_library(content_root())
    _cards, problems = check_card_file(path, lib.cards, list(lib.themes), AUDIENCES)
    shown = [str(p) for p in problems]
    assert any(":2:5: DLG067 card 'gift_bekerfinale' is already a card of the deck" in s for s in shown), shown
    assert any(":7:7: DLG018" in s for s in shown), shown  # two options, not four: the deck's own rule
    assert any("DLG068 card 'gift_bekerfinale' has unknown theme 'geschenk'; did you mean 'geschenken'" in s
               for s in shown), shown
    assert any("unknown audience 'wethouders'; did you mean 'wethouder'" in s for s in shown), shown
    with pytest.raises(DeckError) as refused:
        load_card_file(path, lib.cards, list(lib.themes), AUDIENCES)
    assert len(refused.value.problems) == len(problems)


@pytest.mark.parametrize("text", ["", "kaarten:\n  - id: x\n", "cards: []\n"])
def test_a_card_file_without_cards_is_dlg069(tmp_path: Path, text: str) -> None:
    path = tmp_path / "leeg.yaml"
    path.write_text(text)
    _cards, problems = check_card_file(path, {}, THEMES, AUDIENCES)
    assert "DLG069" in {p.code for p in problems}


def test_check_cards_and_train_say_what_to_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--cards", str(FIXTURE)]) == 0
    assert "ok: 3 trainer card(s)" in capsys.readouterr().out
    bad = tmp_path / "mijn.yaml"
    bad.write_text(BROKEN)
    assert main(["check", "--cards", str(bad)]) == 1
    out = capsys.readouterr()
    assert f"{bad}:2:5: DLG067" in out.out and "refuses it until they are fixed" in out.err
    assert main(["check", "--cards", str(bad), "--json"]) == 1
    assert '"code": "DLG068"' in capsys.readouterr().out
    # train refuses the whole file (never half-loaded) and lists the problems
    assert main(["train", "--data-dir", str(tmp_path), "--cards", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "DLG067" in err and "fix them and try again" in err


def test_train_refuses_an_unknown_theme_or_audience(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--data-dir", str(tmp_path), "--themes", "geschenk"]) == 2
    assert "there is no theme 'geschenk'" in capsys.readouterr().err
    assert main(["train", "--data-dir", str(tmp_path), "--audience", "koning"]) == 2
    assert "there is no audience 'koning'" in capsys.readouterr().err
    assert main(["train", "--data-dir", str(tmp_path), "--deck", "nergens"]) == 2
    assert "there is no selection 'nergens'" in capsys.readouterr().err
    assert main(["train", "--data-dir", str(tmp_path), "--output", "x.md"]) == 2
