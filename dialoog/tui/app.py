"""The Textual app: screens in order, the session, the keeper, language and theme.

    conversation (first turn: the welcome) -> (passphrase) -> conversation -> summary
    a store with saved scans: the welcome back -> passphrase -> my scans -> conversation / summary / new scan

The first screen is the conversation itself, showing the flow's first turn (its
welcome) from the start-up cache, so it paints about as fast as a bare Textual
app. Start-up (`dialoog.tui.startup`) loads the flow, looks at the store and
makes the session on a thread right after that; the passphrase is asked when the
user gives the first answer (or chooses to resume), before anything is saved.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, ParamSpec, Protocol, TypeVar, runtime_checkable

from rich.console import Console
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from dialoog.crashlog import CRASH_EXIT, Nowhere, crash_message, write_crash_log
from dialoog.i18n import UI
from dialoog.tui.commands import localise, other_language, palette_commands, palette_provider
from dialoog.tui.startup import Prepared, StartUp
from dialoog.tui.text import N_

if TYPE_CHECKING:
    from textual.app import SystemCommand
    from textual.screen import Screen

    from dialoog.engine import Session
    from dialoog.keeping.keeper import Keeper

THEMES = ("textual-dark", "textual-light")


P = ParamSpec("P")
R = TypeVar("R")


def crash_guard(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R | None]]:
    """For an async method that calls the engine, of a screen or widget or of a helper that has the `screen`:
    an unexpected error ends the app through `DialoogApp.crash` (a short message and a crash log) instead of
    Textual's traceback."""

    @functools.wraps(method)
    async def guarded(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return await method(*args, **kwargs)
        except Exception as exc:  # the one way out of an unexpected error
            owner = args[0]  # a widget or screen, or a helper of one (with its `screen`)
            app = getattr(owner, "app", None) or getattr(getattr(owner, "screen", None), "app", None)
            if not isinstance(app, DialoogApp):
                raise
            app.crash(exc)
            return None

    return guarded


@runtime_checkable
class Relabels(Protocol):
    """A screen that shows more than its bindings in the user's language, and redraws it when that changes."""

    async def relabel(self) -> None: ...


class DialoogApp(App[int]):
    """The guided self-assessment as a conversation."""

    TITLE = "dialoog"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[Any]] = {palette_provider}  # the palette speaks the user's language, "no matches" too

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit_saved", N_("Quit"), priority=True),
        Binding("f9", "switch_language", "Language"),
        Binding("ctrl+t", "toggle_theme", N_("Light/dark"), show=False),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(
        self,
        lang: str = "nl",
        data_dir: Path | str | None = None,
        flow: str = "scan",
        root: Path | None = None,
        *,
        theme: str | None = None,
        keeper: Keeper | None = None,
        use_store: bool = True,
        kdf: Any = None,
        passphrase: str | None = None,
        blink: bool = True,
        freeze_gc: bool = False,
        begin_at: Callable[[Session], object] | None = None,
    ) -> None:
        super().__init__()
        self.blink = blink
        """Cursor blink in text fields (off for snapshot tests)."""
        self.lang = lang if lang in ("nl", "en") else "nl"
        self.ui = UI(self.lang)
        self.flow_id = flow
        self.root = root
        self.start = StartUp(self.lang, data_dir, flow, root, keeper=keeper, use_store=use_store, kdf=kdf,
                             passphrase=passphrase, freeze_gc=freeze_gc, begin_at=begin_at)
        """Start-up, and the session and keeper it makes."""
        self._theme_name = theme if theme in THEMES else THEMES[0]
        self.crash_note: str | None = None
        """What to say after an unexpected error (set by `crash`)."""
        self._nowhere = Nowhere()
        # Textual prints an unhandled exception as a Rich traceback with local variables (answers, names)
        # on this console after leaving the alternate screen, and has no switch for it: it goes nowhere.
        # Our own handlers route unexpected errors to `crash`; this catches the rest (`crashed`).
        self.error_console = Console(file=self._nowhere, markup=False, highlight=False)

    @property
    def keeper(self) -> Keeper | None:
        return self.start.keeper

    @property
    def session(self) -> Session | None:
        return self.start.session

    @property
    def turn_shown(self) -> Callable[[], None] | None:
        """Called after each question is on screen (the benchmark hooks in here)."""
        return self.start.turn_shown

    @turn_shown.setter
    def turn_shown(self, hook: Callable[[], None] | None) -> None:
        self.start.turn_shown = hook

    @property
    def settled(self) -> asyncio.Event:
        """Set when start-up is over: the first question is on screen and everything behind it is ready."""
        return self.start.settled

    # -- start-up --------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        from dialoog.tui.screens.conversation import ConversationScreen

        return ConversationScreen(self.start, first=self.start.first_turn())

    def on_mount(self) -> None:
        self.theme = self._theme_name

    def on_ready(self) -> None:
        # after the first question is on screen (its own after-refresh callbacks run first)
        self.call_after_refresh(self.prepare)
        self.call_after_refresh(self._report_start_up)

    def _report_start_up(self) -> None:
        """Say in the log (`textual console`) how long the program took to show its first screen, from when
        `dialoog.tui.run` began (what bench/bench_tui.py measures from outside)."""
        from time import perf_counter

        from dialoog.tui._start import START

        self.log.info(f"dialoog: first screen {1000 * (perf_counter() - START):.0f} ms after start")

    @work(thread=True, exclusive=True, group="prepare")
    def prepare(self) -> None:
        result = Prepared()
        try:
            result = self.start.prepare()
        except Exception as exc:  # noqa: BLE001 - an unexpected error: a crash log, not a traceback
            self.call_from_thread(self.crash, exc)
            return
        finally:
            self.call_from_thread(self._set_prepared, result)

    def _set_prepared(self, result: Prepared) -> None:
        self.start.set_prepared(result)
        self.start.tell_wal_loss(self, result.wal_loss)
        if result.flow is None:
            from dialoog.tui.screens.problems import ProblemsScreen

            self.push_screen(ProblemsScreen(result.problems, self.start.content))

    # -- actions ---------------------------------------------------------------

    def action_quit_saved(self) -> None:
        """Quit at any moment: the session is saved and offered next time."""
        if self.keeper is not None and self.session is not None and not self.session.finished:
            self.keeper.save(self.session)
        prepared = self.start.prepared
        self.exit(1 if prepared is not None and prepared.flow is None else 0)

    def action_share(self) -> None:
        """Share a version of the results on screen (the summary's session), with its own consent."""
        from dialoog.tui.screens.share import ShareScreen

        session = getattr(self.screen, "session", None) or self.session
        if session is None or self.keeper is None or not session.finished:
            return
        previous = None
        if session.previous:
            try:
                previous = self.keeper.open_session(session.previous, self.root, lang=session.lang)
            except Exception:  # noqa: BLE001 - the previous scan erased or unreadable: no comparison
                previous = None
        self.push_screen(ShareScreen(session, self.keeper.store, self.keeper.session_id, previous=previous))

    def action_save_report(self) -> None:
        """Save the report of the session on screen (the summary) to a file the user chooses."""
        from dialoog.tui.screens.save_report import SaveReportScreen

        session = getattr(self.screen, "session", None) or self.session
        if session is None:
            return
        previous = None
        if session.previous and self.keeper is not None:
            try:
                previous = self.keeper.open_session(session.previous, self.root, lang=session.lang)
            except Exception:  # noqa: BLE001 - the previous scan erased or unreadable: no comparison
                previous = None
        self.push_screen(SaveReportScreen(session, previous))

    async def action_compare(self) -> None:
        """The comparison of the scan on screen (its summary) with the scan before it (a repeat scan)."""
        from dialoog.tui.screens.compare import show_comparison

        session = getattr(self.screen, "session", None) or self.session
        if session is None or self.keeper is None:
            return
        await show_comparison(self, self.keeper, session, self.root, self.lang)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "compare":  # only for a repeat scan, and only when it is kept in the store
            session = getattr(self.screen, "session", None) or self.session
            return bool(session is not None and session.previous and self.keeper is not None) or None
        return True

    def action_help_quit(self) -> None:
        self.notify(self.ui._("Press Ctrl+Q to quit."), markup=False)

    def action_network_map(self) -> None:
        """The network map of the scan on screen (dialoog.tui.screens.netmap), e.g. from the summary."""
        from dialoog.tui.screens.netmap import NetworkMapScreen

        session = getattr(self.screen, "session", None)
        if session is not None and not isinstance(self.screen, NetworkMapScreen):
            self.push_screen(NetworkMapScreen(session))

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    async def action_switch_language(self) -> None:
        await self.set_language(other_language(self.lang))

    async def set_language(self, lang: str) -> None:
        self.lang = self.start.lang = lang
        self.ui = UI(lang)
        if self.session is not None:
            self.session.set_language(lang)
            if self.keeper is not None:
                self.keeper.save(self.session)
        for screen in self.screen_stack:
            localise(screen)
            if isinstance(screen, Relabels):
                await screen.relabel()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        # is_open is typed for App[object]; App is invariant in its return type, so App[int] does not fit
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=self.ui._("Search for a command…")))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from palette_commands(self, screen)

    # -- leaving ---------------------------------------------------------------

    def crash(self, error: BaseException) -> None:
        """An unexpected error: write a crash log (no answers, no locals, no messages) and leave with CRASH_EXIT.

        The person reads a short message and the log's path after the app has closed (`farewell`)."""
        if self.crash_note is None:
            path = write_crash_log(error, "conversation")
            self.crash_note = crash_message(self.ui, path)
        self.exit(return_code=CRASH_EXIT)

    @property
    def crashed(self) -> bool:
        """The app ended with an unexpected error (ours, or one that only Textual saw)."""
        return self.crash_note is not None or self._nowhere.used

    def farewell(self) -> str:
        """What to print after the app has closed (in the user's language)."""
        if self.crash_note is None and self._nowhere.used:  # Textual caught it; its details stay unknown
            self.crash_note = crash_message(self.ui, write_crash_log(None, "conversation"))
        note = self._farewell()
        if self.crash_note is not None:
            return self.crash_note + ("\n" + note if note else "")
        return note

    def _farewell(self) -> str:
        session = self.session
        if session is None:
            return ""  # nothing was answered
        if self.keeper is not None and self.keeper.error is not None:
            return self.ui._("Saving stopped during the session ({error}). Answers given before that are saved.",
                             error=self.keeper.error)
        if self.keeper is None or not self.keeper.persistent:
            return self.ui._("Your answers were not saved.")
        if session.finished:
            return self.ui._("Your answers are saved, encrypted, on this computer.")
        return self.ui._("Your answers are saved. Start dialoog again to continue where you left off.")
