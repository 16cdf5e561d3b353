"""The dilemma cards for local government: the new cards for mayors, municipal secretaries and the council,
and the fixes in the local card files (content review of December 2026, §2 M3/M4/M8, §5)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from dialoog.flow.expressions import compile_condition
from dialoog.flow.library import load_library
from dialoog.flow.model import Card
from dialoog.i18n import content_translations
from dialoog.locations import content_root

ROOT = content_root()
NEW_FILES = ("burgemeester", "gemeentesecretaris", "raad")
FIXED_FILES = ("lokaal", "ondermijning", "druk_intimidatie", "nevenfuncties", "belangenverstrengeling")
MINISTERS = {"kandidaat_bewindspersoon", "bewindspersoon"}
APPOINTED = {"burgemeester", "gemeentesecretaris"}
# the first names the two card engineers may give to people in new or fixed cards (each at most once)
LOCAL_NAMES = [
    "Anneke", "Bart", "Carla", "Dirk", "Els", "Frank", "Gerrit", "Hanneke", "Iris", "Joost", "Karin", "Lotte",
    "Marloes", "Niels", "Olga", "Pieter", "Rianne", "Sem", "Tessa", "Wim", "Yusuf", "Mei", "Samira", "Priya",
    "Kofi", "Tomasz",
]
THEME_NAMES = [
    "Arjen", "Bianca", "Chantal", "Daan", "Eva", "Floor", "Guus", "Hugo", "Ingrid", "Jasper", "Kim", "Lars",
    "Miriam", "Noor", "Oscar", "Petra", "Quinten", "Roos", "Stijn", "Thijs", "Ursula", "Vera", "Ilse", "Nadia",
    "Ravi", "Jelena",
]
NAME_POOLS = LOCAL_NAMES + THEME_NAMES


@cache
def cards() -> tuple[Card, ...]:
    return tuple(load_library(ROOT).cards.values())


def in_files(stems: tuple[str, ...]) -> list[Card]:
    return [c for c in cards() if Path(c.pos.path).stem in stems]


def texts(card: Card) -> Iterator[str]:
    yield card.title
    yield card.situation
    yield card.question
    for option in card.options:
        yield option.text
        yield option.considerations
    yield from card.perspectives.values()
    yield from card.reflection


def card(card_id: str) -> Card:
    return next(c for c in cards() if c.id == card_id)


def option(card_id: str, key: str) -> str:
    return next(o.considerations for o in card(card_id).options if o.key == key)


def english(text: str) -> str:
    return content_translations("en", ROOT).gettext(text)


def test_there_are_at_least_sixteen_new_cards_for_mayors_secretaries_and_the_council() -> None:
    new = in_files(NEW_FILES)
    by_file = defaultdict(list)
    for c in new:
        by_file[Path(c.pos.path).stem].append(c)
    assert len(new) >= 16
    assert len([c for c in by_file["burgemeester"] if "burgemeester" in c.audiences]) >= 6
    assert len([c for c in by_file["gemeentesecretaris"] if "gemeentesecretaris" in c.audiences]) >= 5
    assert len([c for c in by_file["raad"] if {"raadslid", "kandidaat_raadslid"} & set(c.audiences)]) >= 5
    themes = {t for c in new for t in c.themes}
    assert {"openbare_orde", "tegenspraak"} <= themes


@pytest.mark.parametrize("stem", NEW_FILES + FIXED_FILES)
def test_every_local_card_reads_completely_in_english(stem: str) -> None:
    for c in in_files((stem,)):
        for text in [*texts(c), *c.sources]:
            assert text.strip(), c.id
            translated = english(text)
            assert translated, (c.id, text)
            assert translated != text, (c.id, text)


def test_no_first_name_appears_on_two_cards_in_the_whole_deck() -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for c in cards():
        body = " ".join([*texts(c)])
        for name in NAME_POOLS:
            if re.search(rf"\b{name}\b", body):
                seen[name].add(c.id)
    assert {name: ids for name, ids in seen.items() if len(ids) > 1} == {}


def test_reused_names_are_gone_from_the_local_cards() -> None:
    """The review found Jeroen, Ronald, Dennis, Erik, Ahmed and Sandra on several cards, and favour-seekers
    named after one background (Ahmed, Fatma, Ayse) or class (Kevin)."""
    local = " ".join(t for c in in_files(NEW_FILES + FIXED_FILES) for t in texts(c))
    for name in ("Jeroen", "Ronald", "Erik", "Ahmed", "Sandra", "Kevin", "Fatma", "Ayse"):
        assert not re.search(rf"\b{name}\b", local), name
    assert len({c.id for c in in_files(NEW_FILES + FIXED_FILES) if re.search(r"\bDennis\b", c.situation)}) <= 1


def test_no_card_for_a_mayor_or_secretary_assumes_an_election() -> None:
    for c in cards():
        if APPOINTED & set(c.audiences):
            assert not re.search(r"kieslijst|fractie|uw stem", c.situation, re.IGNORECASE), c.id


def test_no_local_card_a_minister_can_get_names_a_compliance_officer_or_line_manager() -> None:
    for c in in_files(NEW_FILES + FIXED_FILES):
        if MINISTERS & set(c.audiences):
            for text in texts(c):
                assert not re.search(r"compliance officer|leidinggevende", text, re.IGNORECASE), (c.id, text)


def test_a_candidate_list_premise_holds_only_for_those_on_a_list() -> None:
    for c in in_files(NEW_FILES + FIXED_FILES):
        if "kieslijst" in c.situation.lower() and set(c.audiences) - {"kandidaat_raadslid"}:
            assert c.when, c.id
    donor = compile_condition(card("ond_gulle_donateur").when or "")
    assert donor({"role": "kandidaat_raadslid", "scan_moment": "eerste"})
    assert donor({"role": "wethouder", "scan_moment": "halverwege"})
    assert not donor({"role": "wethouder", "scan_moment": "eerste"})
    assert APPOINTED.isdisjoint(card("ond_gulle_donateur").audiences)


@pytest.mark.parametrize(
    ("card_id", "moment", "shown"),
    [
        ("raad_beraadslaging_partner", "eerste", False),
        ("raad_beraadslaging_partner", "halverwege", True),
        ("bgm_melding_wethouder", "eerste", False),
        ("bgm_melding_wethouder", "anders", True),
        ("nev_familiebedrijf", "eerste", True),
        ("nev_familiebedrijf", "halverwege", False),
    ],
)
def test_a_premise_for_a_sitting_or_new_office_holder_has_a_condition(card_id: str, moment: str, shown: bool) -> None:
    when = card(card_id).when
    assert when is not None
    assert compile_condition(when)({"role": card(card_id).audiences[0], "scan_moment": moment}) is shown


@pytest.mark.parametrize(
    ("card_id", "key", "why"),
    [
        ("lok_vereniging_stemmen", "b", "artikel 363"),
        ("ond_riec_signaal", "d", "artikel 272"),
        ("raad_geheime_stukken", "a", "artikel 272"),
        ("bgm_bibob_eigen_besluit", "c", "geheimhouden"),
        ("nev_familiebedrijf", "b", "bewindspersoon"),
        ("nev_betaalde_lezing", "b", "bewindspersoon"),
        ("bel_aandelen_energiebedrijf", "d", "bewindspersoon"),
    ],
)
def test_an_option_that_is_not_allowed_says_so_plainly(card_id: str, key: str, why: str) -> None:
    text = option(card_id, key)
    assert re.search(r"mag niet|kan dit niet", text), text
    assert why in text
    assert re.search(r"not allowed|not possible", english(text)), english(text)


def test_the_garbled_reporting_option_names_the_right_route_per_role() -> None:
    text = next(o.text for o in card("bel_aandelen_energiebedrijf").options if o.key == "c")
    assert "zelfreflectie" not in text
    assert "formateur" in text and "vertrouwensfunctionaris" in text


def test_individuals_are_sent_to_the_police_not_to_the_riec() -> None:
    for c in in_files(NEW_FILES + FIXED_FILES):
        for text in texts(c):
            assert not re.search(r"(melden|meldt|signalen)[^.]*\b(bij|via) het RIEC", text), (c.id, text)
    assert "Meld Misdaad Anoniem" in card("ond_chalet_vakantiepark").perspectives["compliance"]


def test_nobody_is_sent_to_themselves() -> None:
    """A municipal secretary is not told to report to the municipal secretary, a mayor not to the mayor."""
    for c in in_files(NEW_FILES + FIXED_FILES):
        for o in c.options:
            if "gemeentesecretaris" in c.audiences:
                assert "gemeentesecretaris" not in o.text, (c.id, o.key)
            if "burgemeester" in c.audiences:
                assert "bij de burgemeester" not in o.text, (c.id, o.key)


def test_abstaining_since_2023_covers_the_deliberation() -> None:
    for card_id in ("bel_plan_naast_eigen_huis", "nev_voetbalclub_kunstgras", "raad_beraadslaging_partner"):
        c = card(card_id)
        assert any("beraadslaging" in t for t in texts(c)), card_id
    assert "beraadslaging" in option("bel_plan_naast_eigen_huis", "d")
    assert "kandidaat_raadslid" not in card("bel_plan_naast_eigen_huis").audiences


def test_near_duplicates_in_the_local_files_now_differ() -> None:
    local = in_files(FIXED_FILES + NEW_FILES)
    assert [c.id for c in local if "goed woordje" in c.situation] == ["lok_baan_voor_neef"]
    assert [c.id for c in local if "contant" in c.situation] == ["lok_sponsor_wasstraat"]


# an option that hands the question to someone else: an adviser, the clerk, a confidential adviser or officer,
# the formateur, the King's Commissioner, the party's confidential committee or chair
ADVISER = re.compile(
    r"(vraagt|legt|bespreekt|belt|meldt)\b[^.]*\b(advies aan|adviseur|griffier|vertrouwenspersoon|"
    r"vertrouwensfunctionaris|commissaris van de koning|vertrouwenscommissie|formateur|voorzitter)",
    re.IGNORECASE,
)
# what makes it a real choice: the adviser only advises, the decision stays yours, it takes time the situation
# does not have, the adviser has an interest or may have to act, it costs something personal
LIMIT = re.compile(
    r"alleen advis|adviseert alleen|alleen steunen|blijft (wel )?(van|bij) u|beslist (u|niet)|niet voor u|"
    r"niet zelf kiest|dagen|week|wacht|vol zitten|lost [^.]* niet|zelf belang|bevriend|kwetsbaar|verder gaan"
)


def test_the_adviser_option_has_a_real_cost_in_the_local_cards() -> None:
    local = in_files(NEW_FILES + FIXED_FILES)
    adviser_options = [(c.id, o) for c in local for o in c.options if ADVISER.search(o.text)]
    assert len(adviser_options) >= 15
    weak = [card_id for card_id, o in adviser_options if "kost wat tijd" in o.considerations]
    assert weak == []
    without = [card_id for card_id, o in adviser_options if not LIMIT.search(o.considerations)]
    assert len(without) <= len(adviser_options) // 5, without


def test_generic_journalists_and_citizens_are_not_all_he() -> None:
    for c in in_files(NEW_FILES + FIXED_FILES):
        for who in ("journalist", "citizen"):
            text = c.perspectives[who]
            if re.search(r"\b(Hij|hij|hem)\b", text):
                assert re.search(r"hij of zij|hem of haar", text, re.IGNORECASE), (c.id, who, text)
