"""Property-based: `Session.answer()` with arbitrary input, at arbitrary points of the real scan.

Whatever is given (text with escape sequences, numbers, nested lists and mappings,
None, NaN), the engine never crashes: it accepts a valid answer or refuses with a
message, and a refused answer changes nothing. Nothing it shows afterwards carries
a control or format character that a terminal would act on.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialoog.engine import AnswerError, Session
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.locations import content_root
from dialoog.play import auto, give

NASTY = st.sampled_from(["\x1b[31m", "\x1b]8;;http://x\x07", "\x9b2J", "\u202e", "\u200b", "[b]", "[/]",
                         "[@click=app.quit]", "\x00", "\r", "\x7f", "a" * 5000])
TEXT = st.lists(st.one_of(st.text(max_size=30), NASTY), max_size=6).map("".join)
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10, 10), st.floats(allow_nan=True), TEXT,
                   st.sampled_from(["yes", "no", "a", "b", "e", "1", "3", "bewindspersoon"]))
JUNK = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                    st.dictionaries(st.sampled_from(["name", "category", "x", ""]),
                                                                    inner, max_size=3)), max_leaves=8)


@cache
def scan() -> Flow:
    return load_library(content_root()).flow("scan")


def walk(steps: int, seed: int) -> Session:
    """A session `steps` answers into the scan, answered at random."""
    session = Session(scan())
    answerer = auto("random", seed)
    turn = session.turn()
    for _ in range(steps):
        if session.finished:
            break
        turn = give(session, turn, answerer(session, turn) if turn.expects_answer else None)
    return session


def state(session: Session) -> str:
    return json.dumps(session.to_dict(), sort_keys=True, default=str)


def shown(session: Session) -> list[str]:
    """Every text the transcript would show for the answers given so far."""
    texts = []
    for step in session.history:
        if step.followup is not None and step.entry is not None:
            texts.append(session.describe_followup(step.node, step.entry, step.followup))
        else:
            texts.append(session.describe(step.node))
    return texts


def acts_on_a_terminal(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t" for c in text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.integers(0, 70), seed=st.integers(0, 10_000), value=JUNK)
def test_any_answer_is_accepted_cleanly_or_refused_without_change(steps: int, seed: int, value: Any) -> None:
    session = walk(steps, seed)
    if session.finished:
        return
    before = state(session)
    try:
        session.answer(value)
    except AnswerError as exc:
        assert exc.message.strip()
        assert state(session) == before, "a refused answer changed the session"
        return
    for text in shown(session):
        assert not acts_on_a_terminal(text), repr(text)
    restored = Session.from_dict(scan(), json.loads(state(session)))
    assert state(restored) == state(session)  # an accepted answer survives the save and restore round trip
