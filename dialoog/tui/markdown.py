"""A small Markdown renderer for bot texts: fast, and it never opens anything.

Bot texts use a small part of Markdown: paragraphs, `#` headings, `-`/`*` and
`1.` lists, `>` quotes, `**bold**`, `*italic*`, `` `code` ``, `[text](url)` and
backslash escapes (the engine escapes everything a user typed this way). This
module turns that into `Content` blocks for `MarkdownText`; anything else shows
as written. It replaces Textual's Markdown widget, which costs ~70 ms to import
and a widget per block to mount, and whose links would open a browser.

No markup is ever parsed: text becomes `Content` with styles, so a typed
`[@click=app.quit]` or `[/]` is just text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual.content import Content

MEASURE = 100
"""The most cells of text in a line of a bot text, however wide the screen: longer lines are hard to read."""

_ESCAPABLE = r"!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"
_INLINE = re.compile(
    rf"\\([{_ESCAPABLE}])"  # 1: a backslash escape
    r"|`([^`\n]+)`"  # 2: code
    r"|\[((?:\\.|[^\]\\\n])*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)"  # 3, 4: a link
    r"|(\*\*|__)"  # 5: strong
    r"|(\*|_)"  # 6: emphasis
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^(\s*)(\d{1,9})[.)]\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, heading, list item, quote line or rule."""

    kind: str
    """`para`, `heading`, `item`, `quote`, `code`, `rule`."""
    content: Content
    prefix: str = ""
    """Put before the first line (a bullet, a number, a quote bar); later lines are indented as far."""
    indent: int = 0
    gap: bool = True
    """A blank line before this block (not before the first)."""


def inline(text: str) -> Content:
    """Inline Markdown as Content: emphasis, code, link text, escapes. Unmatched markers stay as they are."""
    pieces: list[tuple[str, str]] = []  # (text, marker) where marker is '' for text
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            pieces.append((text[pos:match.start()], ""))
        escaped, code, link_text, _url, strong, emphasis = match.groups()
        if escaped is not None:
            pieces.append((escaped, ""))
        elif code is not None:
            pieces.append((code, "`"))
        elif link_text is not None:
            pieces.append((re.sub(rf"\\([{_ESCAPABLE}])", r"\1", link_text), "link"))
        elif strong is not None:
            pieces.append((strong, "strong"))
        elif emphasis is not None:
            before = text[match.start() - 1] if match.start() > 0 else " "
            after = text[match.end()] if match.end() < len(text) else " "
            if emphasis == "_" and before.isalnum() and after.isalnum():
                pieces.append(("_", ""))  # snake_case, not emphasis
            else:
                pieces.append((emphasis, "em"))
        pos = match.end()
    if pos < len(text):
        pieces.append((text[pos:], ""))
    # pair the markers; an unpaired one is plain text
    open_at: dict[str, list[int]] = {"strong": [], "em": []}
    pairs: dict[int, int] = {}
    for index, (value, marker) in enumerate(pieces):
        if marker in open_at:
            stack = open_at[marker]
            if stack and pieces[stack[-1]][0] == value:
                pairs[stack.pop()] = index
            else:
                stack.append(index)
    closers = set(pairs.values())
    parts: list[tuple[str, str] | str] = []
    bold = italic = 0
    for index, (value, marker) in enumerate(pieces):
        if marker in ("strong", "em") and (index in pairs or index in closers):
            step = 1 if index in pairs else -1
            if marker == "strong":
                bold += step
            else:
                italic += step
            continue
        style = " ".join(s for s, on in (("bold", bold), ("italic", italic)) if on)
        if marker == "`":
            style = (style + " reverse").strip()
        elif marker == "link":
            style = (style + " underline").strip()
        parts.append((value, style) if style else value)
    return Content.assemble(*parts) if parts else Content("")


def parse(text: str) -> list[Block]:
    """Markdown text as blocks."""
    blocks: list[Block] = []
    current: list[str] = []
    kind, prefix, indent = "para", "", 0
    gap = True
    fence: str | None = None

    def flush() -> None:
        nonlocal current, gap
        if current:
            joined = " ".join(part.strip() for part in current)
            blocks.append(Block(kind, inline(joined), prefix, indent, gap))
            gap = False
        current = []

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
                gap = True
            else:
                blocks.append(Block("code", Content(line), "  ", 2, gap))
                gap = False
            continue
        if not line.strip():
            flush()
            gap = True
            continue
        if (found := _FENCE.match(line)) is not None:
            flush()
            fence = found.group(1)
            continue
        if _RULE.match(line):
            flush()
            blocks.append(Block("rule", Content("─" * 20), "", 0, True))
            gap = True
            continue
        if (found := _HEADING.match(line)) is not None:
            flush()
            level = len(found.group(1))
            style = "bold underline" if level <= 2 else "bold"
            blocks.append(Block("heading", inline(found.group(2)).stylize(style), "", 0, True))
            gap = True
            continue
        if (found := _BULLET.match(line)) is not None:
            flush()
            depth = len(found.group(1).expandtabs(4)) // 2
            kind, prefix, indent = "item", "  " * depth + "• ", 2 * depth + 2
            current = [found.group(2)]
            continue
        if (found := _NUMBER.match(line)) is not None:
            flush()
            depth = len(found.group(1).expandtabs(4)) // 3
            number = f"{found.group(2)}. "
            kind, prefix, indent = "item", "   " * depth + number, 3 * depth + len(number)
            current = [found.group(3)]
            continue
        if (found := _QUOTE.match(line)) is not None:
            if kind != "quote":
                flush()
                kind, prefix, indent = "quote", "▎ ", 2
            current.append(found.group(1))
            continue
        if current and kind == "item" and raw[:1].isspace():
            current.append(line)  # a continuation of the list item
            continue
        if kind != "para" or not current:
            flush()
            kind, prefix, indent = "para", "", 0
        current.append(line)
    flush()
    return blocks


def layout(blocks: list[Block], width: int) -> list[Content]:
    """The blocks as lines at most `width` cells wide, list items and quotes with a hanging indent."""
    width = max(width, 10)
    lines: list[Content] = []
    for block in blocks:
        if block.gap and lines:
            lines.append(Content(""))
        if block.kind == "rule":
            lines.append(Content("─" * width))
            continue
        room = max(4, width - block.indent)
        wrapped = block.content.wrap(room) if block.content.plain else [Content("")]
        pad = " " * block.indent
        for number, line in enumerate(wrapped):
            lead = block.prefix.ljust(block.indent) if number == 0 else pad
            lines.append(Content(lead) + line.rstrip() if lead else line.rstrip())
    return lines
