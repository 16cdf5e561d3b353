"""Cleaning typed text before it is stored or shown.

`clean_text` is applied to every text a person types (answers, names, notes). It
removes what a terminal would act on or what hides or reorders text, and nothing
else: square brackets and other markup-like text stay, because the UI shows user
text with markup off.

What it does, in order:

1. joins surrogate pairs and drops unpaired surrogates;
2. removes complete escape sequences (CSI `ESC [ ... m`, OSC `ESC ] ... BEL/ST`,
   DCS/SOS/PM/APC strings, their 8-bit forms, and two-character ESC sequences),
   so no parameter text is left behind;
3. turns `\\r\\n`, `\\r`, NEL, U+2028 and U+2029 into `\\n`, and tabs into spaces;
4. drops every other control (C0, DEL, C1), every format character (Unicode
   category Cf: bidi controls, zero-width characters, BOM, soft hyphen, tags) and
   any remaining surrogate;
5. normalises to NFC;
6. collapses runs of more than two blank lines to two, and strips the ends;
7. cuts the result at `max_length` characters.

The function is idempotent: cleaning a cleaned text changes nothing.
"""

from __future__ import annotations

import re
import unicodedata

MAX_PASTE = 100_000
"""Longer pastes are refused outright (before cleaning), see `too_long`."""

# Escape sequences, most specific first. Bodies of string sequences exclude the
# characters that can end them, so matching stays linear on hostile input.
_SEQUENCES = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"  # OSC, DCS, SOS, PM, APC
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"  # CSI
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"  # other ESC sequences (nF, Fp, Fe, Fs)
)
_NEWLINES = re.compile("\r\n|[\r\x85\u2028\u2029]")
_BLANK_RUN = re.compile(r"\n(?:[^\S\n]*\n){3,}")
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_MAX_ROUNDS = 4


_SURROGATE = re.compile("[\ud800-\udfff]")


def _drop_surrogates(text: str) -> str:
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    # Round-trip through UTF-16: valid pairs become one character, lone halves vanish.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")


def _keep(ch: str) -> bool:
    if ch < "\x80":
        return ch == "\n" or "\x20" <= ch < "\x7f"
    return unicodedata.category(ch) not in _DROP_CATEGORIES


def _clean_once(text: str) -> str:
    text = _drop_surrogates(text)
    text = _SEQUENCES.sub("", text)
    text = _NEWLINES.sub("\n", text).replace("\t", " ")
    if not (text.isascii() and text.isprintable()):
        text = "".join(ch for ch in text if _keep(ch))
    text = unicodedata.normalize("NFC", text)
    text = _BLANK_RUN.sub("\n\n\n", text)
    return text.strip()


def clean_text_report(text: str, max_length: int) -> tuple[str, bool]:
    """The cleaned text, and whether it had to be cut at `max_length` characters."""
    if not isinstance(text, str):
        raise TypeError(f"clean_text expects a str, not {type(text).__name__}")
    if max_length < 0:
        raise ValueError("max_length must be zero or more")
    cleaned = _clean_once(text)
    cut = len(cleaned) > max_length
    for _ in range(_MAX_ROUNDS):
        if len(cleaned) > max_length:
            cleaned = cleaned[:max_length]
        again = _clean_once(cleaned)
        if again == cleaned and len(cleaned) <= max_length:
            return cleaned, cut
        cleaned = again
    return cleaned[:max_length].strip(), cut  # pragma: no cover - a prefix of clean text is clean


def clean_text(text: str, max_length: int) -> str:
    """Clean typed text for storing and showing (see the module docstring)."""
    return clean_text_report(text, max_length)[0]


def too_long(text: str) -> bool:
    """A paste to refuse before cleaning: longer than `MAX_PASTE` characters."""
    return len(text) > MAX_PASTE


# Content texts (flows/, prompts/, catalogs) are not typed, but a planted or careless file may hold raw
# terminal controls (`"\e]52;c;...\a"` in YAML). `dialoog check` reports them (DLG031) and the renderer
# removes them, so no control sequence from content reaches a terminal.
_CONTENT_ALLOWED = frozenset("\n\t")


def _is_control(ch: str) -> bool:
    if ch < "\x80":
        return (ch < "\x20" or ch == "\x7f") and ch not in _CONTENT_ALLOWED
    return unicodedata.category(ch) in _DROP_CATEGORIES


_ASCII_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def first_control(text: str) -> int | None:
    """The index of the first control or format character in a content text (newline and tab allowed)."""
    if text.isascii():
        match = _ASCII_CONTROL.search(text)
        return match.start() if match else None
    # str.isprintable is false for every Cc, Cf and Cs character (and for some that are allowed, such as a
    # no-break space): when it holds, in C, nothing needs a closer look
    if text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return None
    for i, ch in enumerate(text):
        if _is_control(ch):
            return i
    return None


def strip_controls(text: str) -> str:
    """A content text without escape sequences and without control or format characters (newline and tab
    stay); a text without any is returned as it is."""
    if first_control(text) is None:
        return text
    text = _SEQUENCES.sub("", _drop_surrogates(text))
    return "".join(ch for ch in text if not _is_control(ch))


def describe_control(ch: str) -> str:
    """`U+001B` and, when Unicode has one, the character's name."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")
