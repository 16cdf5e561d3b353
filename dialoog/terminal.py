"""What the command line writes to a terminal: never a control sequence the terminal would act on.

Texts that `dialoog play` and `dialoog check` print come from content (question
texts, advice, file names) and from answers files. Content can hold raw escape
sequences (an OSC 52 clipboard write, `ESC[2J`), which a terminal would carry out.

- `safe_text` cleans a text for plain output with `dialoog.sanitize.strip_controls`:
  complete escape sequences, C0/C1 controls (except the line break and tab), format
  characters (bidi controls, zero-width characters) and lone surrogates go; the rest,
  leading spaces included, stays as it is.
- `safe_json` makes JSON text terminal-safe without changing what it says: every
  control or format character is written as its `\\uXXXX` escape (JSON already
  does this for C0; this adds DEL, C1, bidi and zero-width characters), so the
  parsed data is exactly the same.
"""

from __future__ import annotations

import unicodedata

from dialoog.sanitize import strip_controls


def safe_text(text: str) -> str:
    """`text` without anything a terminal would act on, hide or reorder (line breaks kept); a text without
    any such character comes back as it is (`strip_controls` looks first)."""
    return strip_controls(text)


def _utf16_units(ch: str) -> list[int]:
    code = ord(ch)
    if code < 0x10000:
        return [code]
    code -= 0x10000
    return [0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)]


def _risky(ch: str) -> bool:
    if ch < "\x7f":
        return False  # C0 inside a string is escaped by json.dumps; outside, it is the layout's own line break
    return ch == "\x7f" or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def safe_json(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with every control or format character escaped.

    Such characters can only stand inside JSON strings, where `\\uXXXX` means the same character.
    """
    if text.isascii() and "\x7f" not in text:
        return text  # json.dumps has escaped C0 already
    return "".join("".join(f"\\u{u:04x}" for u in _utf16_units(ch)) if _risky(ch) else ch for ch in text)
