"""The practice app: open the user's store (the scan's passphrase screens), then the card picker.

    (passphrase) -> picker -> card (choose, reflect) -> feedback -> picker / next card

Every choice and reflection is saved at once, encrypted, in the user's store (`dialoog.practising.progress`);
the card the user is at is saved too, so a new start (a reload in the browser under `dialoog serve`) resumes it.
What the user typed never goes to a log or a crash screen: an unexpected error ends in a short message and a
crash log that holds no text (`dialoog.crashlog`).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from dialoog.crashlog import CRASH_EXIT, Nowhere, crash_message, write_crash_log
from dialoog.i18n import UI
from dialoog.tui.text import N_

if TYPE_CHECKING:
    from dialoog.practising import PracticeDeck, ProgressBook

THEMES = ("textual-dark", "textual-light")


@dataclass(frozen=True, slots=True)
class Begin:
    """Where practice begins (`--theme`, `--card`, `--random`); by default the picker, or the card the user
    was at when they left."""

    theme: str | None = None
    card: str | None = None
    random: bool = False


def _give_back_memory() -> None:
    """After start-up: what loading the content and opening the store left over goes back to the system
    (under `dialoog serve` every visitor has a process of their own; see bench/RESULTS.md)."""
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


class LoadingScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static(id="loading", markup=False)

    def on_mount(self) -> None:
        ui: UI = self.app.ui  # type: ignore[attr-defined]
        self.query_one("#loading", Static).update(Content(ui._("Opening the dilemma cards…")))


class PractiseApp(App[int]):
    """Practise with the dilemma cards alone."""

    TITLE = "dialoog"
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(__file__).parents[1] / "app.tcss", Path(__file__).with_name("practise.tcss")]
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit_saved", N_("Quit"), priority=True),
        Binding("ctrl+t", "toggle_theme", N_("Light/dark"), show=False),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(
        self,
        lang: str = "nl",
        data_dir: Path | str | None = None,
        root: Path | None = None,
        begin: Begin | None = None,
        *,
        store: Any = None,
        passphrase: str | None = None,
        kdf: Any = None,
        rng: random.Random | None = None,
        clock: Callable[[], datetime] | None = None,
        blink: bool = True,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.lang = lang if lang in ("nl", "en") else "nl"
        self.ui = UI(self.lang)
        self.data_dir = data_dir
        self.root = root
        self.begin = begin or Begin()
        self.store: Any = store
        self._own_store = store is None
        self.passphrase = passphrase
        self.kdf = kdf
        self.rng = rng or random.Random()
        self.clock = clock or (lambda: datetime.now(UTC))
        """When a choice is made (tests give a fixed one)."""
        self.blink = blink
        self.deck: PracticeDeck | None = None
        self.book: ProgressBook | None = None
        self.votes: dict[str, dict[str, int]] = {}
        self.crash_note: str | None = None
        self._theme_name = theme if theme in THEMES else THEMES[0]
        self._nowhere = Nowhere()
        self.error_console = Console(file=self._nowhere, markup=False, highlight=False)

    def get_default_screen(self) -> Screen[Any]:
        return LoadingScreen()

    def on_mount(self) -> None:
        self.theme = self._theme_name
        self.start()
        self.set_timer(1.0, _give_back_memory)  # after the first screen, while the user reads it

    @work(exclusive=True, group="begin")
    async def start(self) -> None:
        try:
            await self._start()
        except Exception as exc:  # noqa: BLE001 - the one way out of an unexpected error
            self.crash(exc)

    async def _start(self) -> None:
        from dialoog.practising import PracticeDeck, ProgressBook
        from dialoog.practising.feedback import group_votes

        if self.store is None:
            self.store = await self._open_store()
            if self.store is None:
                return  # the user quit
        self.deck = await asyncio.to_thread(PracticeDeck.load, self.lang, self.root)
        self.book = ProgressBook(self.store)
        self.votes = await asyncio.to_thread(group_votes, self.data_dir)
        from dialoog.tui.practise.screens import PickerScreen

        deck, progress = self.deck, self.book.progress
        theme = self.begin.theme if self.begin.theme and deck.theme(self.begin.theme) else None
        await self.push_screen(PickerScreen(theme))
        card = self.begin.card if self.begin.card in deck else None
        if card is None and self.begin.random:
            card = deck.pick_random(self.rng, progress.history, theme)
        if card is None and not self.begin.theme and progress.current in deck:
            card = progress.current  # where the user was (a reload under `dialoog serve`)
        if card is not None:
            self.open_card(card)
        self.call_after_refresh(_give_back_memory)

    async def _open_store(self) -> Any:
        """The user's store, opened with the passphrase (asked on the scan's screens; a new user chooses one).
        None: the user quit."""
        from dialoog.keeping.keeper import passphrase_from_env
        from dialoog.store import Store
        from dialoog.tui.screens.passphrase import unlock

        error: Exception | None = None
        try:
            mode = "enter" if Store.exists(self.data_dir) else "choose"
        except Exception as exc:  # noqa: BLE001 - shown on the store problem screen
            mode, error = "choose", exc
        keeper = await unlock(self, self.data_dir, self.kdf, self.ui, self.passphrase or passphrase_from_env(), mode,
                              error)
        return None if keeper is None else keeper.store

    # -- moving between screens ------------------------------------------------------

    def open_card(self, card_id: str) -> None:
        """Show the card `card_id` (on top of the picker) and remember that the user is at it."""
        from dialoog.tui.practise.screens import CardScreen, PickerScreen

        assert self.book is not None
        self.book.at_card(card_id)
        while not isinstance(self.screen, PickerScreen) and len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(CardScreen(card_id))

    def back_to_picker(self) -> None:
        from dialoog.tui.practise.screens import PickerScreen

        if self.book is not None:
            self.book.at_card(None)
        while not isinstance(self.screen, PickerScreen) and len(self.screen_stack) > 2:
            self.pop_screen()
        if isinstance(self.screen, PickerScreen):
            self.screen.refresh_lists()

    # -- actions -----------------------------------------------------------------------

    def action_quit_saved(self) -> None:
        """Quit: every choice is saved already; the card on screen is offered again next time."""
        self.exit(0)

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    def action_help_quit(self) -> None:
        self.notify(self.ui._("Press Ctrl+Q to quit."), markup=False)

    def action_switch_language(self) -> None:
        """The passphrase screens bind F9; practice keeps the language it was started in (`--lang`)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "switch_language"  # not offered: see action_switch_language

    # -- leaving -----------------------------------------------------------------------

    def crash(self, error: BaseException) -> None:
        """An unexpected error: a crash log without what the user typed, and CRASH_EXIT."""
        if self.crash_note is None:
            self.crash_note = crash_message(self.ui, write_crash_log(error, "practise"))
        self.exit(return_code=CRASH_EXIT)

    @property
    def crashed(self) -> bool:
        return self.crash_note is not None or self._nowhere.used

    def close_store(self) -> None:
        if self._own_store and self.store is not None:
            with contextlib.suppress(Exception):  # closing must not hide the outcome
                self.store.close()

    def farewell(self) -> str:
        if self.crash_note is None and self._nowhere.used:
            self.crash_note = crash_message(self.ui, write_crash_log(None, "practise"))
        if self.crash_note is not None:
            return self.crash_note
        if self.book is None:
            return ""
        if not self.book.persistent:
            return self.ui._("Your choices and reflections were not saved.")
        return self.ui._("Your choices and reflections are saved, encrypted, on this computer.")
