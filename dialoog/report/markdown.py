"""The report as Markdown: the same parts as the HTML report. Content texts are the content's own Markdown;
everything the user gave is escaped (`dialoog.render.escape_markdown`), so a typed `[link](...)`, `<tag>`
or `**` shows literally."""

from __future__ import annotations

import re

from dialoog.render import escape_markdown
from dialoog.report.model import FULL, Action, Because, Report
from dialoog.report.words import Words

_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)]|=+|-{3,})(\s|$)")


def user(text: str) -> str:
    """Text the user gave, literal in Markdown (also at the start of a line: `- x`, `1. x`, `===`)."""
    escaped = escape_markdown(" ".join(str(text).split()))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) + m.group(3), escaped)


def _svg_note(w: Words) -> str:
    return w.label('The map itself is in the HTML version of this report.')


def render_markdown(report: Report) -> str:
    """The report as one Markdown document."""
    w = Words.of(report.lang)
    date = w.date(report.made)
    out: list[str] = [
        f"**{w.confidential.upper()}**: {w.note(report.scope == FULL)}",
        "",
        f"# {w.title(report.flow_title)}",
        "",
        f"- {w.label('Date')}: {date}",
        f"- {w.label('Conversation')}: {report.flow_title} ({report.flow_id})",
        f"- {w.label('Content version')}: {report.content_version}",
        f"- {w.label('Program')}: dialoog {report.program_version}",
        "",
    ]
    if not report.finished:
        out += [f"*{w.unfinished}*", ""]
    number = 0
    if report.top_actions is not None:
        out += [f"## {w.heading('top_actions', len(report.top_actions))}", ""]
        if not report.top_actions:
            out += [w.no_advice, ""]
        for action in report.top_actions:
            number += 1
            out += _action(number, action, w, "###")
    if report.agenda is not None:
        out += [f"## {w.heading('agenda')}", ""]
        agenda = report.agenda
        if not agenda.items and not agenda.withheld:
            out += [w.label('You did not choose any commitments.'), ""]
        for i, item in enumerate(agenda.items, 1):
            extra = []
            if item.advice_title:
                extra.append(w.from_advice(item.advice_title))
            if item.due:
                extra.append(w.due(item.due))
            text = user(item.text) if item.own_words else item.text
            out.append(f"{i}. {text}" + (f" ({'; '.join(extra)})" if extra else ""))
        if agenda.items:
            out.append("")
        if agenda.withheld:
            out += [f"*{w.withheld(agenda.withheld)}*", ""]
    if report.starters:
        out += [f"## {w.heading('starters')}", ""]
        for starter in report.starters:
            out += [f"### {starter.who}", ""]
            out += [f"- {line}" for line in starter.lines] + [""]
            if starter.source:
                out += [f"{w.label('Source')}: {starter.source}", ""]
    if report.domains is not None:
        out += [f"## {w.heading('levels')}", ""]
        for d in report.domains:
            out += [f"### {d.title}: {d.label}", ""] + ([d.meaning, ""] if d.meaning else [])
    if report.advice:
        out += [f"## {w.heading('advice')}", ""]
        for title, items in report.advice:
            out += [f"### {title}", ""]
            for action in items:
                number += 1
                out += _action(number, action, w, "####")
    if report.network_map is not None:
        m = report.network_map
        out += [f"## {w.heading('network_map')}", ""]
        if m.diversity is not None:
            figure = f"{m.diversity:.2f}".replace(".", "," if report.lang == "nl" else ".")
            words = f" {m.diversity_words}" if m.diversity_words else ""
            out += [f"**{w.label('Diversity of your network')}: {figure}**{words}", ""]
        out += [f"{n}. {user(name)}" for n, name in m.legend]
        out += ["", f"*{_svg_note(w)}*", ""]
    if report.comparison is not None:
        out += _comparison(report, w)
    return "\n".join(out).rstrip() + "\n"


def _action(number: int, a: Action, w: Words, mark: str) -> list[str]:
    out = [f"{mark} {number}. {a.title}", ""]
    if a.about:
        out += [f"*{w.label('About')}:* " + ", ".join(user(n) for n in a.about), ""]
    elif a.about_numbers:
        out += [f"*{w.label('About')}:* " + ", ".join(w.entry(n) for n in a.about_numbers), ""]
    if a.why:
        out += [f"*{w.label('Why this matters')}:* {a.why}", ""]
    if a.risks:
        out += [f"*{w.label('What can go wrong')}:* {a.risks}", ""]
    if a.steps:
        out += [f"*{w.label('What you can do')}:*", ""] + [f"{i}. {s}" for i, s in enumerate(a.steps, 1)] + [""]
    if a.contacts:
        out += [f"*{w.label('Who you can turn to')}:*", ""]
        for c in a.contacts:
            words = " ".join(p for p in (c.remit, c.reach) if p)
            if c.url and c.url not in words:
                words = f"{words} <{c.url}>".strip()
            out.append(f"- **{c.name}**" + (f": {words}" if words else ""))
        out.append("")
    if a.because:
        out += [f"*{w.label('Based on your answers')}:*", ""] + [f"- {_because(b, w)}" for b in a.because] + [""]
    if a.source:
        out += [f"{w.label('Source')}: {a.source}", ""]
    return out


def _because(b: Because, w: Words) -> str:
    if b.followup is not None:
        who = user(b.entry) if b.entry is not None else (w.entry(b.entry_number) if b.entry_number else "")
        return (f"{who}: " if who else "") + f"{user(b.question)} — **{user(b.answer)}**"
    return f"{user(b.question)} — **{user(b.answer)}**"


def _comparison(report: Report, w: Words) -> list[str]:
    c = report.comparison
    assert c is not None
    out = [f"## {w.heading('compare')}", ""]
    if c.domains:
        out += [f"- {d.title}: {user(d.before)} → {user(d.after)} (**{w.direction(d.direction)}**)"
                for d in c.domains] + [""]
    for label, items in ((w.label('New advice'), c.advice_new),
                         (w.label('Advice you no longer get'), c.advice_resolved),
                         (w.label('New in your network'), c.network_added),
                         (w.label('No longer in your network'), c.network_gone)):
        if items:
            out += [f"### {label}", ""] + [f"- {user(i)}" for i in items] + [""]
    if c.network_changed:
        out += [f"### {w.label('Changed signals')}", ""] + [
            f"- {user(n.name)}: {user(', '.join(n.before) or '-')} → {user(', '.join(n.after) or '-')}"
            for n in c.network_changed] + [""]
    if c.agenda:
        out += [f"### {w.label('Your previous commitments')}", ""] + [
            f"- {user(r.text) if r.own_words else r.text}: **{w.status(r.status)}**" for r in c.agenda] + [""]
    if c.not_comparable:
        out += [f"### {w.label('Could not be compared, because the questions changed')}", ""] + [
            f"- {user(q)}" for q in c.not_comparable] + [""]
    return out


__all__ = ["render_markdown", "user"]
