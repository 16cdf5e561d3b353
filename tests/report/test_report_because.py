"""Every "because you answered ..." in the report points at a real answer: the question is a question of the
flow, and the answer quoted is the one in the answers set (in the session's words)."""

from __future__ import annotations

import pytest
from test_advice_profiles import load_profile

from dialoog.report import Scope

from .helpers import PROFILES, profile_session, report_of


def _expected_value(answers: dict, node_id: str, entry: str | None, followup: str | None) -> object:
    if entry is None:
        return answers[node_id]
    item = next(e for e in answers[node_id] if e["name"] == entry)
    value = item[followup]
    return "yes" if value is True else "no" if value is False else value


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", PROFILES)
def test_because_quotes_questions_of_the_flow_and_the_answers_given(name: str, lang: str) -> None:
    session = profile_session(name, lang)
    answers = load_profile(name)["answers"]
    report = report_of(session)
    actions = [*(report.top_actions or ()), *(a for _, items in report.advice or () for a in items)]
    lines = [b for a in actions for b in a.because]
    assert lines, "the profile's advice names the answers behind it"
    for b in lines:
        node = session.flow.nodes[b.node]
        assert node.is_question
        if b.followup is None:
            assert b.node in answers, f"{b.node} was not answered in the profile"
            assert b.answer == session.describe_value(node, session.answers[b.node])
            assert session.answers[b.node] == _expected_value(answers, b.node, None, None) or node.kind == "multi"
            assert b.question  # the question as it was asked
        else:
            followup = next(f for f in node.followups if f.id == b.followup)
            assert b.entry is not None
            value = _expected_value(answers, b.node, b.entry, b.followup)
            assert b.answer == session.describe_value(followup, value)


def test_without_because_no_answer_is_quoted() -> None:
    report = report_of(profile_session(PROFILES[0], "nl"), Scope(because=False))
    assert all(a.because == () for a in report.top_actions or ())
    assert all(a.because == () for _, items in report.advice or () for a in items)
