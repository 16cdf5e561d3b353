"""The review as one self-contained HTML file: inline CSS, no scripts, nothing fetched, prints to A4.

Every text is escaped; anchors are `id` attributes (`node-<id>`, `advice-<id>`, `card-<id>`,
`domain-<id>`, ...). With two documents (side by side) every field is a row of two columns.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from dialoog.review.model import Document, Entry, Field, Section

CSP = "default-src 'none'; style-src 'unsafe-inline'"

CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b; margin: 2em auto;
       max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: .2em; }
h2 { font-size: 1.35em; border-bottom: 2px solid #2a5d84; padding-bottom: .2em; margin-top: 2em; }
h3 { font-size: 1.15em; color: #2a5d84; margin-top: 1.6em; }
h4 { font-size: 1em; margin: 0 0 .3em; }
.note, .intro { color: #444; }
.entry { border-left: 3px solid #c9d7e3; padding: .4em 0 .4em .8em; margin: 1em 0; break-inside: avoid-page; }
.caption { color: #666; font-size: .85em; margin: 0 0 .4em; }
.field { margin: .15em 0; }
.label { font-weight: 600; }
.text { white-space: pre-line; }
ul { margin: .2em 0 .2em 1.2em; padding: 0; }
li { margin: .1em 0; }
.fallback { background: #fff3cd; border: 1px solid #d39e00; padding: 0 .2em; font-family: monospace; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1.2em; }
.pair > div { min-width: 0; }
.langs { font-weight: 600; color: #666; font-size: .85em; }
nav ul { list-style: none; margin-left: 0; }
nav ul ul { margin-left: 1.2em; }
a { color: #1f4e79; }
@media print { a { color: inherit; text-decoration: none; } nav { break-after: page; } }
"""


def render(docs: list[Document]) -> str:
    """One document, or two of the same flow in two languages (side by side)."""
    first = docs[0]
    lang = first.lang if len(docs) == 1 else "nl"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(' / '.join(d.title for d in docs))}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        _pair(docs, lambda d: f"<h1>{escape(d.title)}</h1><p>{escape(d.description)}</p>"
              f'<p class="note">{escape(d.note)}</p>'),
        "</header>",
        _contents(docs),
    ]
    langs = [d.lang for d in docs]
    for i in range(len(first.sections)):
        out.append(_section([d.sections[i] for d in docs], 2, langs))
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _pair(docs: list[Document], render_one: Callable[[Document], str]) -> str:
    if len(docs) == 1:
        return render_one(docs[0])
    cells = "".join(f'<div lang="{escape(d.lang)}">{render_one(d)}</div>' for d in docs)
    return f'<div class="pair">{cells}</div>'


def _cells(langs: list[str], parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    cells = "".join(f'<div lang="{escape(lang)}">{part}</div>' for lang, part in zip(langs, parts, strict=True))
    return f'<div class="pair">{cells}</div>'


def _contents(docs: list[Document]) -> str:
    first = docs[0]
    title = " / ".join(escape(d.contents) for d in docs)
    items = []
    for i, section in enumerate(first.sections):
        names = " / ".join(escape(d.sections[i].title) for d in docs)
        sub = ""
        if section.parts:
            sub = "<ul>" + "".join(
                f'<li><a href="#{escape(part.anchor)}">'
                f'{" / ".join(escape(d.sections[i].parts[j].title) for d in docs)}</a></li>'
                for j, part in enumerate(section.parts)) + "</ul>"
        items.append(f'<li><a href="#{escape(section.anchor)}">{names}</a>{sub}</li>')
    return f'<nav aria-label="{title}"><h2>{title}</h2><ul>{"".join(items)}</ul></nav>'


def _section(sections: list[Section], level: int, langs: list[str]) -> str:
    first = sections[0]
    tag = f"h{min(level, 4)}"
    heading = " / ".join(escape(s.title) for s in sections)
    out = [f'<section id="{escape(first.anchor)}">', f"<{tag}>{heading}</{tag}>"]
    if any(s.intro for s in sections):
        out.append(_cells(langs, [f'<p class="intro">{escape(s.intro)}</p>' for s in sections]))
    for i in range(len(first.entries)):
        out.append(_entry([s.entries[i] for s in sections], langs))
    for j in range(len(first.parts)):
        out.append(_section([s.parts[j] for s in sections], level + 1, langs))
    out.append("</section>")
    return "\n".join(out)


def _entry(entries: list[Entry], langs: list[str]) -> str:
    first = entries[0]
    head = _cells(langs, [f"<h4>{escape(e.title)}</h4>" + (f'<p class="caption">{escape(e.caption)}</p>'
                                                             if e.caption else "") for e in entries])
    rows = [_field([e.fields[i] for e in entries], langs) for i in range(len(first.fields))]
    return f'<article class="entry" id="{escape(first.anchor)}">{head}{"".join(rows)}</article>'


def _field(fields: list[Field], langs: list[str]) -> str:
    first = fields[0]
    anchor = f' id="{escape(first.anchor)}"' if first.anchor else ""
    parts = [_one(f, anchors=i == 0) for i, f in enumerate(fields)]
    return f'<div class="field"{anchor}>{_cells(langs, parts)}</div>'


def _one(f: Field, anchors: bool) -> str:
    """A field as HTML; `anchors`: give its items their anchors (only in the first column of a pair)."""
    label = f'<span class="label">{escape(f.label)}:</span> ' if f.label else ""
    text = escape(f.text.strip())
    if "\n" in text:
        text = f'<span class="text">{text}</span>'
    if f.fallback:
        text = f'<span class="fallback">{text}</span>'
    elif f.link and text:
        text = f'<a href="#{escape(f.link)}">{text}</a>'
    if f.detail:
        text += escape(f.detail)
    items = ""
    if f.items:
        lis = []
        for item in f.items:
            anchor = f' id="{escape(item.anchor)}"' if item.anchor and anchors else ""
            lis.append(f"<li{anchor}>{_one(item, anchors)}</li>")
        items = f"<ul>{''.join(lis)}</ul>"
    return f"{label}{text}{items}"
