"""Per role, a short profile (tests/profiles/role_*.yaml): the referrals and the rule advice an
integrity adviser expects for that role, and what that role must never be shown, in Dutch and English.

The format is described in tests/profiles/README.md: `answers` are given as in a `dialoog play
--answers` file; every question the profile does not answer gets its lowest-risk answer.
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
from dialoog.play import Answerer, auto, from_file, run

PROFILES = Path(__file__).parent / "profiles"
FILES = sorted(PROFILES.glob("role_*.yaml"))


@cache
def scan() -> Flow:
    return load_library(content_root()).flow("scan")


def load_profile(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    answers = {str(k): ("yes" if v is True else "no" if v is False else v) for k, v in data["answers"].items()}
    return {**data, "answers": {"role": data["role"], **answers}}


def profile_answerer(flow: Flow, answers: dict[str, Any]) -> Answerer:
    """The profile's answers where it has them, otherwise the lowest-risk answer."""
    given, low = from_file(flow, answers), auto("low")

    def answer(session: Session, turn: Turn) -> Any:
        return (given if turn.node in answers else low)(session, turn)

    return answer


def play_profile(path: Path, lang: str) -> tuple[Session, Summary]:
    profile = load_profile(path)
    session = Session(scan(), lang)
    run(session, profile_answerer(scan(), profile["answers"]))
    return session, session.summary()


def advice_words(summary: Summary) -> str:
    """Everything the advice says: titles, reasons, steps and whom to turn to, with their reach."""
    parts: list[str] = []
    for a in summary.advice:
        parts += [a.title, a.why, a.risks, *a.steps]
        parts += [f"{r.name} {r.remit} {r.reach} {r.url or ''}" for r in a.referrals]
    return "\n".join(parts)


def test_there_is_a_profile_for_every_role() -> None:
    roles = {load_profile(p)["role"] for p in FILES}
    assert roles == set(scan().role_audience), "one tests/profiles/role_<role>.yaml per role"
    assert all(p.name == f"role_{load_profile(p)['role']}.yaml" for p in FILES)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_role_gets_its_referrals_and_rules_and_never_what_is_not_for_it(path: Path, lang: str) -> None:
    profile = load_profile(path)
    session, summary = play_profile(path, lang)
    assert session.finished
    assert session.context()["role_audience"] == profile["role"]
    advice = {a.id for a in summary.advice}
    referrals = {r.id for a in summary.advice for r in a.referrals}
    words = advice_words(summary).casefold()
    expect, never = profile.get("expect", {}), profile.get("never", {})
    assert set(expect.get("advice", [])) <= advice, f"missing advice; got {sorted(advice)}"
    assert set(expect.get("referrals", [])) <= referrals, f"missing referrals; got {sorted(referrals)}"
    for said in expect.get("says", {}).get(lang, []):
        assert str(said).casefold() in words, f"the advice never says {said!r}"
    assert not set(never.get("advice", [])) & advice
    assert not set(never.get("referrals", [])) & referrals
    for unsaid in never.get("says", {}).get(lang, []):
        assert str(unsaid).casefold() not in words, f"the advice says {unsaid!r}"
    # the same advice and referrals in both languages
    other = play_profile(path, "en" if lang == "nl" else "nl")[1]
    assert [(a.id, [r.id for r in a.referrals]) for a in other.advice] == [
        (a.id, [r.id for r in a.referrals]) for a in summary.advice
    ]
