"""Golden profiles (tests/profiles/): realistic answers, with the advice an integrity adviser expects.

Each profile is played in Dutch and in English; the summary must lead with the expected main actions,
hold the expected items and lines, and leave out what such a person must not be told.
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
from dialoog.play import from_file, load_answers, run

ROOT = content_root()
PROFILES = Path(__file__).parent / "profiles"
NAMES = sorted(p.name.removesuffix(".expect.yaml") for p in PROFILES.glob("*.expect.yaml"))


@cache
def scan() -> Flow:
    return load_library(ROOT).flow("scan")


def play_profile(name: str, lang: str) -> Session:
    """Play a profile's answers file."""
    return play(load_answers(PROFILES / f"{name}.yaml"), lang)


def play(answers: dict[str, Any], lang: str) -> Session:
    """Play answers as from an answers file; a dilemma card they do not answer gets 'a'."""
    flow = scan()
    given = from_file(flow, answers)

    def answer(session: Session, turn: Turn) -> Any:
        node = session.flow.nodes[turn.node]
        if node.kind == "card" and node.id not in answers and node.card not in answers:
            return "a"
        return given(session, turn)

    session = Session(flow, lang, ROOT)
    run(session, answer)
    return session


def summary_text(session: Session) -> str:
    return session.node_text(session.flow.nodes["summary_result"])


def expectations(name: str) -> dict[str, Any]:
    data = yaml.safe_load((PROFILES / f"{name}.expect.yaml").read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict)
    return data


def test_there_are_at_least_eight_profiles_one_per_role_one_who_declines_and_one_clean() -> None:
    assert len(NAMES) >= 8
    roles = {load_answers(PROFILES / f"{n}.yaml").get("role") for n in NAMES}
    assert {"bewindspersoon", "topambtenaar", "burgemeester", "wethouder", "gemeentesecretaris", "raadslid"} <= roles
    assert "declines" in NAMES and "clean" in NAMES


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_a_profile_gets_the_advice_an_integrity_adviser_expects(name: str, lang: str) -> None:
    expect = expectations(name)
    session = play_profile(name, lang)
    summary: Summary = session.summary()
    ids = [a.id for a in summary.advice]
    top = list(summary.top)
    assert len(top) <= 3 and ids[: len(top)] == top
    assert top[: len(expect.get("top", []))] == expect.get("top", []), f"{name}: main actions {top}"
    for advice_id in expect.get("in_top", []):
        assert advice_id in top, f"{name}: '{advice_id}' is not among the main actions {top}"
    for advice_id in expect.get("must", []):
        assert advice_id in ids, f"{name}: '{advice_id}' missing from {ids}"
    for advice_id in expect.get("must_not", []):
        assert advice_id not in ids, f"{name}: '{advice_id}' should not be in {ids}"
    if "max_items" in expect:
        assert len(ids) <= expect["max_items"], f"{name}: {len(ids)} items: {ids}"
    about = {a.id: list(a.about) for a in summary.advice}
    for advice_id, names in (expect.get("about") or {}).items():
        assert about.get(advice_id) == names, f"{name}: '{advice_id}' is about {about.get(advice_id)}"
    text = summary_text(session)
    for line in (expect.get("lines") or {}).get(lang, []):
        assert line in text, f"{name} ({lang}): {line!r} not in the summary"
    for line in (expect.get("not_lines") or {}).get(lang, []):
        assert line not in text, f"{name} ({lang}): {line!r} should not be in the summary"


@pytest.mark.parametrize("name", NAMES)
def test_a_profile_gets_the_same_advice_in_both_languages(name: str) -> None:
    nl, en = play_profile(name, "nl").summary(), play_profile(name, "en").summary()
    assert [a.id for a in nl.advice] == [a.id for a in en.advice]
    assert nl.top == en.top
    assert [a.because for a in nl.advice] == [a.because for a in en.advice]
