"""Declining is not reassurance (flows/domains.yaml, `unknown` rules), fuzzed with hypothesis over random
sessions of the real scan: whoever declines everything that may be declined never reads 'weinig aandacht
nodig' for a domain whose questions they left open; and a domain that reads 'weinig aandacht nodig' never had
most of its deciding questions left open. Points that were found still count.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dialoog.engine import Session, Turn
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.locations import content_root
from dialoog.play import DECLINE, auto, run

ROOT = content_root()


@cache
def scan() -> Flow:
    return load_library(ROOT).flow("scan")


def session_with(seed: int, decline_share: float) -> Session:
    """A random session in which each question that allows it is declined with chance `decline_share`."""
    rng = random.Random(seed)
    other = auto("random", seed)

    def answer(session: Session, turn: Turn) -> Any:
        if turn.can_decline and rng.random() < decline_share:
            return DECLINE
        return other(session, turn)

    session = Session(scan(), "nl", ROOT)
    run(session, answer)
    assert session.finished
    return session


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_declining_everything_that_may_be_declined_never_reads_low(seed: int) -> None:
    session = session_with(seed, 1.0)
    for domain in session.summary().domains:
        if scan().domains[domain.id].unknown is None:
            continue
        assert domain.level != "low", (domain.id, domain.open, domain.score)
        if domain.level == "unknown":
            assert domain.label == "onvoldoende beeld" and domain.open


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), share=st.sampled_from([0.2, 0.5, 0.8]))
def test_a_domain_reads_low_only_when_most_of_its_deciding_questions_were_answered(seed: int, share: float) -> None:
    session = session_with(seed, share)
    for domain in session.summary().domains:
        rule = scan().domains[domain.id].unknown
        if rule is None or domain.level != "low":
            continue
        assert not set(rule.needs) & set(domain.open), domain
        network = session.answers.get("network") or []
        reached = [n for n in rule.deciding
                   if (bool(network) if "." in n else n in session.answers or n in session.declined)]
        assert len(domain.open) < rule.mostly * len(reached), (domain.id, domain.open, reached)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_points_found_stand_when_questions_were_left_open(seed: int) -> None:
    session = session_with(seed, 0.5)
    for domain in session.summary().domains:
        threshold = scan().domains[domain.id].attention
        if domain.score >= threshold:
            assert domain.level in ("attention", "high"), domain
        else:
            assert domain.level in ("low", "unknown"), domain
