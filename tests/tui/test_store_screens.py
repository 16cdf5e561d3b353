"""Passphrase screens on the real encrypted store: choose, enter, wrong, damaged; quit and resume."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialoog.store import FAST_KDF, Store
from dialoog.store.lock import LOCK_NAMES
from dialoog.tui.screens.conversation import ConversationScreen
from dialoog.tui.screens.passphrase import PassphraseScreen, StoreProblemScreen

from ._textual_harness import notifications
from .conftest import begin, flat, make_app, screen_text, settle, type_keys, until

PASS = "correct horse battery"


def store_app(data: Path, lang: str = "nl", **kwargs: object):
    return make_app(lang, use_store=True, data_dir=data, kdf=FAST_KDF, **kwargs)


async def type_text(pilot, text: str) -> None:
    await type_keys(pilot, *text, workers=False)


async def choose(pilot, first: str, second: str) -> None:
    await type_text(pilot, first)
    await pilot.press("enter")
    await type_text(pilot, second)
    await pilot.press("enter")


async def wait_for(pilot, kind: type) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind), kind.__name__)


def on_node(pilot, test) -> bool:
    screen = pilot.app.screen
    return isinstance(screen, ConversationScreen) and test(screen.turn.node)


async def first_answer(pilot) -> None:
    """Enter on the first message: the store opens (no screen when the passphrase is given), then the role."""
    await pilot.press("enter")
    await until(pilot, lambda: on_node(pilot, lambda node: node != "hello"), "the first answer taken")


async def wait_for_node(pilot, node: str) -> None:
    await until(pilot, lambda: on_node(pilot, lambda shown: shown == node), node)


async def test_first_session_chooses_a_passphrase_with_confirmation(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = store_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        assert "proefgesprek" in flat(app), "the first message shows before any passphrase"
        assert not Store.exists(data)
        await pilot.press("enter")
        await wait_for(pilot, PassphraseScreen)
        assert "Kies een wachtwoord" in flat(app)
        await choose(pilot, "short", "short")
        await pilot.pause()
        assert "te kort" in flat(app)
        await type_keys(pilot, *["backspace"] * 5, workers=False)
        await choose(pilot, PASS, PASS + "x")
        await pilot.pause()
        assert "niet gelijk" in flat(app)
        assert not Store.exists(data), "nothing is created before the passphrase is confirmed"
        await pilot.press("shift+tab")
        await type_keys(pilot, *["backspace"] * 40, workers=False)
        await type_text(pilot, PASS)
        await pilot.press("tab")
        await type_text(pilot, PASS)
        await pilot.press("enter")
        await wait_for_node(pilot, "role")  # the first answer is saved once the store is there
        await pilot.press("1")
        await pilot.pause()
    app.keeper.close()
    assert Store.exists(data)
    with Store.open(data, PASS) as store:
        [info] = store.sessions()
        state = store.load(info.id)
    assert state["answers"] == {"role": "bewindspersoon"}
    raw = b"".join(p.read_bytes() for p in data.iterdir() if p.is_file())
    assert b"bewindspersoon" not in raw, "no plaintext answers on disk"


async def test_quit_then_resume_where_you_were(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = store_app(data, passphrase=PASS)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await first_answer(pilot)
        await pilot.press("2", *"wonen", "enter", "j")
        await pilot.pause()
        assert app.screen.turn.node == "gifts_value"
        await pilot.press("right")  # a draft, not given
        await pilot.press("ctrl+q")
        await pilot.pause()
    app.keeper.close()
    assert app.farewell().startswith("Uw antwoorden zijn bewaard.")

    again = store_app(data)
    async with again.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        text = flat(again).replace("▎ ", "")
        # before the passphrase only a welcome back: nothing about the saved sessions, not even a count
        assert "Welkom terug." in text and "antwoord" not in text.split("Welkom terug.")[1]
        await pilot.press("enter")  # Open my scans
        await wait_for(pilot, PassphraseScreen)
        assert "Typ uw wachtwoord" in flat(again)
        await type_text(pilot, "not the passphrase")
        await pilot.press("enter")
        await pilot.pause()
        await settle(pilot)
        assert "gaan uw bewaarde antwoorden niet open" in flat(again)
        assert isinstance(again.screen, PassphraseScreen)
        await type_text(pilot, PASS)
        await pilot.press("enter")
        from dialoog.tui.screens.scans import ScansScreen

        await until(pilot, lambda: isinstance(again.screen, ScansScreen) and bool(again.screen.rows), "my scans")
        await pilot.press("down", "enter")  # the unfinished scan
        await until(pilot, lambda: isinstance(again.screen, ConversationScreen) and again.screen.offer is None,
                    "the conversation")
        screen = again.screen
        assert screen.turn.node == "gifts_value"
        assert again.session.answers == {"role": "raadslid", "portfolio": "wonen", "gifts": "yes"}
        text = flat(again)
        assert "Raadslid" in text and "wonen" in text, "the transcript is rebuilt"
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        assert again.session.answers["gifts_value"] == 2
    again.keeper.close()


async def test_start_again_instead_of_resuming(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = store_app(data, passphrase=PASS)
    async with first.run_test() as pilot:
        await begin(pilot)
        await first_answer(pilot)
        await pilot.press("1")
        await pilot.pause()
    first.keeper.close()
    app = store_app(data, passphrase=PASS)
    async with app.run_test() as pilot:
        await begin(pilot)
        assert "Welkom terug." in flat(app).replace("▎ ", "")
        await pilot.press("2")  # 'Begin a new scan'
        await pilot.pause()
        screen = app.screen
        assert screen.turn.node == "hello" and screen.session.answers == {} and screen.offer is None
        assert "Welkom terug." not in flat(app).replace("▎ ", "")
        await first_answer(pilot)
        assert app.keeper is not None and len(app.keeper.unfinished("tui")) == 2, "the earlier one is kept"
    app.keeper.close()


async def test_damaged_store_is_kept_aside_and_a_fresh_one_offered(tmp_path: Path) -> None:
    """Damaged so that no passphrase can be checked against it: the user is told, and only when they choose to
    begin anew is the file set aside (kept, not deleted)."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "store.sqlite").write_bytes(b"this is not a database" * 100)
    app = store_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, StoreProblemScreen)
        assert "konden niet worden gelezen" in flat(app) and "niet mee controleren" in flat(app)
        assert not [p for p in data.iterdir() if p.name.startswith("store.corrupt-")], "nothing moved yet"
        await pilot.press("enter")  # 'Begin with a new store'
        await wait_for(pilot, PassphraseScreen)
        kept = [p for p in data.iterdir() if p.name.startswith("store.corrupt-")]
        assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")
        await choose(pilot, PASS, PASS)
        await wait_for(pilot, ConversationScreen)
    app.keeper.close()
    assert Store.exists(data)


async def test_damaged_store_asks_the_passphrase_before_setting_it_aside(tmp_path: Path) -> None:
    """Damaged, but its key data is still readable (here: a table dialoog does not make): the passphrase is
    asked first; a wrong one changes nothing, the right one sets the file aside and says where."""
    import sqlite3

    data = tmp_path / "data"
    Store.open(data, PASS, kdf=FAST_KDF).close()
    conn = sqlite3.connect(data / "store.sqlite")
    conn.execute("CREATE TABLE planted(x)")
    conn.close()
    app = store_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, PassphraseScreen)
        assert "Typ uw wachtwoord" in flat(app)
        await type_text(pilot, "not the passphrase")
        await pilot.press("enter")
        await until(pilot, lambda: "niet open" in flat(app), "wrong passphrase said")
        assert sorted(p.name for p in data.iterdir()) == sorted(["store.sqlite", *LOCK_NAMES]), \
            "a wrong passphrase moves nothing"
        app.screen.query_one("Input").value = ""
        await type_text(pilot, PASS)
        await pilot.press("enter")
        await wait_for(pilot, StoreProblemScreen)
        kept = [p for p in data.iterdir() if p.name.startswith("store.corrupt-")]
        assert len(kept) == 1 and str(kept[0]) in "".join(screen_text(app).split())


async def test_store_unavailable_offers_to_go_on_without_saving(tmp_path: Path) -> None:
    data = tmp_path / "file-not-folder"
    data.write_text("x")
    app = store_app(data, passphrase=PASS)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, StoreProblemScreen)
        assert "kunnen nu niet worden bewaard" in flat(app)
        await pilot.press("enter")  # 'Go on without saving'
        await wait_for(pilot, ConversationScreen)
        assert "niet bewaard" in flat(app)
        assert app.keeper is not None and not app.keeper.persistent


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_passphrase_from_the_environment_skips_the_screen(tmp_path: Path, monkeypatch, lang: str) -> None:
    monkeypatch.setenv("DIALOOG_PASSPHRASE", PASS)
    app = store_app(tmp_path / "data", lang)
    async with app.run_test() as pilot:
        await begin(pilot)
        await first_answer(pilot)
        assert app.keeper is not None and app.keeper.persistent
    app.keeper.close()


async def test_every_answer_is_committed_before_the_next_question_shows(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = store_app(data, passphrase=PASS)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        await first_answer(pilot)
        await pilot.press("2", *"wonen", "enter")
        await pilot.pause()
        # the app is still running: read the store from outside, as after a kill -9
        with Store.open(data, PASS, kdf=FAST_KDF) as other:
            [info] = other.sessions()
            assert other.load(info.id)["answers"] == {"role": "raadslid", "portfolio": "wonen"}
    app.keeper.close()


async def test_disk_failing_mid_session_goes_on_in_memory_and_says_so(tmp_path: Path) -> None:
    from dialoog.store import StoreUnavailable

    data = tmp_path / "data"
    app = store_app(data, passphrase=PASS)
    async with app.run_test(size=(100, 30)) as pilot:
        await begin(pilot)
        await first_answer(pilot)
        await pilot.press("2")
        await pilot.pause()
        store = app.keeper.store

        def full(*args: object, **kwargs: object) -> None:
            raise StoreUnavailable("The disk is full.")

        store.save = full  # the disk fills up now
        await pilot.press(*"wonen", "enter")
        await pilot.pause()
        assert app.session.answers["portfolio"] == "wonen"  # the session goes on
        assert not app.keeper.persistent
        text = flat(app)
        assert "niet bewaard" in text
        assert any("The disk is full." in n.message for n in notifications(app))
        await pilot.press("j")
        await pilot.pause()
        assert app.session.answers.get("portfolio") == "wonen"
    app.keeper.close()
    assert "The disk is full." in app.farewell()  # the note printed after the app closes names the cause
