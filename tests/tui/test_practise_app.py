"""`dialoog practise` as a user meets it: pick a theme, search a card or take a random one; choose an option and
write a reflection; the feedback shows the considerations, the four perspectives, how groups voted (from a trainer
record on this machine) and the user's own choices over time; progress is kept, encrypted, across two runs."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

from dialoog.store import FAST_KDF, MemoryStore, Store
from dialoog.tui.practise.app import Begin, PractiseApp
from dialoog.tui.practise.screens import CardScreen, FeedbackScreen, PickerScreen
from dialoog.tui.screens.passphrase import PassphraseScreen

from .conftest import flat

CONTENT = Path(__file__).resolve().parents[1] / "practising" / "content"
PASS = "correct horse battery"


def practise(store: Any = None, begin: Begin | None = None, data: Path | None = None, lang: str = "nl",
             **kwargs: Any) -> PractiseApp:
    if store is None and "passphrase" not in kwargs:
        store = MemoryStore()
    return PractiseApp(lang, data, CONTENT, begin, store=store, kdf=FAST_KDF, rng=random.Random(7), blink=False,
                       **kwargs)


async def at(pilot: Any, kind: type, what: str, tries: int = 300) -> Any:
    """Let the app work until its screen is a `kind` (the store's workers are not waited for: the passphrase
    screen's ends with the screen)."""
    for _ in range(tries):
        await pilot.pause()
        if isinstance(pilot.app.screen, kind):
            await pilot.pause()
            return pilot.app.screen
        await asyncio.sleep(0.02)
    raise AssertionError(f"expected {what}; the screen is {pilot.app.screen!r}:\n{flat(pilot.app)}")


def cards_listed(app: PractiseApp) -> list[str]:
    from textual.widgets import OptionList

    cards = app.screen.query_one("#cards", OptionList)
    return [str(cards.get_option_at_index(i).id) for i in range(cards.option_count)]


def write_trainer_record(data: Path, card: str, votes: dict[str, int], name: str = "s1") -> None:
    """A trainer session record (schema 1, docs/training-record.md) on this machine."""
    folder = data / "training" / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    record = {"schema": 1, "id": name, "started": "2026-11-30T10:00:00+00:00", "updated": "2026-11-30T11:00:00+00:00",
              "lang": "nl", "deck": [card], "current": 0,
              "cards": [{"card": card, "votes": votes, "seconds": 300.0, "notes": "", "revealed": [], "closed": True}],
              "live": None}
    (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")


async def answer(pilot: Any, option: str, reflection: str = "") -> FeedbackScreen:
    await at(pilot, CardScreen, "a card")
    await pilot.press(option, *reflection, "enter")
    screen: FeedbackScreen = await at(pilot, FeedbackScreen, "the feedback")
    return screen


async def test_picking_a_theme_shows_only_its_cards(tmp_path: Path) -> None:
    app = practise()
    async with app.run_test(size=(100, 30)) as pilot:
        await at(pilot, PickerScreen, "the picker")
        assert cards_listed(app) == ["kaartjes", "wijn", "oude_vriend", "interview"]
        text = flat(app)
        assert "Geschenken en uitnodigingen (0/2)" in text and "Netwerken (0/2)" in text
        assert "Kaarten gedaan: 0 van 4" in text
        await pilot.press("shift+tab", "shift+tab", "down", "down")  # the themes list: Netwerken
        await pilot.pause()
        assert cards_listed(app) == ["wijn", "oude_vriend"]
        await pilot.press("enter", "enter")  # into the cards, open the first
        screen = await at(pilot, CardScreen, "the card")
        assert screen.card_id == "wijn"
        assert "Na een afscheid krijgt u een kist wijn" in flat(app)


async def test_the_search_finds_cards_by_their_words() -> None:
    app = practise()
    async with app.run_test(size=(100, 30)) as pilot:
        await at(pilot, PickerScreen, "the picker")
        await pilot.press("ctrl+f", *"journalist zondag")
        await pilot.pause()
        assert cards_listed(app) == ["interview"]
        app.screen.query_one("#search").value = "nergens"  # nothing matches: said so
        await pilot.pause()
        assert "Geen kaart past bij 'nergens'." in flat(app)


async def test_a_random_card_is_one_not_done_yet() -> None:
    store = MemoryStore()
    app = practise(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await at(pilot, PickerScreen, "the picker")
        seen = []
        for _ in range(4):
            await pilot.press("f5")
            screen = await at(pilot, CardScreen, "a random card")
            seen.append(screen.card_id)
            await answer(pilot, "1")
            await pilot.press("escape")
            await at(pilot, PickerScreen, "the picker")
        assert sorted(seen) == ["interview", "kaartjes", "oude_vriend", "wijn"]
        assert "U hebt elk thema gedaan." in flat(app)


async def test_the_command_line_begins_at_a_theme_a_card_or_a_random_card() -> None:
    app = practise(begin=Begin(card="interview"))
    async with app.run_test(size=(100, 30)) as pilot:
        assert (await at(pilot, CardScreen, "the card")).card_id == "interview"
    app = practise(begin=Begin(theme="media"))
    async with app.run_test(size=(100, 30)) as pilot:
        await at(pilot, PickerScreen, "the picker")
        assert cards_listed(app) == ["interview"]
    app = practise(begin=Begin(theme="geschenken", random=True))
    async with app.run_test(size=(100, 30)) as pilot:
        assert (await at(pilot, CardScreen, "a random card")).card_id in ("kaartjes", "wijn")


async def test_the_feedback_shows_considerations_perspectives_and_group_votes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_trainer_record(data, "kaartjes", {"a": 6, "b": 3, "c": 0, "d": 1})
    write_trainer_record(data, "kaartjes", {"a": 2, "b": 0, "c": 0, "d": 0}, name="s2")
    app = practise(data=data)
    async with app.run_test(size=(100, 60)) as pilot:
        await at(pilot, PickerScreen, "the picker")
        await pilot.press("enter")
        await answer(pilot, "2", "Eerst melden voelt veilig.")
        text = flat(app)
        assert "Uw keuze: B. U meldt het eerst." in text
        assert "Eerst melden voelt veilig." in text
        for key in "ABCD":
            assert f"Overweging bij {key} voor kaartjes voor de finale." in text
        for who in ("De compliance officer over", "Uw partner over", "Een journalist over", "Een burger over"):
            assert who in text
        assert "8 (67%)" in text and "3 (25%)" in text and "12 stemmen in totaal." in text


async def test_a_few_group_votes_are_not_shown(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_trainer_record(data, "kaartjes", {"a": 1, "b": 1, "c": 0, "d": 0})
    app = practise(data=data)
    async with app.run_test(size=(100, 60)) as pilot:
        await at(pilot, PickerScreen, "the picker")
        await pilot.press("enter")
        await answer(pilot, "1")
        text = flat(app)
        assert "Minder dan 3 stemmen" in text and "(50%)" not in text


async def test_a_reflection_with_markup_or_an_escape_is_shown_as_typed() -> None:
    app = practise()
    async with app.run_test(size=(100, 60)) as pilot:
        await at(pilot, PickerScreen, "the picker")
        await pilot.press("enter")
        await at(pilot, CardScreen, "a card")
        await pilot.press("1")
        app.screen.query_one("#reflection").insert_text_at_cursor("[b]vet[/b] \x1b[31mrood")
        await pilot.press("enter")
        await at(pilot, FeedbackScreen, "the feedback")
        assert "[b]vet[/b] ␛[31mrood" in flat(app)


async def test_choosing_nothing_says_so() -> None:
    app = practise()
    async with app.run_test(size=(100, 30)) as pilot:
        await at(pilot, PickerScreen, "the picker")
        await pilot.press("enter")
        await at(pilot, CardScreen, "a card")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, CardScreen) and "Kies eerst een optie." in flat(app)


async def test_progress_and_own_choice_over_two_sessions_in_the_encrypted_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = practise(data=data, passphrase=None)  # a new user: chooses a passphrase
    async with app.run_test(size=(100, 40)) as pilot:
        await at(pilot, PassphraseScreen, "the passphrase screen")
        await pilot.press(*PASS, "enter", *PASS, "enter")
        await at(pilot, PickerScreen, "the picker")
        await pilot.press("enter")
        feedback = await answer(pilot, "2", "Eerst melden.")
        assert "Dit is de eerste keer dat u deze kaart tegenkomt." in flat(app)
        assert feedback is app.screen
    app.close_store()
    with Store.open(data, PASS, kdf=FAST_KDF) as store:  # what is kept is sealed: the text is not in the file
        assert store.get_record("practice", "progress")["history"]["kaartjes"][0]["reflection"] == "Eerst melden."
    assert b"Eerst melden" not in (data / "store.sqlite").read_bytes()

    app = practise(data=data, passphrase=None)  # the next day: enter the passphrase
    async with app.run_test(size=(100, 40)) as pilot:
        await at(pilot, PassphraseScreen, "the passphrase screen")
        await pilot.press(*PASS, "enter")
        await at(pilot, PickerScreen, "the picker")
        text = flat(app)
        assert "Kaarten gedaan: 1 van 4" in text and "Thema's gedaan: 1 van 3" in text
        assert "Probeer hierna: Netwerken" in text
        assert "✓ Kaartjes voor de finale" in text
        await pilot.press("enter")
        await at(pilot, CardScreen, "the card again")
        assert "U kwam deze kaart al eens eerder tegen" in flat(app)
        await answer(pilot, "1")
        text = flat(app)
        assert "Uw keuze is veranderd: eerst B, nu A." in text
    app.close_store()


async def test_the_same_choice_twice_is_said_too() -> None:
    app = practise()
    async with app.run_test(size=(100, 60)) as pilot:
        await at(pilot, PickerScreen, "the picker")
        for _ in range(2):
            await pilot.press("enter")
            await answer(pilot, "3")
            await pilot.press("escape")
            await at(pilot, PickerScreen, "the picker")
        await pilot.press("enter")
        await answer(pilot, "3")
        assert "U maakte elke keer dezelfde keuze." in flat(app)


async def test_a_new_start_resumes_the_card_the_user_was_at() -> None:
    store = MemoryStore()
    app = practise(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await at(pilot, PickerScreen, "the picker")
        await pilot.press("down", "enter")
        assert (await at(pilot, CardScreen, "the card")).card_id == "wijn"
    app = practise(store)  # a reload in the browser: a new process on the same store
    async with app.run_test(size=(100, 30)) as pilot:
        assert (await at(pilot, CardScreen, "the card the user was at")).card_id == "wijn"
        await pilot.press("escape")
        await at(pilot, PickerScreen, "the picker")
    app = practise(store)  # back at the picker when they left: the picker
    async with app.run_test(size=(100, 30)) as pilot:
        await at(pilot, PickerScreen, "the picker")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_next_card_stays_in_the_theme() -> None:
    app = practise(begin=Begin(card="kaartjes"))
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, "1")
        await pilot.press("n")
        assert (await at(pilot, CardScreen, "the next card")).card_id == "wijn"


async def test_an_unexpected_error_leaves_a_crash_log_without_the_reflection(tmp_path: Path) -> None:
    from dialoog.locations import state_dir

    app = practise()
    async with app.run_test(size=(100, 30)) as pilot:
        await at(pilot, PickerScreen, "the picker")

        def broken(*args: Any) -> None:
            raise RuntimeError(f"cannot keep {args!r}")

        assert app.book is not None
        app.book.answer = broken  # type: ignore[method-assign]
        await pilot.press("enter")
        await at(pilot, CardScreen, "a card")
        await pilot.press("1", *"mijn geheime overweging", "enter")
        for _ in range(50):
            await pilot.pause()
            if not app.is_running:
                break
    assert app.crashed
    note = app.farewell()
    assert "onverwachte fout" in note and "mijn geheime overweging" not in note
    logs = list((state_dir() / "crashes").glob("*.log"))
    assert logs and all("geheime" not in log.read_text(encoding="utf-8") for log in logs)
