"""The trainer's app: the deck chooser, then the session screen (projector and presenter views)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console
from textual.app import App
from textual.binding import Binding, BindingType

from dialoog.crashlog import Nowhere
from dialoog.i18n import UI, content_translations
from dialoog.tui.commands import other_language
from dialoog.tui.text import N_

if TYPE_CHECKING:
    from textual.screen import Screen

    from dialoog.flow.model import Card
    from dialoog.training.model import TrainingSession
    from dialoog.training.pool import Pool

THEMES = ("textual-dark", "textual-light")


class TrainApp(App[int]):
    """A dilemma session with a group. No passphrase: the personal store is never opened."""

    TITLE = "dialoog train"
    CSS_PATH = Path(__file__).with_name("train.tcss")
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit_train", N_("Quit"), priority=True),
        Binding("f1", "help", N_("Help")),
        Binding("f9", "switch_language", "Language"),
        Binding("ctrl+t", "toggle_theme", N_("Light/dark"), show=False),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(
        self,
        pool: Pool,
        data_dir: Path | None,
        lang: str = "nl",
        *,
        deck: list[Card] | None = None,
        session: TrainingSession | None = None,
        min_votes: int = 3,
        minutes: float = 5,
        clock: Callable[[], float] = time.monotonic,
        live: Any = None,
        blink: bool = True,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.pool = pool
        self.data_dir = data_dir
        self.lang = lang if lang in ("nl", "en") else "nl"
        self.ui = UI(self.lang)
        self.t = content_translations(self.lang, pool.root).gettext
        self.deck = deck
        self.session: TrainingSession | None = session
        self.min_votes = min_votes
        self.minutes = minutes
        self.clock = clock
        self.live = live
        """The live-voting listener (dialoog.live), or None. The app calls, when present: `await
        live.attach(screen)` when a SessionScreen is mounted (mount widgets with `screen.mount_live`, follow
        the session with `screen.session.subscribe`, the card's texts with `screen.card_view()`),
        `live.toggle_voting()` on the O key, and `await live.stop()` on quitting."""
        self.blink = blink
        if theme:
            self.theme = theme
        if session is not None:
            session.lang = self.lang
        self._nowhere = Nowhere()
        self.error_console = Console(file=self._nowhere, markup=False, highlight=False)

    @property
    def crashed(self) -> bool:
        """The app ended with an unexpected error (Textual caught it; `run_train` says so, with a crash log)."""
        return self._nowhere.used

    def on_mount(self) -> None:
        """The deck chooser, or the session straight away when the command line chose the deck."""
        self.push_screen(self.first_screen())

    def first_screen(self) -> Screen[Any]:
        from dialoog.tui.train.deck import DeckScreen
        from dialoog.tui.train.session import SessionScreen

        if self.session is None and self.deck:
            self.session = self._new_session(self.deck)
        if self.session is not None:
            return SessionScreen(self.session)
        return DeckScreen()

    def _new_session(self, cards: list[Card]) -> TrainingSession:
        from dialoog.training.model import TrainingSession

        return TrainingSession(cards, self.lang, self.data_dir, clock=self.clock, min_votes=self.min_votes,
                               minutes=self.minutes, background=True)

    def start_session(self, cards: list[Card]) -> None:
        """From the chooser: a new session with `cards`, on the session screen."""
        from dialoog.tui.train.session import SessionScreen

        self.session = self._new_session(cards)
        self.switch_screen(SessionScreen(self.session))

    async def action_quit_train(self) -> None:
        if self.session is not None:
            self.session.pause_timer()  # the time so far, saved
            self.session.flush()
        stop = getattr(self.live, "stop", None)
        if stop is not None:
            await stop()
        self.exit(0)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.flush()  # the last change on disk before the app is gone

    def action_help_quit(self) -> None:
        self.notify(self.ui._("Press Ctrl+Q to quit."), markup=False)

    def action_help(self) -> None:
        from dialoog.tui.train.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    async def action_switch_language(self) -> None:
        await self.set_language(other_language(self.lang))

    async def set_language(self, lang: str) -> None:
        """Every word on screen in `lang`: the program's words and the cards' texts."""
        self.lang = lang
        self.ui = UI(lang)
        self.t = content_translations(lang, self.pool.root).gettext
        if self.session is not None:
            self.session.lang = lang
            self.session.save()
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                await relabel()
