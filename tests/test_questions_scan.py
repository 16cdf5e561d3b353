"""The self-assessment's questions of round 5 (issue 16 items 3 and 6; content review M4, M5, §3, §6).

What a user sees and gets: the questions the review found missing are asked of the roles they are meant
for (and only of them), answered headless as `dialoog play scan --answers` does; an answer that calls for a
follow-up gets it and another does not; the advice for those answers names contacts that serve the user's
role; the wording fits a sitting office holder as well as a candidate; keeping something private is not
scored as a risk; and no figure in the texts of these files is older than 2018 or without its year.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from dialoog.cli import main
from dialoog.engine import Session, Turn
from dialoog.engine.scores import Summary
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.locations import content_root
from dialoog.play import auto, from_file, run

ROOT = content_root()
ROLES = ["kandidaat_bewindspersoon", "bewindspersoon", "topambtenaar", "burgemeester", "wethouder",
         "gemeentesecretaris", "kandidaat_raadslid", "raadslid"]
DECENTRAL = ["burgemeester", "wethouder", "gemeentesecretaris", "kandidaat_raadslid", "raadslid"]
PARTY = ["kandidaat_bewindspersoon", "bewindspersoon", "wethouder", "kandidaat_raadslid", "raadslid"]


@cache
def scan() -> Flow:
    return load_library(ROOT).flow("scan")


def play(answers: dict[str, Any], lang: str = "nl") -> Session:
    """Answers as from an answers file; every other question gets its lowest-risk answer."""
    flow = scan()
    given, low = from_file(flow, answers), auto("low")

    def answer(session: Session, turn: Turn) -> Any:
        return (given if turn.node in answers else low)(session, turn)

    session = Session(flow, lang, ROOT)
    run(session, answer)
    return session


def asked(session: Session) -> list[str]:
    return [step.node for step in session.history]


def advice_ids(summary: Summary) -> list[str]:
    return [a.id for a in summary.advice]


def all_text(summary: Summary) -> str:
    return " ".join(" ".join([a.title, a.why, *a.steps]) for a in summary.advice)


# -- each new question is asked of the roles it is meant for --------------------------------------------------

MEANT_FOR: dict[str, tuple[list[str], dict[str, Any]]] = {
    # question: (the roles it is asked of, answers that lead to it)
    "local_property": (DECENTRAL, {}),
    "disputes": (ROLES, {}),
    "foreign_contacts_any": (ROLES, {}),
    "party_finance": (PARTY, {}),
    "vog_status": (["wethouder"], {"scan_moment": "eerste"}),
    "formateur_analysis": (["kandidaat_bewindspersoon"], {}),
}


@pytest.mark.parametrize("question", sorted(MEANT_FOR))
@pytest.mark.parametrize("role", ROLES)
def test_a_new_question_is_asked_of_the_roles_it_is_meant_for_and_of_no_other(question: str, role: str) -> None:
    roles, lead = MEANT_FOR[question]
    session = play({"role": role, "scan_moment": "eerste", **lead})
    assert session.finished
    assert (question in asked(session)) == (role in roles), (question, role)


def test_a_sitting_alderman_is_not_asked_about_the_vog_of_his_appointment() -> None:
    assert "vog_status" not in asked(play({"role": "wethouder", "scan_moment": "halverwege"}))


def test_the_new_questions_can_be_answered_headless_with_play_answers(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    answers = {"role": "wethouder", "scan_moment": "eerste", "local_property": "yes_plans", "disputes": "ongoing",
               "disputes_who": "own", "party_finance": "interested", "vog_status": "doubt",
               "foreign_contacts_any": "yes", "foreign_contacts": ["approach"]}
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    assert main(["play", "scan", "--answers", str(path), "--fill", "low", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    given = out["answers"]
    for key, value in answers.items():
        assert given[key] == value, key
    ids = [a["id"] for a in out["summary"]["advice"]]
    assert {"eigen_zaak_buiten", "giften_open", "wethouder_vog", "buitenland_alert"} <= set(ids), ids


# -- follow-ups where an answer calls for one ----------------------------------------------------------------------

FOLLOW_UPS = [
    # (question, the answer that calls for a follow-up, an answer that does not, the follow-up)
    ("undue_influence", "unsure", "no", "undue_influence_what"),
    ("undue_influence", "yes", "no", "undue_influence_discussed"),
    ("confidential_information", "asked", "agreements", "confidential_asked_who"),
    ("confidential_information", "asked", "unsure", "confidential_asked_discussed"),
    ("disputes", "ongoing", "ended", "disputes_who"),
    ("foreign_contacts_any", "yes", "no", "foreign_contacts"),
]


@pytest.mark.parametrize(("question", "calls", "does_not", "follow_up"), FOLLOW_UPS)
def test_an_answer_that_calls_for_a_follow_up_gets_it_and_another_does_not(
        question: str, calls: str, does_not: str, follow_up: str) -> None:
    assert follow_up in asked(play({"role": "wethouder", question: calls}))
    assert follow_up not in asked(play({"role": "wethouder", question: does_not}))


def test_the_follow_up_on_a_doubt_makes_the_advice_specific() -> None:
    discussed = play({"role": "raadslid", "undue_influence": "unsure", "undue_influence_what": ["info"],
                      "undue_influence_discussed": "adviser"}).summary()
    alone = play({"role": "raadslid", "undue_influence": "unsure", "undue_influence_what": ["gift"],
                  "undue_influence_discussed": "no"}).summary()
    assert "beinvloeding_twijfel" in advice_ids(discussed) and "beinvloeding_twijfel" in advice_ids(alone)
    assert "U hebt het al besproken" in all_text(discussed)
    assert "vertrouwelijke informatie" in all_text(discussed)
    assert "U hebt het al besproken" not in all_text(alone)
    assert "Neem geen geschenk" in all_text(alone)
    # a doubt is never met with a police report as its first step
    for summary in (discussed, alone):
        assert "aangifte" not in all_text(summary).lower()


def test_a_report_to_the_police_is_advised_only_for_bribery_or_a_threat() -> None:
    bribe = play({"role": "wethouder", "undue_influence": "yes", "undue_influence_what": ["money"]}).summary()
    flattery = play({"role": "wethouder", "undue_influence": "yes", "undue_influence_what": ["flattery"]}).summary()
    assert "beinvloeding_melden" in advice_ids(bribe) and "beinvloeding_melden" in advice_ids(flattery)
    def melden(summary: Summary) -> tuple[str, ...]:
        return next(a for a in summary.advice if a.id == "beinvloeding_melden").steps

    assert any("aangifte" in step for step in melden(bribe))
    assert not any("aangifte" in step for step in melden(flattery))


def test_a_relatives_question_at_the_kitchen_table_gets_a_gentle_step_and_no_riec() -> None:
    summary = play({"role": "burgemeester", "confidential_information": "asked",
                    "confidential_asked_who": ["family"], "confidential_asked_discussed": "no"}).summary()
    assert "informatie_afschermen" in advice_ids(summary)
    assert "goed bedoeld" in all_text(summary)
    item = next(a for a in summary.advice if a.id == "informatie_afschermen")
    assert "riec" not in {r.id for r in item.referrals}


# -- advice for the new questions, with contacts that serve the role -----------------------------------------------

TRIGGERS: dict[str, tuple[list[str], dict[str, Any]]] = {
    "eigen_zaak_buiten": ([r for r in ROLES if r not in ("kandidaat_bewindspersoon", "kandidaat_raadslid")],
                          {"disputes": "ongoing", "disputes_who": "own"}),
    "buitenland_alert": (ROLES, {"foreign_contacts_any": "yes", "foreign_contacts": ["approach"]}),
    "giften_open": ([r for r in PARTY if r not in ("kandidaat_bewindspersoon", "kandidaat_raadslid")],
                    {"party_finance": "interested"}),
    "formateur_gesprek": (["kandidaat_bewindspersoon"], {"disputes": "ongoing", "disputes_who": "relative"}),
    "kandidaat_screening": (["kandidaat_raadslid"], {"local_property": "yes_plans"}),
    "wethouder_vog": (["wethouder"], {"scan_moment": "eerste", "vog_status": "doubt"}),
}


def _cases() -> list[tuple[str, str]]:
    return [(advice, role) for advice, (roles, _) in sorted(TRIGGERS.items()) for role in roles]


@pytest.mark.parametrize(("advice", "role"), _cases())
def test_the_advice_for_a_new_answer_names_contacts_that_serve_the_role(advice: str, role: str) -> None:
    _, answers = TRIGGERS[advice]
    summary = play({"role": role, **answers}).summary()
    assert advice in advice_ids(summary), advice_ids(summary)
    item = next(a for a in summary.advice if a.id == advice)
    assert item.referrals, "no one to turn to"
    contacts = scan().contacts
    for referral in item.referrals:
        assert referral.id is not None
        contact = contacts[referral.id]
        assert role in contact.audiences, (referral.id, role)
        assert contact.holds != role, f"a {role} is sent to {referral.id}"


@pytest.mark.parametrize("role", ["burgemeester", "wethouder", "gemeentesecretaris", "raadslid"])
def test_the_safety_advice_of_decentral_office_holders_names_the_vertrouwenslijn(role: str) -> None:
    summary = play({"role": role, "intimidation": "several", "intimidation_detail": ["online"],
                    "intimidation_reported": "no"}).summary()
    referrals = {r.id for a in summary.advice if a.domain == "veiligheid" for r in a.referrals}
    assert "vertrouwenslijn" in referrals
    vertrouwenslijn = scan().contacts["vertrouwenslijn"]
    assert "2014" in vertrouwenslijn.remit and vertrouwenslijn.url == "www.devertrouwenslijn.nl"


def test_the_support_team_is_only_for_the_own_safety_of_decentral_political_office_holders() -> None:
    for advice in scan().advice:
        for audience, ids in advice.contacts.items():
            if "ondersteuningsteam_weerbaar_bestuur" in ids:
                assert advice.domain == "veiligheid", advice.id
                assert audience in ("burgemeester", "wethouder", "raadslid"), (advice.id, audience)


def test_the_riec_is_never_a_reporting_route_for_anyone_but_a_mayor() -> None:
    for advice in scan().advice:
        for audience, ids in advice.contacts.items():
            if "riec" in ids:
                assert audience == "burgemeester", (advice.id, audience)
    for role in ("wethouder", "kandidaat_bewindspersoon", "gemeentesecretaris"):
        summary = play({"role": role, "undue_influence": "yes", "confidential_information": "asked",
                        "confidential_asked_who": ["stranger"], "foreign_contacts_any": "yes",
                        "foreign_contacts": ["approach"]}).summary()
        assert "RIEC" not in all_text(summary), role


# -- wording for a candidate and for a sitting office holder -----------------------------------------------------


def text_of(session: Session, node: str) -> str:
    return session.node_text(session.flow.nodes[node])


@pytest.mark.parametrize("role", ["wethouder", "burgemeester", "topambtenaar", "bewindspersoon"])
def test_a_sitting_office_holder_is_asked_about_the_position_she_holds(role: str) -> None:
    first = play({"role": role, "scan_moment": "eerste"})
    sitting = play({"role": role, "scan_moment": "halverwege"})
    assert "gaat vervullen" in text_of(first, "personal_safety")
    assert "nu u deze functie vervult" in text_of(sitting, "personal_safety")
    assert "gaat beschikken" in text_of(first, "confidential_information")
    assert "gaat beschikken" not in text_of(sitting, "confidential_information")
    assert "gaat u werken" in text_of(first, "portfolio")
    assert "werkt u" in text_of(sitting, "portfolio")
    assert "de afgelopen twee jaar" in text_of(first, "foreign_contacts_any")
    assert "sinds uw benoeming" in text_of(sitting, "foreign_contacts_any")


def test_a_candidate_keeps_the_candidate_wording_whatever_the_moment() -> None:
    session = play({"role": "kandidaat_raadslid", "scan_moment": "halverwege"})
    assert "gaat vervullen" in text_of(session, "personal_safety")
    # a candidate has no organisation with an aggression protocol yet
    assert "kandidaatstelling" in text_of(session, "aggression_norm")
    assert "organisatie" not in text_of(session, "aggression_norm")


def test_the_english_follows_the_same_moment() -> None:
    first = play({"role": "wethouder", "scan_moment": "eerste"}, "en")
    sitting = play({"role": "wethouder", "scan_moment": "anders"}, "en")
    assert "now that you are taking up this position" in text_of(first, "personal_safety")
    assert "now that you hold this position" in text_of(sitting, "personal_safety")


# -- privacy is not a risk -----------------------------------------------------------------------------------------


def test_keeping_something_personal_private_scores_no_risk() -> None:
    private = play({"role": "wethouder", "dependencies": ["secret"]})
    assert private.tally().scores["afhankelijkheid"] == 0
    assert "dependencies_talk" not in asked(private)  # and it is not questioned further
    assert private.summary().domains[[d.id for d in private.summary().domains].index("afhankelijkheid")].level \
        == "low"
    leverage = play({"role": "wethouder", "dependencies": ["leverage"], "dependencies_talk": "yes"})
    assert leverage.tally().scores["afhankelijkheid"] == 2


# -- facts: no figure without its year, none older than 2018 ---------------------------------------------------------

MINE = ("flows/modules/self.yaml", "flows/advice.yaml", "flows/domains.yaml", "flows/contacts.yaml",
        "flows/modules/summary.yaml", "flows/modules/intake.yaml")
FIGURE = re.compile(r"\d+\s*%|\bprocent\b|\bpercent\b|\bruim \d+|\bmore than \d+|\been kwart\b|\ba quarter\b"
                    r"|\been derde\b|\bone in (?:three|four|five)\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def my_texts() -> list[tuple[str, str]]:
    from babel.messages.pofile import read_po

    texts: list[tuple[str, str]] = []
    for po in sorted((ROOT / "locales" / "en" / "LC_MESSAGES").glob("content*.po")):
        with po.open("rb") as fh:
            for m in read_po(fh):
                if m.id and any(loc[0] in MINE for loc in m.locations):
                    for text in (m.id if isinstance(m.id, tuple) else (m.id,)):
                        texts.append((po.name, text))
                    for text in (m.string if isinstance(m.string, tuple) else (m.string,)):
                        texts.append((po.name, text))
    return texts


def test_every_figure_in_these_texts_names_a_year_from_2018_on() -> None:
    texts = my_texts()
    assert len(texts) > 500
    with_figures = 0
    for catalog, text in texts:
        for sentence in re.split(r"(?<=[.?!])\s+|%}", text):
            if FIGURE.search(sentence):
                with_figures += 1
                years = [int(y) for y in YEAR.findall(sentence)]
                assert years, f"{catalog}: a figure without its year: {sentence!r}"
                assert max(years) >= 2018, f"{catalog}: a figure from before 2018: {sentence!r}"
    assert with_figures >= 4  # the aggression figures per role and the home scan, in both languages


def test_the_2016_monitor_is_gone_and_the_latest_figures_are_shown_per_role() -> None:
    assert not any("2016" in text for _, text in my_texts())
    for role, figure in [("raadslid", "28%"), ("wethouder", "40%"), ("burgemeester", "43%")]:
        session = play({"role": role, "intimidation": "no"})
        why = session.texts.render(session.flow.nodes["intimidation"].why or "", session.render_context())
        assert figure in why and "Staat van het Bestuur 2018" in why, (role, why)
