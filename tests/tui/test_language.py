"""One language at a time: the passphrase screens, the store problem screen, the conversation and the command
palette (its 'no matches' line too) show no words of the other language, in nl and in en.

The tell-tale words come from the program's catalog (locales/nl/LC_MESSAGES/ui*.po): footer words and
headings that differ between the two languages. The F9 key names the other language on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandPalette

from dialoog.store import FAST_KDF
from dialoog.tui.screens.passphrase import PassphraseScreen, StoreProblemScreen

from .conftest import begin, flat, make_app, settle, until

TELLTALE = {
    "en": ["Quit", "Passphrase", "Choose a passphrase", "Why?", "Commands", "No matches found",
           "No matching commands", "Save and begin", "Open", "Search for a command"],
    "nl": ["Stoppen", "Wachtwoord", "Kies een wachtwoord", "Waarom?", "Opdrachten", "Geen opdrachten gevonden",
           "Bewaren en beginnen", "Openen", "Zoek een opdracht"],
}
LANGUAGE_NAMES = ("English", "Nederlands")


def other_words(lang: str, text: str) -> list[str]:
    """Words of the other language on the screen (whole words; the other language's name is allowed)."""
    other = "en" if lang == "nl" else "nl"
    return [w for w in TELLTALE[other] if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def store_app(data: Path, lang: str):
    return make_app(lang, use_store=True, data_dir=data, kdf=FAST_KDF)


async def check_screen(pilot, lang: str, own: str) -> None:
    text = flat(pilot.app)
    assert own in text, text
    assert other_words(lang, text) == [], text


async def palette_without_matches(pilot, lang: str) -> None:
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the command palette")
    await pilot.press(*"xyzzy")
    expected = "Geen opdrachten gevonden" if lang == "nl" else "No matching commands"
    for _ in range(100):  # the palette searches in a worker, and says 'no matches' after half a second
        await pilot.pause(0.05)
        if expected in flat(pilot.app):
            break
    await pilot.pause(0.6)  # past Textual's own 'No matches found' delay
    await check_screen(pilot, lang, expected)
    await pilot.press("escape")


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_choose_passphrase_and_palette_in_one_language(tmp_path: Path, lang: str) -> None:
    app = store_app(tmp_path / "data", lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        await check_screen(pilot, lang, "Opdrachten" if lang == "nl" else "Commands")
        await palette_without_matches(pilot, lang)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PassphraseScreen), "the passphrase screen")
        await check_screen(pilot, lang, "Kies een wachtwoord" if lang == "nl" else "Choose a passphrase")
        assert ("^q Stoppen" if lang == "nl" else "^q Quit") in flat(app)
        await palette_without_matches(pilot, lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_enter_passphrase_in_one_language(tmp_path: Path, lang: str) -> None:
    from dialoog.store import Store

    data = tmp_path / "data"
    Store.open(data, "mijn geheime zin", kdf=FAST_KDF).close()
    app = store_app(data, lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PassphraseScreen), "the passphrase screen")
        await check_screen(pilot, lang, "Typ uw wachtwoord" if lang == "nl" else "Enter your passphrase")


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_store_problem_in_one_language(tmp_path: Path, lang: str) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "store.sqlite").write_bytes(b"this is not a database" * 100)
    app = store_app(data, lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StoreProblemScreen), "the store problem screen")
        await check_screen(pilot, lang, "Stoppen" if lang == "nl" else "Quit")
