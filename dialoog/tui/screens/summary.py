"""The end: the engine's summary. First the (at most) three main actions; then per domain its level (in
words and a symbol) and what it means; then the rest of the advice grouped by theme: for each, whom or what it
is about (a network entry by the name the user gave, as plain text), why it matters, what can go
wrong, concrete steps, whom to turn to in this role, and the answers that led to it (question and
answer, not ids).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from dialoog.engine.transcript import StepKind, shorten_words
from dialoog.render import escape_markdown
from dialoog.tui import lines as L
from dialoog.tui.app import crash_guard
from dialoog.tui.text import N_, plain, plain_paragraphs, strip_markdown
from dialoog.tui.widgets.keybar import KeyBar
from dialoog.tui.widgets.markdown import BotMarkdown

if TYPE_CHECKING:
    from dialoog.engine import Session
    from dialoog.engine.scores import AdviceResult, Reason, Referral

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
    """


class SummaryScreen(Screen[None]):
    AUTO_FOCUS = "Summary"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "conversation", N_("Back")),
        Binding("escape", "conversation", N_("Back"), show=False),  # the same action: listed once, as F2
        Binding("f4", "app.save_report", N_("Save report")),
        Binding("f6", "app.network_map", N_("Map")),
        Binding("f7", "app.share", N_("Share")),
        Binding("f8", "app.compare", N_("Compare")),  # a repeat scan: compared with the previous one (keep)
        Binding("f9", "app.switch_language", "Language"),
        Binding("ctrl+q", "app.quit_saved", N_("Quit")),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

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
            widgets.append(BotMarkdown(self.advice_markdown(number, advice)))
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
        groups = summary.rest_by_domain()
        if groups:
            widgets.append(Static(Content(ui._("More, by theme")), classes="heading", markup=False))
        for domain, items in groups:
            widgets.append(Static(plain(domain.title), classes="theme", markup=False))
            for advice in items:
                number += 1
                widgets.append(BotMarkdown(self.advice_markdown(number, advice)))
        await body.mount_all(widgets)
        body.scroll_home(animate=False)

    def advice_markdown(self, number: int, advice: AdviceResult) -> str:
        """One advice item as Markdown. Content texts are the authors' Markdown; the user's answers are escaped."""
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
        because = [self.reason_line(reason) for reason in advice.reasons]
        because = [line for line in because if line]
        if because:
            parts += [f"*{ui._('Based on your answers')}:*", "", *because, ""]
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

    def action_conversation(self) -> None:
        self.dismiss(None)
