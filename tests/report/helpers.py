"""Sessions for the report tests: two golden profiles (tests/profiles), and one with hostile text in every
place the user can type (names, text answers, own commitments)."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from functools import cache
from typing import Any

from test_advice_profiles import load_profile, play  # tests/ is on the path: the profiles' player

from dialoog.engine import Session
from dialoog.engine.agenda import commitment
from dialoog.report import Report, Scope, build_report

PROFILES = ("golden_wethouder_zwager", "golden_topambtenaar_geschenken")
DAY = dt.date(2026, 12, 1)

HOSTILE_NAME = '<script>alert("n")</script> ]]> Zwager'
HOSTILE_TEXT = '<img src="https://evil.example/t.png"> ]]> [klik](https://evil.example/x) **vet**'
HOSTILE_PORTFOLIO = "<style>body{display:none}</style> Financiën"
HOSTILE_OWN = "Bellen met <script>x</script> ]]> #1"


@cache
def _played(name: str, lang: str) -> Session:
    return play(load_profile(name)["answers"], lang)


def profile_session(name: str, lang: str) -> Session:
    """A finished scan of a profile, with an agenda: one step of its first main action and one own line."""
    session = _played(name, lang)
    top = session.summary().top_advice[0]
    session.set_agenda([
        commitment(top.steps[0], advice=top.id, step=0, due="2027-03-01", created=DAY),
        commitment("Elk kwartaal mijn nevenfuncties nalopen", due=None, created=DAY),
    ])
    return session


def hostile_answers() -> dict[str, Any]:
    answers = copy.deepcopy(load_profile("golden_wethouder_zwager")["answers"])
    answers["network"][0]["name"] = HOSTILE_NAME
    answers["self_other"] = HOSTILE_TEXT
    answers["portfolio"] = HOSTILE_PORTFOLIO
    return answers


def hostile_session(lang: str = "nl") -> Session:
    session = play(hostile_answers(), lang)
    top = session.summary().top_advice[0]
    session.set_agenda([commitment(HOSTILE_OWN, created=DAY),
                        commitment(top.steps[0], advice=top.id, step=0, created=DAY)])
    return session


def report_of(session: Session, scope: Scope | None = None, previous: Session | None = None) -> Report:
    """The report with the content and program versions fixed (the goldens must not change with them)."""
    report = build_report(session, scope=scope or Scope(), previous=previous, today=DAY)
    return dataclasses.replace(report, content_version="<content>", program_version="<version>")
