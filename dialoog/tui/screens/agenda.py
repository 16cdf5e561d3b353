"""The integrity agenda, chosen on the summary (F5, or its button): up to three commitments.

The steps of the advice that applies are a list of boxes to tick (Space or a click); a fourth is refused with
a message that says the limit. One commitment can be in the user's own words (typed or pasted: always plain
text). Each chosen commitment can have a date (optional, written YYYY-MM-DD). Saving checks everything with
`dialoog.engine.agenda` (an `AgendaError` becomes a message in the user's language and nothing is saved),
then `Session.set_agenda` and the keeper saves the session before the screen closes. Esc closes it with
nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from dialoog.engine.agenda import MAX_COMMITMENTS, MAX_TEXT, AgendaError, Commitment, commitment
from dialoog.tui.app import crash_guard
from dialoog.tui.commands import localise
from dialoog.tui.text import N_, plain, strip_markdown

if TYPE_CHECKING:
    from dialoog.engine import Session
    from dialoog.engine.scores import Summary
    from dialoog.i18n import UI

OWN = "own"
"""The key of the commitment in the user's own words."""
PASTE_LIMIT = 4 * MAX_TEXT
"""What the own-words field takes at most (a longer paste is cut here; over MAX_TEXT is refused with a message)."""
SHORT = 50


@dataclass(frozen=True, slots=True)
class Choice:
    """A step that can be chosen: its key (`advice:step`), its words, the advice and step it comes from."""

    key: str
    text: str
    advice: str
    step: int


def choices(session: Session, summary: Summary) -> list[Choice]:
    """The steps of the applying advice, in the order of the summary, each text once; then the steps on the
    agenda whose advice no longer applies (so saving again does not lose them)."""
    out: list[Choice] = []
    seen: set[str] = set()
    for advice in summary.advice:
        for index, step in enumerate(advice.steps):
            text = " ".join(strip_markdown(step).split())
            if text.casefold() in seen:
                continue
            seen.add(text.casefold())
            out.append(Choice(f"{advice.id}:{index}", text, advice.id, index))
    for item in session.agenda:
        if item.advice is not None and item.step is not None and item.text.casefold() not in seen:
            seen.add(item.text.casefold())
            out.append(Choice(f"{item.advice}:{item.step}", item.text, item.advice, item.step))
    return out


class FormError(Exception):
    """An AgendaError and the commitment it is about (its first words)."""

    def __init__(self, error: AgendaError, what: str = "") -> None:
        super().__init__(str(error))
        self.error = error
        self.what = what


def agenda_message(ui: UI, error: AgendaError, what: str = "") -> str:
    """An AgendaError in the user's words."""
    if error.kind == "too_many":
        return ui._("At most three commitments: untick a step, or leave your own words empty.")
    if error.kind == "too_long":
        return ui._("Your own words are too long: at most {n} characters.", n=MAX_TEXT)
    if error.kind == "date":
        return ui._("Write the date for '{what}' as YYYY-MM-DD, for instance 2027-03-01.", what=what)
    if error.kind == "duplicate":
        return ui._("The same commitment is there twice: keep it once.")
    return ui._("A commitment needs words.")


def shorten(text: str, width: int = SHORT) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class AgendaScreen(ModalScreen[bool]):
    """Choose up to three commitments (see the module docstring). Dismissed with True when it saved."""

    DEFAULT_CSS = """
    AgendaScreen { align: center middle; }
    AgendaScreen > #box {
        width: 95%; max-width: 110; height: 90%;
        border: round $primary; background: $surface; padding: 0 1; border-title-style: bold;
    }
    AgendaScreen #form { height: 1fr; }
    AgendaScreen .label { text-style: bold; margin-top: 1; height: auto; }
    AgendaScreen #explain { color: $text-muted; height: auto; }
    AgendaScreen SelectionList { height: auto; max-height: 10; padding: 0; }
    /* a tick only on the chosen steps (Textual draws an X on every row and tells them apart by colour) */
    AgendaScreen SelectionList > .selection-list--button,
    AgendaScreen SelectionList > .selection-list--button-highlighted { color: $panel; }
    AgendaScreen #full { height: auto; color: $text-muted; padding-left: 4; }
    AgendaScreen Input { margin: 0; background: $boost; }
    AgendaScreen #dates { height: auto; }
    AgendaScreen .date-row { height: auto; }
    AgendaScreen .date-row > Static { width: 1fr; height: auto; }
    AgendaScreen .date-row > Input { width: 14; }
    AgendaScreen .date-row { margin-bottom: 1; }
    AgendaScreen #status { height: auto; }
    AgendaScreen #status.-error { color: $text-error; text-style: bold; }
    AgendaScreen #buttons { height: auto; align-horizontal: right; }
    AgendaScreen #buttons Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
        Binding("f9", "app.switch_language", "Language"),
    ]

    def __init__(self, session: Session, summary: Summary) -> None:
        super().__init__()
        self.session = session
        self.choices = choices(session, summary)
        self.by_key = {c.key: c for c in self.choices}
        self.existing: dict[str, Commitment] = {}
        """The saved commitments by key (a step's `advice:step`, or OWN), to keep their id, date and created."""
        for item in session.agenda:
            key = f"{item.advice}:{item.step}" if item.advice is not None else OWN
            self.existing.setdefault(key, item)
        self.order: list[str] = [k for k in self.existing if k != OWN and k in self.by_key]
        """The chosen steps, in the order they were ticked."""
        self.dates: dict[str, str] = {k: c.due.isoformat() for k, c in self.existing.items() if c.due}

    @property
    def ui(self) -> UI:
        return self.session.ui

    def words(self) -> dict[str, str]:
        """The screen's own words in the user's language (also after F9: see `relabel`)."""
        ui = self.ui
        return {
            "title": ui._("Your integrity agenda"),
            "explain": ui._(
                "Choose up to three things you will do: tick steps from your advice (Space or a click), or "
                "write one in your own words. A date is optional. Only you see this."),
            "steps-label": ui._("Steps from your advice"),
            "own-label": ui._("In your own words"),
            "own": ui._("For instance: talk about my network with my manager"),
            "dates-label": ui._("By when? Optional; write the date as YYYY-MM-DD, for instance 2027-03-01."),
            "date": ui._("YYYY-MM-DD"),
            "save": ui._("Save (Ctrl+S)"),
            "cancel": ui._("Cancel (Esc)"),
        }

    def compose(self) -> ComposeResult:
        words = self.words()
        with Vertical(id="box") as box:
            box.border_title = Content(words["title"])
            with VerticalScroll(id="form"):
                yield Static(plain(words["explain"]), id="explain", markup=False)
                yield Static(plain(words["steps-label"]), classes="label", id="steps-label", markup=False)
                yield SelectionList[str](*self.step_options(), id="steps")
                yield Static(id="full", markup=False)
                yield Static(plain(words["own-label"]), classes="label", id="own-label", markup=False)
                own = self.existing.get(OWN)
                yield Input(own.text if own else "", id="own", max_length=PASTE_LIMIT, compact=True,
                            placeholder=words["own"])
                yield Static(plain(words["dates-label"]), classes="label", id="dates-label", markup=False)
                yield Vertical(id="dates")
            yield Static(id="status", markup=False)
            with Horizontal(id="buttons"):
                yield Button(Content(words["save"]), id="save", variant="primary", compact=True)
                yield Button(Content(words["cancel"]), id="cancel", compact=True)

    def step_options(self) -> list[Selection[str]]:
        return [Selection(plain(c.text), c.key, c.key in self.order) for c in self.choices]

    @crash_guard
    async def relabel(self) -> None:
        """F9 while the agenda is open: its words and the advice's steps in the new language; what was ticked,
        typed and dated stays."""
        words = self.words()
        self.query_one("#box", Vertical).border_title = Content(words["title"])
        for name in ("explain", "steps-label", "own-label", "dates-label"):
            self.query_one(f"#{name}", Static).update(plain(words[name]))
        self.query_one("#own", Input).placeholder = words["own"]
        self.query_one("#save", Button).label = Content(words["save"])
        self.query_one("#cancel", Button).label = Content(words["cancel"])
        self.choices = choices(self.session, self.session.summary())
        self.by_key = {c.key: c for c in self.choices}
        self.order = [k for k in self.order if k in self.by_key]
        steps = self.query_one("#steps", SelectionList)
        highlighted = steps.highlighted
        with steps.prevent(SelectionList.SelectedChanged):
            steps.clear_options()
            steps.add_options(self.step_options())
        if highlighted is not None and highlighted < len(self.choices):
            steps.highlighted = highlighted
        for field in self.query_one("#dates", Vertical).query(Input):
            field.placeholder = words["date"]
        await self.sync_dates()

    async def on_mount(self) -> None:
        localise(self)
        await self.sync_dates()
        self.query_one("#steps", SelectionList).focus()

    # -- keeping the form in step -----------------------------------------------

    def chosen(self) -> list[str]:
        """The keys of the chosen commitments: the ticked steps in the order ticked, then OWN when it has words."""
        own = self.query_one("#own", Input).value
        return [*self.order, *([OWN] if own.strip() else [])]

    def label_of(self, key: str) -> str:
        if key == OWN:
            return " ".join(self.query_one("#own", Input).value.split())
        return self.by_key[key].text

    def set_status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(Content(("⚠ " if error and text else "") + text))
        status.set_class(error, "-error")

    @crash_guard
    async def sync_dates(self) -> None:
        """One date field per chosen commitment, keeping what was typed in them."""
        holder = self.query_one("#dates", Vertical)
        for field in holder.query(Input):
            if field.name:
                self.dates[field.name] = field.value
        keys = self.chosen()
        self.query_one("#dates-label").display = bool(keys)
        shown = [row.name for row in holder.children]
        if shown == keys:
            for row in holder.children:
                row.query_one(Static).update(plain(shorten(self.label_of(str(row.name)))))
            return
        await holder.remove_children()
        rows = [
            Horizontal(
                Static(plain(shorten(self.label_of(key))), markup=False),
                Input(self.dates.get(key, ""), name=key, placeholder=self.words()["date"], max_length=20,
                      compact=True),
                classes="date-row", name=key,
            )
            for key in keys
        ]
        await holder.mount_all(rows)

    def on_selection_list_selection_highlighted(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        """The highlighted step in full (the list shows one line of each)."""
        event.stop()
        choice = self.by_key.get(str(event.selection.value))
        self.query_one("#full", Static).update(plain(choice.text if choice else ""))

    async def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        ticked = list(event.selection_list.selected)
        added = [k for k in ticked if k not in self.order]
        self.order = [k for k in self.order if k in ticked]
        for key in added:
            own = 1 if self.query_one("#own", Input).value.strip() else 0
            if len(self.order) + own >= MAX_COMMITMENTS:
                event.selection_list.deselect(key)
                self.set_status(self.ui._(
                    "You can choose up to three. Untick one first if you want this one."), error=True)
            else:
                self.order.append(key)
                self.set_status("")
        await self.sync_dates()

    async def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "own":
            event.stop()
            await self.sync_dates()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_save()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            await self.action_save()
        else:
            self.action_cancel()

    # -- saving ------------------------------------------------------------------

    def commitments(self) -> list[Commitment]:
        """The agenda as the form gives it; raises FormError (which one, and why) when it cannot be kept."""
        holder = self.query_one("#dates", Vertical)
        dates = {str(f.name): f.value.strip() for f in holder.query(Input) if f.name}
        out: list[Commitment] = []
        for key in self.chosen():
            before = self.existing.get(key)
            choice = self.by_key.get(key)
            text = self.label_of(key)
            if key == OWN and before is not None and before.text != text:
                before = None
            try:
                out.append(commitment(
                    text, advice=choice.advice if choice else None, step=choice.step if choice else None,
                    due=dates.get(key) or None, created=before.created if before else None,
                    id=before.id if before else "",
                ))
            except AgendaError as exc:
                raise FormError(exc, shorten(text, 40)) from exc
        return out

    async def action_save(self) -> None:
        session = self.session
        try:
            session.set_agenda(self.commitments())
        except FormError as exc:
            self.set_status(agenda_message(self.ui, exc.error, exc.what), error=True)
            return
        except AgendaError as exc:
            self.set_status(agenda_message(self.ui, exc), error=True)
            return
        keeper: Any = getattr(self.app, "keeper", None)
        if keeper is not None:
            keeper.save(session)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
