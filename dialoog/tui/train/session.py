"""The session screen: one card at a time, as a projector view (the situation large, the timer, what is
revealed) or a presenter view (the counts, what comes next, the notes, the keys); V switches.

Keys: a-d or 1-9 a vote, S type the counts, R reveal the next step (Shift+R takes it back), T the timer,
+/- a minute, N notes, PageDown/PageUp the next/previous card, E export, V projector/presenter, F1 help.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Digits, Static

from dialoog.training.model import STEPS, VoteError
from dialoog.tui.commands import refresh_keys
from dialoog.tui.text import N_, plain_paragraphs, safe
from dialoog.tui.train.chart import Chart, Panel
from dialoog.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from dialoog.flow.model import Card
    from dialoog.i18n import UI
    from dialoog.training.model import TrainingSession
    from dialoog.tui.train.app import TrainApp

STEP_WORDS = {
    "situation": N_("the situation"),
    "options": N_("the options"),
    "chart": N_("the chart of the votes"),
    "considerations": N_("the considerations per option"),
    "perspectives": N_("how others look at it"),
}
PERSPECTIVE_WORDS = {
    "compliance": N_("The compliance officer or integrity adviser"),
    "partner": N_("Your partner"),
    "journalist": N_("A journalist"),
    "citizen": N_("A citizen"),
}


class SessionScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reveal", N_("Reveal")),
        Binding("a", "vote('a')", N_("Vote"), key_display="a-d"),
        Binding("b", "vote('b')", show=False),
        Binding("c", "vote('c')", show=False),
        Binding("d", "vote('d')", show=False),
        *[Binding(str(i), f"vote_at({i})", show=False) for i in range(1, 10)],
        Binding("s", "counts", N_("Counts")),
        Binding("t", "timer", N_("Timer")),
        Binding("plus", "minutes(1)", N_("minute"), key_display="+"),
        Binding("equals_sign", "minutes(1)", show=False),
        Binding("minus", "minutes(-1)", N_("minute"), key_display="-"),
        Binding("n", "notes", N_("Notes")),
        Binding("pagedown", "next", N_("Next"), key_display="PgDn"),
        Binding("pageup", "previous", N_("Previous"), key_display="PgUp"),
        Binding("e", "export", N_("Export")),
        Binding("v", "view", N_("View")),
        Binding("o", "voting", N_("Voting")),
        Binding("R", "conceal", show=False),
    ]

    def __init__(self, session: TrainingSession) -> None:
        super().__init__()
        self.session = session
        self.presenting = False
        """False: the projector view; True: the presenter view."""
        self._option_texts: dict[str, str] = {}
        self._timer_shown: tuple[str, bool, str] | None = None
        self._stop = session.subscribe(self._heard)

    @property
    def train(self) -> TrainApp:
        return self.app  # type: ignore[return-value]

    @property
    def ui(self) -> UI:
        return self.train.ui

    def compose(self) -> ComposeResult:
        with Vertical(id="projector"):
            with Horizontal(id="p-head"):
                yield Static(id="p-title", markup=False)
                yield Digits("", id="p-timer")
            yield Vertical(id="p-live")
            with VerticalScroll(id="p-body", can_focus=False):
                yield Static(id="p-situation", markup=False)
                yield Static(id="p-question", markup=False)
                yield Static(id="p-options", markup=False)
                yield Panel(id="p-votes")
                yield Chart(id="p-chart")
                yield Static(id="p-considerations", markup=False)
                yield Static(id="p-perspectives", markup=False)
            yield Static(id="p-hint", markup=False)
        with Horizontal(id="presenter"):
            with VerticalScroll(id="pr-main", can_focus=False):
                yield Static(id="pr-title", markup=False)
                yield Static(id="pr-steps", markup=False)
                yield Panel(id="pr-counts")
                yield Chart(id="pr-chart")
                yield Panel(id="pr-chart-note")
            with Vertical(id="pr-side"):
                yield Panel(id="pr-timer")
                yield Vertical(id="pr-live")
                yield Static(id="pr-notes-head", markup=False)
                yield Panel(id="pr-notes")
                yield Panel(id="pr-status")
                yield Panel(id="pr-message")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_all()
        self.set_interval(0.5, self.show_timer)
        attach = getattr(self.train.live, "attach", None)
        if attach is not None:  # the live listener: `async attach(screen)` mounts its widgets, subscribes
            self.run_worker(attach(self), name="live", group="live")

    def on_unmount(self) -> None:
        self._stop()

    async def relabel(self) -> None:
        self.show_all()

    # -- hooks for the live listener -------------------------------------------------------------------

    def mount_live(self, projector: Widget | None = None, presenter: Widget | None = None) -> None:
        """Show the live listener's widgets: `projector` above the card on the projector view (the address,
        the join code, the QR, how many take part) and `presenter` in the presenter view's side column."""
        if projector is not None:
            self.query_one("#p-live", Vertical).mount(projector)
        if presenter is not None:
            self.query_one("#pr-live", Vertical).mount(presenter)

    # -- showing -------------------------------------------------------------------------------------

    def _heard(self, what: str) -> None:
        if threading.current_thread() is not threading.main_thread():
            self.app.call_from_thread(self._apply, what)
        else:
            self._apply(what)

    def _apply(self, what: str) -> None:
        if not self.is_attached:
            return
        if what == "votes":
            self.show_votes()
        elif what == "timer":
            self.show_timer()
        elif what == "notes":
            self.show_notes()
        else:
            if what == "card":
                self.query_one("#pr-message", Panel).update("")
            self.show_all()

    def show_all(self) -> None:
        self._timer_shown = None
        self.query_one("#projector").display = not self.presenting
        self.query_one("#presenter").display = self.presenting
        self.query_one(KeyBar).display = self.presenting
        self.show_card()
        self.show_votes()
        self.show_timer()
        self.show_notes()
        refresh_keys(self)

    def card_view(self) -> Card:
        """The current card with its texts in the app's language (what the projector shows)."""
        from dialoog.training.deck import localise

        return localise(self.session.card, self.train.t)

    def show_card(self) -> None:
        ui, s, card = self.ui, self.session, self.card_view()
        self._option_texts = {}
        for o in card.options:
            short = safe(" ".join(o.text.split()))
            self._option_texts[o.key] = short if len(short) <= 70 else short[:69] + "…"
        state = s.state
        where = ui._("Card {i} of {n}", i=s.index + 1, n=len(s.states))
        self.query_one("#p-title", Static).update(Content.assemble((safe(card.title), "bold"), f"\n{where}"))
        self.query_one("#p-situation", Static).update(Content(plain_paragraphs(safe(card.situation))))
        shows = state.shows
        question = self.query_one("#p-question", Static)
        question.display = shows("options")
        question.update(Content(safe(card.question)))
        options = self.query_one("#p-options", Static)
        options.display = shows("options")
        options.update(Content("\n").join(
            Content.assemble((f"{o.key}  ", "bold"), plain_paragraphs(safe(o.text))) for o in card.options))
        cons = self.query_one("#p-considerations", Static)
        cons.display = shows("considerations")
        cons.update(Content("\n\n").join(
            [Content.assemble((ui._("Considerations"), "bold"))]
            + [Content.assemble((f"{o.key}  ", "bold"), plain_paragraphs(safe(o.considerations)))
               for o in card.options]))
        persp = self.query_one("#p-perspectives", Static)
        persp.display = shows("perspectives")
        parts = [Content.assemble((ui._("How others look at it"), "bold"))]
        parts += [Content.assemble((ui._(PERSPECTIVE_WORDS.get(k, k)) + ": ", "bold"), plain_paragraphs(safe(v)))
                  for k, v in card.perspectives.items()]
        if card.reflection:
            parts.append(Content.assemble((ui._("Questions to reflect on"), "bold"), "\n",
                                          "\n".join(f"- {safe(q)}" for q in card.reflection)))
        persp.update(Content("\n\n").join(parts))
        hint = ui._("F1 help · V presenter view · R reveal · PgDn next card")
        self.query_one("#p-hint", Static).update(Content(hint))
        # the presenter view
        self.query_one("#pr-title", Static).update(
            Content.assemble((safe(card.title), "bold"), f"   {where}   ", (card.id, "dim")))
        shown = ", ".join(ui._(STEP_WORDS[x]) for x in state.revealed)
        nxt = s.next_step()
        then = ui._("R reveals {what}", what=ui._(STEP_WORDS[nxt])) if nxt else ui._("Everything is shown.")
        if s.at_last:
            then += " " + ui._("This is the last card.")
        self.query_one("#pr-steps", Static).update(
            Content(ui._("On the projector: {shown}.", shown=shown) + "\n" + then))

    def show_votes(self) -> None:
        """The counts and the chart of the view on screen (the other view is drawn when it is switched to)."""
        ui, s = self.ui, self.session
        state = s.state
        rows = s.distribution()
        total = state.total
        if not self.presenting:
            votes = self.query_one("#p-votes", Panel)
            votes.display = state.shows("options") and not s.chart_visible()
            votes.update(Content(ui.ngettext("{n} vote", "{n} votes", total)))
            chart = self.query_one("#p-chart", Chart)
            chart.display = state.shows("chart")
            if s.chart_visible():
                chart.show(rows)
            else:
                chart.show([], ui._("The chart is shown from {min} votes on (now {n}).", min=s.min_votes, n=total))
            return
        texts = self._option_texts
        lines = [Content.assemble((ui._("Votes"), "bold"), f"  ({ui.ngettext('{n} vote', '{n} votes', total)})")]
        for i, (key, n, _pct) in enumerate(rows, 1):
            lines.append(Content.assemble((f"{key}", "bold"), f" [{i}]  ", (f"{n:>5}", "bold"),
                                          f"  {texts.get(key, '')}"))
        self.query_one("#pr-counts", Panel).update(Content("\n").join(lines))
        self.query_one("#pr-chart", Chart).show(rows)
        if s.chart_visible():
            note = ui._("The chart is on the projector.")
        elif total < s.min_votes:
            note = ui._("The chart is not shown below {min} votes.", min=s.min_votes)
        else:
            note = ui._("The chart is hidden on the projector until you reveal it.")
        self.query_one("#pr-chart-note", Panel).update(Content(note))
        self.show_status()

    def show_timer(self) -> None:
        if not self.is_attached:
            return
        timer = self.session.state.timer
        shown = timer.shown()
        key = (shown, timer.running, self.ui.lang)
        if key == self._timer_shown:
            return  # every half second: nothing to draw unless the seconds changed
        self._timer_shown = key
        self.query_one("#p-timer", Digits).update(shown)
        digits = self.query_one("#p-timer", Digits)
        digits.set_class(timer.remaining() < 0, "-over")
        digits.set_class(not timer.running, "-paused")
        state = self.ui._("running") if timer.running else self.ui._("paused")
        self.query_one("#pr-timer", Panel).update(
            Content.assemble((self.ui._("Time"), "bold"), f"  {shown}  ({state})"))

    def show_notes(self) -> None:
        notes = self.session.state.notes.strip()
        self.query_one("#pr-notes-head", Static).update(Content.assemble((self.ui._("Notes"), "bold"), " (N)"))
        self.query_one("#pr-notes", Panel).update(Content(safe(notes) if notes else self.ui._("No notes yet.")))

    def show_status(self) -> None:
        s = self.session
        if s.save_error:
            text = self.ui._("Not saved: {reason}", reason=s.save_error)
        elif s.saved_to is not None:
            text = self.ui._("Saved as session {id}", id=s.id)
        else:
            text = ""
        status = self.query_one("#pr-status", Panel)
        status.set_class(bool(s.save_error), "-error")
        status.update(Content(text))

    # -- actions -------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "voting":
            return getattr(self.train.live, "toggle_voting", None) is not None
        if action == "next":
            return not self.session.at_last or None
        if action == "previous":
            return not self.session.at_first or None
        return True

    def say(self, text: str, error: bool = False) -> None:
        """A message for the trainer: a short notification, and in the presenter view's status line."""
        self.notify(text, severity="error" if error else "information", markup=False)
        message = self.query_one("#pr-message", Panel)
        message.set_class(error, "-error")
        message.update(Content(text))

    def _refused(self, exc: VoteError) -> None:
        self.say(exc.say(self.ui._), error=True)

    def action_vote(self, key: str) -> None:
        try:
            self.session.add_vote(key)
        except VoteError as exc:
            self._refused(exc)

    def action_vote_at(self, number: int) -> None:
        try:
            self.session.add_vote(self.session.key_at(number))
        except VoteError as exc:
            self._refused(exc)

    def action_reveal(self) -> None:
        if self.session.reveal_next() is None:
            self.say(self.ui._("Everything on this card is shown. PageDown goes to the next card."))

    def action_conceal(self) -> None:
        self.session.conceal()

    def action_timer(self) -> None:
        self.session.toggle_timer()

    def action_minutes(self, minutes: int) -> None:
        self.session.adjust_timer(minutes)

    def action_next(self) -> None:
        self.session.next()

    def action_previous(self) -> None:
        self.session.previous()

    def action_view(self) -> None:
        self.presenting = not self.presenting
        self.show_all()

    def action_counts(self) -> None:
        from dialoog.tui.train.dialogs import CountsScreen

        self.app.push_screen(CountsScreen(self.session))

    def action_notes(self) -> None:
        from dialoog.tui.train.dialogs import NotesScreen

        self.app.push_screen(NotesScreen(self.session))

    def action_export(self) -> None:
        from dialoog.tui.train.dialogs import ExportScreen

        def written(path: str | None) -> None:
            if path:
                self.say(self.ui._("Written: {path}", path=path))

        self.app.push_screen(ExportScreen(self.session), written)

    def action_voting(self) -> None:
        toggle = getattr(self.train.live, "toggle_voting", None)
        if toggle is not None:
            toggle()


__all__ = ["STEPS", "SessionScreen"]
