"""The agenda, the link to the previous scan and the review of its commitments are saved with the session
and come back exactly, also when the content changed since (they do not depend on it)."""

from __future__ import annotations

import datetime as dt

import pytest

from dialoog.engine import Session
from dialoog.engine.agenda import AgendaError, commitment
from dialoog.engine.signals import entry_signals, signal_domains
from dialoog.flow.library import load_library
from dialoog.locations import content_root


@pytest.fixture(scope="module")
def scan():
    return load_library(content_root()).flow("scan")


def test_agenda_survives_save_and_resume(scan) -> None:
    s = Session(scan, "nl")
    s.set_agenda([commitment("Ik meld mijn nevenfuncties", advice="x", step=0, due="2027-03-01"),
                  commitment("  Een eigen   voornemen ")])
    s.set_previous("abc123")
    s.review_commitment("abc123", "c1", "done")
    data = s.to_dict()
    back = Session.from_dict(scan, data)
    assert [c.text for c in back.agenda] == ["Ik meld mijn nevenfuncties", "Een eigen voornemen"]
    assert back.agenda[0].due == dt.date(2027, 3, 1) and back.agenda[1].advice is None
    assert [c.id for c in back.agenda] == ["c1", "c2"]
    assert back.previous == "abc123" and back.agenda_review == {"abc123:c1": "done"}
    stale = dict(data, flow_hash="changed")  # content changed: replayed, the agenda still comes back
    assert [c.text for c in Session.from_dict(scan, stale).agenda] == [c.text for c in back.agenda]


def test_agenda_refuses_what_cannot_be_kept(scan) -> None:
    s = Session(scan, "nl")
    with pytest.raises(AgendaError):
        s.set_agenda([commitment(f"voornemen {i}") for i in range(4)])
    with pytest.raises(AgendaError):
        commitment("   ")
    with pytest.raises(AgendaError):
        commitment("x", due="volgende week")
    with pytest.raises(AgendaError):
        s.review_commitment("abc", "c1", "maybe")
    assert s.agenda == [] and s.agenda_review == {}
    assert "agenda" not in s.to_dict()


def test_signals_of_a_risky_entry(scan) -> None:
    node = scan.nodes["network"]
    entry = {"name": "J.", "category": "business",
             "answers": {"financial_ties": "yes", "policy_interest": "yes", "could_pressure": "yes"}}
    domains = signal_domains(node, entry)
    assert "afhankelijkheid" in domains and "belangenverstrengeling" in domains
    assert {s.source for s in entry_signals(node, entry)} >= {"financial_ties", "could_pressure", "rule:0"}
    assert entry_signals(node, {"name": "K.", "category": "friends", "answers": {"financial_ties": "no"}}) == ()
