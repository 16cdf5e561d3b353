"""The command line in one language at a time, a wrong flow name blamed on the name, and `check FILE` on a loose file.

argparse's own words ("usage:", "error:", "the following arguments are required", "invalid choice")
follow `--lang`, `DIALOOG_LANG` or `LANG`, for every command, like the rest of the program.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dialoog.cli import main

FIXTURES = Path(__file__).parent / "fixtures"

ENGLISH = ("usage:", "error:", "required", "invalid choice", "positional arguments", "options", "show this help")
DUTCH = ("gebruik:", "fout:", "verplicht", "ongeldige keuze", "argumenten", "opties", "toon deze hulp")

# (arguments, what argparse says in English, and in Dutch)
MISTAKES = [
    (["forget"], "one of the arguments session --all is required", "een van de argumenten session --all is verplicht"),
    (["play"], "the following arguments are required: FLOW", "deze argumenten zijn verplicht: FLOW"),
    (["play", "scan"], "one of the arguments --answers --auto is required",
     "een van de argumenten --answers --auto is verplicht"),
    (["check", "--jsn"], "unrecognized arguments: --jsn", "onbekende argumenten: --jsn"),
    (["graph", "scan", "--format", "png"], "invalid choice: 'png'", "ongeldige keuze: 'png'"),
    (["graph"], "the following arguments are required: FLOW", "deze argumenten zijn verplicht: FLOW"),
    (["nonsense"], "invalid choice: 'nonsense'", "ongeldige keuze: 'nonsense'"),
    (["catalog", "extra"], "unrecognized arguments: extra", "onbekende argumenten: extra"),
    (["play", "scan", "--auto", "low", "--answers", "a.yaml"], "not allowed with argument --auto",
     "niet toegestaan samen met argument --auto"),
]


def usage_error(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err


@pytest.mark.parametrize(("args", "english", "dutch"), MISTAKES, ids=[" ".join(m[0]) for m in MISTAKES])
@pytest.mark.parametrize("how", ["--lang", "DIALOOG_LANG", "LANG"])
def test_argparse_errors_follow_the_language(capsys: pytest.CaptureFixture[str], plain_env: pytest.MonkeyPatch,
                                             args: list[str], english: str, dutch: str, how: str) -> None:
    for lang, expected, other in (("en", english, DUTCH), ("nl", dutch, ENGLISH)):
        if how == "--lang":
            argv = ["--lang", lang, *args]
        else:
            plain_env.setenv(how, "en_GB.UTF-8" if lang == "en" and how == "LANG" else lang)
            argv = args
        err = usage_error(capsys, argv)
        assert expected in err, err
        assert ("usage: dialoog" if lang == "en" else "gebruik: dialoog") in err
        assert f"{'error' if lang == 'en' else 'fout'}: " in err
        assert not [word for word in other if word in err], err


@pytest.mark.parametrize("command", ["check", "play", "graph", "catalog", "forget", "test", None])
def test_help_of_every_command_in_one_language(capsys: pytest.CaptureFixture[str], plain_env: pytest.MonkeyPatch,
                                               command: str | None) -> None:
    for lang, words, other in (("en", ENGLISH, DUTCH), ("nl", DUTCH, ENGLISH)):
        with pytest.raises(SystemExit) as caught:
            main(["--lang", lang, *([command] if command else []), "--help"])
        assert caught.value.code == 0
        out = capsys.readouterr().out
        assert words[0] in out and words[-1] in out  # usage: ... show this help
        assert not [word for word in other if word in out], out


def test_the_language_of_play_also_sets_argparse(capsys: pytest.CaptureFixture[str],
                                                 plain_env: pytest.MonkeyPatch) -> None:
    err = usage_error(capsys, ["play", "scan", "--lang", "en"])
    assert "usage: dialoog play" in err and "one of the arguments --answers --auto is required" in err


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_play_an_unknown_flow_names_the_flows(capsys: pytest.CaptureFixture[str], plain_env: pytest.MonkeyPatch,
                                              lang: str) -> None:
    code = main(["--lang", lang, "play", "nosuchflow", "--auto", "high"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    if lang == "nl":
        assert "dialoog play: er is geen flow 'nosuchflow'." in err
        assert "De flows zijn: practice, scan, weging." in err
        assert "Modules, die ook los te doorlopen zijn:" in err and "dilemmas" in err
    else:
        assert "dialoog play: there is no flow 'nosuchflow'." in err
        assert "The flows are: practice, scan, weging." in err
    assert "DLG" not in err and "content" not in err.lower() and "inhoud" not in err  # the content is fine


def test_graph_an_unknown_flow_names_the_flows(capsys: pytest.CaptureFixture[str],
                                               plain_env: pytest.MonkeyPatch) -> None:
    assert main(["--lang", "en", "graph", "nosuchflow"]) == 1
    err = capsys.readouterr().err
    assert "dialoog graph: there is no flow 'nosuchflow'." in err and "The flows are: practice, scan, weging." in err


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("route-unknown.yaml", ":10:11: DLG009 route from 'first' goes to unknown node 'tweede'"),
        ("yaml-malformed.yaml", ":8:17: DLG001"),
        ("card-three-options.yaml", ":10:7: DLG018 card 'kaartjes' needs exactly four options"),
        ("template-file.j2", ":4:1: DLG016"),
        ("unknown-domain-points.yaml", ":7:5: DLG015"),
    ],
)
def test_check_a_file_outside_a_content_tree(capsys: pytest.CaptureFixture[str], plain_env: pytest.MonkeyPatch,
                                             tmp_path: Path, fixture: str, expected: str) -> None:
    loose = tmp_path / "elsewhere" / fixture
    loose.parent.mkdir()
    shutil.copyfile(FIXTURES / "errors" / fixture, loose)
    code = main(["check", str(loose)])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"{loose}{expected}" in out, out
    assert all(line.startswith(str(loose)) for line in out.splitlines())  # only that file's problems
    assert "ok:" not in out + err


def test_check_a_loose_file_inside_another_checkout(capsys: pytest.CaptureFixture[str],
                                                    plain_env: pytest.MonkeyPatch) -> None:
    """A broken file that sits in a folder with a flows/ higher up, but not in it, is still checked itself."""
    broken = FIXTURES / "errors" / "route-unknown.yaml"
    code = main(["check", str(broken)])
    out = capsys.readouterr().out
    assert code == 1
    assert "errors/route-unknown.yaml:10:11: DLG009 route from 'first' goes to unknown node 'tweede'" in out, out


def test_check_a_good_loose_file_is_ok(capsys: pytest.CaptureFixture[str], plain_env: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    good = tmp_path / "self.yaml"
    shutil.copyfile(Path(__file__).parents[1] / "flows" / "modules" / "self.yaml", good)
    assert main(["check", str(good)]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
