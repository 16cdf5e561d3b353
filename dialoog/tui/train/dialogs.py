"""The trainer app's small windows: type the counts, notes, export, save a selection, help."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from dialoog.training.model import VoteError
from dialoog.tui.commands import localise
from dialoog.tui.text import N_, safe
from dialoog.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from dialoog.i18n import UI
    from dialoog.training.model import TrainingSession


class _Window(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", N_("Close"))]

    @property
    def ui(self) -> UI:
        return self.app.ui  # type: ignore[attr-defined,no-any-return]

    def on_mount(self) -> None:
        localise(self)

    def say(self, text: str, error: bool = True) -> None:
        message = self.query_one("#message", Static)
        message.set_class(error, "-error")
        message.update(Content(text))

    def action_close(self) -> None:
        self.dismiss(None)


class CountsScreen(_Window):
    """Type the counts of the current card: `3 5 0 2` or `b=4`; a bad count is refused and nothing changes."""

    def __init__(self, session: TrainingSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        ui, keys = self.ui, self.session.state.keys
        with Vertical(id="box") as box:
            box.border_title = Content(ui._("Type the counts"))
            yield Static(Content(ui._("One count per option in order ({keys}), such as {example}; or only some, "
                                      "such as b=4. Enter sets them, Esc cancels.",
                                      keys=" ".join(keys), example=" ".join(str(i + 2) for i in range(len(keys))))),
                         classes="explain")
            now = " ".join(str(self.session.state.votes.get(k, 0)) for k in keys)
            yield Input(now, id="counts", compact=True)
            yield Static(id="message", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.session.type_counts(event.value)
        except VoteError as exc:
            self.say(exc.say(self.ui._))
            return
        self.dismiss(None)


class NotesScreen(_Window):
    """The trainer's notes on the current card (presenter only; kept in the record and the exports)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Save and close")),
        Binding("ctrl+s", "close", N_("Save and close"), show=False),
    ]

    def __init__(self, session: TrainingSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(id="box") as box:
            box.border_title = Content(self.ui._("Notes on this card"))
            yield Static(Content(self.ui._("Only you see them (and the exports). Do not write names.")),
                         classes="explain")
            yield TextArea(self.session.state.notes, id="notes", soft_wrap=True, show_line_numbers=False)
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        area = self.query_one(TextArea)
        area.cursor_blink = getattr(self.app, "blink", True)
        area.focus()
        area.move_cursor(area.document.end)

    def action_close(self) -> None:
        self.session.set_notes(self.query_one(TextArea).text)
        self.dismiss(None)


class ExportScreen(ModalScreen[str | None]):
    """Write the session so far to a file: .md, .html or .csv by the name's ending."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", N_("Close"))]

    def __init__(self, session: TrainingSession) -> None:
        super().__init__()
        self.session = session
        self._replace: Path | None = None

    @property
    def ui(self) -> UI:
        return self.app.ui  # type: ignore[attr-defined,no-any-return]

    def say(self, text: str) -> None:
        message = self.query_one("#message", Static)
        message.set_class(True, "-error")
        message.update(Content(text))

    def action_close(self) -> None:
        self.dismiss(None)

    def _default(self) -> str:
        folder = self.session.data_dir / "training" / "exports" if self.session.data_dir else Path.cwd()
        return str(folder / f"{self.session.id}.html")

    def compose(self) -> ComposeResult:
        with Vertical(id="box") as box:
            box.border_title = Content(self.ui._("Export the session"))
            yield Static(Content(self.ui._("The cards so far with their votes, times and notes; no names. The file "
                                           "name's ending says the format: .md, .html or .csv.")),
                         classes="explain")
            yield Input(self._default(), id="path", compact=True)
            yield Static(id="message", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        localise(self)
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        from dialoog.report.write import ReportPathError
        from dialoog.training.export import path_message, write_export

        ui = self.ui
        path = Path(event.value.strip()).expanduser()
        if not event.value.strip():
            self.say(ui._("Type the name of a file."))
            return
        if str(path) == self._default():  # the sessions' own export folder
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        force = self._replace == path
        try:
            written = write_export(self.session.record(), path, {c.id: c for c in self.session.cards}, ui._,
                                   self.app.t, force=force)  # type: ignore[attr-defined]
        except ValueError:
            self.say(ui._("An export is written as .md, .html or .csv; '{name}' is none of them.", name=path.name))
            return
        except ReportPathError as exc:
            if exc.kind == "exists":
                self._replace = path
                self.say(ui._("{path} already exists. Press Enter again to replace it.", path=str(path)))
            else:
                self.say(path_message(exc, ui._))
            return
        self.dismiss(str(written))


class SaveSelectionScreen(ModalScreen[str | None]):
    """A name for the chosen cards, saved as data_dir()/training/decks/<name>.yaml."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", N_("Close"))]

    def __init__(self, ids: list[str], data_dir: Path) -> None:
        super().__init__()
        self.ids = ids
        self.data_dir = data_dir

    @property
    def ui(self) -> UI:
        return self.app.ui  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        with Vertical(id="box") as box:
            box.border_title = Content(self.ui._("Save the selection"))
            yield Static(Content(self.ui.ngettext("A name for these {n} card (letters, digits, - and _):",
                                                  "A name for these {n} cards (letters, digits, - and _):",
                                                  len(self.ids))), classes="explain")
            yield Input("", id="name", compact=True)
            yield Static(id="message", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        localise(self)
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        from dialoog.training.deck import NAME_RE, save_selection

        name = event.value.strip()
        message = self.query_one("#message", Static)
        if not NAME_RE.match(name):
            message.update(Content(self.ui._("Use letters, digits, - and _ (at most 64).")))
            return
        try:
            save_selection(self.data_dir, name, self.ids)
        except OSError as exc:
            message.update(Content(self.ui._("Not saved: {reason}", reason=exc.strerror or str(exc))))
            return
        self.dismiss(name)

    def action_close(self) -> None:
        self.dismiss(None)


HELP = [
    ("a-d, 1-9", N_("a vote for that option (1 is the first option)")),
    ("S", N_("type the counts (3 5 0 2, or b=4)")),
    ("R", N_("reveal the next step: options, chart, considerations, perspectives (Shift+R takes it back)")),
    ("T", N_("start or pause the timer")),
    ("+ / -", N_("a minute more or less on the timer")),
    ("N", N_("notes on this card (only you see them)")),
    ("PgDn / PgUp", N_("the next or previous card")),
    ("E", N_("export the session so far (.md, .html, .csv)")),
    ("V", N_("switch between the projector and the presenter view")),
    ("F9", N_("Nederlands / English")),
    ("Ctrl+Q", N_("quit (the session is saved)")),
]


class HelpScreen(_Window):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1", "close", N_("Close"))]

    def compose(self) -> ComposeResult:
        ui = self.ui
        with Vertical(id="box") as box:
            box.border_title = Content(ui._("Keys"))
            with VerticalScroll():
                for key, words in HELP:
                    yield Static(Content.assemble((f"{key:<12}", "bold"), safe(ui._(words))), markup=False)
                yield Static(Content(ui._("The chart is shown only when you reveal it, and not below the minimum "
                                          "number of votes, so no one's vote can be read from it.")),
                             classes="explain")
        yield KeyBar()


__all__: list[Any] = ["CountsScreen", "ExportScreen", "HelpScreen", "NotesScreen", "SaveSelectionScreen"]
