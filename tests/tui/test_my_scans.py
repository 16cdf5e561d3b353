"""My scans: after the passphrase the start screen lists the saved scans (continue, open at the summary, begin a
new one, forget one); before it nothing about them is shown. A repeat scan reviews the previous commitments and
can be compared with the previous scan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from dialoog.engine import Session
from dialoog.engine.agenda import commitment
from dialoog.flow.library import load_library
from dialoog.keeping.keeper import Keeper
from dialoog.play import from_file, run
from dialoog.store import FAST_KDF, Store
from dialoog.tui.screens.agenda_review import AgendaReviewScreen
from dialoog.tui.screens.compare import CompareScreen
from dialoog.tui.screens.conversation import ConversationScreen
from dialoog.tui.screens.passphrase import PassphraseScreen
from dialoog.tui.screens.scans import ConfirmScreen, ScansScreen
from dialoog.tui.screens.summary import SummaryScreen

from .conftest import CONTENT, begin, flat, make_app, type_keys, until

PASS = "correct horse battery"
EARLIER: dict[str, Any] = {"role": "bewindspersoon", "portfolio": "wonen", "gifts": "yes", "gifts_value": 5,
                           "stress": ["none"], "people": [{"name": "Anna", "category": "family", "ties": "yes"}],
                           "kaartjes": "b"}
LATER: dict[str, Any] = {**EARLIER, "gifts": "no", "stress": ["threats"],
                         "people": [{"name": "Anna", "category": "family", "ties": "no"},
                                    {"name": "Bert", "category": "business", "ties": "no"}]}


def keep(data: Path, *scans: dict[str, Any] | str, agenda: bool = False) -> list[str]:
    """Sessions of the test flow in a new store, in order: an answers mapping (finished), or a role (halfway).
    With `agenda`, the first finished one has two commitments."""
    flow = load_library(CONTENT).flow("tui")
    ids = []
    with Store.open(data, PASS, kdf=FAST_KDF) as store:
        keeper = Keeper(store)
        for scan in scans:
            session = Session(flow, "nl", CONTENT)
            keeper.start(session)
            if isinstance(scan, dict):
                run(session, from_file(flow, scan))
                if agenda and not any(isinstance(s, dict) for s in scans[:len(ids)]):
                    session.set_agenda([commitment("Geschenken registreren", advice="gifts_register", step=0),
                                        commitment("Praten met de secretaris", due="2027-03-01")])
            else:
                session.answer()
                session.answer(scan)
            keeper.save(session)
            assert keeper.session_id is not None
            ids.append(keeper.session_id)
    return ids


def store_app(data: Path, lang: str = "nl") -> Any:
    return make_app(lang, use_store=True, data_dir=data, kdf=FAST_KDF)


async def to_my_scans(pilot: Any) -> ScansScreen:
    """From the welcome back: 'my scans', the passphrase, the list."""
    app = pilot.app
    await begin(pilot)
    await pilot.press("enter")  # 1. Open my scans
    await until(pilot, lambda: isinstance(app.screen, PassphraseScreen), "the passphrase screen")
    await type_keys(pilot, *PASS, workers=False)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ScansScreen) and bool(app.screen.rows), "my scans")
    screen = app.screen
    assert isinstance(screen, ScansScreen)
    return screen


def options(screen: ScansScreen) -> list[str]:
    from textual.widgets import OptionList

    listing = screen.query_one(OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_nothing_about_the_scans_shows_before_the_passphrase(tmp_path: Path) -> None:
    data = tmp_path / "data"
    keep(data, EARLIER, "raadslid")
    app = store_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        before = flat(app).replace("▎ ", "")
        assert "Welkom terug" in before and "Mijn scans openen" in before and "Nieuwe scan beginnen" in before
        today = dt.date.today().isoformat()
        for secret in ("Raadslid", "Bewindspersoon", "raadslid", today, "afgerond", "antwoord", " 2 ", "twee"):
            assert secret not in before, f"{secret!r} shows before the passphrase:\n{before}"
        screen = await to_my_scans(pilot)
        lines = options(screen)
        assert lines[0] == "+ Nieuwe scan beginnen"
        assert "Raadslid" in lines[1] and "niet af: verder" in lines[1] and today in lines[1], lines
        assert "Bewindspersoon" in lines[2] and "afgerond: samenvatting openen" in lines[2], lines
    app.keeper.close()


async def test_an_unfinished_scan_continues_where_it_was(tmp_path: Path) -> None:
    data = tmp_path / "data"
    keep(data, EARLIER, "raadslid")
    app = store_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_my_scans(pilot)
        await pilot.press("down", "enter")  # the unfinished one (newest first)
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.offer is None,
                    "the conversation")
        assert app.screen.turn.node == "portfolio" and app.session.answers == {"role": "raadslid"}
        assert "Raadslid" in flat(app)
        await type_keys(pilot, *"wonen", "enter")
        await until(pilot, lambda: app.screen.turn.node == "gifts", "the next question")
    app.keeper.close()
    with Store.open(data, PASS) as store:
        unfinished = [i for i in store.sessions() if not i.finished]
        assert len(unfinished) == 1 and store.load(unfinished[0].id)["answers"]["portfolio"] == "wonen"


async def test_a_finished_scan_opens_at_its_summary_and_esc_goes_back_to_the_list(tmp_path: Path) -> None:
    data = tmp_path / "data"
    keep(data, EARLIER)
    app = store_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_my_scans(pilot)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        assert app.screen.session.finished and app.session is app.screen.session, "it is the scan being kept"
        assert "Registreer geschenken" in flat(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ScansScreen), "my scans again")
        await pilot.press("up", "enter")  # begin a new scan
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.offer is None,
                    "a new conversation")
        assert app.screen.turn.node == "hello" and not app.session.answers and not app.session.finished
    app.keeper.close()


async def test_a_repeat_scan_reviews_the_previous_commitments_and_saves_each(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (earlier,) = keep(data, EARLIER, agenda=True)
    app = store_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_my_scans(pilot)
        await pilot.press("enter")  # begin a new scan
        await until(pilot, lambda: isinstance(app.screen, AgendaReviewScreen), "the review of the commitments")
        shown = flat(app)
        assert "Geschenken registreren" in shown and "Voornemen 1 van 2" in shown and "Gedaan" in shown, shown
        await pilot.press("1")  # done
        await until(pilot, lambda: "Praten met de secretaris" in flat(app), "the second commitment")
        assert "(uiterlijk 2027-03-01)" in flat(app)
        with Store.open(data, PASS) as store:  # saved before the next one shows
            (current,) = [i for i in store.sessions() if not i.finished]
            state = store.load(current.id)
        assert state["previous"] == earlier and state["agenda_review"] == {f"{earlier}:c1": "done"}
        await pilot.press("3")  # dropped
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.offer is None,
                    "the conversation")
        assert app.session.agenda_review == {f"{earlier}:c1": "done", f"{earlier}:c2": "dropped"}
    app.keeper.close()


async def test_forget_a_scan_from_the_list_after_confirming(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first, _halfway = keep(data, EARLIER, "raadslid")
    app = store_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_my_scans(pilot)
        await pilot.press("down", "delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirmation")
        assert "ongedaan" in flat(app)
        await pilot.press("escape")  # cancel: nothing erased
        await until(pilot, lambda: isinstance(app.screen, ScansScreen), "the list")
        assert len(screen.rows) == 2
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirmation")
        await pilot.press("shift+tab", "enter")  # the 'Forget' button
        await until(pilot, lambda: len(screen.rows) == 1, "the scan gone from the list")
        assert [r.id for r in screen.rows] == [first]
    app.keeper.close()
    with Store.open(data, PASS) as store:
        assert [i.id for i in store.sessions()] == [first]


async def test_a_scan_that_cannot_be_read_is_shown_as_such_and_not_offered(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (first,) = keep(data, EARLIER)
    with Store.open(data, PASS) as store:  # a session of a flow this content does not have
        other = store.new_session("gone", "a" * 64, "nl")
        store.save(other, {"version": 1, "flow": "gone", "finished": True, "answers": {}})
    app = store_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_my_scans(pilot)
        lines = options(screen)
        assert "beschadigd: niet te openen" in lines[1], lines
        await pilot.press("down")
        assert screen.row() is not None and screen.row().id == first, "the arrow keys pass over a damaged scan"
        await screen.choose(other)
        await pilot.pause()
        assert isinstance(app.screen, ScansScreen), "a damaged scan is not opened"
    app.keeper.close()


async def test_compare_a_repeat_scan_from_my_scans(tmp_path: Path) -> None:
    data = tmp_path / "data"
    keep(data, EARLIER, LATER, agenda=True)
    app = store_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_my_scans(pilot)
        await pilot.press("down", "f8")  # the newest finished one: a repeat of the first
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the comparison")
        shown = flat(app)
        assert "Vergeleken met uw vorige scan" in shown
        assert "Belangen: veel aandacht nodig → weinig aandacht nodig (minder aandacht nodig dan vorige keer)" in shown
        assert "Nieuw: Zoek steun bij bedreiging" in shown and "Niet meer nodig: Registreer geschenken" in shown
        assert "Geschenken registreren: nog niet bekeken" in shown
        assert "Nu genoemd: Bert" in shown and "Anna: signalen Belangen → geen signalen" in shown
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ScansScreen), "the list")
    app.keeper.close()


async def test_compare_from_the_summary_of_a_repeat_scan(tmp_path: Path) -> None:
    data = tmp_path / "data"
    keep(data, EARLIER, LATER)
    app = store_app(data, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_my_scans(pilot)
        await pilot.press("down", "enter")  # the repeat scan, at its summary
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        assert "F8 Compare" in flat(app)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the comparison")
        assert "Compared with your previous scan" in flat(app) and "Named now: Bert" in flat(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary again")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ScansScreen), "my scans")
        await pilot.press("down", "enter")  # the first scan: no scan before it, so nothing to compare
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the first summary")
        assert "Compare" not in flat(app)
    app.keeper.close()


async def test_a_new_scan_begun_from_the_welcome_back_reviews_the_commitments_after_the_passphrase(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    (earlier,) = keep(data, EARLIER, agenda=True)
    app = store_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await pilot.press("2")  # begin a new scan, without the list
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.offer is None,
                    "the welcome without the offer")
        assert "Geschenken" not in flat(app)
        await pilot.press("enter")  # the first answer opens the store
        await until(pilot, lambda: isinstance(app.screen, PassphraseScreen), "the passphrase screen")
        await type_keys(pilot, *PASS, workers=False)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AgendaReviewScreen), "the review")
        await pilot.press("escape")  # later
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.turn.node == "role",
                    "the first answer given after the review")
        assert app.session.previous == earlier and app.session.agenda_review == {}
    app.keeper.close()


async def test_a_finished_scan_whose_questions_changed_goes_on_where_its_answers_stop_fitting(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    keep(data, EARLIER)
    changed = tmp_path / "content"
    shutil.copytree(CONTENT, changed)
    questions = changed / "flows" / "modules" / "questions.yaml"
    questions.write_text(questions.read_text().replace("{value: none, label: Niets", "{value: niks, label: Niks"))
    app = make_app("nl", root=changed, use_store=True, data_dir=data, kdf=FAST_KDF)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_my_scans(pilot)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.offer is None,
                    "the conversation")
        assert app.screen.turn.node == "stress" and not app.session.finished
        assert app.session.answers["gifts_value"] == 5
    app.keeper.close()


async def test_my_scans_works_with_the_mouse(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    data = tmp_path / "data"
    keep(data, EARLIER, "raadslid")
    app = store_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_my_scans(pilot)
        await pilot.click(OptionList, offset=(4, 1))  # the second line: the unfinished scan
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.offer is None,
                    "the conversation")
        assert app.session.answers == {"role": "raadslid"}
    app.keeper.close()
