"""The sanitiser: examples for each rule, then properties over arbitrary text."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialoog.sanitize import MAX_PASTE, clean_text, clean_text_report, too_long

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("a\x1b[1;2;3mb", "ab"),
        ("\x1b[?1049h screen", "screen"),
        ("\x1b]8;;http://x\x07link\x1b]8;;\x07", "link"),
        ("\x1b]0;title\x1b\\text", "text"),
        ("\x9b31mred", "red"),
        ("\x9d8;;http://x\x9clink", "link"),
        ("\x1bPq#0;2;0;0;0\x1b\\after", "after"),
        ("\x90dcs body\x9cafter", "after"),
        ("\x1b_apc\x1b\\x", "x"),
        ("\x1bcreset", "reset"),
        ("\x1b(Bascii", "ascii"),
        ("\x1b7saved\x1b8", "saved"),
        ("tail\x1b", "tail"),
        ("a\x00b\x07c\x08d\x7fe", "abcde"),
        ("one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
        ("col\tumn", "col umn"),
        ("a\x85b\u2028c\u2029d", "a\nb\nc\nd"),
        ("x\x80\x9fy", "xy"),
        (f"safe{BIDI}text", "safetext"),
        (f"z{ZERO_WIDTH}w", "zw"),
        ("e\u0301", "\u00e9"),
        ("e\u200d\u0301", "\u00e9"),
        ("a\n\n\n\n\n\nb", "a\n\n\nb"),
        ("a\n \n\t\n  \n\nb", "a\n\n\nb"),
        ("a\n\n\nb", "a\n\n\nb"),
        ("  \n padded \n\t", "padded"),
        ("[@click=app.quit]Next[/] [link=http://x]y[/link]", "[@click=app.quit]Next[/] [link=http://x]y[/link]"),
        ("lone \ud800 high and \udc00 low", "lone  high and  low"),
        ("pair \ud83d\ude00", "pair \U0001f600"),
        ("", ""),
    ],
)
def test_examples(raw: str, clean: str) -> None:
    assert clean_text(raw, 1000) == clean


def test_unterminated_osc_loses_only_the_escape() -> None:
    # An OSC without its terminator is not a complete sequence: ESC and the
    # introducer go, the rest is shown as the plain text it is.
    assert clean_text("\x1b]8;;http://x no end", 100) == "8;;http://x no end"


def test_length_cap_and_report() -> None:
    assert clean_text_report("abcdef", 3) == ("abc", True)
    assert clean_text_report("abc", 3) == ("abc", False)
    assert clean_text_report("ab   cd", 3) == ("ab", True)  # cut, then stripped
    assert clean_text_report("\x1b[31m" * 50 + "ok", 2) == ("ok", False)  # counted after cleaning
    with pytest.raises(ValueError):
        clean_text("x", -1)
    with pytest.raises(TypeError):
        clean_text(b"bytes", 10)  # type: ignore[arg-type]


def test_too_long() -> None:
    assert not too_long("x" * MAX_PASTE)
    assert too_long("x" * (MAX_PASTE + 1))


def test_huge_hostile_input_is_fast() -> None:
    hostile = ("\x1b]" * 20_000) + ("\x1b[" * 20_000) + ("e\u0301\u200b" * 20_000)
    t0 = time.perf_counter()
    out = clean_text(hostile, MAX_PASTE)
    assert time.perf_counter() - t0 < 1.0
    assert "\x1b" not in out


# -- properties ----------------------------------------------------------------

ESCAPE_HEAVY = st.text(
    alphabet=st.sampled_from(
        ["\x1b", "[", "]", "\\", "\x07", "\x9b", "\x9c", "\x9d", "\x90", "P", "_", "^", "X", "(", "8", ";", "m",
         "?", " ", "\t", "\r", "\n", "\x85", "\u2028", "\u202e", "\u200b", "\u200d", "\ufeff", "e", "\u0301",
         "\u0327", "\ud800", "\udc00", "\ud83d", "\ude00", "\x00", "\x7f", "A", "\u00e9", "\U0001f600"]
    ),
    max_size=200,
)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()), max_size=300)


def _check_clean(out: str, max_length: int) -> None:
    assert len(out) <= max_length
    assert out == out.strip()
    assert unicodedata.is_normalized("NFC", out)
    assert "\n\n\n\n" not in out
    for ch in out:
        cat = unicodedata.category(ch)
        assert ch == "\n" or cat not in ("Cc", "Cf", "Cs"), repr(ch)
        assert ch not in BIDI + ZERO_WIDTH
        assert not ("\x80" <= ch <= "\x9f")
        assert ch not in "\x1b\r\t"


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(ANY_TEXT, ESCAPE_HEAVY, st.lists(st.one_of(ANY_TEXT, ESCAPE_HEAVY)).map("".join)),
       max_length=st.integers(min_value=0, max_value=400))
def test_properties(text: str, max_length: int) -> None:
    out, cut = clean_text_report(text, max_length)
    _check_clean(out, max_length)
    assert clean_text(out, max_length) == out  # idempotent
    assert clean_text_report(out, max_length) == (out, False)
    if not cut:
        assert out == clean_text(text, 10**6)


@settings(max_examples=200)
@given(text=st.text(alphabet=st.characters(whitelist_categories=("L", "N", "P", "Zs", "S")), max_size=200))
def test_plain_text_survives(text: str) -> None:
    """Ordinary text (letters, digits, punctuation, brackets, spaces) is only normalised and stripped."""
    expected = unicodedata.normalize("NFC", text).strip()
    if not any(ch.isspace() and ch != " " for ch in text):
        assert clean_text(text, 10_000) == expected


@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        ("A\x1b[31mB", "AB"),
        ("zero\u200bwidth\u200d\ufeff \u202eend", "zerowidth end"),
        ("a\u202ebc\u202cd", "abcd"),
        ("x\x1b]8;;http://e.test\x07link\x1b]8;;\x07y", "xlinky"),
    ],
)
def test_what_is_removed_leaves_the_rest_in_its_order(pasted: str, kept: str) -> None:
    assert clean_text(pasted, 100) == kept


def test_a_long_line_is_cut_in_order() -> None:
    line = "".join(chr(ord("a") + i % 26) for i in range(5000))
    assert clean_text_report(line, 200) == (line[:200], True)
