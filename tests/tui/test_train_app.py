"""The trainer app (`dialoog train`) as a trainer uses it: choosing the deck by theme and by search, votes
by key and by typed counts (bad counts refused), the chart hidden until revealed and not below the
minimum, the timer on a fake clock, notes, export during and after the session, and the language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dialoog.cli import main
from dialoog.training.deck import load_card_file
from dialoog.training.model import TrainingSession
from dialoog.training.pool import Pool
from dialoog.tui.train.app import TrainApp
from dialoog.tui.train.deck import DeckScreen
from dialoog.tui.train.session import SessionScreen

from ._textual_harness import screen_lines

CARDS = Path(__file__).resolve().parents[1] / "training" / "fixtures" / "cards.yaml"
THEMES = {"geschenken": "Geschenken en uitnodigingen", "nevenfuncties": "Nevenfuncties"}
AUDIENCES = ["topambtenaar", "burgemeester", "wethouder"]


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def pool() -> Pool:
    own = load_card_file(CARDS, {}, THEMES, AUDIENCES)
    return Pool({c.id: c for c in own}, own=[], themes=dict(THEMES), audiences=list(AUDIENCES))


def app_for(tmp_path: Path, lang: str = "en", deck: bool = True, **kw: Any) -> TrainApp:
    p = pool()
    return TrainApp(p, tmp_path / "data", lang, deck=list(p.cards.values()) if deck else None, blink=False, **kw)


def seen(app: Any) -> str:
    return "\n".join(screen_lines(app))


def flat(app: Any) -> str:
    return " ".join(seen(app).split())


async def test_the_deck_is_chosen_by_theme(tmp_path: Path) -> None:
    app = app_for(tmp_path, deck=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DeckScreen)
        assert "Een boek als bedankje" in seen(app) and "Een plek in het bestuur" in seen(app)
        app.screen.query_one("#theme").value = "nevenfuncties"
        await pilot.pause()
        assert "Een plek in het bestuur van de club" in seen(app)
        assert "Een boek als bedankje" not in seen(app)
        await pilot.press("ctrl+a", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert [c.id for c in app.session.cards] == ["eigen_bestuur"]
        assert "Card 1 of 1" in seen(app) and "De voetbalclub van uw kinderen" in flat(app)


async def test_the_deck_is_chosen_by_search_and_saved_as_a_selection(tmp_path: Path) -> None:
    app = app_for(tmp_path, deck=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press(*"boek")
        await pilot.pause()
        assert "Een boek als bedankje" in seen(app) and "Een lunch" not in seen(app)
        await pilot.press("tab", "tab", "tab")  # past the filters to the list
        assert app.focused is app.screen.query_one("#cards")
        await pilot.press("space")  # tick the card
        await pilot.pause()
        assert "1 card chosen" in seen(app)
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press(*"boeken", "enter")
        await pilot.pause()
        assert "dialoog train --deck boeken" in flat(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [c.id for c in app.session.cards] == ["eigen_boek"]
    saved = (tmp_path / "data" / "training" / "decks" / "boeken.yaml").read_text()
    assert "eigen_boek" in saved


async def test_nothing_ticked_does_not_start(tmp_path: Path) -> None:
    app = app_for(tmp_path, deck=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DeckScreen)
        assert "Tick at least one card" in flat(app)


async def test_votes_by_key_show_on_the_presenter_view(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("v", "a", "b", "b", "4", "4", "4")
        await pilot.pause()
        text = seen(app)
        assert "Votes (6 votes)" in flat(app)
        lines = {line.split("]")[0].strip(): line for line in text.splitlines() if "]" in line and "[" in line}
        assert lines["a [1"].split("]")[1].split()[0] == "1"
        assert lines["b [2"].split("]")[1].split()[0] == "2"
        assert lines["d [4"].split("]")[1].split()[0] == "3"
        assert app.session.state.votes == {"a": 1, "b": 2, "c": 0, "d": 3}


async def test_typed_counts_are_checked_and_a_bad_one_changes_nothing(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("a", "s")
        await pilot.pause()
        for bad, says in [("-3 1 1 1", "cannot be negative"), ("3 x 0 2", "is not a number of votes"),
                          ("20000 0 0 0", "more than 10000")]:
            app.screen.query_one("#counts").value = ""
            await pilot.press(*bad, "enter")
            await pilot.pause()
            assert says in flat(app)
            assert app.session.state.votes == {"a": 1, "b": 0, "c": 0, "d": 0}
        app.screen.query_one("#counts").value = ""
        await pilot.press(*"4 0 1 2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.session.state.votes == {"a": 4, "b": 0, "c": 1, "d": 2}
        await pilot.press("v")
        await pilot.pause()
        assert "Votes (7 votes)" in flat(app)


async def test_the_chart_is_hidden_until_revealed_and_below_the_minimum(tmp_path: Path) -> None:
    app = app_for(tmp_path, min_votes=3)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r", "a", "a")
        await pilot.pause()
        assert "What do you do?" in seen(app) and "2 votes" in seen(app)
        assert "%" not in seen(app)  # no chart on the projector before it is revealed
        await pilot.press("r")  # the chart: but only two votes
        await pilot.pause()
        assert "The chart is shown from 3 votes on (now 2)." in flat(app)
        assert "%" not in seen(app)
        await pilot.press("b")
        await pilot.pause()
        bars = [line for line in seen(app).splitlines() if "%" in line]
        assert len(bars) == 4 and "67%" in bars[0] and "█" in bars[0] and "33%" in bars[1]
        await pilot.press("r", "r")
        await pilot.pause()
        assert "Considerations" in seen(app) and "How others look at it" in seen(app)
        assert "Een journalist ziet een bestuurder" in flat(app)


async def test_the_timer_counts_down_pauses_and_takes_minutes(tmp_path: Path) -> None:
    clock = FakeClock()
    app = app_for(tmp_path, clock=clock, minutes=5)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        assert "Time  5:00  (paused)" in seen(app)
        await pilot.press("t")
        clock.now += 65
        app.screen.show_timer()
        await pilot.pause()
        assert "Time  3:55  (running)" in seen(app)
        await pilot.press("plus")
        await pilot.pause()
        assert "4:55" in seen(app)
        await pilot.press("minus", "minus", "t")
        clock.now += 100
        app.screen.show_timer()
        await pilot.pause()
        assert "Time  2:55  (paused)" in seen(app)


async def test_notes_are_kept_per_card_on_the_presenter_view(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("v", "n")
        await pilot.pause()
        await pilot.press(*"Veel twijfel over b", "escape")
        await pilot.pause()
        assert "Veel twijfel over b" in seen(app)
        await pilot.press("pagedown")
        await pilot.pause()
        assert "No notes yet." in seen(app) and "Card 2 of 3" in seen(app)
        await pilot.press("pageup")
        await pilot.pause()
        assert "Veel twijfel over b" in seen(app)
    record = json.loads(next((tmp_path / "data" / "training" / "sessions").glob("*.json")).read_text())
    assert record["cards"][0]["notes"] == "Veel twijfel over b"


async def test_export_during_the_session_and_after_it(tmp_path: Path, capsys: Any) -> None:
    clock = FakeClock()
    app = app_for(tmp_path, clock=clock)
    out = tmp_path / "sessie.md"
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("t", "a", "b", "b")
        clock.now += 125
        await pilot.press("n", *"Goed gesprek", "escape", "e")
        await pilot.pause()
        app.screen.query_one("#path").value = str(out)
        await pilot.press("enter")
        await pilot.pause()
        during = out.read_text()
        assert "## 1. Een lunch na de aanbesteding" in during
        assert "| a. U zegt de lunch vriendelijk af. | 1 | 33% |" in during
        assert "| b. U gaat mee en betaalt zelf. | 2 | 67% |" in during
        assert "Time: 2:05" in during and "> Goed gesprek" in during
        await pilot.press("e")  # again: the file exists, a second Enter replaces it
        await pilot.pause()
        app.screen.query_one("#path").value = str(out)
        await pilot.press("enter")
        await pilot.pause()
        assert "already exists" in str(app.screen.query_one("#message").render())
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("v")
        assert str(app.screen.query_one("#pr-message").render()) == f"Written: {out}"  # beside the notes
        await pilot.press("ctrl+q")
    session_id = app.session.id
    csv_path, html_path = tmp_path / "after.csv", tmp_path / "after.html"
    assert main(["train", "--data-dir", str(tmp_path / "data"), "--cards", str(CARDS), "--export", session_id,
                 "--output", str(csv_path)]) == 0
    rows = csv_path.read_text().splitlines()
    assert rows[0].startswith("session,position,card,title,shown,seconds,votes,votes_a")
    assert rows[1].split(",")[2:7] == ["eigen_lunch", "Een lunch na de aanbesteding", "true", "125", "3"]
    assert main(["train", "--data-dir", str(tmp_path / "data"), "--export", session_id, "--output",
                 str(html_path), "--lang", "en"]) == 0
    page = html_path.read_text()
    assert "<script" not in page and "Content-Security-Policy" in page and "Goed gesprek" in page
    assert main(["train", "--data-dir", str(tmp_path / "data"), "--export", session_id, "--output",
                 str(html_path)]) == 2
    assert "already exists" in capsys.readouterr().err


async def test_f9_switches_the_language_of_the_program(tmp_path: Path) -> None:
    app = app_for(tmp_path, lang="nl")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "Kaart 1 van 3" in seen(app)
        await pilot.press("f9")
        await pilot.pause()
        assert "Card 1 of 3" in seen(app)
        assert "Een lunch na de aanbesteding" in seen(app)  # a trainer's own card stays as written


async def test_a_resumed_session_opens_at_its_card(tmp_path: Path) -> None:
    p = pool()
    first = TrainingSession(list(p.cards.values()), "nl", tmp_path / "data")
    first.next()
    first.type_counts("1 1 1 1")
    from dialoog.training import records

    record = records.latest(tmp_path / "data")
    assert record is not None
    again = TrainingSession.resume(record, p.cards, tmp_path / "data")
    app = TrainApp(p, tmp_path / "data", "en", session=again, blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "Card 2 of 3" in seen(app) and "Een boek als bedankje" in seen(app)


class FakeLive:
    """What the live listener does with the app's hooks."""

    def __init__(self) -> None:
        self.toggled = 0
        self.stopped = False
        self.heard: list[str] = []

    async def attach(self, screen: Any) -> None:
        from textual.widgets import Static

        screen.mount_live(Static("Join at http://127.0.0.1:8765/ABCDEF", id="join"), Static("3 devices", id="devs"))
        screen.session.subscribe(self.heard.append)

    def toggle_voting(self) -> None:
        self.toggled += 1
        self.screen_votes = 1

    async def stop(self) -> None:
        self.stopped = True


async def test_the_live_listener_hooks_into_the_session_screen(tmp_path: Path) -> None:
    live = FakeLive()
    app = app_for(tmp_path, live=live)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "Join at http://127.0.0.1:8765/ABCDEF" in seen(app)
        app.session.set_live_votes({"a": 2, "c": 1})  # as the listener does on each vote
        await pilot.press("o", "v")
        await pilot.pause()
        assert live.toggled == 1 and "3 devices" in seen(app)
        assert "Votes (3 votes)" in flat(app) and "o Voting" in seen(app)
        await pilot.press("ctrl+q")
    assert live.stopped and "votes" in live.heard


async def test_without_a_listener_there_is_no_voting_key(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert "Voting" not in seen(app)


async def test_f1_lists_the_keys(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert "start or pause the timer" in seen(app) and "type the counts (3 5 0 2, or b=4)" in seen(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_a_saved_selection_is_loaded_in_the_chooser(tmp_path: Path) -> None:
    from dialoog.training.deck import save_selection

    save_selection(tmp_path / "data", "clubs", ["eigen_bestuur", "eigen_boek"])
    app = app_for(tmp_path, deck=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.query_one("#saved").value = "clubs"
        await pilot.pause()
        assert "2 cards chosen" in seen(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [c.id for c in app.session.cards] == ["eigen_boek", "eigen_bestuur"]  # in the deck's order
