"""Start-up of the conversation, in one place: the start-up cache, the thread that prepares the flow, the
store and a session, the keeper of the answers (asking the passphrase), and the moment start-up is over.

    first paint (cached first turn) -> prepare() on a thread -> Prepared -> the conversation attaches it
    -> first answer or resume: keeper() opens the store -> over(): settled

The app makes one `StartUp` and hands it to the conversation screen; neither asks the other how far
start-up has come. Nothing here draws anything: screens that must be shown (the passphrase, a damaged
store) are pushed on the app given to `keeper()`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dialoog.flow.cache import StartupCache
from dialoog.i18n import UI
from dialoog.locations import content_root

if TYPE_CHECKING:
    from textual.app import App

    from dialoog.engine import Session, Turn
    from dialoog.flow.model import Flow
    from dialoog.flow.problems import Problem
    from dialoog.keeping.keeper import Keeper, Unfinished


@dataclass
class Prepared:
    """What the start-up thread found."""

    flow: Flow | None = None
    problems: list[Problem] = field(default_factory=list)
    store: str = "missing"
    """`missing` (no store package), `new` (no store yet), `exists`, or `error`."""
    unfinished: list[Unfinished] = field(default_factory=list)
    saved: bool = False
    """The store lists sessions (any flow, finished or not): the beginning offers My scans (after the passphrase)."""
    store_error: Exception | None = None
    wal_loss: Any = None
    """Saves lost from a damaged log, found by the look at the store (`dialoog.store.wal.WalLoss`), or None."""
    session: Session | None = None
    """A new session on the flow, in the language at the time (not yet kept)."""


class StartUp:
    """What the conversation needs before and while it begins, and the state it shares with the app: the
    language, the session being kept and its keeper."""

    def __init__(
        self,
        lang: str,
        data_dir: Path | str | None,
        flow_id: str,
        root: Path | None,
        *,
        keeper: Keeper | None = None,
        use_store: bool = True,
        kdf: Any = None,
        passphrase: str | None = None,
        freeze_gc: bool = False,
        begin_at: Callable[[Session], object] | None = None,
    ) -> None:
        self.lang = lang
        self.data_dir = data_dir
        self.flow_id = flow_id
        self.root = root
        self.keeper: Keeper | None = keeper
        """The keeper of the answers, once the store is open (or given by a test)."""
        self.session: Session | None = None
        """The session being kept (started or resumed)."""
        self.begin_at = begin_at
        """A try-out (`dialoog --from NODE`): brings a new session to its node; nothing is kept then."""
        self.use_store = use_store and begin_at is None
        self.kdf = kdf
        self.passphrase = passphrase
        self.freeze_gc = freeze_gc
        """Move what start-up made out of the garbage collector's way once it is over (the program does;
        tests, which run many apps in one process, do not)."""
        self.prepared: Prepared | None = None
        self.turn_shown: Callable[[], None] | None = None
        """Called after each question is on screen (the benchmark hooks in here)."""
        self.settled = asyncio.Event()
        """Set when start-up is over: the first question is on screen and everything behind it is ready."""
        self._prepared_event = asyncio.Event()
        self._cache = StartupCache(root or content_root())
        """The start-up cache for this content (its fingerprint taken once, here)."""
        self._cached_first: tuple[str, Turn | None] = (lang, None)
        """The language and first turn read from the cache for the first screen."""
        self._told_wal_loss = False

    @property
    def ui(self) -> UI:
        return UI(self.lang)

    @property
    def content(self) -> Path:
        return self.root or content_root()

    # -- before the first paint ------------------------------------------------

    def first_turn(self) -> Turn | None:
        """The flow's first turn from the start-up cache, in the current language (None: not cached)."""
        first: Turn | None = self._cache.read("first", self.flow_id, extra=self.lang)
        self._cached_first = (self.lang, first)
        return first

    # -- on the start-up thread ------------------------------------------------

    def prepare(self) -> Prepared:
        """Load the flow, look at the store and make a new session. Runs on a thread; never raises for
        content or store problems (they are in the result)."""
        result = Prepared()
        result.flow, result.problems = self._load_flow()
        self._look_at_store(result)
        if result.flow is not None:
            result.session = self._new_session(result.flow, self.lang)
            if self.begin_at is not None:
                try:
                    self.begin_at(result.session)
                except Exception as exc:  # noqa: BLE001 - checked before the app started; shown, not a crash
                    from dialoog.flow.problems import Problem

                    result.problems.append(Problem(str(self.content), 1, 1, "DLG000", f"--from: {exc}"))
                    result.flow, result.session = None, None
        # warm up what the conversation needs, while the user reads the first message
        from dialoog.tui.widgets.answers import warm_up_imports

        warm_up_imports()
        return result

    def _new_session(self, flow: Flow, lang: str) -> Session:
        from dialoog.engine import Session

        session = Session(flow, lang, self.root)
        first = session.turn()
        if self._cached_first != (lang, first):
            self._cache.write("first", flow.id, first, extra=lang)
        return session

    def _load_flow(self) -> tuple[Flow | None, list[Problem]]:
        from dialoog.flow.library import Library, load_library
        from dialoog.flow.problems import ContentError, Problem

        root = self.content
        cached = self._cache.read("flow", self.flow_id)
        if cached is not None:
            return cached, []
        lib: Library | None = None
        try:
            lib = load_library(root)
            flow = lib.flow(self.flow_id)
            self._cache.write("flow", self.flow_id, flow)
            return flow, []
        except ContentError as exc:
            problems = list(exc.problems)
            known = {str(p) for p in problems}
            problems += [p for p in lib.problems if str(p) not in known] if lib is not None else []
            return None, problems
        except Exception as exc:  # noqa: BLE001 - shown to the user instead of a crash
            return None, [Problem(str(root), 1, 1, "DLG000", f"{type(exc).__name__}: {exc}")]

    def _look_at_store(self, result: Prepared) -> None:
        if self.keeper is not None:
            result.store = "exists" if self.keeper.persistent else "missing"
            if result.flow is not None:
                result.unfinished = self.keeper.unfinished(result.flow.id)
            result.saved = bool(self.keeper.sessions())
            return
        if not self.use_store:
            return
        try:
            from dialoog.keeping.keeper import probe
        except ImportError:  # pragma: no cover - the store ships with the package
            return
        try:
            found = probe(self.data_dir, self.flow_id)
        except ImportError:
            return
        except Exception as exc:  # noqa: BLE001 - StoreError and OS errors: handled when the user begins
            result.store = "error"
            result.store_error = exc
            return
        result.store = "exists" if found.exists else "new"
        result.unfinished = found.unfinished
        result.saved = found.saved
        result.wal_loss = found.wal_loss

    # -- back on the event loop ------------------------------------------------

    def set_prepared(self, result: Prepared) -> None:
        self.prepared = result
        self._prepared_event.set()

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

    def over(self) -> None:
        """What start-up does behind the first question is done: the conversation is ready for every kind
        of question, and `settled` is set. What start-up made stays for the whole run: `gc.freeze` keeps
        the collector from going through it again and again, which made some answers take 50 ms longer."""
        if self.settled.is_set():
            return
        if self.freeze_gc:
            import gc

            gc.collect()
            gc.freeze()
        self.settled.set()

    # -- the store -------------------------------------------------------------

    async def obtain_keeper(self, app: App[Any]) -> Keeper | None:
        """The keeper of the answers: open the store (asking the passphrase on `app`) the first time.
        None: the user quit. Must run in a worker (it may wait for a passphrase screen)."""
        if self.keeper is not None:
            return self.keeper
        prepared = await self.wait_prepared()
        keeper = await self._open(app, prepared)
        if keeper is None:
            return None
        keeper.on_error = lambda message: self._save_failed(app, message)
        self.keeper = keeper
        self.tell_wal_loss(app, keeper.wal_loss)
        return keeper

    async def _open(self, app: App[Any], prepared: Prepared) -> Keeper | None:
        from dialoog.keeping.keeper import memory_keeper

        if not self.use_store or prepared.store == "missing":
            return memory_keeper()
        from dialoog.keeping.keeper import passphrase_from_env
        from dialoog.tui.screens.passphrase import unlock

        mode = "enter" if prepared.store == "exists" else "choose"
        return await unlock(app, self.data_dir, self.kdf, self.ui, self.passphrase or passphrase_from_env(), mode,
                            prepared.store_error)

    def tell_wal_loss(self, app: App[Any], loss: Any) -> None:
        """Say (once) that a damaged log lost saves: how many, and where its copy was kept."""
        if loss is None or self._told_wal_loss:
            return
        self._told_wal_loss = True
        ui = self.ui
        if loss.exact:
            lost = ui.ngettext("{n} saved step could not be read back.", "{n} saved steps could not be read back.",
                               loss.lost)
        else:
            lost = ui.ngettext("At least {n} saved step could not be read back.",
                               "At least {n} saved steps could not be read back.", loss.lost)
        text = ui._("The record of your latest answers was damaged on this computer.") + " " + lost
        if loss.kept is not None:
            text += " " + ui._("A copy was kept as {path}.", path=loss.kept)
        app.notify(text, markup=False, severity="warning", timeout=30)

    def _save_failed(self, app: App[Any], message: str) -> None:
        app.notify(self.ui._("Your answers can no longer be saved on this computer. The session goes on, "
                             "but what you answer from now on is not kept after you quit.") + "\n" + message,
                   markup=False, severity="error", timeout=20)

    def kept(self, app: App[Any], session: Session) -> None:
        """`session` is the one being kept now (started or resumed)."""
        self.session = session
        if session.note:
            app.notify(session.note, markup=False, timeout=10)

    async def begin(self, app: App[Any], session: Session) -> Keeper | None:
        """Keep `session` from its first answer on: open the store (asking the passphrase) and start it
        there. A repeat scan (the store has a finished one of the same flow: `Session.previous`) first asks how
        the previous scan's commitments stand (`review_agenda`). None: the user quit."""
        keeper = await self.obtain_keeper(app)
        if keeper is not None and self.session is not session:
            keeper.start(session)
            self.kept(app, session)
            await self.review_agenda(app, session)
        return keeper

    async def review_agenda(self, app: App[Any], session: Session) -> None:
        """The previous scan's commitments not reviewed yet, one by one: done, still open or dropped. Each answer
        is saved at once (before the next question shows); Esc leaves the rest for later."""
        from dialoog.engine.agenda import agenda_from_json, review_key

        keeper = self.keeper
        if keeper is None or session.previous is None:
            return
        previous = session.previous
        try:
            state = await asyncio.to_thread(keeper.store.load, previous)
        except Exception:  # noqa: BLE001 - the previous scan was erased or cannot be read: nothing to review
            return
        items = [c for c in agenda_from_json(state.get("agenda"))
                 if review_key(previous, c.id) not in session.agenda_review]
        if not items:
            return
        from dialoog.tui.screens.agenda_review import AgendaReviewScreen

        def mark(commitment_id: str, status: str) -> None:
            session.review_commitment(previous, commitment_id, status)
            keeper.save(session)

        await app.push_screen_wait(AgendaReviewScreen(items, self.ui, mark))

    async def resume(self, app: App[Any], offer: Unfinished, fresh: Session) -> Session | None:
        """Open the store (asking the passphrase) and continue the unfinished session `offer`; when it cannot be
        read back, say so and keep `fresh` instead. None: the user quit."""
        keeper = await self.obtain_keeper(app)
        if keeper is None:
            return None
        try:
            session = await self._restore(keeper, offer.id, fresh)
        except Exception as exc:  # noqa: BLE001 - StaleSession, TamperedData: say so, start afresh
            detail = getattr(exc, "message", None) or str(exc)
            app.notify(self.ui._("Your earlier session could not be opened, so a new one begins.") + f"\n{detail}",
                       markup=False, severity="warning", timeout=15)
            session = fresh
            keeper.start(session)
        self.kept(app, session)
        return session

    async def reopen(self, app: App[Any], session_id: str, fresh: Session) -> Session:
        """A saved session (a finished one, to look at its summary) becomes the one being kept, so that what is
        changed in it is saved to it. Raises what loading it raises (the caller says so)."""
        keeper = self.keeper
        assert keeper is not None
        try:
            session = await self._restore(keeper, session_id, fresh)
        except Exception:
            keeper.session_id = None  # nothing of it became the current session
            raise
        self.kept(app, session)
        return session

    async def _restore(self, keeper: Keeper, session_id: str, fresh: Session) -> Session:
        """Load a saved session on its own flow (the one being run, or another one of the same content)."""
        from dialoog.engine import Session

        state = await asyncio.to_thread(keeper.resume, session_id)
        flow = fresh.flow
        if state.get("flow") != flow.id and isinstance(state.get("flow"), str):
            from dialoog.flow.library import load_library

            flow = await asyncio.to_thread(lambda: load_library(self.content).flow(str(state["flow"])))
        return Session.from_dict(flow, state, self.root, lang=self.lang)

    async def warm_up(self, session: Session) -> None:
        """Compile the flow's conditions and templates on a thread, then start-up is over. (Not a thread worker
        that reports back with call_from_thread, which would wait forever if the user quits first.)"""
        with contextlib.suppress(Exception):  # best effort: what is not compiled now is compiled when it is used
            await asyncio.to_thread(session.warm_up)
        self.over()
