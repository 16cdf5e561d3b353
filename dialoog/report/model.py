"""The report model: what a report of one session says, built from the engine's summary.

`build_report(session, scope=...)` gathers the parts a `Scope` includes; a part the scope leaves out is
absent from the model (None or empty), not just hidden, so no renderer can show it by mistake. Content
texts (titles, why, steps, meanings) are the content's own Markdown in the session's language; every
text the user gave (names, typed answers, own commitments, the answers quoted in "because") is plain
text, and each renderer escapes it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dialoog.engine.transcript import StepKind, question_text, shorten_words
from dialoog.report.scope import Scope

if TYPE_CHECKING:
    from dialoog.engine import Session
    from dialoog.engine.scores import AdviceResult, Reason, Summary

QUESTION_WIDTH = 160
"""A quoted question is cut at about this many characters (the whole question is in the conversation)."""
ANSWER_WIDTH = 200

_LINK = re.compile(r"(?<!\\)\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"\\([\\`*_\[\]<>|#~!{}()])|[*_`#>]")


def plain_words(markdown: str) -> str:
    """Content Markdown as plain words on one line (for a quoted question)."""
    text = _LINK.sub(r"\1", markdown)
    text = _MARKS.sub(lambda m: m.group(1) or "", text)
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Because:
    """One answer that led to an advice item: the question as it was asked (plain text) and the answer
    in words. For a follow-up about a network entry, `entry` is the entry's name (None when names are
    left out: then `entry_number` says which entry, counting from 1) and `question` is its topic."""

    node: str
    question: str
    answer: str
    followup: str | None = None
    entry: str | None = None
    entry_number: int | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    remit: str = ""
    reach: str = ""
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Action:
    """One advice item (a main action or one of the rest)."""

    id: str
    domain: str
    domain_title: str
    title: str
    why: str
    risks: str
    steps: tuple[str, ...]
    contacts: tuple[Contact, ...]
    source: str | None
    about: tuple[str, ...] = ()
    """The network entries it is about, by name; empty when names are left out."""
    about_numbers: tuple[int, ...] = ()
    """The same entries by number (from 1), always given when the item is about entries."""
    because: tuple[Because, ...] = ()


@dataclass(frozen=True, slots=True)
class DomainLine:
    id: str
    title: str
    level: str
    label: str
    meaning: str


@dataclass(frozen=True, slots=True)
class AgendaItem:
    text: str
    own_words: bool
    advice_title: str | None = None
    due: dt.date | None = None


@dataclass(frozen=True, slots=True)
class AgendaPart:
    items: tuple[AgendaItem, ...]
    withheld: int = 0
    """Commitments in the user's own words left out (the scope leaves out free text)."""


@dataclass(frozen=True, slots=True)
class StarterPart:
    who: str
    lines: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True, slots=True)
class MapRow:
    """One entry of the map in words (for the Markdown report, which has no picture)."""

    number: int
    name: str | None
    """None when names are left out."""
    category: str
    closeness: str
    marks: str
    """The letters of its risk signals (the map's legend says which theme each letter is)."""


@dataclass(frozen=True, slots=True)
class MapPart:
    svg: str
    entries: int
    diversity: float | None = None
    diversity_words: str = ""
    legend: tuple[tuple[int, str], ...] = ()
    """Entry numbers and names as drawn (empty when names are left out)."""
    rows: tuple[MapRow, ...] = ()
    marks: tuple[tuple[str, str], ...] = ()
    """Each signal letter and the theme it stands for."""


@dataclass(frozen=True, slots=True)
class CompareDomain:
    title: str
    before: str
    after: str
    direction: str


@dataclass(frozen=True, slots=True)
class CommitmentReview:
    text: str
    status: str
    """`done`, `open`, `dropped` or `unreviewed`."""
    own_words: bool = False


@dataclass(frozen=True, slots=True)
class NetworkChange:
    name: str
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ComparePart:
    domains: tuple[CompareDomain, ...] = ()
    advice_new: tuple[str, ...] = ()
    advice_resolved: tuple[str, ...] = ()
    agenda: tuple[CommitmentReview, ...] = ()
    network_added: tuple[str, ...] = ()
    network_gone: tuple[str, ...] = ()
    network_changed: tuple[NetworkChange, ...] = ()
    not_comparable: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    lang: str
    flow_id: str
    flow_title: str
    content_version: str
    program_version: str
    made: dt.date
    finished: bool
    scope: Scope
    top_actions: tuple[Action, ...] | None = None
    agenda: AgendaPart | None = None
    starters: tuple[StarterPart, ...] | None = None
    domains: tuple[DomainLine, ...] | None = None
    advice: tuple[tuple[str, tuple[Action, ...]], ...] | None = None
    """The rest of the advice, grouped by domain (the domain's title, its items)."""
    network_map: MapPart | None = None
    comparison: ComparePart | None = None
    absent: tuple[str, ...] = field(default_factory=tuple)
    """Parts the scope includes that this program or session cannot give (e.g. `compare` without a
    previous scan)."""


FULL = Scope()
"""The full report: every part."""


def build_report(
    session: Session, *, previous: Session | None = None, scope: Scope = FULL, today: dt.date | None = None
) -> Report:
    """The report of `session` (see the module docstring). `previous` is the previous finished scan of the
    same flow, for the comparison; `today` the date the report names (default: today)."""
    from dialoog import __version__

    summary = session.summary()
    names = _entry_numbers(session)
    absent: list[str] = []
    top: tuple[Action, ...] | None = None
    if scope.top_actions:
        top = tuple(_action(session, summary, a, scope, names) for a in summary.top_advice)
    rest: tuple[tuple[str, tuple[Action, ...]], ...] | None = None
    if scope.advice:
        rest = tuple(
            (d.title, tuple(_action(session, summary, a, scope, names) for a in items))
            for d, items in summary.rest_by_domain()
        )
    domains = None
    if scope.levels:
        domains = tuple(DomainLine(d.id, d.title, d.level, d.label, d.meaning) for d in summary.domains)
    comparison = None
    if scope.compare:
        if previous is None:
            absent.append("compare")
        else:
            comparison = _comparison(previous, session, summary, scope)
    return Report(
        lang=session.lang,
        flow_id=session.flow.id,
        flow_title=session.texts.t(session.flow.title),
        content_version=session.flow.content_hash[:12],
        program_version=__version__,
        made=today or dt.date.today(),
        finished=session.finished,
        scope=scope,
        top_actions=top,
        agenda=_agenda(session, summary, scope) if scope.agenda else None,
        starters=_starters(session, summary) if scope.starters else None,
        domains=domains,
        advice=rest,
        network_map=_network_map(session, scope) if scope.network_map else None,
        comparison=comparison,
        absent=tuple(absent),
    )


# -- advice ---------------------------------------------------------------------


def _entry_numbers(session: Session) -> dict[str, int]:
    """Each network entry's name -> its number (from 1, in the order given), over every network question."""
    numbers: dict[str, int] = {}
    for node in session.flow.nodes.values():
        if node.kind != "network":
            continue
        for entry in session.answers.get(node.id) or []:
            name = str(entry.get("name", "")) if isinstance(entry, dict) else ""
            numbers.setdefault(name, len(numbers) + 1)
    return numbers


def _action(session: Session, summary: Summary, advice: AdviceResult, scope: Scope,
            numbers: dict[str, int]) -> Action:
    domain_title = next((d.title for d in summary.domains if d.id == advice.domain), advice.domain)
    contacts = tuple(Contact(r.name, r.remit, r.reach, r.url) for r in advice.referrals)
    because: tuple[Because, ...] = ()
    if scope.because:
        because = tuple(b for b in (_because(session, r, scope, numbers) for r in advice.reasons) if b is not None)
    return Action(
        id=advice.id,
        domain=advice.domain,
        domain_title=domain_title,
        title=advice.title,
        why=advice.why,
        risks=advice.risks,
        steps=advice.steps,
        contacts=contacts,
        source=advice.source,
        about=tuple(str(n) for n in advice.about) if scope.network_names else (),
        about_numbers=tuple(numbers[n] for n in advice.about if n in numbers),
        because=because,
    )


def _because(session: Session, reason: Reason, scope: Scope, numbers: dict[str, int]) -> Because | None:
    """A reason as the report quotes it; None when the scope leaves out what it would show."""
    flow = session.flow
    node = flow.nodes.get(reason.node)
    if node is None:
        return None
    if reason.entry is not None:
        followup = next((f for f in node.followups if f.id == reason.followup), None)
        if followup is not None and followup.kind == "text" and not scope.free_text:
            return None
        return Because(
            node=reason.node,
            question=str(reason.topic),
            answer=shorten_words(str(reason.answer), ANSWER_WIDTH),
            followup=reason.followup,
            entry=str(reason.entry) if scope.network_names else None,
            entry_number=numbers.get(str(reason.entry)),
        )
    if node.kind == "text" and not scope.free_text:
        return None
    if node.kind == "network" and not scope.network_names:
        return None  # the answer to a network question in words is the list of names
    if scope.free_text:  # the question as it was asked (its template may quote what the user typed)
        index = next((i for i, s in enumerate(session.history) if s.node == reason.node and s.entry is None
                      and s.how != StepKind.CONTINUED), None)
        asked = question_text(session, index) if index is not None else session.node_text(node)
        question = shorten_words(plain_words(asked), QUESTION_WIDTH)
    else:  # the topic only: a question's text can quote a typed answer
        question = str(reason.topic)
    return Because(reason.node, question, shorten_words(str(reason.answer), ANSWER_WIDTH))


# -- agenda, starters, map, comparison ------------------------------------------


def _agenda(session: Session, summary: Summary, scope: Scope) -> AgendaPart:
    titles = {a.id: a.title for a in summary.advice}
    items: list[AgendaItem] = []
    withheld = 0
    for c in session.agenda:
        own = c.advice is None
        if own and not scope.free_text:
            withheld += 1
            continue
        items.append(AgendaItem(c.text, own, titles.get(c.advice or ""), c.due))
    return AgendaPart(tuple(items), withheld)


def _starters(session: Session, summary: Summary) -> tuple[StarterPart, ...]:
    from dialoog.engine.starters import starters_for

    return tuple(StarterPart(s.who, s.lines, s.source) for s in starters_for(session, summary))


def _network_map(session: Session, scope: Scope) -> MapPart:
    """The map as SVG (entries by number only when names are left out), with Blau's diversity figure."""
    from dialoog.mapping import build_map, diversity, render_svg

    netmap = build_map(session)
    div = diversity(netmap)
    svg = render_svg(netmap, session.ui, names=scope.network_names, id_prefix="report-map")
    names = scope.network_names
    legend = tuple((e.number, e.name) for e in netmap.entries) if names else ()
    rows = tuple(MapRow(e.number, e.name if names else None, e.category_label, e.closeness_words, e.marks)
                 for e in netmap.entries)
    marks = tuple((m.letter, m.title) for m in netmap.marks)
    return MapPart(svg, len(netmap.entries), div.index, div.words, legend, rows, marks)


def _comparison(previous: Session, current: Session, summary: Summary, scope: Scope) -> ComparePart:
    """The comparison with the previous scan, within the scope: levels only with `levels`, commitments in
    the user's own words only with `free_text`, network entries only with `network_names`, the questions
    that could not be compared only with `free_text` (a question's text can quote a typed answer)."""
    from dialoog.engine.compare import compare

    c = compare(previous, current)
    titles = {d.id: d.title for d in summary.domains}  # `current`'s summary, computed once by build_report
    names = scope.network_names

    def signals(domains: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(titles.get(d, d) for d in domains)

    return ComparePart(
        domains=tuple(CompareDomain(d.title, d.before_label or (d.before or ""), d.after_label or (d.after or ""),
                                    d.direction) for d in c.domains) if scope.levels else (),
        advice_new=tuple(a.title for a in c.advice_new),
        advice_resolved=tuple(a.title for a in c.advice_resolved),
        agenda=tuple(CommitmentReview(a.text, a.status, a.own) for a in c.agenda
                     if scope.free_text or not a.own) if scope.agenda else (),
        network_added=c.network_added if names else (),
        network_gone=c.network_gone if names else (),
        network_changed=tuple(NetworkChange(e.name, signals(e.before), signals(e.after))
                              for e in c.network_changed) if names else (),
        not_comparable=c.not_comparable if scope.free_text else (),
    )


__all__ = ["Action", "AgendaItem", "AgendaPart", "Because", "ComparePart", "Contact", "DomainLine", "MapPart",
           "MapRow", "Report", "StarterPart", "build_report", "plain_words"]
