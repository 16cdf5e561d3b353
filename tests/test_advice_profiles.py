"""Golden profiles (tests/profiles/): realistic answers, with the advice an integrity adviser expects.

Every profile file (golden_*.yaml, and the role profiles role_*.yaml) is played in Dutch and in English;
the summary must lead with the expected main actions, hold the expected items and lines, and leave out
what such a person must not be told. The format is in tests/profiles/README.md.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from dialoog.engine import Session, Turn
from dialoog.engine.scores import Summary
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.locations import content_root
from dialoog.play import auto, from_file, run

ROOT = content_root()
PROFILES = Path(__file__).parent / "profiles"
GOLDEN = sorted(p.stem for p in PROFILES.glob("golden_*.yaml"))
NAMES = sorted(p.stem for p in [*PROFILES.glob("golden_*.yaml"), *PROFILES.glob("role_*.yaml")])


@cache
def scan() -> Flow:
    return load_library(ROOT).flow("scan")


def load_profile(name: str) -> dict[str, Any]:
    data = yaml.safe_load((PROFILES / f"{name}.yaml").read_text(encoding="utf-8"))
    answers = {str(k): ("yes" if v is True else "no" if v is False else v) for k, v in data["answers"].items()}
    return {**data, "answers": {"role": data["role"], **answers}}


def play_profile(name: str, lang: str) -> Session:
    """Play a profile's answers."""
    return play(load_profile(name)["answers"], lang)


def play(answers: dict[str, Any], lang: str) -> Session:
    """Play answers as from an answers file; what they do not answer gets its lowest-risk answer (a card 'a')."""
    flow = scan()
    given, low = from_file(flow, answers), auto("low")

    def answer(session: Session, turn: Turn) -> Any:
        return (given if turn.node in answers else low)(session, turn)

    session = Session(flow, lang, ROOT)
    run(session, answer)
    return session


def summary_text(session: Session) -> str:
    return session.node_text(session.flow.nodes["summary_result"])


def test_there_are_at_least_eight_golden_profiles_one_per_role_one_who_declines_and_one_clean() -> None:
    assert len(GOLDEN) >= 8
    roles = {load_profile(n)["role"] for n in GOLDEN}
    assert {"kandidaat_bewindspersoon", "topambtenaar", "burgemeester", "wethouder", "gemeentesecretaris",
            "kandidaat_raadslid"} <= roles
    assert "golden_declines" in GOLDEN and "golden_clean" in GOLDEN


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_a_profile_gets_the_advice_an_integrity_adviser_expects(name: str, lang: str) -> None:
    profile = load_profile(name)
    expect, never = profile.get("expect") or {}, profile.get("never") or {}
    session = play_profile(name, lang)
    summary: Summary = session.summary()
    ids = [a.id for a in summary.advice]
    top = list(summary.top)
    assert len(top) <= 3 and ids[: len(top)] == top
    assert top[: len(expect.get("top", []))] == expect.get("top", []), f"{name}: main actions {top}"
    for advice_id in expect.get("in_top", []):
        assert advice_id in top, f"{name}: '{advice_id}' is not among the main actions {top}"
    for advice_id in expect.get("advice", []):
        assert advice_id in ids, f"{name}: '{advice_id}' missing from {ids}"
    for advice_id in never.get("advice", []):
        assert advice_id not in ids, f"{name}: '{advice_id}' should not be in {ids}"
    if "max_items" in expect:
        assert len(ids) <= expect["max_items"], f"{name}: {len(ids)} items: {ids}"
    about = {a.id: list(a.about) for a in summary.advice}
    for advice_id, names in (expect.get("about") or {}).items():
        assert about.get(advice_id) == names, f"{name}: '{advice_id}' is about {about.get(advice_id)}"
    text = summary_text(session)
    for line in (expect.get("lines") or {}).get(lang, []):
        assert line in text, f"{name} ({lang}): {line!r} not in the summary"
    for line in (never.get("lines") or {}).get(lang, []):
        assert line not in text, f"{name} ({lang}): {line!r} should not be in the summary"


@pytest.mark.parametrize("name", NAMES)
def test_a_profile_gets_the_same_advice_in_both_languages(name: str) -> None:
    nl, en = play_profile(name, "nl").summary(), play_profile(name, "en").summary()
    assert [a.id for a in nl.advice] == [a.id for a in en.advice]
    assert nl.top == en.top
    assert [a.because for a in nl.advice] == [a.because for a in en.advice]
    assert [a.about for a in nl.advice] == [a.about for a in en.advice]
