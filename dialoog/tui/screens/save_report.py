"""Save the report: the user types the path of the file (.html or .md), sees what will be written (the full
report, confidential), confirms before an existing file is replaced, and reads where it was saved or why it
could not be. Nothing is written before the user presses Save (or Enter); there is no default location:
the field shows a suggestion the user can see and change.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from dialoog.report.write import ReportPathError, check_path
from dialoog.tui.commands import localise
from dialoog.tui.text import N_, plain

if TYPE_CHECKING:
    from dialoog.engine import Session
    from dialoog.i18n import UI


def suggested_path(ui: UI, today: dt.date | None = None) -> str:
    """What the field shows at first: a file in the home folder, named by the date (the user sees it whole)."""
    day = (today or dt.date.today()).isoformat()
    return "~/" + ui._("dialoog-report-{date}.html", date=day)


def problem_words(exc: ReportPathError, ui: UI) -> str:
    path = str(exc.path)
    return {
        "suffix": ui._("A report is saved as .html (to read and print in a browser) or .md (plain text). "
                       "End the name with .html or .md."),
        "folder": ui._("The folder {folder} does not exist. Choose an existing folder.", folder=str(exc.path.parent)),
        "directory": ui._("{path} is a folder. Add a file name, ending in .html or .md.", path=path),
    }.get(exc.kind, ui._("The report could not be saved to {path}: {reason}", path=path, reason=exc.message))


class SaveReportScreen(ModalScreen[Path | None]):
    """The save dialog; dismissed with the path written, or None when the user cancels."""

    DEFAULT_CSS = """
    SaveReportScreen { align: center middle; }
    SaveReportScreen > #box {
        width: 90%; max-width: 80; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
        border-title-style: bold;
    }
    SaveReportScreen #what { height: auto; margin-bottom: 1; }
    SaveReportScreen #label { height: auto; }
    SaveReportScreen Input { margin: 0 0 1 0; }
    SaveReportScreen #status { height: auto; margin-bottom: 1; display: none; }
    SaveReportScreen #status.-shown { display: block; }
    SaveReportScreen #status.-error { color: $text-error; }
    SaveReportScreen #status.-warning { color: $text-warning; }
    SaveReportScreen #status.-done { color: $text-success; }
    SaveReportScreen #buttons { height: auto; }
    SaveReportScreen #buttons Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", N_("Close"))]

    def __init__(self, session: Session, previous: Session | None = None, *, suggestion: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.previous = previous
        self.suggestion = suggestion if suggestion is not None else suggested_path(session.ui)
        self.confirm: Path | None = None
        """The existing file the user was asked about: pressing Save again for it replaces it."""
        self.saved: Path | None = None

    @property
    def ui(self) -> UI:
        return self.session.ui

    def compose(self) -> ComposeResult:
        ui = self.ui
        with Vertical(id="box") as box:
            box.border_title = Content(ui._("Save your report"))
            yield Static(plain(ui._(
                "This saves the full report: your main actions, your agenda, the themes, all advice with the "
                "answers that led to it, and the names on your network map. It is confidential. Only you can "
                "read the file on this computer; keep it somewhere safe.")), id="what", markup=False)
            yield Static(plain(ui._("Save as (a file ending in .html or .md):")), id="label", markup=False)
            yield Input(self.suggestion, id="path", select_on_focus=False, compact=True)
            yield Static("", id="status", markup=False)
            with Horizontal(id="buttons"):
                yield Button(Content(ui._("Save")), id="save", compact=True, variant="primary")
                yield Button(Content(ui._("Cancel")), id="cancel", compact=True)

    def on_mount(self) -> None:
        localise(self)
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(field.value)

    def _status(self, text: str, kind: str) -> None:
        status = self.query_one("#status", Static)
        status.update(plain(text))
        status.set_class(bool(text), "-shown")
        for name in ("-error", "-warning", "-done"):
            status.set_class(name == kind, name)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.confirm is not None:  # another path: the question about the old one no longer stands
            self.confirm = None
            self.query_one("#save", Button).label = Content(self.ui._("Save"))
            self._status("", "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.save()
        else:
            self.dismiss(self.saved)

    def action_close(self) -> None:
        self.dismiss(self.saved)

    def save(self) -> None:
        """Check the path; ask before replacing a file; write the report."""
        ui = self.ui
        typed = self.query_one(Input).value.strip()
        if not typed:
            self._status(ui._("Type where the report should be saved."), "-error")
            return
        try:
            path = check_path(typed, force=True)
        except ReportPathError as exc:
            self._status(problem_words(exc, ui), "-error")
            return
        if (path.exists() or path.is_symlink()) and self.confirm != path:
            self.confirm = path
            self.query_one("#save", Button).label = Content(ui._("Replace"))
            self._status(ui._("{path} already exists. Press Replace (or Enter) to replace it, or change the name.",
                              path=str(path)), "-warning")
            return
        self.write(path, replace=self.confirm == path)

    def write(self, path: Path, *, replace: bool) -> None:
        from dialoog.report import build_report, render, report_format, write_private

        ui = self.ui
        try:
            text = render(build_report(self.session, previous=self.previous), report_format(path))
            written = write_private(path, text, force=replace)
        except ReportPathError as exc:
            self._status(problem_words(exc, ui), "-error")
            return
        self.confirm = None
        self.saved = written
        self.query_one("#save", Button).label = Content(ui._("Save"))
        self.query_one("#cancel", Button).label = Content(ui._("Close"))
        self._status(ui._("Saved to {path}. Only you can read this file.", path=str(written)), "-done")
        self.query_one("#cancel", Button).focus()


__all__ = ["SaveReportScreen", "problem_words", "suggested_path"]
