"""The welcome: what this is and is not, confidentiality, language, and resuming.

This is the first screen: it imports only light widgets (no Markdown, no engine,
no store) so it paints as fast as a bare Textual app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from dialoog.tui.commands import localise
from dialoog.tui.text import N_
from dialoog.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from dialoog.tui.app import DialoogApp, Prepared


class WelcomeScreen(Screen[None]):
    """What dialoog is, what it is not, and that the answers stay with the user."""

    AUTO_FOCUS = "#begin"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f9", "app.switch_language", "Language"),
        Binding("ctrl+q", "app.quit_saved", N_("Quit")),
    ]

    DEFAULT_CSS = """
    WelcomeScreen { align: center top; }
    WelcomeScreen > #page { width: 100%; max-width: 100; height: 1fr; padding: 1 2 0 2; }
    WelcomeScreen > #actions { width: 100%; max-width: 100; height: auto; padding: 0 2; }
    WelcomeScreen #page > Static { margin-bottom: 1; }
    WelcomeScreen #heading { text-style: bold; color: $text-primary; }
    WelcomeScreen #saving.-warning { color: $text-warning; }
    WelcomeScreen #resume { color: $text; text-style: bold; display: none; margin-bottom: 0; }
    WelcomeScreen.-resume #resume { display: block; }
    WelcomeScreen #again { display: none; }
    WelcomeScreen.-resume #again { display: block; }
    WelcomeScreen #wait { color: $text-muted; display: none; }
    WelcomeScreen.-waiting #wait { display: block; }
    WelcomeScreen .buttons { height: auto; margin: 1 0; }
    WelcomeScreen .buttons Button { margin-right: 2; }
    """

    @property
    def dialoog(self) -> DialoogApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="page", can_focus=False):
            yield Static(id="heading", markup=False)
            yield Static(id="what", markup=False)
            yield Static(id="not", markup=False)
            yield Static(id="private", markup=False)
            yield Static(id="saving", markup=False)
        with Vertical(id="actions"):
            yield Static(id="resume", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("", id="begin", variant="primary", compact=True)
                yield Button("", id="again", compact=True)
                yield Button("", id="language", compact=True)
                yield Button("", id="quit", compact=True)
            yield Static(id="wait", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        localise(self)
        self._texts()
        prepared = self.dialoog.prepared
        if prepared is not None:
            self.prepared(prepared)

    def _texts(self) -> None:
        ui = self.dialoog.ui
        texts = {
            "heading": ui._("Welcome to dialoog"),
            "what": ui._(
                "This is a guided self-reflection on integrity and on the networks you move in: family, friends, "
                "former colleagues, business contacts, clubs. You answer questions and think through a few "
                "dilemmas. At the end you see where risks may lie, what you can do about them, and who you can "
                "turn to."
            ),
            "not": ui._(
                "It is not a test. You cannot pass or fail, and it is not part of any appointment or selection "
                "procedure. It helps you to be aware of your network and to talk about it."
            ),
            "private": ui._(
                "Only you see your answers and your results. Nothing leaves this computer unless you export it "
                "yourself. Whether you share anything with your employer is up to you."
            ),
            "wait": ui._("One moment: the questions are being loaded…"),
        }
        for widget_id, text in texts.items():
            self.query_one(f"#{widget_id}", Static).update(Content(text))
        self._saving_text()
        labels = {
            "again": ui._("Start again"),
            "language": "English" if self.dialoog.lang == "nl" else "Nederlands",
            "quit": ui._("Quit"),
        }
        for widget_id, label in labels.items():
            self.query_one(f"#{widget_id}", Button).label = Content(label)
        self._begin_label()

    def _saving_text(self) -> None:
        ui = self.dialoog.ui
        prepared = self.dialoog.prepared
        saving = self.query_one("#saving", Static)
        if prepared is not None and prepared.store == "missing" and self.dialoog.keeper is None:
            saving.update(Content("⚠ " + ui._("Your answers are not being saved: they are gone when you quit.")))
            saving.set_class(True, "-warning")
        else:
            saving.update(Content(ui._(
                "Your answers are saved on this computer, encrypted with a passphrase that you choose. "
                "You can stop at any moment and continue later."
            )))

    def _begin_label(self) -> None:
        ui = self.dialoog.ui
        prepared = self.dialoog.prepared
        resume = bool(prepared and prepared.unfinished)
        self.query_one("#begin", Button).label = Content(ui._("Continue") if resume else ui._("Begin"))
        if resume and prepared is not None:
            last = prepared.unfinished[0]
            self.query_one("#resume", Static).update(Content(ui.ngettext(
                "You have an unfinished session ({n} answer given). Continue where you were?",
                "You have an unfinished session ({n} answers given). Continue where you were?",
                last.answered,
            )))

    def prepared(self, prepared: Prepared) -> None:
        """The flow is loaded and the store looked at: offer to resume if there is something to resume."""
        self.set_class(bool(prepared.unfinished), "-resume")
        self._saving_text()
        self._begin_label()

    async def relabel(self) -> None:
        self._texts()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id
        if button == "quit":
            self.app.exit(0)
        elif button == "language":
            self.run_worker(self.dialoog.action_switch_language(), exclusive=True, group="language")
        elif button in ("begin", "again"):
            prepared = self.dialoog.prepared
            resume = prepared.unfinished[0] if button == "begin" and prepared and prepared.unfinished else None
            if prepared is None:
                self.add_class("-waiting")
            for widget in self.query(Button):
                widget.disabled = True
            self.dialoog.begin(resume)
