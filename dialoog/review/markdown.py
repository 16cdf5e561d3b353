"""The review as Markdown: headings with anchors (`<a id="node-...">`), fields as nested lists.

Side by side, each line comes in pairs: the Dutch line, then the English one below it. Content text is
escaped: no HTML and no Markdown markup of its own reaches the reader's viewer.
"""

from __future__ import annotations

import re

from dialoog.review.model import Document, Entry, Field, Section

_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def esc(text: str) -> str:
    """Content text as literal Markdown, on one line: markup characters escaped, `&`, `<` and `>` as entities
    (so no HTML of its own reaches the viewer)."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def render(docs: list[Document]) -> str:
    first = docs[0]
    out: list[str] = []
    for d in docs:
        tag = f"[{d.lang}] " if len(docs) > 1 else ""
        out.append(f"# {tag}{esc(d.title)}" if d is first else f"**{tag}{esc(d.title)}**")
        out.append("")
    _paired(out, [(d, esc(d.description)) for d in docs if d.description], docs)
    _paired(out, [(d, f"*{esc(d.note)}*") for d in docs], docs)
    out += [f"## {' / '.join(esc(d.contents) for d in docs)}", ""]
    for i, section in enumerate(first.sections):
        out.append(f"- [{' / '.join(esc(d.sections[i].title) for d in docs)}](#{section.anchor})")
        for j, part in enumerate(section.parts):
            out.append(f"  - [{' / '.join(esc(d.sections[i].parts[j].title) for d in docs)}](#{part.anchor})")
    out.append("")
    for i in range(len(first.sections)):
        _section([d.sections[i] for d in docs], docs, 2, out)
    return "\n".join(out).rstrip() + "\n"


def _paired(out: list[str], lines: list[tuple[Document, str]], docs: list[Document]) -> None:
    """One paragraph: the line of each language, one below the other (a hard line break between them)."""
    if not lines:
        return
    out += [_tagged(d, docs) + text + ("  " if i < len(lines) - 1 else "") for i, (d, text) in enumerate(lines)]
    out.append("")


def _tagged(doc: Document, docs: list[Document]) -> str:
    return f"**{doc.lang}:** " if len(docs) > 1 else ""


def _section(sections: list[Section], docs: list[Document], level: int, out: list[str]) -> None:
    first = sections[0]
    out += [f'<a id="{first.anchor}"></a>', "", f"{'#' * min(level, 4)} {' / '.join(esc(s.title) for s in sections)}",
            ""]
    _paired(out, [(d, esc(s.intro)) for s, d in zip(sections, docs, strict=True) if s.intro], docs)
    for i in range(len(first.entries)):
        _entry([s.entries[i] for s in sections], docs, min(level + 1, 5), out)
    for j in range(len(first.parts)):
        _section([s.parts[j] for s in sections], docs, level + 1, out)


def _entry(entries: list[Entry], docs: list[Document], level: int, out: list[str]) -> None:
    first = entries[0]
    out += [f'<a id="{first.anchor}"></a>', ""]
    out.append(f"{'#' * min(level, 6)} {' / '.join(esc(e.title) for e in entries)}")
    out.append("")
    for e, d in zip(entries, docs, strict=True):
        if e.caption:
            out.append(_tagged(d, docs) + f"*{esc(e.caption)}*  ")
    out.append("")
    for i in range(len(first.fields)):
        _field([e.fields[i] for e in entries], docs, 0, out)
    out.append("")


def _field(fields: list[Field], docs: list[Document], depth: int, out: list[str]) -> None:
    indent = "  " * depth
    first = fields[0]
    anchor = f'<a id="{first.anchor}"></a>' if first.anchor else ""
    for i, (f, d) in enumerate(zip(fields, docs, strict=True)):
        line = _line(f)
        tag = _tagged(d, docs)
        if i == 0:
            out.append(f"{indent}- {anchor}{tag}{line}")
        else:
            out.append(f"{indent}  {tag}{line}")
        if len(fields) > 1 and i < len(fields) - 1:
            out[-1] += "  "  # a line break between the pair
    for j in range(len(first.items)):
        _field([f.items[j] for f in fields], docs, depth + 1, out)


def _line(f: Field) -> str:
    label = f"**{esc(f.label)}:** " if f.label else ""
    text = esc(f.text)
    if f.fallback:
        text = f"⚠ `{f.text.replace('`', chr(39))}`"
    elif f.link and text:
        text = f"[{text}](#{f.link})"
    if f.detail:
        text += esc(f.detail)
    return f"{label}{text}".rstrip()
