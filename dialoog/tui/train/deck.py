"""The deck chooser: a search box, theme and audience filters, the list of cards to tick, a saved selection
to load, "save selection", and Start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from dialoog.tui.commands import localise
from dialoog.tui.text import N_, safe
from dialoog.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from dialoog.flow.model import Card
    from dialoog.i18n import UI
    from dialoog.tui.train.app import TrainApp

class DeckScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", N_("Start"), priority=True),
        Binding("ctrl+a", "all_shown", N_("All shown"), priority=True),
        Binding("ctrl+b", "save", N_("Save selection"), priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.chosen: set[str] = set()
        self.text = ""
        self.theme: str | None = None
        self.audience: str | None = None

    @property
    def train(self) -> TrainApp:
        return self.app  # type: ignore[return-value]

    @property
    def ui(self) -> UI:
        return self.train.ui

    def compose(self) -> ComposeResult:
        ui, pool = self.ui, self.train.pool
        with Vertical(id="chooser"):
            yield Static(Content(ui._("Choose the cards for this session")), id="heading")
            with Horizontal(id="filters"):
                yield Input(self.text, placeholder=ui._("Search the cards"), id="search", compact=True)
                yield Select([(self.train.t(title), tid) for tid, title in pool.themes.items()],
                             prompt=ui._("All themes"), value=self.theme or Select.NULL, id="theme", compact=True)
                yield Select([(self.train.t(pool.audience_titles.get(a, a)), a) for a in pool.audiences],
                             prompt=ui._("All audiences"), value=self.audience or Select.NULL, id="audience",
                             compact=True)
            from dialoog.training.deck import saved_selections

            saved = saved_selections(self.train.data_dir) if self.train.data_dir else []
            if saved:
                yield Select([(name, name) for name in saved], prompt=ui._("A saved selection"), id="saved",
                             compact=True)
            yield SelectionList[str](id="cards")
            yield Static(id="message", markup=False)
            with Horizontal(id="actions"):
                yield Static(id="count", markup=False)
                yield Button(Content(ui._("Save selection")), id="save", compact=True)
                yield Button(Content(ui._("Start")), id="start", compact=True, variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        localise(self)
        self.fill()
        self.query_one("#search", Input).focus()

    async def relabel(self) -> None:
        await self.recompose()
        self.fill()
        localise(self)

    def shown(self) -> list[Card]:
        from dialoog.training.deck import choose, search

        pool = self.train.pool
        cards = choose(pool.cards.values(), [self.theme] if self.theme else [], self.audience)
        return search(cards, self.text, self.train.t)

    def fill(self) -> None:
        """The list for the search and the filters; what was ticked stays ticked."""
        listing = self.query_one("#cards", SelectionList)
        t = self.train.t
        own = {c.id for c in self.train.pool.own}
        items = []
        for card in self.shown():
            themes = ", ".join(t(self.train.pool.themes.get(x, x)) for x in card.themes)
            mark = "* " if card.id in own else ""
            label = Content.assemble(mark + safe(t(card.title)), ("  " + safe(themes), "dim"))
            items.append(Selection(label, card.id, card.id in self.chosen))
        listing.clear_options()
        listing.add_options(items)
        if items:
            listing.highlighted = 0  # Space ticks the first card at once
        self.show_count()

    def show_count(self) -> None:
        n = len(self.chosen)
        shown = self.query_one("#cards", SelectionList).option_count
        self.query_one("#count", Static).update(Content(
            self.ui.ngettext("{n} card chosen", "{n} cards chosen", n) + " · "
            + self.ui.ngettext("{n} shown", "{n} shown", shown)))

    def say(self, text: str, error: bool = True) -> None:
        message = self.query_one("#message", Static)
        message.set_class(error, "-error")
        message.update(Content(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.text = event.value
            self.fill()

    def on_select_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else str(event.value)
        if event.select.id == "theme":
            self.theme = value
        elif event.select.id == "audience":
            self.audience = value
        elif event.select.id == "saved" and value:
            self.load(value)
            return
        self.fill()

    def load(self, name: str) -> None:
        from dialoog.training.deck import DeckError, load_selection

        try:
            ids = load_selection(self.train.data_dir, name)  # type: ignore[arg-type]
        except DeckError as exc:
            self.say(str(exc))
            return
        self.chosen = {i for i in ids if i in self.train.pool.cards}
        self.fill()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[Any]) -> None:
        listing = event.selection_list
        visible = {str(listing.get_option_at_index(i).value) for i in range(listing.option_count)}
        self.chosen = (self.chosen - visible) | {str(v) for v in listing.selected}
        self.show_count()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "save":
            self.action_save()

    def ordered(self) -> list[Card]:
        return [c for c in self.train.pool.cards.values() if c.id in self.chosen]

    def action_all_shown(self) -> None:
        visible = {c.id for c in self.shown()}
        self.chosen = self.chosen - visible if visible <= self.chosen else self.chosen | visible
        self.fill()

    def action_start(self) -> None:
        cards = self.ordered()
        if not cards:
            self.say(self.ui._("Tick at least one card (Space or a click), or Ctrl+A for all shown."))
            return
        self.train.start_session(cards)

    def action_save(self) -> None:
        from dialoog.tui.train.dialogs import SaveSelectionScreen

        cards = self.ordered()
        if not cards or self.train.data_dir is None:
            self.say(self.ui._("Tick at least one card first."))
            return

        def saved(name: str | None) -> None:
            if name:
                self.say(self.ui._("Saved as '{name}': dialoog train --deck {name}", name=name), error=False)

        self.app.push_screen(SaveSelectionScreen([c.id for c in cards], self.train.data_dir), saved)
