"""The screens of practice: the picker (themes, a searchable list of cards, a random card), the card (choose an
option, write an optional reflection) and the feedback (considerations, perspectives, group votes, the user's
own choices over time).

Everything the user typed is shown literally (`Content`, never markup; control characters as their visible
pictures, `dialoog.practising.visible`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, ParamSpec, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from dialoog.practising import MAX_REFLECTION, feedback, visible
from dialoog.practising.feedback import MIN_GROUP_VOTES
from dialoog.tui.commands import localise
from dialoog.tui.text import N_
from dialoog.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from dialoog.i18n import UI
    from dialoog.practising import Feedback, PracticeDeck, ProgressBook
    from dialoog.tui.practise.app import PractiseApp

ALL = "*"
BAR_WIDTH = 24
PERSPECTIVE_NAMES = {
    "compliance": N_("The compliance officer"),
    "partner": N_("Your partner"),
    "journalist": N_("A journalist"),
    "citizen": N_("A citizen"),
}


P = ParamSpec("P")
R = TypeVar("R")


def guarded(method: Callable[P, R]) -> Callable[P, R | None]:
    """A screen's handler that works with the deck or the store: an unexpected error ends the app through
    `PractiseApp.crash` (a short message and a crash log without what the user typed), never a traceback."""

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(*args, **kwargs)
        except Exception as exc:  # the one way out of an unexpected error
            screen = args[0]
            crash = getattr(getattr(screen, "app", None), "crash", None)
            if crash is None:
                raise
            crash(exc)
            return None

    return run


class _Practice(Screen[Any]):
    """What every practice screen has: the app's deck, progress and words."""

    @property
    def papp(self) -> PractiseApp:
        return self.app  # type: ignore[return-value]

    @property
    def ui(self) -> UI:
        return self.papp.ui

    @property
    def deck(self) -> PracticeDeck:
        assert self.papp.deck is not None
        return self.papp.deck

    @property
    def book(self) -> ProgressBook:
        assert self.papp.book is not None
        return self.papp.book


class PickerScreen(_Practice):
    """Themes on the left, the cards of the theme (or all, or those the search finds) on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "random", N_("Random card")),
        Binding("ctrl+f", "search", N_("Search"), show=False),
    ]

    def __init__(self, theme: str | None = None) -> None:
        super().__init__()
        self.theme_id = theme or ALL

    def compose(self) -> ComposeResult:
        yield Static(id="progress", markup=False)
        with Horizontal(id="lists"):
            with Vertical(id="left"):
                yield Static(id="themes-heading", classes="heading", markup=False)
                yield OptionList(id="themes")
            with Vertical(id="right"):
                yield Static(id="cards-heading", classes="heading", markup=False)
                yield Input(id="search", compact=True, max_length=100)
                yield OptionList(id="cards")
        yield KeyBar()

    @guarded
    def on_mount(self) -> None:
        ui = self.ui
        self.query_one("#themes-heading", Static).update(Content(ui._("Themes")))
        self.query_one("#cards-heading", Static).update(Content(ui._("Cards")))
        search = self.query_one("#search", Input)
        search.placeholder = ui._("Search the cards…")
        search.cursor_blink = self.papp.blink
        localise(self)
        self.refresh_lists()
        self.query_one("#cards", OptionList).focus()

    def refresh_lists(self) -> None:
        """The progress line, the themes with how many of their cards are done, and the cards."""
        ui, deck, progress = self.ui, self.deck, self.book.progress
        done = set(progress.history)
        covered = progress.themes_covered(deck)
        parts = [
            ui._("Cards done: {done} of {all}", done=len(done & set(deck.card_ids)), all=len(deck.card_ids)),
            ui._("Themes covered: {covered} of {all}", covered=len(covered), all=len(deck.themes)),
        ]
        nxt = progress.try_next(deck)
        parts.append(ui._("Try next: {theme}", theme=nxt.title) if nxt is not None
                     else ui._("You have covered every theme."))
        self.query_one("#progress", Static).update(Content(" · ".join(parts)))
        themes = self.query_one("#themes", OptionList)
        themes.clear_options()
        themes.add_option(Option(Content(ui._("All themes ({n})", n=len(deck.card_ids))), id=ALL))
        for theme in deck.themes:
            n_done = len(done.intersection(theme.cards))
            themes.add_option(Option(Content(f"{theme.title} ({n_done}/{len(theme.cards)})"), id=theme.id))
        index = themes.get_option_index(self.theme_id) if self.theme_id != ALL else 0
        themes.highlighted = index
        self._fill_cards()

    def _fill_cards(self) -> None:
        deck, done = self.deck, set(self.book.progress.history)
        query = self.query_one("#search", Input).value
        theme = None if self.theme_id == ALL else self.theme_id
        cards = self.query_one("#cards", OptionList)
        cards.clear_options()
        found = deck.search(query, theme)
        for card_id in found:
            mark = "✓ " if card_id in done else "  "
            cards.add_option(Option(Content(mark + deck.title(card_id)), id=card_id))
        if not found:
            cards.add_option(Option(Content(self.ui._("No card matches '{query}'.", query=visible(query))),
                                    id="", disabled=True))
        else:
            cards.highlighted = 0

    @guarded
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "themes" and event.option.id is not None and event.option.id != self.theme_id:
            self.theme_id = event.option.id
            self._fill_cards()

    @guarded
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "themes":
            self.query_one("#cards", OptionList).focus()
        elif event.option.id:
            self.papp.open_card(event.option.id)

    @guarded
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self._fill_cards()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#cards", OptionList).focus()

    @guarded
    def action_random(self) -> None:
        theme = None if self.theme_id == ALL else self.theme_id
        self.papp.open_card(self.deck.pick_random(self.papp.rng, self.book.progress.history, theme))

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()


class CardScreen(_Practice):
    """One card: the situation, the question and the options; choose one, then an optional reflection."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back to the cards")),
        Binding("f2", "done", N_("Show the feedback")),
        *(Binding(str(i), f"choose({i - 1})", show=False) for i in range(1, 10)),
    ]

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id
        self.chosen: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="page"):
            yield Static(id="title", markup=False)
            yield Static(id="situation", markup=False)
            yield Static(id="earlier", markup=False)
            yield Static(id="question", markup=False)
            yield OptionList(id="options")
            yield Static(id="reflect-label", markup=False)
            yield Input(id="reflection", compact=True, max_length=MAX_REFLECTION)
            yield Static(id="message", markup=False)
            yield Button("", id="done", variant="primary", compact=True)
        yield KeyBar()

    @guarded
    def on_mount(self) -> None:
        ui, card = self.ui, self.deck.card(self.card_id)
        self.query_one("#title", Static).update(Content(card.title))
        self.query_one("#situation", Static).update(Content(card.situation))
        self.query_one("#question", Static).update(Content(card.question))
        options = self.query_one("#options", OptionList)
        for option in card.options:
            options.add_option(Option(Content(f"{option.key.upper()}. {option.text}"), id=option.key))
        met = self.book.progress.meetings(self.card_id)
        earlier = self.query_one("#earlier", Static)
        if met:
            said = ", ".join(f"{m.date}: {m.choice.upper()}" for m in met)
            earlier.update(Content(ui.ngettext("You met this card once before ({said}).",
                                               "You met this card {n} times before ({said}).", len(met),
                                               said=said)))
        else:
            earlier.display = False
        self.query_one("#reflect-label", Static).update(Content(
            ui._("Your reflection (optional, up to {n} characters): why this option?", n=MAX_REFLECTION)))
        field = self.query_one("#reflection", Input)
        field.cursor_blink = self.papp.blink
        self.query_one("#done", Button).label = Content(ui._("Show the feedback"))
        localise(self)
        options.focus()

    def _choose(self, key: str) -> None:
        self.chosen = key
        self.query_one("#message", Static).update("")
        self.query_one("#reflection", Input).focus()

    @guarded
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self._choose(event.option.id)

    def action_choose(self, index: int) -> None:
        options = self.query_one("#options", OptionList)
        if 0 <= index < options.option_count:
            options.highlighted = index
            option = options.get_option_at_index(index)
            if option.id:
                self._choose(option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_done()

    @guarded
    def action_done(self) -> None:
        if self.chosen is None:
            options = self.query_one("#options", OptionList)
            self.query_one("#message", Static).update(Content("⚠ " + self.ui._("Choose an option first.")))
            options.focus()
            return
        reflection = self.query_one("#reflection", Input).value
        self.book.answer(self.card_id, self.chosen, reflection, self.papp.clock())
        card = self.deck.card(self.card_id)
        result = feedback(card, self.book.progress.meetings(self.card_id), self.papp.votes)
        self.app.switch_screen(FeedbackScreen(result))

    @guarded
    def action_back(self) -> None:
        self.papp.back_to_picker()


class FeedbackScreen(_Practice):
    """After the choice: what each option weighs, the four perspectives, how groups voted, the user's history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back to the cards")),
        Binding("f5", "random", N_("Random card")),
        Binding("n", "next", N_("Next card")),
    ]

    def __init__(self, result: Feedback) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="page"):
            yield Static(id="title", markup=False)
            yield Static(id="mine", markup=False)
            yield Static(id="considerations-heading", classes="heading", markup=False)
            yield Static(id="considerations", markup=False)
            yield Static(id="perspectives-heading", classes="heading", markup=False)
            yield Static(id="perspectives", markup=False)
            yield Static(id="votes-heading", classes="heading", markup=False)
            yield Static(id="votes", markup=False)
            yield Static(id="history-heading", classes="heading", markup=False)
            yield Static(id="history", markup=False)
        yield KeyBar()

    @guarded
    def on_mount(self) -> None:
        ui, r = self.ui, self.result
        card = r.card
        texts = {o.key: o.text for o in card.options}

        def put(widget_id: str, text: str | Content) -> None:
            self.query_one(f"#{widget_id}", Static).update(Content(text) if isinstance(text, str) else text)

        put("title", card.title)
        mine = ui._("Your choice: {key}. {text}", key=r.chosen.upper(), text=texts.get(r.chosen, ""))
        if r.reflection:
            mine += "\n" + ui._("Your reflection: {text}", text=visible(r.reflection))
        put("mine", mine)
        put("considerations-heading", ui._("What each option weighs"))
        put("considerations", Content("\n\n").join(
            Content.assemble((f"{'▶' if o.key == r.chosen else ' '} {o.key.upper()}. {o.text}", "bold"),
                             f"\n  {o.considerations}")
            for o in card.options))
        put("perspectives-heading", ui._("Four perspectives"))
        put("perspectives", "\n\n".join(f"{ui._(PERSPECTIVE_NAMES.get(k, k))}: {text}"
                                         for k, text in card.perspectives))
        put("votes-heading", ui._("How groups voted on this machine"))
        put("votes", self._votes())
        put("history-heading", ui._("Your choice over time"))
        put("history", self._history())
        localise(self)
        self.query_one("#page", VerticalScroll).focus()

    def _votes(self) -> str:
        ui, groups = self.ui, self.result.groups
        if groups.total == 0:
            return ui._("No trainer session on this machine has voted on this card yet.")
        if not groups.shown:
            return ui._("Fewer than {n} votes so far: they are not shown, so that votes stay anonymous.",
                        n=MIN_GROUP_VOTES)
        most = max(groups.counts.values()) or 1
        lines = []
        for key, n in groups.counts.items():
            bar = "█" * round(BAR_WIDTH * n / most)
            lines.append(f"{key.upper()} {bar:<{BAR_WIDTH}} {n} ({groups.percent(key)}%)")
        lines.append(ui.ngettext("{n} vote in all.", "{n} votes in all.", groups.total))
        return "\n".join(lines)

    def _history(self) -> str:
        ui, met = self.ui, self.result.meetings
        lines = [f"{m.date}: {m.choice.upper()}" for m in met]
        if len(met) == 1:
            lines.append(ui._("This is the first time you met this card."))
        elif self.result.changed:
            lines.append(ui._("Your choice changed: first {first}, now {now}.",
                              first=met[0].choice.upper(), now=met[-1].choice.upper()))
        else:
            lines.append(ui._("You made the same choice each time."))
        return "\n".join(lines)

    @guarded
    def action_back(self) -> None:
        self.papp.back_to_picker()

    @guarded
    def action_random(self) -> None:
        self.papp.open_card(self.deck.pick_random(self.papp.rng, self.book.progress.history))

    @guarded
    def action_next(self) -> None:
        """The next card of the same theme (the first theme of this card), one not done yet if there is one."""
        theme = self.result.card.themes[0] if self.result.card.themes else None
        self.papp.open_card(self.deck.pick_random(self.papp.rng, self.book.progress.history, theme))
