"""The glossary (flows/glossary.yaml) and the card themes (flows/themes.yaml) are content that `dialoog check` reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialoog.catalog import update_catalogs
from dialoog.check import run_check
from dialoog.flow.library import load_library
from dialoog.flow.vocabulary import Term
from dialoog.locations import program_root

GLOSSARY = """\
terms:
  - nl: woningscan
    en: home scan
  - nl: nevenfunctie
    en: side position
    unless: [nevenfunctiesregister]
"""


def test_the_real_content_keeps_every_glossary_term() -> None:
    lib = load_library(program_root())
    assert len(lib.glossary) >= 25
    found = [str(p) for p in run_check(program_root()).problems if p.code == "DLG054"]
    assert found == []


def test_every_glossary_term_has_one_english_term_and_no_two_dutch_terms_repeat() -> None:
    terms = load_library(program_root()).glossary
    dutch = [t.nl.lower() for t in terms]
    assert len(dutch) == len(set(dutch))
    assert all(t.en.strip() for t in terms)


def _with_glossary(root: Path, msgid: str, msgstr: str) -> Path:
    (root / "flows" / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    po = root / "locales" / "en" / "LC_MESSAGES" / "content.po"
    po.write_text(po.read_text(encoding="utf-8") + f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    return po


def test_a_translation_without_the_fixed_term_is_reported_at_its_line_in_the_catalog(valid_root: Path) -> None:
    po = _with_glossary(valid_root, "Vraag een woningscan aan.", "Ask for a home security check.")
    line = po.read_text(encoding="utf-8").splitlines().index('msgid "Vraag een woningscan aan."') + 1
    found = [p for p in run_check(valid_root).problems if p.code == "DLG054"]
    assert [(Path(p.path).name, p.line) for p in found] == [("content.po", line)]
    assert "'home scan'" in found[0].message and "glossary.yaml:2" in found[0].message


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Vraag een woningscan aan.", "Ask for a Home Scan."),  # any case
        ("Twee nevenfuncties.", "Two side positions."),  # a plural starts with the term
        ("Het nevenfunctiesregister.", "The register."),  # a word under `unless`
        ("{% if role == 'woningscan' %}Ja{% endif %}", "{% if role == 'woningscan' %}Yes{% endif %}"),  # code
    ],
)
def test_what_counts_as_keeping_the_term(valid_root: Path, msgid: str, msgstr: str) -> None:
    _with_glossary(valid_root, msgid, msgstr)
    assert [p for p in run_check(valid_root).problems if p.code == "DLG054"] == []


def test_a_term_matches_at_the_start_of_a_word_only() -> None:
    term = Term(nl="raadslid", en="council member")
    assert term.used_in("Een raadslid vraagt") and not term.used_in("gemeenteraadslid")
    assert not Term(nl="scan", en="scan").used_in("woningscan")


def test_the_card_themes_are_content_and_a_misspelt_theme_is_named(valid_root: Path) -> None:
    (valid_root / "flows" / "themes.yaml").write_text(
        "themes:\n  - {id: geschenken, title: Geschenken}\n  - {id: media, title: De media}\n", encoding="utf-8"
    )
    cards = valid_root / "flows" / "cards" / "kaarten.yaml"
    cards.write_text(cards.read_text(encoding="utf-8").replace("themes: [geschenken]", "themes: [mdia]"),
                     encoding="utf-8")
    found = [p for p in run_check(valid_root).problems if p.code == "DLG026"]
    assert len(found) == 1 and "'mdia'" in found[0].message and "media" in found[0].message
    assert list(load_library(valid_root).themes) == ["geschenken", "media"]


def test_the_real_themes_cover_every_card_and_each_has_an_english_title() -> None:
    lib = load_library(program_root())
    assert {t for c in lib.cards.values() for t in c.themes} <= set(lib.themes)
    assert not [p for p in run_check(program_root()).problems if p.path.endswith("themes.yaml")]


def test_new_texts_of_a_new_card_file_go_to_that_file_s_own_catalog(valid_root: Path) -> None:
    cards = valid_root / "flows" / "cards" / "kaarten.yaml"
    (valid_root / "flows" / "cards" / "nieuwe_kaarten.yaml").write_text(
        cards.read_text(encoding="utf-8").replace("id: kaartjes", "id: bloemen").replace(
            "title: Kaartjes", "title: Een bos bloemen"), encoding="utf-8")
    results = {path.name: added for added, path in update_catalogs(valid_root)}
    assert results["content-cards-nieuwe-kaarten.po"] == 1
    text = (valid_root / "locales" / "en" / "LC_MESSAGES" / "content-cards-nieuwe-kaarten.po").read_text("utf-8")
    assert 'msgid "Een bos bloemen"' in text
