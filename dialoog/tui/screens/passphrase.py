"""Passphrase screens: choose one (first session, with confirmation) or enter it; store problems.

The store is opened on a thread (the key derivation takes a moment). A wrong
passphrase changes nothing and says so. A damaged store has been moved
aside by the store once the passphrase was checked against it (the user is told where, and may begin with a
fresh one); when it cannot be checked, it is set aside only if the user chooses to begin with a fresh one.

Fast typing (a password manager, `tmux send-keys`) lands where it is typed. Textual
hands each key to the focused field's own queue and handles Tab and Enter only when
that field has taken the key from its queue, so the keys after them would reach the
old field. Here Tab, Shift+Tab and Enter are priority bindings: the focus moves as
the key comes in, before the next key is handed on, and what Enter does waits
until every field has taken the keys queued before it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from dialoog.tui.commands import localise
from dialoog.tui.text import N_, plain
from dialoog.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

    from dialoog.i18n import UI
    from dialoog.keeping.keeper import Keeper

MIN_LENGTH = 8


def after_all(widgets: list[Widget], callback: Callable[[], Any]) -> None:
    """Run `callback` once each of `widgets` has handled the messages (keys) already in its queue."""
    if not widgets:
        callback()
        return
    first, rest = widgets[0], widgets[1:]
    first.call_later(after_all, rest, callback)


class PageScreen(Screen[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit_saved", N_("Quit"), priority=True),
        Binding("f9", "app.switch_language", "Language"),
        Binding("tab", "move_focus(1)", show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", show=False, priority=True),
        Binding("enter", "enter", show=False, priority=True),
    ]


    @property
    def ui(self) -> UI:
        return self.app.ui  # type: ignore[attr-defined, no-any-return]

    def action_quit_saved(self) -> None:
        """Quit from this page (the footer's "Quit"; nothing has been answered yet)."""
        self.dismiss(None)

    def action_move_focus(self, step: int) -> None:
        """Tab / Shift+Tab, at once: the keys typed next go to the newly focused widget."""
        if not self.is_mounted:  # the keys that came before wait in this screen's queue: after them
            self.call_later(self.action_move_focus, step)
        elif step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_enter(self) -> None:
        """Enter in a field: handled here, in order with the keys typed before it (on a button: the button's)."""
        if not self.is_mounted:
            self.call_later(self.action_enter)
            return
        field = self.focused
        if not isinstance(field, Input):
            raise SkipAction()
        self.entered(field)

    def on_key(self, event: events.Key) -> None:
        """A key typed before this screen had its focus (it came to the screen): into the focused field."""
        field = self.focused
        if event.is_printable and event.character and isinstance(field, Input) and not field.disabled:
            event.stop()
            field.insert_text_at_cursor(event.character)

    def entered(self, field: Input) -> None:
        """Enter in `field` (a page without fields has nothing to do)."""

    def say(self, text: str, error: bool = True) -> None:
        message = self.query_one("#message", Static)
        message.update(Content(("⚠ " if error else "") + text))
        message.set_class(not error, "-info")


class PassphraseScreen(PageScreen):
    """`choose` (a new store: type it twice) or `enter` (open the existing store).

    Dismisses with the opened `Keeper`, with a store error to handle (damaged,
    unavailable), or with None when the user quits.
    """

    AUTO_FOCUS = "#first"
    """Focused as soon as the fields exist (before `on_mount`), so early keys have a field to go to."""

    def __init__(self, mode: str, data_dir: Path | str | None = None, kdf: Any = None) -> None:
        super().__init__()
        self.mode = mode
        self.data_dir = data_dir
        self.kdf = kdf

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="page", can_focus=False):
            yield Static(id="heading", markup=False)
            yield Static(id="explain", markup=False)
            yield Static(id="label-1", classes="label", markup=False)
            yield Input(password=True, id="first", compact=True)
            if self.mode == "choose":
                yield Static(id="label-2", classes="label", markup=False)
                yield Input(password=True, id="second", compact=True)
            yield Static(id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("", id="ok", variant="primary", compact=True)
                yield Button("", id="quit", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        localise(self)
        self._texts()
        for field in self.query(Input):
            field.cursor_blink = getattr(self.app, "blink", True)
        self.set_focus(self.query_one("#first", Input))

    async def relabel(self) -> None:
        self._texts()

    def _texts(self) -> None:
        ui = self.ui
        if self.mode == "choose":
            texts = {
                "heading": ui._("Choose a passphrase"),
                "explain": ui._(
                    "Your answers are kept on this computer, encrypted. Choose a passphrase to protect them: at "
                    "least {n} characters. A short sentence is easy to remember and hard to guess. A forgotten "
                    "passphrase cannot be recovered: without it nobody can read your answers, not even you.",
                    n=MIN_LENGTH,
                ),
                "label-1": ui._("Passphrase"),
                "label-2": ui._("Type it again"),
            }
            ok = ui._("Save and begin")
        else:
            texts = {
                "heading": ui._("Enter your passphrase"),
                "explain": ui._("Your saved answers are protected with the passphrase you chose earlier."),
                "label-1": ui._("Passphrase"),
            }
            ok = ui._("Open")
        for widget_id, text in texts.items():
            self.query_one(f"#{widget_id}", Static).update(Content(text))
        self.query_one("#ok", Button).label = Content(ok)
        self.query_one("#quit", Button).label = Content(ui._("Quit"))

    def entered(self, field: Input) -> None:
        if field.id == "first" and self.mode == "choose":
            self.set_focus(self.query_one("#second", Input))  # at once (`focus()` waits): the next keys go there
            return
        after_all(list(self.query(Input)), self.submit)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "quit":
            self.dismiss(None)
        else:
            self.submit()

    def submit(self) -> None:
        ui = self.ui
        first = self.query_one("#first", Input).value
        if self.mode == "choose":
            second = self.query_one("#second", Input).value
            if len(first) < MIN_LENGTH:
                self.say(ui._("The passphrase is too short: use at least {n} characters.", n=MIN_LENGTH))
                self.set_focus(self.query_one("#first", Input))
                return
            if first != second:
                self.say(ui._("The two passphrases are not the same. Please type them again."))
                self.query_one("#second", Input).value = ""
                self.set_focus(self.query_one("#second", Input))
                return
        elif not first:
            self.say(ui._("Please type your passphrase."))
            return
        self.say(ui._("Opening…"), error=False)
        for widget in self.query("Input, Button"):
            widget.disabled = True
        self.open_store(first)

    @work(thread=True, exclusive=True, group="open-store")
    def open_store(self, passphrase: str) -> None:
        from dialoog.keeping.keeper import open_keeper

        try:
            keeper = open_keeper(self.data_dir, passphrase, self.kdf)
        except Exception as exc:  # noqa: BLE001 - each kind is shown to the user
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self.dismiss, keeper)

    def _failed(self, exc: Exception) -> None:
        for widget in self.query("Input, Button"):
            widget.disabled = False
        if type(exc).__name__ == "WrongPassphrase":
            self.say(self.ui._("That passphrase does not open your saved answers. Nothing was changed. "
                               "Please try again."))
            field = self.query_one("#first", Input)
            field.value = ""
            self.set_focus(field)
            return
        self.dismiss(exc)


class StoreProblemScreen(PageScreen):
    """The store is damaged (moved aside) or cannot be used: say so plainly and offer a way on."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    @property
    def corrupt(self) -> bool:
        """Damaged: moved aside already (CorruptStore), or left as it was until the user agrees (DamagedStore)."""
        return type(self.error).__name__ in ("CorruptStore", "DamagedStore")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="page", can_focus=False):
            yield Static(id="heading", markup=False)
            yield Static(id="explain", markup=False)
            yield Static(id="detail", classes="muted", markup=False)
            yield Static(id="message", markup=False)
            with Horizontal(classes="buttons"):
                if self.corrupt:
                    yield Button("", id="fresh", variant="primary", compact=True)
                yield Button("", id="memory", compact=True)
                yield Button("", id="quit", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        localise(self)
        self._texts()
        self.set_focus(self.query(Button).first())

    async def relabel(self) -> None:
        self._texts()

    def _texts(self) -> None:
        ui = self.ui
        if self.corrupt and getattr(self.error, "moved_to", None) is None:
            heading = ui._("Your saved answers could not be read")
            explain = ui._(
                "The file with your saved answers is damaged, and dialoog cannot check your passphrase against "
                "it. Nothing has been changed. You can set it aside (it is kept, not deleted) and begin with a "
                "new, empty store, go on without saving, or quit."
            )
        elif self.corrupt:
            moved = getattr(self.error, "moved_to", "")
            heading = ui._("Your saved answers could not be read")
            explain = ui._(
                "The file with your saved answers is damaged. It was not deleted: it was kept aside as {path}. "
                "You can begin again with a new, empty store, go on without saving, or quit.",
                path=str(moved),
            )
        else:
            heading = ui._("Your answers cannot be saved right now")
            explain = ui._(
                "dialoog cannot use the folder for saved answers on this computer. You can go on without saving "
                "(nothing is kept after you quit), or quit and try again later."
            )
        self.query_one("#heading", Static).update(Content(heading))
        self.query_one("#explain", Static).update(plain(explain))
        # the cause as the system gave it (SQLite's or the operating system's words), marked as such: the
        # explanation above already says in the user's language what happened and where the file is
        cause = getattr(self.error, "reason", None) if self.corrupt else None
        cause = cause or getattr(self.error, "message", None) or str(self.error)
        self.query_one("#detail", Static).update(plain(ui._("Technical detail: {detail}", detail=cause)))
        labels = {"fresh": ui._("Begin with a new store"), "memory": ui._("Go on without saving"),
                  "quit": ui._("Quit")}
        for button in self.query(Button):
            button.label = Content(labels[button.id or "quit"])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id if event.button.id in ("fresh", "memory") else None)


async def unlock(app: App[Any], data_dir: Any, kdf: Any, ui: Any, passphrase: str | None, mode: str,
                 error: Exception | None) -> Keeper | None:
    """Open the user's store through these screens: the passphrase from the environment first (if any), else
    asked (`mode`: "enter" for an existing store, "choose" for a new one); a store problem (`error`) is shown
    with its choices (go on without saving: a keeper in memory; start fresh: a damaged file set aside). The
    scan and practice both open the store here. None: the user quit."""
    import asyncio

    from dialoog.keeping.keeper import memory_keeper, open_keeper
    from dialoog.store.errors import DamagedStore, StoreError, WrongPassphrase

    if isinstance(error, DamagedStore) and error.key_readable:
        # damaged, but its key data can still check a passphrase: ask it first, so that a wrong one
        # cannot set the store aside (the store sets it aside once the right one is given)
        mode, error = "enter", None
    while True:
        if error is not None:
            choice = await app.push_screen_wait(StoreProblemScreen(error))
            if choice == "memory":
                return memory_keeper()
            if choice != "fresh":
                app.exit(0)
                return None
            if isinstance(error, DamagedStore):  # the user agreed to set the damaged file aside
                from dialoog.store import Store

                try:
                    await asyncio.to_thread(Store.set_aside, data_dir)
                except StoreError as exc:
                    error = exc
                    continue
            # a fresh store: with the passphrase from the environment if there is one, else one is chosen
            mode, error = "choose", None
        if passphrase is not None:
            try:
                return await asyncio.to_thread(open_keeper, data_dir, passphrase, kdf)
            except WrongPassphrase:
                passphrase, mode = None, "enter"
                app.notify(ui._("The passphrase from DIALOOG_PASSPHRASE does not open your saved "
                                "answers. Please type it."), markup=False, severity="warning")
                continue
            except Exception as exc:  # noqa: BLE001 - shown on the store problem screen
                error = exc
                continue
        result = await app.push_screen_wait(PassphraseScreen(mode, data_dir, kdf))
        if result is None:
            app.exit(0)
            return None
        if isinstance(result, Exception):
            error = result
            continue
        keeper: Keeper | None = result
        return keeper

