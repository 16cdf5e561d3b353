"""The advice a user gets: few, specific, prioritised (issue 14 item 6), and properties over many sessions.

The summary opens with at most three main actions, the strongest signals first; the rest follows by
domain. Overlapping items are merged; steps know earlier answers; an item about a network entry names
it as plain text; "because" names the one to three deciding answers in words. Over random sessions:
few items, every item reachable, every reached item has someone to turn to.
"""

from __future__ import annotations

import json
import os
import statistics
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_advice_profiles import PROFILES, load_profile, play, play_profile, summary_text
from test_levels import session_with as declining  # a random session that declines with a given chance

from dialoog.cli import main
from dialoog.engine import Session
from dialoog.engine.scores import Summary
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.locations import content_root
from dialoog.play import auto, run

ROOT = content_root()
SEEDS = range(1, 31)
# how many random seeds the reachability search may try (after the profiles); raise it to search further
REACH_SEEDS = int(os.environ.get("DIALOOG_REACH_SEEDS", "130"))  # ondermijning_bespreken first at random:122


@cache
def scan() -> Flow:
    return load_library(ROOT).flow("scan")


@cache
def random_session(seed: int, lang: str = "nl") -> Session:
    session = Session(scan(), lang, ROOT)
    run(session, auto("random", seed))
    return session


def random_summaries() -> list[Summary]:
    return [random_session(seed).summary() for seed in SEEDS]


def reads_declined(advice_id: str) -> bool:
    from dialoog.flow.expressions import analyse

    adv = next(a for a in scan().advice if a.id == advice_id)
    return adv.condition is not None and "declined" in analyse(adv.condition).context


def level_only(advice_id: str) -> bool:
    adv = next(a for a in scan().advice if a.id == advice_id)
    return adv.level is not None and adv.condition is None and adv.entries is None


# -- few ------------------------------------------------------------------------------------------


def test_over_thirty_random_sessions_the_median_is_at_most_nine_items() -> None:
    # Was eight. Round 5 added the questions the content review found missing (land in the municipality,
    # disputes with the government, foreign contacts, party donations, the VOG and the formateur's talk):
    # random answers pick a risk answer on about half of them, where a real user mostly answers "no".
    # Their advice replaces the generic items where it can (see flows/advice.yaml), and one more item in
    # the median of random sessions is the cost; realistic profiles (tests/profiles) keep their own limits.
    counts = [len(s.advice) for s in random_summaries()]
    assert statistics.median(counts) <= 9, sorted(counts)


def test_the_attention_and_the_high_item_of_a_domain_never_both_appear() -> None:
    for summary in [*random_summaries(), play_summary("high")]:
        generic = [a.domain for a in summary.advice if level_only(a.id)]
        assert len(generic) == len(set(generic)), [a.id for a in summary.advice]


def test_an_item_that_replaces_another_never_appears_with_it() -> None:
    replaces = {a.id: set(a.replaces) for a in scan().advice}
    for summary in [*random_summaries(), play_summary("high")]:
        shown = {a.id: a for a in summary.advice}
        for advice_id, item in shown.items():
            for other in replaces[advice_id] & set(shown):
                # items about network entries may both stay, but never about the same entry
                assert item.about and shown[other].about, (advice_id, other)
                assert not set(item.about) & set(shown[other].about), (advice_id, other, item.about)


def play_summary(strategy: str) -> Summary:
    session = Session(scan(), "nl", ROOT)
    run(session, auto(strategy))
    return session.summary()


# -- prioritised ------------------------------------------------------------------------------------


def test_the_main_actions_lead_and_the_rest_follows_by_domain() -> None:
    domains = list(scan().domains)
    for summary in random_summaries():
        ids = [a.id for a in summary.advice]
        assert len(summary.top) == min(3, len(ids))
        assert ids[: len(summary.top)] == list(summary.top)
        rest = summary.advice[len(summary.top):]
        assert [domains.index(a.domain) for a in rest] == sorted(domains.index(a.domain) for a in rest)
        # a specific signal outranks generic domain advice
        if rest:
            assert min(a.strength for a in summary.top_advice) >= max(a.strength for a in rest)


def test_a_doubt_about_an_attempt_to_influence_is_not_treated_as_bribery() -> None:
    answers = load_profile("golden_wethouder_zwager")["answers"]
    assert answers["undue_influence"] == "unsure"
    session = play_profile("golden_wethouder_zwager", "nl")
    ids = [a.id for a in session.summary().advice]
    assert "beinvloeding_melden" not in ids
    assert "aangifte" not in summary_text(session).split("## Uw drie belangrijkste acties")[1].split("###")[1]


# -- specific: steps, names, because ------------------------------------------------------------------


def steps_of(summary: Summary) -> list[str]:
    return [step for a in summary.advice for step in a.steps]


@pytest.mark.parametrize(
    ("changes", "present", "absent"),
    [
        ({"home_security_check": "done"}, [], ["Laat een woningscan doen", "Vraag een woningscan aan"]),
        ({"home_security_check": "planned"}, ["U wilt al een woningscan laten doen: goed."], []),
        ({"safety_agreements": "yes", "intimidation_reported": "yes"},
         ["U hebt wat er gebeurde al gemeld."], ["Doe aangifte bij bedreiging. Bel bij direct gevaar 112."]),
        ({"online_check": "yes"}, [], ["Zoek op wat er online over u te vinden is"]),
        ({"online_check": "no"}, ["Zoek op wat er online over u te vinden is"], []),
    ],
)
def test_steps_take_earlier_answers_into_account(
    changes: dict[str, Any], present: list[str], absent: list[str], tmp_path: Path
) -> None:
    """A person who already had a home scan, or already reported a threat, is not told to do it."""
    answers = dict(load_profile("golden_burgemeester_bedreigd")["answers"], home_security_check="not_needed",
                   safety_agreements="no", intimidation_reported="no", online_presence=["address", "old_posts"],
                   confidential_habits=["public_places"], online_check="no")
    answers.update(changes)
    steps = " | ".join(steps_of(play_answers(answers, tmp_path).summary()))
    for text in present:
        assert text in steps
    for text in absent:
        assert text not in steps


def play_answers(answers: dict[str, Any], tmp_path: Path, lang: str = "nl") -> Session:
    return play(answers, lang)


NASTY = "**Jan** [klik](http://x.nl) <b>`j`</b>"


def test_an_item_about_a_network_entry_names_it_as_plain_text(tmp_path: Path) -> None:
    answers = load_profile("golden_gemeentesecretaris_aannemer")["answers"]
    answers["network"][0]["name"] = NASTY
    session = play_answers(answers, tmp_path)
    item = next(a for a in session.summary().advice if a.id == "netwerk_zorgen")
    assert item.about == (NASTY,)
    assert {r.entry for r in item.reasons} == {NASTY}
    # the summary text and the TUI escape it for Markdown, so it shows literally
    text = summary_text(session)
    assert NASTY not in text
    assert "\\*\\*Jan\\*\\* \\[klik\\]\\(http://x.nl\\) \\<b\\>\\`j\\`\\</b\\>" in text
    from dialoog.tui.screens.summary import SummaryScreen

    markdown = SummaryScreen(session).advice_markdown(1, item)
    assert NASTY not in markdown and "\\*\\*Jan\\*\\*" in markdown


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_because_names_one_to_three_deciding_answers_in_words(lang: str) -> None:
    flow = scan()
    for seed in range(1, 11):
        session = random_session(seed, lang)
        for item in session.summary().advice:
            # an item about what was declined names every declined question; any other, one to three answers
            assert 1 <= len(item.reasons) <= (len(session.declined) if reads_declined(item.id) else 3), (seed, item.id)
            assert list(item.because) == list(dict.fromkeys(r.node for r in item.reasons))
            for reason in item.reasons:
                assert reason.answer, (item.id, reason)
                key = reason.followup or reason.node
                assert key in flow.topic_names, f"no topic name for '{key}'"
                topic = flow.topic_names[key]
                assert reason.topic == (topic if lang == "nl" else session.texts.t(topic))


def test_every_question_has_a_short_topic_name_in_both_languages() -> None:
    flow = scan()
    en = Session(flow, "en", ROOT).texts
    questions = [n for n in flow.nodes.values() if n.is_question and n.kind != "card"]
    for node in [*questions, *(f for n in questions for f in n.followups)]:
        assert node.id in flow.topic_names, node.id
        assert en.t(flow.topic_names[node.id]) != flow.topic_names[node.id], node.id


def test_a_decisive_answer_is_named_and_a_marginal_one_is_not(tmp_path: Path) -> None:
    """Both true sides of an `or` are named; an answer that did not decide it is not."""
    session = play_profile("golden_topambtenaar_geschenken", "nl")
    gifts = next(a for a in session.summary().advice if a.id == "geschenken_registreren")
    assert gifts.because == ("gifts_frequency", "gifts_handling")
    session = play_profile("golden_wethouder_zwager", "en")
    first = session.summary().advice[0]
    assert [(r.entry, r.topic, r.answer) for r in first.reasons] == [
        ("Zwager P.", "business with your government body", "Yes"),
        ("Zwager P.", "interest in your decisions", "Yes"),
    ]


# -- json -------------------------------------------------------------------------------------------


def test_play_json_adds_top_and_the_because_words_and_keeps_the_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import yaml

    answers = load_profile("golden_wethouder_zwager")["answers"]
    dealt = play_profile("golden_wethouder_zwager", "en")  # the cards it was dealt, written out for `play`
    answers |= {k: v for k, v in dealt.answers.items() if k not in answers}
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    assert main(["play", "scan", "--answers", str(path), "--lang", "en", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert set(summary) >= {"domains", "top", "advice"}
    assert summary["top"] == [a["id"] for a in summary["advice"][: len(summary["top"])]]
    first = summary["advice"][0]
    assert {"id", "domain", "title", "because", "because_words", "about"} <= set(first)
    assert first["id"] == "netwerk_opdrachten" and first["about"] == ["Zwager P."]
    assert first["because"] == ["network"]
    assert first["because_words"][0] == {"node": "network", "topic": "business with your government body",
                                         "answer": "Yes", "entry": "Zwager P.", "followup": "government_dealings"}


# -- properties: reachable, someone to turn to --------------------------------------------------------


def witnesses() -> dict[str, str]:
    """For each advice item, a profile or random seed whose summary holds it (profiles first)."""
    wanted = {a.id for a in scan().advice}
    found: dict[str, str] = {}
    for path in sorted(PROFILES.glob("*.yaml")):
        for item in play_profile(path.stem, "nl").summary().advice:
            found.setdefault(item.id, path.stem)
    for seed in range(1, REACH_SEEDS + 1):
        if wanted <= set(found):
            break
        for item in random_session(seed).summary().advice:
            found.setdefault(item.id, f"random:{seed}")
    return found


def test_every_advice_item_is_reachable() -> None:
    found = witnesses()
    missing = sorted({a.id for a in scan().advice} - set(found))
    assert missing == [], f"no witness within the profiles and random:1..{REACH_SEEDS}"


def test_every_item_has_someone_to_turn_to_for_every_audience_that_can_reach_it() -> None:
    """Every advice item, for every audience (and for a user without one, practising), refers to contacts that
    exist in flows/contacts.yaml; and every audience that reached an item in a witness session got them."""
    flow = scan()
    audiences = {*flow.role_audience.values(), None}
    for adv in flow.advice:
        for audience in audiences:
            contacts = adv.contacts.get(audience or "", adv.contacts.get("default", []))
            assert contacts, (adv.id, audience)
            assert all(c in flow.contacts for c in contacts), (adv.id, audience, contacts)
    for seed in SEEDS:
        session = random_session(seed)
        for item in session.summary().advice:
            assert item.referrals and all(r.id in flow.contacts for r in item.referrals), (seed, item.id)


@settings(max_examples=int(os.environ.get("DIALOOG_ADVICE_EXAMPLES", "15")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), share=st.sampled_from([0.5, 0.9, 1.0]))
def test_declined_questions_never_yield_low_for_their_domain(seed: int, share: float) -> None:
    """A domain none of whose reached deciding questions was answered is never 'low' (advlevels' `unknown`)."""
    session = declining(seed, share)
    tally = session.tally()
    flow = session.flow
    for domain in flow.domains.values():
        if domain.unknown is None:
            continue
        open_ids = set(tally.open.get(domain.id, ()))
        reached = [n for n in domain.unknown.deciding if "." not in n and (n in session.answers or n in open_ids)]
        if reached and all(n in open_ids for n in reached):
            assert tally.levels[domain.id] != "low", (domain.id, reached)


@settings(max_examples=int(os.environ.get("DIALOOG_ADVICE_EXAMPLES", "15")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), share=st.sampled_from([0.0, 0.1, 0.5]))
def test_no_role_is_referred_to_itself_in_any_session(seed: int, share: float) -> None:
    session = declining(seed, share)
    audience = session.context()["role_audience"]
    for item in session.summary().advice:
        for referral in item.referrals:
            contact = session.flow.contacts.get(referral.id or "")
            assert contact is not None, (item.id, referral)
            assert audience is None or contact.holds != audience, (audience, item.id, contact.id)


# -- fuzzed: any session -----------------------------------------------------------------------------


@settings(max_examples=int(os.environ.get("DIALOOG_ADVICE_EXAMPLES", "15")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), lang=st.sampled_from(["nl", "en"]))
def test_any_session_gets_a_short_ordered_merged_summary(seed: int, lang: str) -> None:
    session = Session(scan(), lang, ROOT)
    run(session, auto("random", seed))
    summary = session.summary()
    ids = [a.id for a in summary.advice]
    assert len(ids) == len(set(ids))
    assert len(summary.top) <= 3 and ids[: len(summary.top)] == list(summary.top)
    generic = [a.domain for a in summary.advice if level_only(a.id)]
    assert len(generic) == len(set(generic))
    for item in summary.advice:
        assert 1 <= len(item.reasons) <= (len(session.declined) if reads_declined(item.id) else 3)
        assert item.contacts and item.steps
        assert all(reason.answer for reason in item.reasons)
