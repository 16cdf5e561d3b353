"""The report as one self-contained HTML file that prints cleanly to A4.

Inline CSS and SVG only: no scripts, no fonts, images or style sheets from elsewhere, and a strict
Content-Security-Policy so a browser fetches nothing even if a text tried to. Content texts are the
content's Markdown, rendered without raw HTML and without images; everything the user typed is escaped.
Every printed page carries the confidential line (the page's top and bottom margin), each section
begins on a new page, and the map is never cut across pages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from typing import Any

from dialoog.report.model import FULL, Action, Because, Report
from dialoog.report.words import Words

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.45;
       color: #111; background: #fff; margin: 0 auto; max-width: 48em; padding: 1.5em; }
.banner { border: 2px solid #8a1c1c; color: #8a1c1c; padding: .4em .8em; margin-bottom: 1.2em; }
.banner strong { text-transform: uppercase; letter-spacing: .08em; }
.banner p { margin: .2em 0; }
h1 { font-size: 18pt; margin: 0 0 .3em 0; }
h2 { font-size: 14pt; border-bottom: 1px solid #999; padding-bottom: .15em; margin: 0 0 .6em 0; }
h3 { font-size: 12pt; margin: 1em 0 .3em 0; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; margin: 0 0 1.2em 0; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
section { margin-top: 1.5em; }
.action { break-inside: avoid; margin-bottom: 1em; }
.label { font-style: italic; }
.because { color: #333; }
.about { font-weight: bold; }
.level { font-weight: bold; }
.domain { break-inside: avoid; margin-bottom: .6em; }
.domain.-high .level { color: #8a1c1c; }
.domain.-attention .level { color: #7a5200; }
.domain.-low .level { color: #1d5e20; }
.domain.-unknown .level { color: #555; }
figure.map { break-inside: avoid; page-break-inside: avoid; margin: 0; text-align: center; }
figure.map svg { display: block; width: 100%; max-width: 100%; height: auto; max-height: 230mm; margin: 0 auto; }
figcaption { text-align: left; margin-top: .5em; }
.absent { color: #555; font-style: italic; }
@page { size: A4; margin: 18mm 16mm 18mm 16mm;
        @top-center { content: "__TOP__"; font: 9pt sans-serif; color: #8a1c1c; }
        @bottom-center { content: __BOTTOM__; font: 9pt sans-serif; color: #8a1c1c; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  section { margin-top: 0; break-before: page; page-break-before: always; }
  section.first { break-before: auto; page-break-before: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; }
}
"""

_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)


@lru_cache(maxsize=1)
def _markdown() -> Any:
    """Content Markdown without raw HTML and without images (an image would be a request elsewhere)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_inline", "html_block"])
    return md


def content_block(text: str) -> str:
    """A content text (the authors' Markdown) as HTML paragraphs."""
    return str(_markdown().render(text)).strip()


def content_inline(text: str) -> str:
    """A one-line content text (a title, a step) as inline HTML."""
    return str(_markdown().renderInline(text)).strip()


def user(text: str) -> str:
    """Text the user gave: shown literally."""
    return escape(str(text), quote=True)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def inline_svg(svg: str) -> str:
    """A standalone SVG document as an element inside HTML (its XML prolog left out)."""
    return _PROLOG.sub("", svg, count=1).strip()


def render_html(report: Report) -> str:
    """The report as one HTML document (see the module docstring)."""
    w = Words.of(report.lang)
    date = w.date(report.made)
    first, middle, last = w.page_line()
    bottom = f"{_css_string(first)} counter(page) {_css_string(middle)} counter(pages) {_css_string(last)}"
    top = f"{w.confidential.upper()} · {w.title(report.flow_title)} · {date}"
    style = STYLE.replace('"__TOP__"', _css_string(top)).replace("__BOTTOM__", bottom)
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{user(report.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{user(w.confidential)}: {user(w.title(report.flow_title))} · {user(date)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        '<header class="banner">',
        f"<p><strong>{user(w.confidential)}</strong></p>",
        f"<p>{user(w.note(report.scope == FULL))}</p>",
        "</header>",
        f"<h1>{user(w.title(report.flow_title))}</h1>",
        '<dl class="meta">',
        f"<dt>{user(w.label('Date'))}</dt><dd>{user(date)}</dd>",
        f"<dt>{user(w.label('Conversation'))}</dt><dd>{user(report.flow_title)} ({user(report.flow_id)})</dd>",
        f"<dt>{user(w.label('Content version'))}</dt><dd>{user(report.content_version)}</dd>",
        f"<dt>{user(w.label('Program'))}</dt><dd>dialoog {user(report.program_version)}</dd>",
        "</dl>",
    ]
    if not report.finished:
        out.append(f'<p class="absent">{user(w.unfinished)}</p>')
    sections = [s for s in _sections(report, w) if s]
    for i, body in enumerate(sections):
        out.append(body.replace("<section ", '<section class="first" ', 1) if i == 0 else body)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _sections(report: Report, w: Words) -> list[str]:
    out: list[str] = []
    number = 0
    if report.top_actions is not None:
        parts = [f'<section id="actions"><h2>{user(w.heading("top_actions", len(report.top_actions)))}</h2>']
        if not report.top_actions:
            parts.append(f"<p>{user(w.no_advice)}</p>")
        for action in report.top_actions:
            number += 1
            parts.append(_action(number, action, w))
        out.append("\n".join([*parts, "</section>"]))
    if report.agenda is not None:
        out.append(_agenda(report, w))
    if report.starters:
        parts = [f'<section id="starters"><h2>{user(w.heading("starters"))}</h2>']
        for starter in report.starters:
            parts.append(f"<h3>{content_inline(starter.who)}</h3><ul>")
            parts += [f"<li>{content_inline(line)}</li>" for line in starter.lines]
            parts.append("</ul>")
            if starter.source:
                parts.append(f"<p><small>{user(w.label('Source'))}: {content_inline(starter.source)}</small></p>")
        out.append("\n".join([*parts, "</section>"]))
    if report.domains is not None:
        parts = [f'<section id="levels"><h2>{user(w.heading("levels"))}</h2>']
        for d in report.domains:
            parts.append(f'<div class="domain -{user(d.level)}"><h3>{content_inline(d.title)}: '
                         f'<span class="level">{user(d.label)}</span></h3>{content_block(d.meaning)}</div>')
        out.append("\n".join([*parts, "</section>"]))
    if report.advice:
        parts = [f'<section id="advice"><h2>{user(w.heading("advice"))}</h2>']
        for title, items in report.advice:
            parts.append(f"<h3>{content_inline(title)}</h3>")
            for action in items:
                number += 1
                parts.append(_action(number, action, w, level=4))
        out.append("\n".join([*parts, "</section>"]))
    if report.network_map is not None:
        m = report.network_map
        parts = [f'<section id="network"><h2>{user(w.heading("network_map"))}</h2>',
                 f'<figure class="map">{inline_svg(m.svg)}<figcaption>']
        if m.diversity is not None:
            figure = f"{m.diversity:.2f}".replace(".", "," if report.lang == "nl" else ".")
            parts.append(f"<p><strong>{user(w.label('Diversity of your network'))}: {user(figure)}</strong>"
                         + (f" {content_inline(m.diversity_words)}" if m.diversity_words else "") + "</p>")
        parts.append("</figcaption></figure>")
        out.append("\n".join([*parts, "</section>"]))
    if report.comparison is not None:
        out.append(_comparison(report, w))
    return out


def _action(number: int, a: Action, w: Words, level: int = 3) -> str:
    h = f"h{level}"
    parts = [f'<article class="action" id="advice-{user(a.id)}">', f"<{h}>{number}. {content_inline(a.title)}</{h}>"]
    if a.about:
        parts.append(f'<p><span class="label">{user(w.label("About"))}:</span> '
                     f'<span class="about">{user(", ".join(a.about))}</span></p>')
    elif a.about_numbers:
        who = ", ".join(w.entry(n) for n in a.about_numbers)
        parts.append(f'<p><span class="label">{user(w.label("About"))}:</span> {user(who)}</p>')
    if a.why:
        parts.append(_label(w, "Why this matters") + content_block(a.why))
    if a.risks:
        parts.append(_label(w, "What can go wrong") + content_block(a.risks))
    if a.steps:
        parts.append(_label(w, "What you can do") + '<ol>'
                     + "".join(f"<li>{content_inline(s)}</li>" for s in a.steps) + "</ol>")
    if a.contacts:
        items = []
        for c in a.contacts:
            words = " ".join(p for p in (c.remit, c.reach) if p)
            line = f"<strong>{content_inline(c.name)}</strong>" + (f": {content_inline(words)}" if words else "")
            if c.url and c.url not in words and c.url.startswith(("https://", "http://")):
                line += f' <a href="{user(c.url)}" rel="noreferrer">{user(c.url)}</a>'
            items.append(f"<li>{line}</li>")
        parts.append(_label(w, "Who you can turn to") + '<ul>' + "".join(items) + "</ul>")
    if a.because:
        parts.append(_label(w, "Based on your answers") + '<ul class="because">'
                     + "".join(f"<li>{_because(b, w)}</li>" for b in a.because) + "</ul>")
    if a.source:
        parts.append(f"<p><small>{user(w.label('Source'))}: {content_inline(a.source)}</small></p>")
    parts.append("</article>")
    return "\n".join(parts)


def _label(w: Words, key: str) -> str:
    return f'<p class="label">{user(w.label(key))}:</p>'


def _because(b: Because, w: Words) -> str:
    if b.followup is not None:
        who = b.entry if b.entry is not None else (w.entry(b.entry_number) if b.entry_number else "")
        lead = f"{user(who)}: " if who else ""
        return f"{lead}{user(b.question)} — <strong>{user(b.answer)}</strong>"
    return f"{user(b.question)} — <strong>{user(b.answer)}</strong>"


def _agenda(report: Report, w: Words) -> str:
    agenda = report.agenda
    assert agenda is not None
    parts = [f'<section id="agenda"><h2>{user(w.heading("agenda"))}</h2>']
    if not agenda.items and not agenda.withheld:
        parts.append(f"<p>{user(w.label('You did not choose any commitments.'))}</p>")
    if agenda.items:
        parts.append("<ol>")
        for item in agenda.items:
            line = user(item.text) if item.own_words else content_inline(item.text)
            extra = []
            if item.advice_title:
                extra.append(w.from_advice(item.advice_title))
            if item.due:
                extra.append(w.due(item.due))
            parts.append(f"<li>{line}" + (f" <small>({user('; '.join(extra))})</small>" if extra else "") + "</li>")
        parts.append("</ol>")
    if agenda.withheld:
        parts.append(f'<p class="absent">{user(w.withheld(agenda.withheld))}</p>')
    return "\n".join([*parts, "</section>"])


def _comparison(report: Report, w: Words) -> str:
    c = report.comparison
    assert c is not None
    parts = [f'<section id="compare"><h2>{user(w.heading("compare"))}</h2>']
    if c.domains:
        parts.append("<ul>" + "".join(
            f"<li>{content_inline(d.title)}: {user(d.before)} → {user(d.after)} "
            f"(<strong>{user(w.direction(d.direction))}</strong>)</li>" for d in c.domains) + "</ul>")
    for label, items in ((w.label('New advice'), c.advice_new),
                         (w.label('Advice you no longer get'), c.advice_resolved),
                         (w.label('New in your network'), c.network_added),
                         (w.label('No longer in your network'), c.network_gone)):
        if items:
            parts.append(f"<h3>{user(label)}</h3><ul>" + "".join(f"<li>{user(i)}</li>" for i in items) + "</ul>")
    if c.network_changed:
        parts.append(f"<h3>{user(w.label('Changed signals'))}</h3><ul>" + "".join(
            f"<li>{user(n.name)}: {user(', '.join(n.before) or '-')} → {user(', '.join(n.after) or '-')}</li>"
            for n in c.network_changed) + "</ul>")
    if c.agenda:
        parts.append(f"<h3>{user(w.label('Your previous commitments'))}</h3><ul>" + "".join(
            f"<li>{user(r.text) if r.own_words else content_inline(r.text)}: "
            f"<strong>{user(w.status(r.status))}</strong></li>" for r in c.agenda) + "</ul>")
    if c.not_comparable:
        parts.append(f"<h3>{user(w.label('Could not be compared, because the questions changed'))}</h3><ul>"
                     + "".join(f"<li>{user(q)}</li>" for q in c.not_comparable) + "</ul>")
    return "\n".join([*parts, "</section>"])


__all__ = ["CSP", "content_block", "content_inline", "inline_svg", "render_html", "user"]
