"""Conversation starters (flows/starters.yaml, dialoog.engine.starters): every role gets opening lines for the
talk with the person who matters for it, in Dutch and English, each with its source; lines about the themes of
the main actions come first; `dialoog check` names every broken starter (DLG045-DLG049)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from test_advice_profiles import ROOT, load_profile, play, scan

from dialoog.cli import main
from dialoog.engine.starters import starters_for
from dialoog.flow.contacts import audiences_of
from dialoog.flow.library import load_library

PROFILES = Path(__file__).parent / "profiles"
ROLES = sorted(p.stem.removeprefix("role_") for p in PROFILES.glob("role_*.yaml"))

# whom each role talks with (issue 15: the formateur, the mayor / the party / the griffier, the manager or
# the secretary-general, the compliance officer / integrity coordinator), as the contacts' names say it
EXPECTED = {
    "kandidaat_bewindspersoon": {"nl": ["De formateur"], "en": ["The formateur"]},
    "bewindspersoon": {"nl": ["vertrouwensfunctionaris"], "en": ["confidential"]},
    "topambtenaar": {"nl": ["leidinggevende", "compliance officer"], "en": ["line manager", "compliance officer"]},
    "burgemeester": {"nl": ["commissaris van de Koning", "integriteitscoördinator"],
                     "en": ["King's Commissioner", "integrity coordinator"]},
    "wethouder": {"nl": ["De burgemeester", "integriteitscoördinator"], "en": ["The mayor", "integrity coordinator"]},
    "gemeentesecretaris": {"nl": ["De burgemeester", "integriteitscoördinator"],
                           "en": ["The mayor", "integrity coordinator"]},
    "kandidaat_raadslid": {"nl": ["partij", "griffier"], "en": ["party", "clerk"]},
    "raadslid": {"nl": ["De burgemeester", "partij", "griffier"], "en": ["The mayor", "party", "clerk"]},
}


def test_every_role_of_the_intake_has_a_role_profile_and_an_expectation() -> None:
    assert set(ROLES) == set(audiences_of(load_library(ROOT))) == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_starters_for_the_people_it_talks_with_in_dutch_and_english(role: str) -> None:
    answers = load_profile(f"role_{role}")["answers"]
    seen: dict[str, list[tuple[str, ...]]] = {}
    for lang in ("nl", "en"):
        found = starters_for(play(answers, lang))
        assert found, f"{role} ({lang}) gets no starters"
        who = " | ".join(s.who for s in found)
        for words in EXPECTED[role][lang]:
            assert words.casefold() in who.casefold(), f"{role} ({lang}): {words!r} not among {who!r}"
        for starter in found:
            assert 3 <= len(starter.lines) <= 5, starter
            assert starter.source.strip(), starter
            assert all(line.strip() and len(line) <= 200 for line in starter.lines)
        seen[lang] = [s.lines for s in found]
    # English is a translation, line for line, not the Dutch again
    for nl_lines, en_lines in zip(seen["nl"], seen["en"], strict=True):
        assert len(nl_lines) == len(en_lines)
        assert all(a != b for a, b in zip(nl_lines, en_lines, strict=True)), (nl_lines, en_lines)


def test_every_starter_text_has_an_english_translation() -> None:
    from dialoog.render import texts_for

    flow = scan()
    assert flow.starters is not None
    t = texts_for("en", ROOT).t
    texts = [s.source for s in flow.starters.items] + list(flow.starters.actions.values())
    texts += [line for s in flow.starters.items for line in [*s.lines, *s.actions.values()]]
    untranslated = [text for text in texts if t(text) == text]
    assert untranslated == []


def test_the_first_lines_are_about_the_themes_of_the_main_actions() -> None:
    session = play(load_profile("golden_topambtenaar_geschenken")["answers"], "nl")
    top = session.summary().top_advice
    domains = list(dict.fromkeys(a.domain for a in top))
    actions = session.flow.starters.actions  # type: ignore[union-attr]
    for starter in starters_for(session):
        assert starter.themes == tuple(d for d in domains if d in actions)[:2]
        for line, domain in zip(starter.lines, starter.themes, strict=False):
            assert line == " ".join(actions[domain].split())


def test_someone_who_only_practises_gets_the_general_starter() -> None:
    session = play({"role": "practice"}, "en")
    found = starters_for(session)
    assert [s.id for s in found] == ["vertrouwenspersoon"]
    assert found[0].who.startswith("A confidential adviser")


# -- dialoog check --------------------------------------------------------------------------------------------


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for part in ("flows", "prompts", "locales"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("*.mo"))
    return root


def problems(capsys: pytest.CaptureFixture[str], root: Path) -> list[tuple[str, int, str, str]]:
    main(["check", str(root), "--json"])
    data = json.loads(capsys.readouterr().out)
    return [(Path(p["path"]).name, p["line"], p["code"], p["message"]) for p in data["problems"]
            if p["code"] != "DLG020"]


def edit(root: Path, old: str, new: str) -> None:
    path = root / "flows" / "starters.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, words: str) -> int:
    lines = (root / "flows" / "starters.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if words in line)


def test_the_starters_of_the_program_pass_the_check(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert problems(capsys, content) == []


def test_a_starter_with_an_unknown_contact_or_audience_or_the_wrong_audience_is_dlg045(
        content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(content, "    with: griffier\n", "    with: grifier\n")
    edit(content, "audiences: [bewindspersoon]", "audiences: [minister]")
    edit(content, "audiences: [wethouder, gemeentesecretaris, raadslid]", "audiences: [burgemeester, wethouder]")
    found = problems(capsys, content)
    codes = sorted({(line, code) for _, line, code, _ in found})
    assert (line_of(content, "with: grifier"), "DLG045") in codes
    assert (line_of(content, "audiences: [minister]"), "DLG045") in codes
    assert (line_of(content, "audiences: [burgemeester, wethouder]"), "DLG045") in codes
    messages = " ".join(m for *_, m in found)
    assert "unknown contact 'grifier'" in messages and "unknown audience 'minister'" in messages
    assert "with their own role" in messages  # the mayor to talk with 'De burgemeester'
    assert "audience 'bewindspersoon' has no conversation starters" in messages  # DLG048
    assert {code for *_, code, _ in found} <= {"DLG045", "DLG048"}


def test_too_few_or_too_long_lines_an_unknown_theme_and_no_source_are_named(
        content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(content, "      - Wat moet ik doen met vertrouwelijke stukken?\n", "")
    edit(content, "      - Waar en hoe geef ik mijn nevenfuncties op?\n", "")  # the griffier: two lines left
    edit(content, "      - Wanneer is het verstandig om u opnieuw te spreken?\n",
         "      - " + "Heel lang " * 25 + "\n")
    edit(content, "  inclusiviteit: >-", "  inclusief: >-")
    edit(content, "    source: Handreiking integriteitstoetsing van kandidaten (2019)\n", "")
    found = problems(capsys, content)
    got = {(line, code) for _, line, code, _ in found}
    griffier = line_of(content, "with: griffier")
    assert any(code == "DLG046" and griffier < line <= griffier + 4 and "has 2 lines: give 3 to 5" in message
               for _, line, code, message in found), found
    assert (line_of(content, "Heel lang"), "DLG046") in got
    assert (line_of(content, "inclusief:"), "DLG047") in got
    assert (line_of(content, "id: partij"), "DLG049") in got
    assert {code for *_, code, _ in found} == {"DLG046", "DLG047", "DLG049"}


# -- any scan ---------------------------------------------------------------------------------------------------


SCANS = int(os.environ.get("DIALOOG_STARTER_SCANS", "12"))  # random scans (a larger count: run it by hand)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_any_scan_gets_starters_whose_first_lines_follow_its_main_actions(lang: str) -> None:
    from test_advice import random_session

    for seed in range(SCANS):
        session = random_session(seed, lang)
        summary = session.summary()
        domains = list(dict.fromkeys(a.domain for a in summary.top_advice))
        found = starters_for(session, summary)
        assert found, seed  # every role has a starter; "practice" gets the general one
        for starter in found:
            assert 3 <= len(starter.lines) <= 5, (seed, starter.id)
            assert list(starter.themes) == [d for d in domains if d in starter.themes][:2], (seed, starter.id)
            assert len(set(starter.lines)) == len(starter.lines), (seed, starter.id)
