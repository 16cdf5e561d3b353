"""My scans: the start screen once the passphrase opened the store. It lists the saved conversations, newest
first: unfinished ones to continue, finished ones to open at their summary, each with its date, flow and role;
a damaged one is shown as such and not offered. "Begin a new scan" is the first line.

    Enter (or a click) on a line: continue / open it / begin a new scan
    F8: compare a finished repeat scan with the one before it;  Del: forget a scan (after a confirmation)

The screen is dismissed with `("continue", row)`, `("new", None)`, or `("resumed", session)` (a finished scan
whose answers no longer all fit the changed content: it goes on in the conversation); a finished scan opens at
its summary over this screen (Esc there comes back here), and it becomes the session being kept, so a change made on its
summary is saved to it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from dialoog.engine.scores import scores_anything
from dialoog.tui.app import crash_guard
from dialoog.tui.commands import localise, refresh_keys
from dialoog.tui.text import N_, plain
from dialoog.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from dialoog.engine import Session
    from dialoog.i18n import UI
    from dialoog.keeping.scans import ScanRow
    from dialoog.tui.startup import StartUp

NEW = "__new__"


def row_words(row: ScanRow, ui: UI) -> str:
    """One line of the list: date, flow, role, and what choosing it does."""
    if row.damaged:
        what = ui._("damaged: cannot be opened")
    elif row.finished:
        what = ui._("finished: open the summary")
    else:
        what = ui._("not finished: continue")
    parts = [row.when, row.title, row.role or ui._("role not given"), what]
    return " · ".join(parts)


class ScansScreen(Screen[tuple[str, Any] | None]):
    """The list of saved scans (see the module docstring)."""

    AUTO_FOCUS = "OptionList"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f8", "compare", N_("Compare")),
        Binding("delete", "forget", N_("Forget"), key_display="Del"),
        Binding("f9", "app.switch_language", "Language"),
        Binding("ctrl+q", "app.quit_saved", N_("Quit")),
    ]
    DEFAULT_CSS = """
    ScansScreen { align: center top; }
    ScansScreen > #page { width: 100%; max-width: 100; height: 1fr; padding: 1 2 0 2; }
    ScansScreen #heading { text-style: bold; color: $text-primary; margin-bottom: 1; }
    ScansScreen #explain { margin-bottom: 1; }
    ScansScreen OptionList { height: 1fr; border: none; padding: 0; background: transparent; }
    ScansScreen OptionList:focus { border: none; background-tint: $foreground 0%; }
    ScansScreen #hint { color: $text-muted; height: auto; }
    """

    def __init__(self, start: StartUp, fresh: Session, opened: Callable[[Session], Awaitable[None]] | None = None,
                 rows: list[ScanRow] | None = None) -> None:
        super().__init__()
        self.start = start
        self.fresh = fresh
        """The new session prepared at start-up: what "begin a new scan" keeps."""
        self.opened = opened
        """Told when a finished scan was opened at its summary (the conversation behind takes it)."""
        self.rows: list[ScanRow] = list(rows or [])
        self._given = rows is not None

    @property
    def ui(self) -> UI:
        return self.app.ui  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        with Vertical(id="page"):
            yield Static(id="heading", markup=False)
            yield Static(id="explain", markup=False)
            yield OptionList()
            yield Static(id="hint", markup=False)
        yield KeyBar()

    async def on_mount(self) -> None:
        localise(self)
        self._texts()
        if not self._given:
            await self.reload()
        else:
            self._fill()

    async def relabel(self) -> None:
        self._texts()
        if not self._given:
            await self.reload()
        else:
            self._fill()
        refresh_keys(self)

    def _texts(self) -> None:
        ui = self.ui
        self.query_one("#heading", Static).update(Content(ui._("My scans")))
        self.query_one("#explain", Static).update(plain(ui._(
            "Your saved scans on this computer, the newest first. Choose one to continue it or to see its "
            "summary, or begin a new scan.")))
        self.query_one("#hint", Static).update(plain(ui._("Choose with the arrow keys and Enter, or click.")))

    async def reload(self) -> None:
        from dialoog.keeping.scans import scan_rows

        keeper = self.start.keeper
        if keeper is None:
            return
        self.rows = await asyncio.to_thread(scan_rows, keeper, self.start.root, self.start.lang)
        self._fill()

    def _fill(self) -> None:
        ui = self.ui
        listing = self.query_one(OptionList)
        at = listing.highlighted
        listing.clear_options()
        options = [Option(Content("+ " + ui._("Begin a new scan")), id=NEW)]
        options += [Option(plain(row_words(row, ui)), id=row.id, disabled=row.damaged) for row in self.rows]
        listing.add_options(options)
        listing.highlighted = min(at or 0, len(options) - 1)
        refresh_keys(self)

    def row(self) -> ScanRow | None:
        """The scan highlighted in the list (None: "begin a new scan")."""
        listing = self.query_one(OptionList)
        index = listing.highlighted
        if index is None or index == 0:
            return None
        option = listing.get_option_at_index(index)
        return next((r for r in self.rows if r.id == option.id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("compare", "forget") and self.is_mounted:
            row = self.row()
            if row is None:
                return None  # shown greyed out: nothing to compare or forget on "begin a new scan"
            if action == "compare":
                return True if row.finished and row.previous and not row.damaged else None
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.refresh_bindings()
        refresh_keys(self)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.choose(event.option.id)

    @crash_guard
    async def choose(self, option_id: str | None) -> None:
        if option_id == NEW:
            self.dismiss(("new", None))
            return
        row = next((r for r in self.rows if r.id == option_id), None)
        if row is None or row.damaged:
            return
        if not row.finished:
            self.dismiss(("continue", row))
            return
        await self.open_summary(row)

    async def open_summary(self, row: ScanRow) -> None:
        """A finished scan at its summary, over this list (Esc there comes back here)."""
        from dialoog.tui.screens.summary import SummaryScreen

        try:
            session = await self.start.reopen(self.app, row.id, self.fresh)
        except Exception as exc:  # noqa: BLE001 - TamperedData, StaleSession, ContentError: say so, stay here
            self._cannot_open(exc)
            return
        if not session.finished or not scores_anything(session.flow):
            # the content changed since and not every answer fits: go on in the conversation; or a flow that
            # scores nothing (the weighing framework), whose outcome is its last message: the conversation shows it
            self.dismiss(("resumed", session))
            return
        if self.opened is not None:
            await self.opened(session)
        await self.app.push_screen(SummaryScreen(session))

    def _cannot_open(self, exc: Exception) -> None:
        detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        self.app.notify(self.ui._("This scan could not be opened.") + "\n" + detail, markup=False,
                        severity="warning", timeout=15)

    @crash_guard
    async def action_compare(self) -> None:
        """The comparison of the highlighted finished scan with the scan before it."""
        from dialoog.tui.screens.compare import show_comparison

        row = self.row()
        keeper = self.start.keeper
        if row is None or keeper is None or not row.finished or not row.previous:
            return
        root = self.start.root
        try:
            current = await asyncio.to_thread(keeper.open_session, row.id, root, self.start.lang)
        except Exception as exc:  # noqa: BLE001 - shown, not a crash
            self._cannot_open(exc)
            return
        await show_comparison(self.app, keeper, current, root, self.start.lang)

    def action_forget(self) -> None:
        row = self.row()
        if row is None:
            return
        question = self.ui._("Forget the scan of {when} ({title})? Its answers are erased from this computer. "
                             "This cannot be undone.", when=row.when, title=row.title)
        self.app.push_screen(ConfirmScreen(question, self.ui._("Forget"), self.ui),
                             lambda yes: self._forget(row) if yes else None)

    def _forget(self, row: ScanRow) -> None:
        keeper = self.start.keeper
        if keeper is None:
            return
        keeper.forget(row.id)
        if keeper.session_id == row.id:  # the scan opened from this list: nothing is kept of it any more
            keeper.session_id = None
            self.start.session = None
        self.rows = [r for r in self.rows if r.id != row.id]
        self._fill()
        self.app.notify(self.ui._("The scan was forgotten."), markup=False)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question in a small window: the action named on its button, or cancel (Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #box { width: 64; max-width: 100%; height: auto; border: round $primary; padding: 1 2;
                           background: $surface; }
    ConfirmScreen #question { margin-bottom: 1; }
    ConfirmScreen .buttons { height: auto; }
    ConfirmScreen Button { margin-right: 2; }
    """

    def __init__(self, question: str, yes: str, ui: UI) -> None:
        super().__init__()
        self.question, self.yes, self.ui = question, yes, ui

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(plain(self.question), id="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(Content(self.yes), id="yes", variant="error", compact=True)
                yield Button(Content(self.ui._("Cancel")), id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # the safe choice first

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_cancel(self) -> None:
        self.dismiss(False)
