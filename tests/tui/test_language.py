"""One language at a time: every screen shows no words of the other language, in nl and in en.

The real scan is walked from the welcome to the summary (every answer kind, F1 on a question and on a card, the
network list in its states, the pause after a card, the end, the change list and confirmation, the palette, a
notification); then the resume offer, the content problems screen, "not saved", the passphrase screens and the
store problem screen. The words of each language come from the catalogs (tests/tui/words.py) plus a hand list of
footer words and headings; the F9 key names the other language on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandPalette

from dialoog.store import FAST_KDF
from dialoog.tui.screens.passphrase import PassphraseScreen, StoreProblemScreen

from ._textual_harness import notifications
from .conftest import answer_current, begin, flat, make_app, settle, type_keys, until
from .words import other_language_words

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


# --- every screen of the real scan, in one language --------------------------------------------------------------

SIZE = (100, 30)


class Findings:
    """What each screen showed of the other language; the test lists them all at the end."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.found: dict[str, list[str]] = {}
        self.seen: list[str] = []

    def look(self, app, where: str, typed: tuple[str, ...] = (), drop: tuple[str, ...] = ()) -> str:
        """Note the other language's words on the screen; `typed` are words the user typed, `drop` text that
        is left out of the check."""
        text = full = flat(app)
        for part in drop:
            text = text.replace(part, " ")
        self.seen.append(where)
        words = other_language_words(self.lang, text, allowed=set(typed)) + other_words(self.lang, text)
        if words:
            self.found.setdefault(where, [])
            self.found[where] += [w for w in dict.fromkeys(words) if w not in self.found[where]]
        return full

    def note(self, where: str, words: list[str]) -> None:
        self.seen.append(where)
        if words:
            self.found[where] = list(dict.fromkeys(words))

    def check(self) -> None:
        assert self.found == {}, "\n".join(f"{where}: {words}" for where, words in self.found.items())


async def scroll_through(pilot, findings: Findings, where: str, typed: tuple[str, ...] = ()) -> None:
    """Every page of a screen that scrolls: from the top, PageDown until nothing changes."""
    await pilot.press("home")
    await pilot.pause()
    last = ""
    for page in range(60):
        text = findings.look(pilot.app, f"{where} (page {page + 1})", typed)
        if text == last:
            return
        last = text
        await pilot.press("pagedown")
        await pilot.pause()


async def why_here(pilot, findings: Findings, where: str) -> None:
    from dialoog.tui.screens.why import WhyScreen

    await pilot.press("f1")
    await until(pilot, lambda: isinstance(pilot.app.screen, WhyScreen), f"the why screen on {where}")
    findings.look(pilot.app, f"F1 on {where}")
    await pilot.press("escape")
    await until(pilot, lambda: not isinstance(pilot.app.screen, WhyScreen), "the conversation again")


NAMES = ("Jansen",)


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_every_screen_of_the_scan_in_one_language(lang: str) -> None:
    """The real scan from the welcome to the summary: every answer kind, F1 on a question and on a card, the
    network list (empty, a name waiting for its group, an entry being changed), the pause after a card, the end,
    the F3 list, the change confirmation, the summary, the palette and a notification."""
    from dialoog.tui.screens.conversation import ConversationScreen
    from dialoog.tui.screens.revise import ConfirmChangeScreen, ReviseScreen
    from dialoog.tui.screens.summary import SummaryScreen

    findings = Findings(lang)
    app = make_app(lang, flow="scan", root=None)
    async with app.run_test(size=SIZE) as pilot:
        await begin(pilot)
        findings.look(app, "welcome")
        kinds_seen: set[str] = set()
        why_question = why_card = network_states = False
        for _ in range(400):
            screen = app.screen
            assert isinstance(screen, ConversationScreen), screen
            turn = screen.turn
            kind = "followup" if turn.followup else turn.kind
            findings.look(app, f"{kind} {turn.node}", NAMES)
            kinds_seen.add(kind)
            if turn.kind == "end":
                break
            if turn.kind == "choice" and not why_question:
                await why_here(pilot, findings, f"question {turn.node}")
                why_question = True
            if turn.kind == "card" and not why_card:
                await why_here(pilot, findings, f"card {turn.node}")
                why_card = True
            if turn.kind == "network" and turn.entry is None and not network_states:
                network_states = True
                await pilot.press(*NAMES[0], "enter")  # a name waiting for its group
                await pilot.pause()
                findings.look(app, "network list: the group of a name", NAMES)
                await pilot.press("enter")
                await pilot.pause()
                findings.look(app, "network list: one entry", NAMES)
                await pilot.press("down", "e")  # the entry being changed
                await pilot.pause()
                findings.look(app, "network list: an entry being changed", NAMES)
                await pilot.press("escape")
                await pilot.pause()
                await pilot.press("tab", "enter")  # done
                await pilot.pause()
                continue
            before = len(screen.session.history)
            await answer_current(pilot, quick=True, names=NAMES)
            if turn.kind == "card" and screen.session.history and len(screen.session.history) > before:
                findings.look(app, f"pause after card {turn.node}", NAMES)
        assert {"message", "choice", "yesno", "multi", "scale", "text", "network", "followup", "card",
                "end"} <= kinds_seen, kinds_seen
        assert why_question and why_card and network_states

        await palette_without_matches(pilot, lang)
        findings.look(app, "the end after the palette")

        await pilot.press("f3")
        await until(pilot, lambda: isinstance(app.screen, ReviseScreen), "the change list")
        findings.look(app, "F3 change list", NAMES)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "the conversation")

        screen = app.screen
        session = screen.session
        step, value = next(
            (i, v) for i, s in enumerate(session.history)
            if s.how == "answer" and s.entry is None and session.flow.nodes[s.node].kind in ("yesno", "choice")
            for v in [o.value for o in session.flow.nodes[s.node].options] or ["yes", "no"]
            if v != session.answers[s.node] and session.plan_change(s.node, v).dropped)
        await screen.change.begin(step)
        await pilot.pause()
        findings.look(app, "a question asked again to change it", NAMES)
        keys = [o.value for o in screen.turn.options] or ["yes", "no"]
        await pilot.press(str(keys.index(value) + 1))
        await until(pilot, lambda: isinstance(app.screen, ConfirmChangeScreen), "the change confirmation")
        await scroll_through(pilot, findings, "change confirmation", NAMES)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "the conversation")
        findings.look(app, "change cancelled", NAMES)

        app.action_help_quit()  # a notification (Ctrl+C): how to quit
        await pilot.pause()
        shown = " ".join(n.message for n in notifications(app))
        assert "Ctrl+Q" in shown, shown
        findings.note("notification", other_language_words(lang, shown))

        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        await scroll_through(pilot, findings, "summary", NAMES)
        await palette_without_matches(pilot, lang)
    findings.check()


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_the_resume_offer_in_one_language(lang: str) -> None:
    """The first screen when a session of the real scan was kept: the welcome back and its two choices."""
    from dialoog.engine import Session
    from dialoog.flow.library import load_library

    from .conftest import REPO, memory_keeper

    keeper = memory_keeper()
    session = Session(load_library(REPO).flow("scan"), lang, REPO)
    session.answer(None)  # the welcome
    session.answer(session.turn().options[0].value)
    keeper.start(session)
    keeper.save(session)
    app = make_app(lang, flow="scan", root=None, keeper=keeper)
    findings = Findings(lang)
    async with app.run_test(size=SIZE) as pilot:
        await begin(pilot)
        text = findings.look(app, "resume offer")
        assert ("Welkom terug." if lang == "nl" else "Welcome back.") in text, text
        await palette_without_matches(pilot, lang)
    findings.check()


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_the_content_problems_screen_in_one_language(lang: str, tmp_path: Path) -> None:
    """The screen around the problems is in the user's language; the problem lines themselves are the lines of
    `dialoog check` for the maintainers (codes and English messages), left out of the check."""
    from dialoog.tui.screens.problems import ProblemsScreen

    broken = tmp_path / "content"
    (broken / "flows").mkdir(parents=True)
    (broken / "flows" / "tui.yaml").write_text("id: tui\ntitle: Kapot\nmodules: [missing]\n")
    app = make_app(lang, root=broken)
    findings = Findings(lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen), "the problems screen")
        lines = tuple(" ".join(p.shown(broken).split()) for p in app.screen.problems)
        assert lines and all(line in flat(app) for line in lines)
        findings.look(app, "content problems", drop=lines)
    findings.check()


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_not_saved_any_more_in_one_language(tmp_path: Path, lang: str) -> None:
    """The disk fills up during the scan: the notification and the status line ("niet bewaard")."""
    from dialoog.store import StoreUnavailable

    app = make_app(lang, use_store=True, data_dir=tmp_path / "data", kdf=FAST_KDF, passphrase="kortkort")
    findings = Findings(lang)
    async with app.run_test(size=SIZE) as pilot:
        await begin(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.turn.node != "hello", "the first answer taken")
        await pilot.press("2")
        await pilot.pause()

        def full(*args: object, **kwargs: object) -> None:
            raise StoreUnavailable("The disk is full.")

        app.keeper.store.save = full
        await pilot.press(*"wonen", "enter")
        await pilot.pause()
        text = findings.look(app, "not saved", ("wonen",))
        assert ("niet bewaard" if lang == "nl" else "not saved") in text, text
        shown = " ".join(n.message for n in notifications(app)).replace("The disk is full.", " ")  # the cause
        assert shown.strip()
        findings.note("the notification that answers are no longer saved", other_language_words(lang, shown))
    app.keeper.close()
    findings.check()


TEST_FLOW_STATES = ["network", "network_group", "network_edit", "followup", "card", "pause", "end", "summary",
                    "why", "revise"]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("state", TEST_FLOW_STATES)
async def test_the_states_of_the_test_flow_in_one_language(lang: str, state: str) -> None:
    """The network list in each of its states and the screens after it, on the small test flow (the states the
    snapshots show); the words typed in are the user's and allowed."""
    from .test_snapshots import TO

    app = make_app(lang)
    findings = Findings(lang)
    async with app.run_test(size=SIZE) as pilot:
        await begin(pilot)
        await type_keys(pilot, *TO[state])
        await settle(pilot)
        findings.look(app, state, ("wonen", "Bouwbedrijf", "Tennisclub"))
    findings.check()


def test_the_word_lists_tell_the_languages_apart() -> None:
    """The check itself: an English footer and sentence on a Dutch screen are found, and the other way round;
    the other language's name and the user's own words are not."""
    assert other_language_words("nl", "Waarom? F9 English ^q Quit — Why this matters") == ["Quit", "Why", "this",
                                                                                          "matters"]
    assert other_language_words("en", "Why? F9 Nederlands ^q Stoppen — Waarom dit belangrijk is") == [
        "Stoppen", "Waarom", "belangrijk"]
    assert other_language_words("en", "Name: Bouwbedrijf", allowed={"Bouwbedrijf"}) == []
