"""Conditions in words: one rendering for every condition form the flow format allows.

Table-driven over a small flow written to tmp_path: each condition is the `when` of a node (or an entry
rule, an advice item's `entries`, a step's `if`), so the loader checks it as `dialoog check` does, and the
review says it in words, quoting the question and the option labels. A form without a rendering falls back
to the expression itself, marked; `test_no_condition_of_the_shipped_content_falls_back` holds that the
shipped content uses none, and only forms this table covers.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialoog.flow.expressions import MISSING, compile_condition
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.locations import content_root
from dialoog.review.model import Builder, Field
from dialoog.review.words import Scope, Words, decide, forms

MODULE = {
    "id": "conds",
    "title": "Voorwaarden",
    "nodes": [
        {"id": "side", "kind": "yesno", "text": "Heeft u nevenfuncties?", "decline": True},
        {"id": "kinds", "kind": "multi", "text": "Welke soorten? Kies alles wat past.",
         "options": [{"value": "board", "label": "Bestuur"}, {"value": "paid", "label": "Betaald"},
                     {"value": "none", "label": "Geen van deze", "exclusive": True}]},
        {"id": "often", "kind": "scale", "text": "Hoe vaak?", "min": 1, "max": 5},
        {"id": "job", "kind": "choice", "text": "Welke baan?",
         "options": [{"value": "public", "label": "Publiek"}, {"value": "private", "label": "Privé"}]},
        {"id": "notes", "kind": "text", "text": "Uw notities?", "optional": True},
        {"id": "kaart", "kind": "network", "text": "Wie kent u?",
         "categories": [{"value": "family", "label": "Familie"}, {"value": "business", "label": "Zakelijk"}],
         "followups": [
             {"id": "banden", "kind": "yesno", "text": "Banden met {{ name }}?"},
             {"id": "hecht", "kind": "scale", "min": 1, "max": 5, "text": "Hoe hecht met {{ name }}?"},
         ]},
    ],
}

# (condition, the words in English; None: it falls back to the expression)
TOP = [
    ("side == 'yes'", "the answer to 'Heeft u nevenfuncties?' is 'Yes'"),
    ("side != 'yes'", "the answer to 'Heeft u nevenfuncties?' is not 'Yes'"),
    ("'no' == side", "the answer to 'Heeft u nevenfuncties?' is 'No'"),
    ("not side == 'yes'", "the answer to 'Heeft u nevenfuncties?' is not 'Yes'"),
    ("job in ['public', 'private']", "the answer to 'Welke baan?' is one of: 'Publiek' or 'Privé'"),
    ("job in ('public',)", "the answer to 'Welke baan?' is 'Publiek'"),
    ("job not in ['public']", "the answer to 'Welke baan?' is not 'Publiek'"),
    ("job not in ['public', 'private']", "the answer to 'Welke baan?' is none of: 'Publiek' and 'Privé'"),
    ("'board' in kinds", "'Bestuur' is chosen at 'Welke soorten?'"),
    ("'board' not in kinds", "'Bestuur' is not chosen at 'Welke soorten?'"),
    ("not 'board' in kinds", "'Bestuur' is not chosen at 'Welke soorten?'"),
    ("kinds", "at least one option is chosen at 'Welke soorten?'"),
    ("not kinds", "nothing is chosen at 'Welke soorten?'"),
    ("kinds|length > 1", "the number of options chosen at 'Welke soorten?' is more than 1"),
    ("kinds|count == 2", "the number of options chosen at 'Welke soorten?' is 2"),
    ("often >= 4", "the answer to 'Hoe vaak?' is 4 or more"),
    ("often > 3", "the answer to 'Hoe vaak?' is more than 3"),
    ("often <= 2", "the answer to 'Hoe vaak?' is 2 or less"),
    ("often < 2", "the answer to 'Hoe vaak?' is less than 2"),
    ("3 < often", "the answer to 'Hoe vaak?' is more than 3"),
    ("often == 3", "the answer to 'Hoe vaak?' is 3"),
    ("often|default(0) >= 4", "the answer to 'Hoe vaak?' is 4 or more"),
    ("1 < often < 4", "the answer to 'Hoe vaak?' is more than 1 and the answer to 'Hoe vaak?' is less than 4"),
    ("'geld' in notes", "the answer to 'Uw notities?' contains 'geld'"),
    ("'geld' not in notes", "the answer to 'Uw notities?' does not contain 'geld'"),
    ("notes", "'Uw notities?' was answered"),
    ("not notes", "'Uw notities?' was not answered (not asked, skipped or declined)"),
    ("notes is none", "'Uw notities?' was not answered (not asked, skipped or declined)"),
    ("notes is not none", "'Uw notities?' was answered"),
    ("notes == none", "'Uw notities?' was not answered (not asked, skipped or declined)"),
    ("notes != none", "'Uw notities?' was answered"),
    ("notes is defined", "'Uw notities?' was answered"),
    ("levels.belangen == 'high'", "the level of 'Belangen' is 'veel aandacht nodig'"),
    ("levels.belangen in ['attention', 'high']",
     "the level of 'Belangen' is one of: 'aandacht nodig' or 'veel aandacht nodig'"),
    ("levels['veiligheid'] != 'low'", "the level of 'Veiligheid' is not 'weinig aandacht nodig'"),
    ("levels.veiligheid == 'unknown'", "the level of 'Veiligheid' is 'onvoldoende beeld'"),
    ("scores.belangen >= 3", "the number of points for 'Belangen' is 3 or more"),
    ("scores['veiligheid'] < 1", "the number of points for 'Veiligheid' is less than 1"),
    ("role_audience == 'bewindspersoon'", "your role is 'Bewindspersoon'"),
    ("role_audience != 'raadslid'", "your role is not 'Raadslid'"),
    ("role_audience in ['bewindspersoon', 'raadslid']", "your role is one of: 'Bewindspersoon' or 'Raadslid'"),
    ("role_audience not in ['bewindspersoon', 'raadslid']",
     "your role is none of: 'Bewindspersoon' and 'Raadslid'"),
    ("role_audience in ['raadslid', none]", "your role is one of: 'Raadslid' or no role (practising)"),
    ("role_audience == none", "you have no role (you are practising)"),
    ("role_audience is not none", "you have a role (you are not practising)"),
    ("role == 'raadslid'", "the answer to 'Welke rol?' is 'Raadslid'"),
    ("lang == 'en'", "the language is English"),
    ("lang != 'nl'", "the language is not Dutch"),
    ("'side' in declined", "'Heeft u nevenfuncties?' was answered with 'Prefer not to say'"),
    ("'side' not in declined", "'Heeft u nevenfuncties?' was not answered with 'Prefer not to say'"),
    ("declined", "at least one question was answered with 'Prefer not to say'"),
    ("not declined", "no question was answered with 'Prefer not to say'"),
    ("declined|length > 2", "the number of questions answered with 'Prefer not to say' is more than 2"),
    ("kaart", "at least one name is on 'Wie kent u?'"),
    ("not kaart", "nobody is on 'Wie kent u?'"),
    ("kaart|length >= 3", "the number of names on 'Wie kent u?' is 3 or more"),
    ("kaart|length == 1", "the number of names on 'Wie kent u?' is 1"),
    ("kaart|selectattr('answers.banden', 'equalto', 'yes')|list",
     "for at least one name on 'Wie kent u?', the answer to 'Banden met [name]?' is 'Yes'"),
    ("kaart|selectattr('answers.banden', 'equalto', 'yes')|list|length > 0",
     "for at least one name on 'Wie kent u?', the answer to 'Banden met [name]?' is 'Yes'"),
    ("kaart|selectattr('answers.banden', 'equalto', 'yes')|list|length == 0",
     "the number of names on 'Wie kent u?' for which the answer to 'Banden met [name]?' is 'Yes' is 0"),
    ("not kaart|selectattr('answers.banden', '==', 'yes')|list",
     "for no name on 'Wie kent u?', the answer to 'Banden met [name]?' is 'Yes'"),
    ("kaart|selectattr('answers.hecht', 'ne', 5)|list|length >= 2",
     "the number of names on 'Wie kent u?' for which the answer to 'Hoe hecht met [name]?' is not 5 is 2 or more"),
    ("kaart|selectattr('answers.banden')|list",
     "for at least one name on 'Wie kent u?', 'Banden met [name]?' was answered"),
    ("kaart|rejectattr('answers.banden', 'equalto', 'yes')|list",
     "for at least one name on 'Wie kent u?', the answer to 'Banden met [name]?' is not 'Yes'"),
    ("side == 'yes' and often >= 4",
     "the answer to 'Heeft u nevenfuncties?' is 'Yes' and the answer to 'Hoe vaak?' is 4 or more"),
    ("side == 'yes' or 'board' in kinds",
     "the answer to 'Heeft u nevenfuncties?' is 'Yes' or 'Bestuur' is chosen at 'Welke soorten?'"),
    ("side == 'yes' and (often >= 4 or 'board' in kinds)",
     "the answer to 'Heeft u nevenfuncties?' is 'Yes' and (the answer to 'Hoe vaak?' is 4 or more "
     "or 'Bestuur' is chosen at 'Welke soorten?')"),
    ("job in ['public', 'private'] and side == 'yes'",
     "(the answer to 'Welke baan?' is one of: 'Publiek' or 'Privé') and "
     "the answer to 'Heeft u nevenfuncties?' is 'Yes'"),
    ("not (side == 'yes' and often >= 4)",
     "it is not so that (the answer to 'Heeft u nevenfuncties?' is 'Yes' and the answer to 'Hoe vaak?' is 4 or more)"),
    ("true", "always"),
    ("false", "never"),
    # forms without a rendering: the expression itself, marked
    ("side if notes else kinds", None),
    ("often + 1 > 3", None),
    ("side == job", None),
    ("kinds|join(',') == 'board'", None),
]

ENTRY = [  # an entry rule of the network question: its follow-ups by id, and `entry`
    ("banden == 'yes'", "the answer to 'Banden met [name]?' is 'Yes'"),
    ("banden == 'yes' and hecht >= 4",
     "the answer to 'Banden met [name]?' is 'Yes' and the answer to 'Hoe hecht met [name]?' is 4 or more"),
    ("entry.category == 'family'", "the category of the contact is 'Familie'"),
    ("entry.category in ['family', 'business']", "the category of the contact is one of: 'Familie' or 'Zakelijk'"),
    ("hecht|default(0) >= 4", "the answer to 'Hoe hecht met [name]?' is 4 or more"),
]

ENTRIES = [  # an advice item's `entries`: one entry of a network answer
    ("entry.answers.banden == 'yes'", "the answer to 'Banden met [name]?' is 'Yes'"),
    ("entry.answers.hecht|default(0) >= 4", "the answer to 'Hoe hecht met [name]?' is 4 or more"),
    ("entry.category != 'family' and entry.answers.banden == 'no'",
     "the category of the contact is not 'Familie' and the answer to 'Banden met [name]?' is 'No'"),
]

STEPS = [  # a step of an advice item about entries: `entries`, the entries it is about
    ("entries|selectattr('answers.banden', 'equalto', 'yes')|list",
     "for at least one of the contacts this advice is about, the answer to 'Banden met [name]?' is 'Yes'"),
    ("entries|length > 1", "the number of contacts this advice is about is more than 1"),
    ("entries|selectattr('answers.banden', 'equalto', 'no')|list|length >= 2",
     "the number of contacts this advice is about for which the answer to 'Banden met [name]?' is 'No' is 2 or more"),
    ("entries", "this advice is about at least one contact"),
]


def _flow(root: Path) -> tuple[Flow, Path]:
    module = dict(MODULE)
    nodes = list(module["nodes"])  # type: ignore[call-overload]  # the YAML above, as data
    for i, (condition, _words) in enumerate(TOP):
        nodes.append({"id": f"c{i}", "kind": "message", "text": f"Bericht {i}.", "when": condition})
    kaart = dict(nodes[5])
    kaart["entry_points"] = [{"if": c, "points": {"belangen": 1}} for c, _words in ENTRY]
    nodes[5] = kaart
    module["nodes"] = nodes
    (root / "flows" / "modules" / "conds.yaml").write_text(yaml.safe_dump(module, allow_unicode=True), "utf-8")
    (root / "flows" / "review.yaml").write_text(
        yaml.safe_dump({"id": "review", "title": "Voorwaarden", "modules": ["intro", "conds"]}), "utf-8")
    advice_path = root / "flows" / "advice.yaml"
    advice = yaml.safe_load(advice_path.read_text("utf-8"))
    for i, (condition, _words) in enumerate(ENTRIES):
        advice["advice"].append({
            "id": f"over_contacten_{i}", "domain": "belangen", "entries": condition, "priority": 1,
            "title": f"Advies {i}", "why": "Omdat.", "contacts": {"default": ["Integriteitsadviseur"]},
            "steps": [{"text": f"Stap {j}.", "if": c} for j, (c, _w) in enumerate(STEPS)],
        })
    advice_path.write_text(yaml.safe_dump(advice, allow_unicode=True), "utf-8")
    lib = load_library(root)
    assert not lib.problems, lib.problems
    flow = lib.flow("review")
    return flow, root


@pytest.fixture
def conds(mini_root: Path) -> tuple[Flow, Path]:
    return _flow(mini_root)


def test_every_condition_form_in_words(conds: tuple[Flow, Path]) -> None:
    flow, root = conds
    words = Words(flow, "en", root)
    kaart = flow.nodes["kaart"]
    scopes = [
        (TOP, words.top),
        (ENTRY, Scope({f.id: f for f in kaart.followups}, entry=True)),
        (ENTRIES, Scope(words.top.names, entry=True)),
        (STEPS, Scope(words.top.names, entries=True)),
    ]
    for table, scope in scopes:
        for condition, expected in table:
            phrase = words.condition(condition, scope)
            if expected is None:
                assert phrase.fallback, condition
                assert condition in phrase.text and phrase.text.startswith("[not put into words:")
            else:
                assert not phrase.fallback, condition
                assert phrase.text == expected, condition


def test_the_review_document_says_when_a_question_is_asked(conds: tuple[Flow, Path]) -> None:
    flow, root = conds
    doc = Builder(flow, "nl", root).document()
    entries = {e.anchor: e for e in doc.entries()}
    first = entries["node-c0"]
    condition = next(f for f in first.fields if f.label == "Voorwaarde")
    assert condition.text == (
        "alleen als het antwoord op 'Heeft u nevenfuncties?' 'Ja' is; anders slaat het gesprek dit over")
    fallback = entries[f"node-c{[c for c, _w in TOP].index('side if notes else kinds')}"]
    marked = next(f for f in fallback.fields if f.label == "Voorwaarde")
    assert marked.fallback and "side if notes else kinds" in marked.text
    rules = next(f for f in entries["node-kaart"].fields if f.label == "Punten voor signalen die samengaan")
    assert rules.items[0].text == "voor elke naam waarbij het antwoord op 'Banden met [naam]?' 'Ja' is: +1 Belangen"
    advice = entries["advice-over_contacten_0"]
    applies = next(f for f in advice.fields if f.label == "Geldt als")
    assert applies.items[0].text == (
        "het gaat over elke naam op de netwerkkaart waarbij het antwoord op 'Banden met [naam]?' 'Ja' is")
    steps = next(f for f in advice.fields if f.label == "Stappen")
    assert steps.items[0].items[0].text == ("bij minstens één van de contacten waar dit advies over gaat het "
                                            "antwoord op 'Banden met [naam]?' 'Ja' is")


def test_a_route_by_answer_says_after_which_question_and_answer(mini_root: Path) -> None:
    root = mini_root
    lib = load_library(root)
    doc = Builder(lib.flow("mini"), "nl", root).document()
    entries = {e.anchor: e for e in doc.entries()}
    comes = next(f for f in entries["node-gifts_value"].fields if f.label == "Volgt")
    assert [i.text for i in comes.items] == ["na 'Krijgt u geschenken?', als het antwoord 'Ja' is"]
    after = next(f for f in entries["node-stress"].fields if f.label == "Volgt")
    assert [i.text for i in after.items] == ["na 'Krijgt u geschenken?', in alle andere gevallen",
                                             "na 'Hoe waardevol?'"]


def shipped_conditions(flow: Flow, words: Words) -> list[tuple[str, Scope]]:
    """Every condition the review of a flow shows, with the scope it is read in: `when`, routes, entry rules,
    advice (the items that can apply in the flow) and their steps."""
    out: list[tuple[str, Scope]] = []
    for node in flow.nodes.values():
        if node.when:
            out.append((node.when, words.top))
        out += [(r.condition, words.top) for r in node.routes if r.condition]
        out += [(rule.condition, Scope({f.id: f for f in node.followups}, entry=True)) for rule in node.entry_points]
    for adv in Builder(flow, words.lang).advice_items():
        if adv.condition:
            out.append((adv.condition, words.top))
        if adv.entries:
            out.append((adv.entries, Scope(words.top.names, entry=True)))
        out += [(s.condition, Scope(words.top.names, entries=bool(adv.entries))) for s in adv.steps if s.condition]
    return out


def test_no_condition_of_the_shipped_content_falls_back() -> None:
    lib = load_library(content_root())
    covered = set().union(*(forms(c) for table in (TOP, ENTRY, ENTRIES, STEPS) for c, w in table if w))
    for flow_id in lib.flow_ids():
        flow = lib.flow(flow_id)
        for lang in ("nl", "en"):
            words = Words(flow, lang, content_root())
            for condition, scope in shipped_conditions(flow, words):
                phrase = words.condition(condition, scope)
                assert not phrase.fallback, (flow_id, condition)
                assert forms(condition) <= covered, (condition, forms(condition) - covered)
            doc = Builder(flow, lang, content_root()).document()
            marked = [f.text for e in doc.entries() for f in _all_fields(e.fields) if f.fallback]
            assert not marked, (flow_id, lang, marked)


def _all_fields(fields: list[Field]) -> list[Field]:
    return [x for f in fields for x in [f, *_all_fields(f.items)]]


# -- any combination of the forms ------------------------------------------------------------------------------

EXAMPLES = int(os.environ.get("DIALOOG_REVIEW_EXAMPLES", "60"))
ROLE_ATOMS = [
    "role_audience == 'bewindspersoon'", "role_audience != 'raadslid'", "role_audience in ['raadslid', none]",
    "role_audience not in ['bewindspersoon']", "role == 'raadslid'", "role_audience == none",
]
SPOKEN = [c for c, words in TOP if words] + ROLE_ATOMS
OTHER_ATOMS = ["side == 'yes'", "often >= 4", "'board' in kinds", "notes", "levels.belangen == 'high'",
               "kaart|selectattr('answers.banden', 'equalto', 'yes')|list"]


def conditions(atoms: list[str]) -> st.SearchStrategy[str]:
    return st.recursive(
        st.sampled_from(atoms),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
            inner.map(lambda c: f"not ({c})"),
        ),
        max_leaves=6,
    )


@pytest.fixture(scope="module")
def any_flow(tmp_path_factory: pytest.TempPathFactory) -> tuple[Flow, Path]:
    root = tmp_path_factory.mktemp("review") / "mini"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "mini", root)
    return _flow(root)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(condition=conditions(SPOKEN))
def test_any_combination_of_the_forms_is_put_in_words(any_flow: tuple[Flow, Path], condition: str) -> None:
    flow, root = any_flow
    for lang in ("nl", "en"):
        phrase = Words(flow, lang, root).condition(condition)
        assert not phrase.fallback, condition
        assert not {"==", "!=", "|", "selectattr", "role_audience"} & set(phrase.text.split()), phrase.text


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(condition=conditions(ROLE_ATOMS + OTHER_ATOMS), others=st.fixed_dictionaries({
    "side": st.sampled_from(["yes", "no", None]), "often": st.sampled_from([1, 4, 5, None]),
    "kinds": st.sampled_from([["board"], ["paid"], []]), "notes": st.sampled_from(["", "geld", None]),
    "kaart": st.sampled_from([[], [{"answers": {"banden": "yes"}}], [{"answers": {"banden": "no"}}]]),
    "levels": st.sampled_from([{"belangen": "high"}, {"belangen": "low"}]),
}))
def test_the_roles_an_item_is_for_agree_with_the_engine(
    any_flow: tuple[Flow, Path], condition: str, others: dict[str, object]
) -> None:
    """When the review says a condition holds (or not) for a role, the engine agrees, whatever the other
    answers are: that is how the review tells for which roles an advice item is, and which cards a role meets."""
    flow, root = any_flow
    words = Words(flow, "nl", root)
    for role, audience in [*flow.role_audience.items(), ("practice", None)]:
        decided = decide(condition, words, audience)
        if decided is not None:
            answers = {k: MISSING if v is None else v for k, v in others.items()}  # unanswered, as the engine has it
            context = {**answers, "role": role, "role_audience": audience}
            assert compile_condition(condition)(context) is decided, (condition, role)
