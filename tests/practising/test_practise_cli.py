"""`dialoog practise` on the command line: an unknown theme or card is said with the ones there are (exit 2),
before any screen or passphrase."""

from __future__ import annotations

import pytest

from dialoog.cli import main


def test_an_unknown_theme_lists_the_themes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "practise", "--theme", "nope"]) == 2
    err = capsys.readouterr().err
    assert "dialoog practise: there is no theme 'nope'. The themes are: netwerken, " in err


def test_an_unknown_card_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["practise", "--card", "geen_kaart"]) == 2
    assert "er is geen kaart 'geen_kaart'" in capsys.readouterr().err


def test_the_verb_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "en", "practise", "--help"])
    out = capsys.readouterr().out
    assert "--theme THEME" in out and "--card ID" in out and "--random" in out
