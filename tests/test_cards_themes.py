"""The dilemma cards of the new themes (debts, foreign contacts, land and property, disputes with the
government, the media, speaking up) and the fixes to draaideur, geschenken, informatie, netwerken and
sociale_media (review `content.md` M1, M3, L2, L9, §5): what a trainer or a user reads on the card."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from dialoog.flow.extract import texts_in_file
from dialoog.flow.library import load_library
from dialoog.flow.model import Card, Flow
from dialoog.i18n import content_translations
from dialoog.locations import content_root

ROOT = content_root()
NEW_FILES = ["schulden", "buitenland", "grond_vastgoed", "geschillen", "media", "tegenspraak"]
FIXED_FILES = ["draaideur", "geschenken", "informatie", "netwerken", "sociale_media"]
NEW_THEMES = ["schulden", "buitenland", "grond_vastgoed", "geschillen", "media", "tegenspraak"]
AUDIENCES = ["kandidaat_bewindspersoon", "bewindspersoon", "topambtenaar", "burgemeester", "wethouder",
             "gemeentesecretaris", "kandidaat_raadslid", "raadslid"]
MINISTERS = {"bewindspersoon", "kandidaat_bewindspersoon"}
# names this engineer may use (c5-common.md); each at most once in the whole deck
POOL = ["Arjen", "Bianca", "Chantal", "Daan", "Eva", "Floor", "Guus", "Hugo", "Ingrid", "Jasper", "Kim", "Lars",
        "Miriam", "Noor", "Oscar", "Petra", "Quinten", "Roos", "Stijn", "Thijs", "Ursula", "Vera", "Ilse", "Nadia",
        "Ravi", "Jelena"]
# names the review found reused across cards, and names from the other card engineer's pool
NOT_IN_MY_FILES = ["Jeroen", "Ronald", "Dennis", "Erik", "Ahmed", "Sandra", "Ayse", "Frank", "Marloes"]


@cache
def scan() -> Flow:
    return load_library(ROOT).flow("scan")


def file_of(card: Card) -> str:
    return Path(card.pos.path).stem


def cards_in(files: list[str]) -> list[Card]:
    return [c for c in scan().cards.values() if file_of(c) in files]


def dutch_text(card: Card) -> str:
    """Everything a user reads on the card, in Dutch."""
    parts = [card.title, card.situation, card.question, *card.perspectives.values(), *card.reflection]
    parts += [part for o in card.options for part in (o.text, o.considerations)]
    return " ".join(parts)


def test_there_are_at_least_sixteen_new_cards_and_every_new_theme_has_at_least_three() -> None:
    new = cards_in(NEW_FILES)
    assert len(new) >= 16
    themes = Counter(t for c in scan().cards.values() for t in c.themes)
    for theme in NEW_THEMES:
        assert themes[theme] >= 3, theme
        assert any(c.themes[0] == theme for c in new), f"no new card leads with {theme}"


def test_every_audience_reaches_twelve_cards_in_the_deck() -> None:
    audiences = Counter(a for c in scan().cards.values() for a in c.audiences)
    for audience in AUDIENCES:
        assert audiences[audience] >= 12, audience


@pytest.mark.parametrize("stem", NEW_FILES)
def test_every_new_card_is_complete(stem: str) -> None:
    for card in cards_in([stem]):
        assert [o.key for o in card.options] == ["a", "b", "c", "d"], card.id
        assert all(len(o.text) > 20 and len(o.considerations) > 80 for o in card.options), card.id
        # each option weighs an upside and a downside: at least two sentences
        assert all(len(re.findall(r"[.?!](\s|$)", o.considerations)) >= 2 for o in card.options), card.id
        assert set(card.perspectives) == {"compliance", "partner", "journalist", "citizen"}, card.id
        assert 2 <= len(card.reflection) <= 3, card.id
        assert card.themes and card.audiences and card.sources, card.id
        assert len(card.situation) > 250, card.id


@pytest.mark.parametrize("stem", NEW_FILES + FIXED_FILES)
def test_every_text_of_my_cards_has_its_english_translation(stem: str) -> None:
    en = content_translations("en", ROOT)
    texts = texts_in_file(ROOT / "flows" / "cards" / f"{stem}.yaml")
    assert texts
    untranslated = [t for t, _pos, key in texts if en.gettext(t) == t and key != "sources"]
    assert untranslated == []
    # the English uses the glossary's terms, never the Dutch word for the function
    english = " ".join(en.gettext(t) for t, _pos, _key in texts if _key != "sources")
    assert "vertrouwensfunctionaris" not in english and "compliance functionaris" not in english


@pytest.mark.parametrize("stem", NEW_FILES + FIXED_FILES)
def test_no_card_for_a_minister_names_a_compliance_officer_or_a_line_manager(stem: str) -> None:
    # ministers have the confidential officer (in office) or the formateur (candidates); top civil servants
    # have the TMG compliance officer and a line manager (review M3)
    for card in cards_in([stem]):
        if MINISTERS & set(card.audiences):
            text = dutch_text(card).lower()
            assert "compliance officer" not in text, card.id
            assert "leidinggevende" not in text, card.id


def test_the_cooling_off_card_separates_the_cooling_off_period_from_the_lobbying_ban() -> None:
    card = scan().cards["dd_afkoelperiode_oud_minister"]
    text = dutch_text(card)
    assert "Adviescollege rechtspositie politieke ambtsdragers" in card.situation
    assert "afkoelperiode" in card.situation and "lobbyverbod" in card.situation
    assert "uw oude ministerie" not in text and "het oude ministerie" not in text
    assert "bij uw benoeming" not in text.lower()
    compliance = card.perspectives["compliance"]
    assert "36 549" in compliance and "in juni 2025 aangenomen door de Tweede Kamer" in compliance
    assert "Of de wet al geldt, moet u nagaan" in compliance
    assert any("Adviescollege" in s for s in card.sources)
    # the option the review praises stays: directing the lobby without phoning
    assert "belt zelf niemand" in card.options[0].text
    en = content_translations("en", ROOT)
    assert "adopted by the House of Representatives in June 2025" in en.gettext(compliance)


def test_gift_rules_name_the_rijk_limit_and_the_line_manager() -> None:
    card = scan().cards["gift_bekerfinale"]
    compliance = card.perspectives["compliance"]
    assert "50 euro" in compliance and "leidinggevende" in compliance and "huisadres" in compliance
    assert "vaak rond de 50" not in compliance
    assert "compliance officer" not in dutch_text(card)


def test_premises_that_hold_only_for_a_sitting_office_holder_or_only_at_the_start_say_so() -> None:
    cards = scan().cards
    assert cards["dd_lobbybureau_laatste_maanden"].when == "scan_moment != 'eerste'"
    assert cards["grond_huis_bij_nieuw_park"].when == "scan_moment != 'eerste'"
    assert cards["soc_oude_tweet"].when == "scan_moment == 'eerste'"
    # the job offer from a consultancy the ministry hired is for top civil servants, not for ministers
    assert cards["dd_baan_adviesbureau"].audiences == ["topambtenaar"]


def test_straw_man_options_are_defensible_or_plainly_not_allowed() -> None:
    cards = scan().cards
    assert "niet helemaal verkeerd" not in dutch_text(cards["info_journalist_vriendin"])
    knipoog = cards["info_besloten_vergadering"].options[2]
    assert "knipoog" in knipoog.text and "mag niet" in knipoog.considerations
    lie = [o.text for o in cards["info_bouwplan_zwager"].options]
    assert not any("u het niet weet" in t for t in lie)


def test_the_near_duplicates_now_tell_their_own_dilemma() -> None:
    cards = scan().cards
    # partner's brother: bel_zwager_subsidie keeps him; the building-plan card is about a village council
    assert "broer van uw partner" not in cards["info_bouwplan_zwager"].situation
    assert "dorpsraad" in cards["info_bouwplan_zwager"].situation
    # ex-colleague at a consultancy: only the job offer keeps the consultancy
    assert "adviesbureau" in cards["dd_baan_adviesbureau"].situation
    for card_id in ("info_shortlist_oud_collega", "net_appgroep_oud_collegas"):
        assert "adviesbureau" not in cards[card_id].situation, card_id
    # a "good word": no longer a permit pushed to the top of the stack
    goed = cards["net_goed_woordje"].situation
    assert "vergunning" not in goed and "bestuur van de ondernemersvereniging" in goed


def test_names_in_my_cards_come_from_my_pool_and_are_used_once_in_the_deck() -> None:
    mine = " ".join(dutch_text(c) for c in cards_in(NEW_FILES + FIXED_FILES))
    for name in NOT_IN_MY_FILES:
        assert not re.search(rf"\b{name}\b", mine), name
    deck = {c.id: dutch_text(c) for c in scan().cards.values()}
    for name in POOL:
        holders = [card_id for card_id, text in deck.items() if re.search(rf"\b{name}\b", text)]
        assert len(holders) <= 1, (name, holders)


def test_the_adviser_option_has_a_real_cost_or_limit() -> None:
    # options that ask an adviser what to do (review §5: groups learn to pick them and the discussion dies)
    adviser = re.compile(r"(bespreekt|vraagt|vertelt)\b.{0,90}(adviseur|compliance officer|vertrouwensfunctionaris|"
                         r"vertrouwenspersoon|beveiligingsambtenaar)")
    limit = re.compile(r"alleen advi|beslist niet|beslist niets|keuze blijft|zelf kiezen|eigen keuze|vastleggen|"
                       r"legt .* vast|kost (ook )?(wat )?tijd|kost maanden|tijd, en|niet zelf|wacht|te laat|"
                       r"kan .* niet")
    for card in cards_in(NEW_FILES + FIXED_FILES):
        for option in card.options:
            if adviser.search(option.text):
                assert limit.search(option.considerations), (card.id, option.key)


def test_journalist_and_citizen_are_not_a_generic_he() -> None:
    pronoun = re.compile(r"\b(hij|hem)\b(?! of (zij|haar))")
    for card in cards_in(NEW_FILES + FIXED_FILES):
        for who in ("journalist", "citizen"):
            assert not pronoun.search(card.perspectives[who]), (card.id, who)
