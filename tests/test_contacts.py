"""Whom the advice sends a user to: contacts as data (flows/contacts.yaml), checked and shown with their reach.

- `dialoog check` names a referral of a role to itself (DLG028), an unknown contact or audience
  (DLG029) and a contact outside its remit (DLG035), at the line of the referral;
- in the real content no audience is ever referred to a contact that does not exist, that does not
  serve it, or that is its own role: for every advice item and audience, and in played sessions
  (`--auto random:1..60`, and each role with random answers; DIALOOG_CONTACT_SEEDS raises the count);
- the summary screen, `dialoog play` and `--json` show each referral with how to reach it.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialoog.check import run_check
from dialoog.cli import main
from dialoog.engine import Session, Turn
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.locations import content_root
from dialoog.play import Answerer, auto, run

SEEDS = int(os.environ.get("DIALOOG_CONTACT_SEEDS", "60"))
ROLE_EXAMPLES = int(os.environ.get("DIALOOG_CONTACT_ROLE_EXAMPLES", "24"))

CONTACTS = """\
contacts:
  - id: vertrouwenspersoon
    name: De vertrouwenspersoon
    remit: Vertrouwelijk advies.
    reach: Via uw organisatie.
    source: Bron A
    checked: 2026-12-01
    audiences: [bewindspersoon, raadslid]
  - id: collega_raadslid
    name: Een ander raadslid
    is: raadslid
    remit: Collegiaal advies.
    reach: In de raad.
    url: www.example.nl
    source: Bron A
    checked: 2026-12-01
    audiences: [bewindspersoon]
"""


def advice_with(contacts: str) -> str:
    return f"""\
advice:
  - id: gifts_register
    domain: belangen
    level: attention
    priority: 1
    title: Registreer geschenken
    why: Omdat.
    steps: [Stap een.]
    contacts: {contacts}
  - id: threats_help
    domain: veiligheid
    if: "'threats' in stress"
    priority: 2
    title: Zoek steun
    why: Omdat.
    steps: [Bel.]
    contacts: {{default: [vertrouwenspersoon]}}
"""


def problems(root: Path, contacts: str, codes: tuple[str, ...] = ("DLG028", "DLG029", "DLG035")) -> list[str]:
    (root / "flows" / "contacts.yaml").write_text(CONTACTS, encoding="utf-8")
    (root / "flows" / "advice.yaml").write_text(advice_with(contacts), encoding="utf-8")
    result = run_check(root)
    return [f"{Path(p.path).name}:{p.line}:{p.col} {p.code} {p.message}" for p in result.problems if p.code in codes]


def test_a_referral_of_a_role_to_itself_is_reported_where_it_stands(valid_root: Path) -> None:
    found = problems(valid_root, "{default: [vertrouwenspersoon], raadslid: [vertrouwenspersoon, collega_raadslid]}")
    assert found == [
        "advice.yaml:9:78 DLG028 advice 'gifts_register' refers a raadslid to 'collega_raadslid' (Een ander raadslid),"
        " that is to their own role",
    ]


def test_a_self_referral_through_the_default_contacts_is_reported_too(valid_root: Path) -> None:
    found = problems(valid_root, "{default: [collega_raadslid], bewindspersoon: [vertrouwenspersoon]}")
    assert found == [
        "advice.yaml:9:26 DLG028 advice 'gifts_register' refers a raadslid to 'collega_raadslid' (Een ander raadslid),"
        " that is to their own role (through its default contacts)",
    ]


def test_unknown_contacts_and_audiences_are_reported(valid_root: Path) -> None:
    contacts = "{default: [vertrouwenspersoon], decentraal: [vertrouwenspersoon], raadslid: [griffier]}"
    found = problems(valid_root, contacts)
    assert found == [
        "advice.yaml:9:60 DLG029 advice 'gifts_register' has contacts for unknown audience 'decentraal'"
        " (audiences: bewindspersoon, raadslid, or default)",
        "advice.yaml:9:92 DLG029 advice 'gifts_register' refers to unknown contact 'griffier'"
        " (not in flows/contacts.yaml)",
    ]


def test_a_contact_outside_its_remit_is_reported(valid_root: Path) -> None:
    found = problems(valid_root, "{default: [vertrouwenspersoon], bewindspersoon: [collega_raadslid], raadslid: []}")
    assert found == []  # the other raadslid serves ministers here; an empty list refers nobody
    (valid_root / "flows" / "contacts.yaml").write_text(CONTACTS.replace("[bewindspersoon, raadslid]", "[raadslid]"))
    result = run_check(valid_root)
    assert [f"{p.line} {p.code} {p.message}" for p in result.problems if p.code == "DLG035"] == [
        "17 DLG035 advice 'threats_help' refers a bewindspersoon to 'vertrouwenspersoon' (through its default"
        " contacts), which does not serve 'bewindspersoon' (it serves: raadslid)",
    ]


def test_without_a_contacts_file_advice_may_name_its_contacts_in_words(valid_root: Path) -> None:
    result = run_check(valid_root)
    assert not [p for p in result.problems if p.code in ("DLG028", "DLG029", "DLG035")]


def test_a_contacts_file_checked_on_its_own_is_checked_as_the_contacts_of_the_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loose = tmp_path / "my-contacts.yaml"
    text = (content_root() / "flows" / "contacts.yaml").read_text(encoding="utf-8")
    loose.write_text(text.replace("audiences: [wethouder, gemeentesecretaris, raadslid]",
                                  "audiences: [wethouder, decentraal]"), encoding="utf-8")
    line = text[: text.index("  - id: burgemeester")].count("\n") + 1
    assert main(["check", str(loose)]) != 0
    out = capsys.readouterr().out
    assert f"my-contacts.yaml:{line}:5: DLG029 contact 'burgemeester' names unknown audience 'decentraal'" in out


# -- the real content --------------------------------------------------------------


@cache
def scan() -> Flow:
    return load_library(content_root()).flow("scan")


def bad_referrals(flow: Flow, audience: str | None, ids: list[str | None]) -> list[str]:
    """What is wrong with referring `audience` to these contacts (nothing when all is well)."""
    wrong = []
    for contact_id in ids:
        contact = flow.contacts.get(contact_id or "")
        if contact is None:
            wrong.append(f"{contact_id}: no such contact")
        elif audience is not None and contact.holds == audience:
            wrong.append(f"{contact_id}: the {audience}'s own role")
        elif audience is not None and audience not in contact.audiences:
            wrong.append(f"{contact_id}: does not serve {audience}")
    return wrong


def test_the_real_contacts_are_data_with_a_source_and_a_date_checked() -> None:
    flow = scan()
    assert len(flow.contacts) >= 20
    for contact in flow.contacts.values():
        assert contact.name and contact.remit and contact.reach and contact.source, contact.id
        assert contact.checked == "2026-12-01", contact.id
        assert contact.audiences, contact.id


def test_every_advice_item_refers_every_audience_only_to_contacts_that_serve_it_and_are_not_itself() -> None:
    flow = scan()
    audiences = list(dict.fromkeys(flow.role_audience.values()))
    assert set(audiences) >= {"burgemeester", "wethouder", "gemeentesecretaris", "kandidaat_bewindspersoon",
                              "bewindspersoon", "kandidaat_raadslid", "raadslid", "topambtenaar"}
    wrong = []
    for advice in flow.advice:
        for audience in audiences:
            ids: list[str | None] = list(advice.contacts.get(audience, advice.contacts.get("default", [])))
            wrong += [f"{advice.id} -> {w}" for w in bad_referrals(flow, audience, ids)]
            assert ids, f"{advice.id} refers a {audience} to nobody"
    assert wrong == []


def check_session(session: Session) -> list[str]:
    audience = session.context()["role_audience"]
    wrong = []
    for advice in session.summary().advice:
        assert advice.contacts == tuple(r.name for r in advice.referrals)
        ids: list[str | None] = [r.id for r in advice.referrals]
        wrong += [f"{advice.id} -> {w}" for w in bad_referrals(session.flow, audience, ids)]
    return wrong


def test_random_sessions_refer_nobody_to_a_missing_contact_or_to_their_own_role() -> None:
    """`dialoog play scan --auto random:1` .. `random:60`: every referral exists, fits the role, is not the role."""
    wrong: dict[int, list[str]] = {}
    roles = set()
    for seed in range(1, SEEDS + 1):
        session = Session(scan())
        run(session, auto("random", seed))
        roles.add(session.answers.get("role"))
        if problems_found := check_session(session):
            wrong[seed] = problems_found
    assert wrong == {}
    if SEEDS >= 60:
        assert roles >= set(scan().role_audience), "the seeds reach every role"


def as_role(role: str, answerer: Answerer) -> Answerer:
    def answer(session: Session, turn: Turn) -> Any:
        return role if turn.node == "role" else answerer(session, turn)

    return answer


@settings(max_examples=ROLE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(role=st.sampled_from(sorted(scan().role_audience)), seed=st.integers(0, 10**6))
def test_each_role_with_any_answers_is_referred_only_within_remit_and_never_to_itself(role: str, seed: int) -> None:
    session = Session(scan())
    run(session, as_role(role, auto("random", seed)))
    assert session.answers["role"] == role
    assert check_session(session) == []


def test_a_mayor_and_a_municipal_secretary_are_never_sent_to_themselves_with_every_answer_high() -> None:
    for role, own in (("burgemeester", "De burgemeester"), ("gemeentesecretaris", "De gemeentesecretaris")):
        session = Session(scan())
        run(session, as_role(role, auto("high")))
        names = {name for a in session.summary().advice for name in a.contacts}
        assert names and own not in names, role


# -- how a referral is shown -----------------------------------------------------------

def test_play_json_gives_each_advice_item_its_contacts_by_name_and_its_referrals_with_their_reach(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["play", "scan", "--auto", "high", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    advice = data["summary"]["advice"]
    assert advice
    for item in advice:
        assert {"id", "domain", "title", "because", "contacts", "referrals"} <= set(item)
        assert item["contacts"] == [r["name"] for r in item["referrals"]]
        for referral in item["referrals"]:
            assert set(referral) == {"id", "name", "remit", "reach", "url", "source", "checked"}
            assert referral["reach"] and referral["remit"] and referral["source"], referral
            assert referral["checked"] == "2026-12-01"


def test_play_prints_whom_to_turn_to_and_how_to_reach_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "scan", "--auto", "high"]) == 0  # the first role: a prospective minister
    out = capsys.readouterr().out
    summary = out.split("== Samenvatting ==")[1]
    assert "    > De formateur: De formateur nodigt u uit voor dit gesprek." in summary
    assert "    > De politie: Bel 112 bij direct gevaar." in summary


def test_the_written_summary_names_each_contact_with_its_reach() -> None:
    session = Session(scan(), "en")
    run(session, as_role("raadslid", auto("high")))
    text = session.node_text(scan().nodes["summary_result"])
    assert "**You can turn to:**\n" in text
    assert ("\n- The Resilient Public Administration Support Team (Ondersteuningsteam Weerbaar Bestuur): More "
            "information and contact via www.weerbaarbestuur.nl.\n") in text


def test_the_summary_screen_shows_each_contact_with_what_it_is_for_and_how_to_reach_it() -> None:
    from dialoog.tui.screens.summary import referral_line

    session = Session(scan())
    run(session, as_role("burgemeester", auto("high")))
    lines = [referral_line(r) for a in session.summary().advice for r in a.referrals]
    assert any(line.startswith("**Het Ondersteuningsteam Weerbaar Bestuur**: Steun bij een veiligheidsincident")
               and line.endswith("www.weerbaarbestuur.nl.") for line in lines), lines
    assert any(line.startswith("**De Vertrouwenslijn**: Vertrouwelijk advies bij bedreiging") for line in lines)
