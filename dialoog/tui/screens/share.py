"""Share a version of the results, by consent: the parts to include (by default the levels, the main actions
and the agenda), a preview of exactly the text the file will hold (it follows every tick), the path the user
types, and the consent. Nothing is written until the consent box is ticked for the text on screen; the consent
is recorded (sealed, in the store) before the file is written. An existing file is replaced only after a
second press of Save, which the screen asks for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Static

from dialoog.report.scope import Scope
from dialoog.sharing.shared import PARTS, included, left_out, shared_file, shared_text
from dialoog.tui.app import crash_guard
from dialoog.tui.text import N_, plain
from dialoog.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from dialoog.engine import Session
    from dialoog.sharing.export import ExportRequest

SHORT: dict[str, str] = {
    "levels": N_("Levels per theme"),
    "top_actions": N_("Main actions"),
    "agenda": N_("Your commitments"),
    "advice": N_("Other advice"),
    "because": N_("Because you answered"),
    "network_names": N_("Names in your network"),
    "network_map": N_("Network map"),
    "free_text": N_("What you typed yourself"),
    "compare": N_("Comparison with before"),
    "starters": N_("Conversation starters"),
}
"""The parts on the checkboxes (short; `dialoog.sharing.words.part_names` says them in full)."""


class ShareScreen(Screen[None]):
    """See the module docstring. `store` is where the consent is recorded; `session_id` the scan's id."""

    AUTO_FOCUS = "#parts Checkbox"
    DEFAULT_CSS = """
    ShareScreen > #title { height: 1; background: $panel; text-style: bold; padding: 0 1; }
    ShareScreen #body { height: 1fr; }
    ShareScreen #parts { width: 32; height: 1fr; padding: 0 1 0 0; }
    ShareScreen #parts Checkbox { height: 1; border: none; padding: 0; background: transparent; }
    ShareScreen #parts .heading { text-style: bold; height: 1; }
    ShareScreen #preview-box { width: 1fr; height: 1fr; border: round $primary; padding: 0 1; }
    ShareScreen #preview { height: auto; }
    ShareScreen #bottom { height: auto; padding: 0 1; }
    ShareScreen #where { height: 1; }
    ShareScreen #where Static { width: auto; padding: 0 1 0 0; }
    ShareScreen #path { width: 1fr; height: 1; }
    ShareScreen #confirm { height: 1; }
    ShareScreen #agree { height: 1; border: none; padding: 0; width: 1fr; background: transparent; }
    ShareScreen #save { height: 1; min-width: 10; border: none; }
    ShareScreen #status { height: auto; max-height: 2; color: $text-warning; }
    ShareScreen #status.-done { color: $text-success; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Back")),
        Binding("ctrl+s", "save", N_("Save")),
        Binding("ctrl+q", "app.quit_saved", N_("Quit")),
    ]

    def __init__(self, session: Session, store: Any, session_id: str | None, scope: Scope | None = None, *,
                 previous: Session | None = None, today: dt.date | None = None) -> None:
        super().__init__()
        self.session = session
        self.previous = previous
        """The previous scan, for the comparison (only when that part is ticked)."""
        self.today = today
        """The date the shared version names (default: today; tests fix it)."""
        self.store = store
        self.session_id = session_id or ""
        self.scope = scope or Scope.shared()
        self.text = ""
        """The preview on screen: exactly what the file will hold."""
        self.replace: Path | None = None
        """An existing file the user asked for once; a second Save replaces it."""
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        with Horizontal(id="body"):
            with VerticalScroll(id="parts"):
                yield Static(id="parts-heading", classes="heading", markup=False)
                for name in PARTS:
                    yield Checkbox(value=getattr(self.scope, name), id=f"part-{name}", compact=True)
            with VerticalScroll(id="preview-box"):
                yield Static(id="preview", markup=False)
        with Vertical(id="bottom"):
            with Horizontal(id="where"):
                yield Static(id="path-label", markup=False)
                yield Input(id="path", compact=True)
            with Horizontal(id="confirm"):
                yield Checkbox(id="agree", compact=True)
                yield Button(id="save", compact=True)
            yield Static(id="status", markup=False)
        yield KeyBar()

    async def on_mount(self) -> None:
        from dialoog.tui.commands import localise

        localise(self)
        await self.relabel()

    async def relabel(self) -> None:
        ui = self.session.ui
        self.query_one("#title", Static).update(Content(ui._("Share a version of your results")))
        self.query_one("#parts-heading", Static).update(Content(ui._("What goes in it")))
        for name in PARTS:
            self.query_one(f"#part-{name}", Checkbox).label = Content(ui._(SHORT[name]))
        self.query_one("#path-label", Static).update(Content(ui._("Save as (.md or .html):")))
        self.query_one("#path", Input).placeholder = ui._("for example ~/shared-scan.md")
        self.query_one("#agree", Checkbox).label = Content(ui._("I agree to share exactly this text"))
        self.query_one("#save", Button).label = Content(ui._("Save"))
        self.query_one("#preview-box").border_title = Content(ui._("Preview of the file"))
        await self.fill()

    @crash_guard
    async def fill(self) -> None:
        """The preview for the current parts; a consent given for another text no longer holds."""
        text = shared_text(self.session, self.scope, self.previous, self.today)
        if text != self.text:
            self.text = text
            self.query_one("#agree", Checkbox).value = False
        self.query_one("#preview", Static).update(plain(text))

    async def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        name = (event.checkbox.id or "").removeprefix("part-")
        if name in PARTS and getattr(self.scope, name) != event.value:
            self.scope = dataclasses.replace(self.scope, **{name: event.value})
            await self.fill()
        self.replace = None

    def on_input_changed(self, _: Input.Changed) -> None:
        self.replace = None

    async def on_input_submitted(self, _: Input.Submitted) -> None:
        await self.action_save()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            await self.action_save()

    def say(self, text: str, done: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(plain(text))
        status.set_class(done, "-done")

    @crash_guard
    async def action_save(self) -> None:
        from dialoog.sharing.export import ExportError, ExportRequest, check_target, export_file

        ui = self.session.ui
        typed = self.query_one("#path", Input).value.strip()
        if not typed:
            self.say(ui._("Type where to save the file (a path ending in .md or .html)."))
            self.query_one("#path", Input).focus()
            return
        agreed = self.query_one("#agree", Checkbox).value
        if not agreed:
            self.say(ui._("Tick the box to agree to share exactly this text. Nothing was written."))
            return
        try:
            path = check_target(Path(typed), suffixes=(".md", ".html"))
        except ExportError as exc:
            if exc.kind != "exists":
                self.say(self.problem(exc))
                return
            path = exc.path
            if self.replace != path:
                self.replace = path
                self.say(ui._("{file} exists already. Press Save again to replace it.", file=str(path)))
                return
        body = shared_file(self.session, self.scope, path.suffix, self.previous, self.today)
        request = ExportRequest("shared", body, included(self.scope), left_out(self.scope), path, (self.session,),
                                (self.session_id,) if self.session_id else ())
        shown = self.text

        def ask(_: ExportRequest) -> bool:
            return agreed and shown == self.text  # the consent is for the text on screen, as it is now

        try:
            consent = export_file(self.store, request, ask, force=self.replace == path)
        except ExportError as exc:
            self.say(self.problem(exc))
            return
        self.replace = None
        if consent is None:
            self.say(ui._("Nothing was written."))
            return
        self.written = path
        self.query_one("#agree", Checkbox).value = False
        self.say(ui._("Saved to {file}. Your consent is kept with your answers (encrypted).", file=str(path)),
                 done=True)

    def problem(self, exc: Any) -> str:
        ui = self.session.ui
        messages = {
            "exists": ui._("{file} exists already."),
            "folder": ui._("The folder of {file} does not exist. Nothing was written."),
            "kind": ui._("{file}: the file name must end in .md or .html."),
            "write": ui._("{file} could not be written. Nothing was shared."),
        }
        return messages.get(exc.kind, messages["write"]).format(file=exc.path)

    def action_close(self) -> None:
        self.dismiss(None)


__all__ = ["SHORT", "ShareScreen"]
