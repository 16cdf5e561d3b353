"""The end: the engine's summary. First the (at most) three main actions; then the integrity agenda (what the
user commits to, `dialoog.tui.screens.agenda`) and the conversation starters for their role; then per domain
its level (in words and a symbol) and what it means; the network map (`dialoog.tui.widgets.netmap`; F6 shows
it on the whole screen); then the rest of the advice grouped by theme: for each,
whom or what it is about (a network entry by the name the user gave, as plain text), why it matters, what can
go wrong, concrete steps, whom to turn to in this role, and the answers that led to it (question and answer,
not ids).

Each answer that led to an item is a line the user can pick (Tab to it and Enter, or a click): the
conversation asks that question again, its answer filled in, and once it is changed (and saved) the summary
shows again, recomputed, near the same answer; Esc there comes back to the summary with nothing changed
(`dialoog.tui.screens.changing`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Static

from dialoog.engine.change import followup_key
from dialoog.engine.transcript import StepKind, shorten_words
from dialoog.render import escape_markdown
from dialoog.tui import lines as L
from dialoog.tui.app import crash_guard
from dialoog.tui.text import N_, plain, plain_paragraphs, strip_markdown
from dialoog.tui.widgets.keybar import KeyBar
from dialoog.tui.widgets.markdown import BotMarkdown

if TYPE_CHECKING:
    from dialoog.engine import Session
    from dialoog.engine.agenda import Commitment
    from dialoog.engine.scores import AdviceResult, Reason, Referral
    from dialoog.engine.starters import Starter
    from dialoog.i18n import UI

MAP_HEIGHT = 16
"""Rows of the map on the summary (F6 shows it on the whole screen)."""
LEVEL_SYMBOLS = {"unknown": "◌", "low": "○", "attention": "◐", "high": "●"}


def referral_line(referral: Referral) -> str:
    """A contact as the summary names it: who, what for and how to reach them (the content's own Markdown)."""
    words = " ".join(part for part in (referral.remit, referral.reach) if part)
    if referral.url and referral.url not in words:
        words = f"{words} {referral.url}".strip()
    return f"**{referral.name}**: {words}" if words else referral.name


class Summary(VerticalScroll):
    """The summary text; it takes focus so the arrow keys and Page Up/Down scroll it."""

    DEFAULT_CSS = """
    Summary { padding: 1 2 0 2; }
    Summary .heading { text-style: bold; color: $text-primary; margin: 1 0 1 0; }
    Summary #intro { margin-bottom: 0; }
    Summary .domain { height: auto; margin-bottom: 1; }
    Summary .domain-title { text-style: bold; }
    Summary .domain.-low .domain-title { color: $text-success; }
    Summary .domain.-attention .domain-title { color: $text-warning; }
    Summary .domain.-high .domain-title { color: $text-error; }
    Summary .domain.-unknown .domain-title { color: $text-muted; }
    Summary .meaning { padding-left: 4; color: $text; }
    Summary .theme { text-style: bold; margin: 0 0 1 0; }
    Summary .advice { height: auto; margin-bottom: 1; }
    Summary .because-label { text-style: italic; }
    Summary .starter { height: auto; margin-bottom: 1; }
    Summary .starter-who { text-style: bold; }
    Summary .muted { color: $text-muted; }
    Summary .commitment { padding-left: 2; }
    Summary #agenda-button { margin: 0 0 1 0; }
    """


class BecauseLine(Static):
    """One answer an advice item rests on: the question and the answer. Enter or a click changes it."""

    can_focus = True
    DEFAULT_CSS = """
    BecauseLine { padding-left: 2; }
    BecauseLine:hover { background: $boost; }
    BecauseLine:focus { background: $accent 30%; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "pick", N_("Change"), show=False)]

    class Picked(Message):
        """The user chose this answer to change it."""

        def __init__(self, line: BecauseLine) -> None:
            super().__init__()
            self.line = line

    def __init__(self, content: Content, advice: str, key: str, step: int) -> None:
        super().__init__(content, markup=False, classes="because")
        self.advice = advice
        """The id of the advice item the line is under."""
        self.key = key
        """The answer's key (dialoog.engine.change): the same after the summary is recomputed."""
        self.step = step
        """The history step of the answer."""

    def action_pick(self) -> None:
        self.post_message(self.Picked(self))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Picked(self))


def commitment_line(ui: UI, number: int, item: Commitment) -> Content:
    due = ui._(" (by {date})", date=item.due.isoformat()) if item.due else ""
    return Content.assemble(f"{number}. ", plain(item.text), due)


class SummaryScreen(Screen[None]):
    AUTO_FOCUS = "Summary"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "conversation", N_("Back")),
        Binding("escape", "conversation", N_("Back"), show=False),  # the same action: listed once, as F2
        Binding("f4", "app.save_report", N_("Save report")),
        Binding("f5", "agenda", N_("Agenda")),
        Binding("f6", "app.network_map", N_("Map")),
        Binding("f7", "app.share", N_("Share")),
        Binding("f8", "app.compare", N_("Compare")),  # a repeat scan: compared with the previous one (keep)
        Binding("f9", "app.switch_language", "Language"),
        Binding("ctrl+q", "app.quit_saved", N_("Quit")),
    ]

    def __init__(self, session: Session, near: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.session = session
        self.near = near
        """(advice id, answer key) of a line to show (and focus) when the summary is filled: where a change began."""

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield Summary()
        yield KeyBar()

    async def on_mount(self) -> None:
        from dialoog.tui.commands import localise

        localise(self)
        await self.fill()

    async def relabel(self) -> None:
        await self.fill()

    @crash_guard
    async def fill(self) -> None:
        session = self.session
        ui = session.ui
        self.query_one("#title", Static).update(Content(ui._("Your summary")))
        body = self.query_one(Summary)
        await body.remove_children()
        summary = session.summary()
        widgets: list[Widget] = [
            Static(plain(ui._(
                "This is what your answers suggest. It is not a judgement: it shows where you may want to pay "
                "attention, and what you can do. Only you see this.")), id="intro", markup=False),
        ]
        top = summary.top_advice
        heading = {1: ui._("Your main action"), 2: ui._("Your two main actions")}.get(
            len(top), ui._("Your three main actions"))
        widgets.append(Static(Content(heading if top else ui._("What you can do")), classes="heading", markup=False))
        if not summary.advice:
            widgets.append(Static(plain(ui._("Your answers do not call for specific advice. Keep talking about "
                                             "your network now and then, for instance with a confidential "
                                             "adviser.")), markup=False))
        number = 0
        for advice in top:
            number += 1
            widgets.append(self.advice_widget(number, advice))
        widgets += self.agenda_widgets()
        from dialoog.engine.starters import starters_for

        widgets += self.starter_widgets(starters_for(session, summary))
        themes: list[Widget] = [Static(Content(ui._("Per theme")), classes="heading", markup=False)]
        for domain in summary.domains:
            symbol = LEVEL_SYMBOLS.get(domain.level, "?")
            level = f"{symbol} {domain.label}"
            row = Vertical(
                Static(Content.assemble((level, "bold"), "  ", plain(domain.title)), classes="domain-title",
                       markup=False),
                Static(plain(plain_paragraphs(domain.meaning)), classes="meaning", markup=False),
                classes=f"domain -{domain.level}",
            )
            themes.append(row)
        widgets += themes
        widgets += self.map_widgets()
        groups = summary.rest_by_domain()
        if groups:
            widgets.append(Static(Content(ui._("More, by theme")), classes="heading", markup=False))
        for domain, items in groups:
            widgets.append(Static(plain(domain.title), classes="theme", markup=False))
            for advice in items:
                number += 1
                widgets.append(self.advice_widget(number, advice))
        await body.mount_all(widgets)
        near, self.near = self.near, None
        target = self._near_line(near) if near is not None else None
        if target is None:
            body.scroll_home(animate=False)
            return
        target.focus(scroll_visible=False)
        self.call_after_refresh(body.scroll_to_center, target, animate=False)

    def _near_line(self, near: tuple[str, str]) -> Widget | None:
        """The line to show after a change: the same answer under the same item, else under any item, else the
        item it was under; None when none of these is left (the summary then opens at the top)."""
        advice, key = near
        if key == "agenda":
            return next(iter(self.query("#agenda-button")), None)
        lines = list(self.query(BecauseLine))
        found = next((w for w in lines if w.key == key and w.advice == advice), None)
        found = found or next((w for w in lines if w.key == key), None)
        return found or next((w for w in lines if w.advice == advice), None)

    # -- the parts ---------------------------------------------------------------

    def advice_widget(self, number: int, advice: AdviceResult) -> Widget:
        """An advice item: its text (Markdown), then the answers it rests on, each a line to pick."""
        ui = self.session.ui
        parts: list[Widget] = [BotMarkdown(self.advice_markdown(number, advice, because=False))]
        lines = [line for line in (self.because_widget(advice, reason) for reason in advice.reasons) if line]
        if lines:
            parts.append(Static(plain(ui._("Based on your answers (choose one to change it):")),
                                classes="because-label", markup=False))
            parts += lines
        return Vertical(*parts, classes="advice")

    def because_widget(self, advice: AdviceResult, reason: Reason) -> Widget | None:
        """The line for one answer: one to pick when the answer is in the history, otherwise plain text."""
        text = self.reason_words(reason)
        if text is None:
            return None
        question, answer = text
        content = Content.assemble("› ", plain(question), " — ", (answer, "bold"))
        found = self.reason_step(reason)
        if found is None:
            return Static(content, classes="because-text", markup=False)
        key, step = found
        return BecauseLine(content, advice.id, key, step)

    def reason_step(self, reason: Reason) -> tuple[str, int] | None:
        """The key and history step of the answer `reason` names (None when it cannot be changed from here)."""
        session = self.session
        for index, step in enumerate(session.history):
            if step.node != reason.node or step.how == StepKind.CONTINUED:
                continue
            if reason.entry is None and step.entry is None:
                return reason.node, index
            if reason.entry is not None and step.entry is not None and step.followup == reason.followup:
                entry = session.answers.get(step.node, [])[step.entry]
                name = str(entry.get("name", ""))
                if name.casefold() == reason.entry.casefold() and reason.followup is not None:
                    return followup_key(step.node, name, reason.followup), index
        return None

    def reason_words(self, reason: Reason) -> tuple[str, str] | None:
        """The question (or the entry and the topic) and the answer, as plain text."""
        session = self.session
        if reason.entry is not None:
            return f"{reason.entry}: {reason.topic}", shorten_words(reason.answer, 120)
        node = session.flow.nodes.get(reason.node)
        if node is None:
            return None
        index = next((i for i, s in enumerate(session.history) if s.node == reason.node and s.entry is None
                      and s.how != StepKind.CONTINUED), None)
        question = L.question_text(session, index) if index is not None else session.node_text(node)
        return shorten_words(strip_markdown(question), 110), shorten_words(session.describe(reason.node), 120)

    def agenda_widgets(self) -> list[Widget]:
        """The integrity agenda: what the user committed to, and the button to make or change it."""
        ui = self.session.ui
        out: list[Widget] = [Static(Content(ui._("Your integrity agenda")), classes="heading", markup=False)]
        agenda = self.session.agenda
        if agenda:
            out += [Static(commitment_line(ui, i, item), classes="commitment", markup=False)
                    for i, item in enumerate(agenda, 1)]
        else:
            out.append(Static(plain(ui._(
                "Choose up to three things you will do: steps from the advice, or in your own words.")),
                markup=False))
        label = ui._("Change your agenda (F5)") if agenda else ui._("Make your agenda (F5)")
        out.append(Button(Content(label), id="agenda-button", compact=True))
        return out

    def has_map(self) -> bool:
        return any(node.kind == "network" for node in self.session.flow.nodes.values())

    def map_widgets(self) -> list[Widget]:
        """The network map (dialoog.tui.widgets.netmap), and how to see it full screen."""
        if not self.has_map():
            return []
        from dialoog.mapping import build_map
        from dialoog.tui.widgets.netmap import NetworkMapView

        ui = self.session.ui
        return [
            Static(Content(ui._("Your network map")), classes="heading", markup=False),
            Static(plain(ui._("F6 shows the map on the whole screen.")), classes="muted", markup=False),
            NetworkMapView(build_map(self.session), ui, grid_height=MAP_HEIGHT),
        ]

    def starter_widgets(self, starters: tuple[Starter, ...]) -> list[Widget]:
        """Conversation starters: opening lines for the talk with the people who matter for the user's role."""
        if not starters:
            return []
        ui = self.session.ui
        out: list[Widget] = [Static(Content(ui._("To start the conversation")), classes="heading", markup=False)]
        for starter in starters:
            out.append(Vertical(
                Static(plain(ui._("Talk with: {who}", who=starter.who)), classes="starter-who", markup=False),
                *[Static(Content.assemble("• ", plain(line)), classes="commitment", markup=False)
                  for line in starter.lines],
                Static(plain(f"{ui._('Source')}: {starter.source}"), classes="muted", markup=False),
                classes="starter",
            ))
        return out

    def advice_markdown(self, number: int, advice: AdviceResult, because: bool = True) -> str:
        """One advice item as Markdown. Content texts are the authors' Markdown; the user's answers are escaped.
        Without `because`, the answers it rests on are left out (the screen shows them as lines to pick)."""
        ui = self.session.ui
        parts = [f"**{number}. {advice.title}**", ""]
        if advice.about:
            names = ", ".join(escape_markdown(name) for name in advice.about)
            parts += [f"*{ui._('About')}:* {names}", ""]
        if advice.why:
            parts += [f"*{ui._('Why this matters')}:* {advice.why}", ""]
        if advice.risks:
            parts += [f"*{ui._('What can go wrong')}:* {advice.risks}", ""]
        if advice.steps:
            parts += [f"*{ui._('What you can do')}:*", ""]
            parts += [f"{i}. {step}" for i, step in enumerate(advice.steps, 1)] + [""]
        if advice.referrals:
            parts += [f"*{ui._('Who you can turn to')}:*", ""]
            parts += [f"- {referral_line(r)}" for r in advice.referrals] + [""]
        lines = [self.reason_line(reason) for reason in advice.reasons] if because else []
        lines = [line for line in lines if line]
        if lines:
            parts += [f"*{ui._('Based on your answers')}:*", "", *lines, ""]
        if advice.source:
            parts += [f"{ui._('Source')}: {advice.source}"]
        return "\n".join(parts).strip()

    def reason_line(self, reason: Reason) -> str:
        """One answer that led to an item: the question and the answer; for a network entry, the entry's name,
        the topic of the follow-up question and the answer."""
        if reason.entry is None:
            return self.because_line(reason.node)
        answer = escape_markdown(shorten_words(reason.answer, 120))
        return f"- {escape_markdown(reason.entry)}: {escape_markdown(reason.topic)} — **{answer}**"

    def because_line(self, node_id: str) -> str:
        session = self.session
        node = session.flow.nodes.get(node_id)
        if node is None:
            return ""
        index = next((i for i, s in enumerate(session.history) if s.node == node_id and s.entry is None
                      and s.how != StepKind.CONTINUED), None)
        question = L.question_text(session, index) if index is not None else session.node_text(node)
        question = escape_markdown(shorten_words(strip_markdown(question), 110))
        answer = escape_markdown(shorten_words(session.describe(node_id), 120))
        return f"- {question} — **{answer}**"

    # -- actions -----------------------------------------------------------------

    def action_conversation(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "agenda-button":
            event.stop()
            self.action_agenda()

    def action_agenda(self) -> None:
        """The agenda picker; when it saved, the summary shows the new agenda."""
        from dialoog.tui.screens.agenda import AgendaScreen

        async def done(saved: bool | None) -> None:
            if saved:
                self.near = ("", "agenda")
                await self.fill()

        self.app.push_screen(AgendaScreen(self.session, self.session.summary()), done)

    def on_because_line_picked(self, message: BecauseLine.Picked) -> None:
        """Change the answer of a because line: the conversation asks it again; the summary follows."""
        from dialoog.tui.screens.conversation import ConversationScreen

        message.stop()
        line = message.line
        conversation = next((s for s in reversed(self.app.screen_stack)
                             if isinstance(s, ConversationScreen) and s.session is self.session), None)
        if conversation is None:  # a summary without its conversation (never so in the program itself)
            self.notify(self.session.ui._("This answer can only be changed in its conversation."), markup=False)
            return
        near = (line.advice, line.key)
        self.dismiss(None)

        async def jump() -> None:
            # the conversation asks the question: any screen still over it (a list it was opened from) goes
            while self.app.screen is not conversation and len(self.app.screen_stack) > 1:
                await self.app.pop_screen()
            await conversation.change.begin(line.step, from_summary=near)

        self.app.call_later(jump)
