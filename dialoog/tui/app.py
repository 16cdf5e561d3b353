"""The Textual app: screens in order, the session, the keeper, language and theme.

    conversation (first turn: the welcome) -> (passphrase) -> conversation -> summary

The first screen is the conversation itself, showing the flow's first turn (its
welcome) from the start-up cache (`dialoog.flow.cache`), so it paints about as
fast as a bare Textual app. The flow is loaded, the store looked at and the
session made on a thread right after that; the passphrase is asked when the
user gives the first answer (or chooses to resume), before anything is saved.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from dialoog.flow.cache import StartupCache
from dialoog.i18n import UI
from dialoog.locations import content_root
from dialoog.tui.commands import localise, other_language, palette_commands
from dialoog.tui.text import N_

if TYPE_CHECKING:
    from textual.app import SystemCommand
    from textual.screen import Screen

    from dialoog.engine import Session, Turn
    from dialoog.flow.model import Flow
    from dialoog.flow.problems import Problem
    from dialoog.tui.keeper import Keeper, Unfinished

THEMES = ("textual-dark", "textual-light")


@dataclass
class Prepared:
    """What the start-up thread found."""

    flow: Flow | None = None
    problems: list[Problem] = field(default_factory=list)
    store: str = "missing"
    """`missing` (no store package), `new` (no store yet), `exists`, or `error`."""
    unfinished: list[Unfinished] = field(default_factory=list)
    store_error: Exception | None = None
    session: Session | None = None
    """A new session on the flow, in the language at the time (not yet kept)."""


class DialoogApp(App[int]):
    """The guided self-assessment as a conversation."""

    TITLE = "dialoog"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    ENABLE_COMMAND_PALETTE = True

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
    ) -> None:
        super().__init__()
        self.freeze_gc = freeze_gc
        """Move what start-up made out of the garbage collector's way once it is over (the program does;
        tests, which run many apps in one process, do not)."""
        self.settled = asyncio.Event()
        """Set when start-up is over: the first question is on screen and everything behind it is ready."""
        self.blink = blink
        """Cursor blink in text fields (off for snapshot tests)."""
        self.lang = lang if lang in ("nl", "en") else "nl"
        self.ui = UI(self.lang)
        self.data_dir = data_dir
        self.flow_id = flow
        self.root = root
        self.keeper: Keeper | None = keeper
        self.use_store = use_store
        self.kdf = kdf
        self.passphrase = passphrase
        self.session: Session | None = None
        self.prepared: Prepared | None = None
        self._prepared_event = asyncio.Event()
        self.exit_note = ""
        self.turn_shown: Callable[[], None] | None = None
        """Called after each question is on screen (the benchmark hooks in here)."""
        self._theme_name = theme if theme in THEMES else THEMES[0]
        self._cache = StartupCache(self.root or content_root())
        """The start-up cache for this content (its fingerprint taken once, here)."""
        self._cached_first: tuple[str, Turn | None] = (self.lang, None)
        """The language and first turn read from the cache for the first screen."""

    # -- start-up --------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        from dialoog.tui.screens.conversation import ConversationScreen

        first = self._cache.read("first", self.flow_id, extra=self.lang)
        self._cached_first = (self.lang, first)
        return ConversationScreen(None, self.keeper, first=first)

    def on_mount(self) -> None:
        self.theme = self._theme_name

    def on_ready(self) -> None:
        # after the first question is on screen (its own after-refresh callbacks run first)
        self.call_after_refresh(self.prepare)

    @work(thread=True, exclusive=True, group="prepare")
    def prepare(self) -> None:
        result = Prepared()
        try:
            result.flow, result.problems = self._load_flow()
            self._look_at_store(result)
            if result.flow is not None:
                result.session = self._new_session(result.flow, self.lang)
            # warm up what the conversation needs, while the user reads the first message
            from dialoog.tui.widgets.answers import warm_up_imports

            warm_up_imports()
        finally:
            self.call_from_thread(self._set_prepared, result)

    def _new_session(self, flow: Flow, lang: str) -> Session:
        from dialoog.engine import Session

        session = Session(flow, lang, self.root)
        first = session.turn()
        if self._cached_first != (lang, first):
            self._cache.write("first", flow.id, first, extra=lang)
        return session

    def _load_flow(self) -> tuple[Flow | None, list[Problem]]:
        from dialoog.flow.library import load_library
        from dialoog.flow.problems import ContentError, Problem

        root = self.root or content_root()
        cached = self._cache.read("flow", self.flow_id)
        if cached is not None:
            return cached, []
        try:
            lib = load_library(root)
            flow = lib.flow(self.flow_id)
            self._cache.write("flow", self.flow_id, flow)
            return flow, []
        except ContentError as exc:
            problems = list(exc.problems)
            known = {str(p) for p in problems}
            problems += [p for p in lib.problems if str(p) not in known] if "lib" in locals() else []
            return None, problems
        except Exception as exc:  # noqa: BLE001 - shown to the user instead of a crash
            return None, [Problem(str(root), 1, 1, "DLG000", f"{type(exc).__name__}: {exc}")]

    def _look_at_store(self, result: Prepared) -> None:
        if self.keeper is not None:
            result.store = "exists" if self.keeper.persistent else "missing"
            if result.flow is not None:
                result.unfinished = self.keeper.unfinished(result.flow.id)
            return
        if not self.use_store:
            return
        try:
            from dialoog.tui.keeper import probe
        except ImportError:  # pragma: no cover - the store ships with the package
            return
        try:
            exists, unfinished = probe(self.data_dir, self.flow_id)
        except ImportError:
            return
        except Exception as exc:  # noqa: BLE001 - StoreError and OS errors: handled when the user begins
            result.store = "error"
            result.store_error = exc
            return
        result.store = "exists" if exists else "new"
        result.unfinished = unfinished

    def _set_prepared(self, result: Prepared) -> None:
        self.prepared = result
        self._prepared_event.set()
        if result.flow is None:
            from dialoog.tui.screens.problems import ProblemsScreen

            self.push_screen(ProblemsScreen(result.problems, self.root or content_root()))
            return
        for screen in self.screen_stack:
            prepared = getattr(screen, "prepared", None)
            if prepared is not None:
                prepared(result)

    def start_up_over(self) -> None:
        """What start-up does behind the first question is done (called once by the conversation): the
        conversation is ready for every kind of question, and `settled` is set. What start-up made stays
        for the whole run: `gc.freeze` keeps the collector from going through it again and again, which
        made some answers take 50 ms longer."""
        if self.settled.is_set():
            return
        if self.freeze_gc:
            import gc

            gc.collect()
            gc.freeze()
        self.settled.set()

    async def wait_prepared(self) -> Prepared:
        await self._prepared_event.wait()
        assert self.prepared is not None
        return self.prepared

    def will_save(self) -> bool:
        """Whether answers are (or will be) kept on disk."""
        if self.keeper is not None:
            return self.keeper.persistent
        prepared = self.prepared
        return self.use_store and (prepared is None or prepared.store != "missing")

    # -- the store -------------------------------------------------------------

    async def ensure_keeper(self) -> Keeper | None:
        """The keeper of the answers: open the store (asking the passphrase) the first time. None: the user quit.

        Must run in a worker (it may wait for a passphrase screen)."""
        if self.keeper is not None:
            return self.keeper
        prepared = await self.wait_prepared()
        keeper = await self._obtain_keeper(prepared)
        if keeper is None:
            return None
        keeper.on_error = self._save_failed
        self.keeper = keeper
        return keeper

    def resumed(self, session: Session) -> None:
        """`session` is the one being kept now (started or resumed)."""
        self.session = session
        if session.note:
            self.notify(session.note, markup=False, timeout=10)

    async def _obtain_keeper(self, prepared: Prepared) -> Keeper | None:
        from dialoog.tui.keeper import memory_keeper

        if not self.use_store or prepared.store == "missing":
            return memory_keeper()
        from dialoog.tui.keeper import passphrase_from_env
        from dialoog.tui.screens.passphrase import PassphraseScreen, StoreProblemScreen

        passphrase = self.passphrase or passphrase_from_env()
        mode = "enter" if prepared.store == "exists" else "choose"
        error: Exception | None = prepared.store_error
        while True:
            if error is not None:
                choice = await self.push_screen_wait(StoreProblemScreen(error))
                if choice == "memory":
                    return memory_keeper()
                if choice != "fresh":
                    self.exit(0)
                    return None
                mode, error = "choose", None
                if passphrase is not None:  # from the environment: make the fresh store with it
                    pass
            if passphrase is not None:
                from dialoog.tui.keeper import open_keeper

                try:
                    return await asyncio.to_thread(open_keeper, self.data_dir, passphrase, self.kdf)
                except Exception as exc:  # noqa: BLE001
                    if type(exc).__name__ == "WrongPassphrase":
                        passphrase, mode = None, "enter"
                        self.notify(self.ui._("The passphrase from DIALOOG_PASSPHRASE does not open your saved "
                                              "answers. Please type it."), markup=False, severity="warning")
                        continue
                    error = exc
                    continue
            result = await self.push_screen_wait(PassphraseScreen(mode, self.data_dir, self.kdf))
            if result is None:
                self.exit(0)
                return None
            if isinstance(result, Exception):
                error = result
                continue
            return result

    def _save_failed(self, message: str) -> None:
        self.notify(self.ui._("Your answers can no longer be saved on this computer. The session goes on, "
                              "but what you answer from now on is not kept after you quit.") + "\n" + message,
                    markup=False, severity="error", timeout=20)

    # -- actions ---------------------------------------------------------------

    def action_quit_saved(self) -> None:
        """Quit at any moment: the session is saved and offered next time."""
        if self.keeper is not None and self.session is not None and not self.session.finished:
            self.keeper.save(self.session)
        self.exit(1 if self.prepared is not None and self.prepared.flow is None else 0)

    def action_help_quit(self) -> None:
        self.notify(self.ui._("Press Ctrl+Q to quit."), markup=False)

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    async def action_switch_language(self) -> None:
        await self.set_language(other_language(self.lang))

    async def set_language(self, lang: str) -> None:
        self.lang = lang
        self.ui = UI(lang)
        if self.session is not None:
            self.session.set_language(lang)
            if self.keeper is not None:
                self.keeper.save(self.session)
        for screen in self.screen_stack:
            localise(screen)
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                await relabel()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=self.ui._("Search for a command…")))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from palette_commands(self, screen)

    # -- leaving ---------------------------------------------------------------

    def farewell(self) -> str:
        """What to print after the app has closed (in the user's language)."""
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
