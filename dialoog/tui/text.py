"""Showing text safely.

User text (answers, names) is never parsed as markup: it becomes `Content(text)`
after the same cleaning the engine applies (`dialoog.sanitize`). Bot texts are
Markdown written by content authors; a typed value inside them is already
escaped by the engine (`dialoog.render.UserText`).
"""

from __future__ import annotations

import re

from textual.content import Content

from dialoog.sanitize import MAX_PASTE, clean_text

DISPLAY_LIMIT = 20_000
"""Longest text shown in one bubble (the engine's own limits are far lower)."""

_SOFT_BREAK = re.compile(r"(?<!\n)\n(?!\n)")


def N_(message: str) -> str:
    """Mark a text for translation where it is defined; translate it with `ui._()` where it is shown."""
    return message


def safe(text: object, limit: int = DISPLAY_LIMIT) -> str:
    """Text without control, escape or format characters (bidi overrides, zero-width), at most `limit` long."""
    return clean_text(str(text), limit)


def plain(text: object, limit: int = DISPLAY_LIMIT) -> Content:
    """Content that shows `text` literally: no markup, no escape sequences."""
    return Content(safe(text, limit))


def plain_paragraphs(text: str) -> str:
    """Plain text as Markdown would show it: single line breaks join, blank lines separate paragraphs."""
    return _SOFT_BREAK.sub(" ", text.strip())


def strip_markdown(text: str) -> str:
    """Bot text as plain words, for short listings (the list of earlier answers)."""
    text = re.sub(r"(?<!\\)\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\\([\\`*_\[\]<>|#~!{}()])|[*_`#>]", lambda m: m.group(1) or "", text)


__all__ = ["DISPLAY_LIMIT", "MAX_PASTE", "N_", "plain", "plain_paragraphs", "safe", "strip_markdown"]
