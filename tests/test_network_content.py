"""The per-entry questions of the real network list fit every kind of entry: people and organisations.

A follow-up is asked about each entry of the network list, whatever its group: a brother-in-law,
a project developer, a business club. Its words must fit them all, and a remark that only fits
one group (the shared household with a partner) is only shown for that group.
"""

from __future__ import annotations

from functools import cache

import pytest

from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow, Node
from dialoog.locations import content_root

ROOT = content_root()
PEOPLE_ONLY = {"nl": [" hij ", " zij ", " hem ", " haar ", "hij of zij"], "en": [" he ", " she ", " him ", " her ",
                                                                              "he or she"]}
HOUSEHOLD = {"nl": "gezamenlijke huishouding met uw partner", "en": "shared household with your partner"}


@cache
def scan() -> Flow:
    return load_library(ROOT, strict=True).flow("scan")


def network() -> Node:
    return next(n for n in scan().nodes.values() if n.kind == "network")


def texts(lang: str, category: str, name: str) -> dict[str, str]:
    session = Session(scan(), lang, ROOT)
    entry = {"name": name, "category": category, "answers": {}}
    return {q.id: session.followup_text(q, entry) for q in network().followups}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_follow_up_speaks_of_an_entry_as_a_person(lang: str) -> None:
    for category in [c.value for c in network().categories]:
        for followup, text in texts(lang, category, "Businessclub Oost").items():
            assert "Businessclub Oost" in text, followup
            padded = f" {text.casefold()} "
            assert not [w for w in PEOPLE_ONLY[lang] if w in padded], (category, followup, text)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_shared_household_remark_is_only_for_family(lang: str) -> None:
    family = texts(lang, "family", "Zwager P.")["financial_ties"]
    assert HOUSEHOLD[lang] in family
    for category in [c.value for c in network().categories if c.value != "family"]:
        text = texts(lang, category, "Projectontwikkelaar R.")["financial_ties"]
        assert HOUSEHOLD[lang] not in text, category
        assert text.startswith(("Heeft u financiële banden met Projectontwikkelaar R.?",
                                "Do you have financial ties with Projectontwikkelaar R.?"))
        assert text.endswith(("een erfenis.", "an inheritance.")), text
