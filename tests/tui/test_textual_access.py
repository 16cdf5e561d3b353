"""A test per reach below Textual's public API (`dialoog.tui._textual`), and the paste order they keep.

If a Textual upgrade fixes the parser upstream, `test_textual_itself_still_mixes_up_such_a_paste`
fails: then `OrderedPasteParser` can go.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import textual
from textual import events

from dialoog.tui import _textual
from dialoog.tui._textual import OrderedPasteParser, use_ordered_paste

from .conftest import begin, flat, make_app, settle

PASTE = "\x1b[200~{}\x1b[201~"


def parsed(*chunks: str) -> list[tuple[str, str]]:
    """What the terminal input `chunks` (as separate reads) becomes: ('key', name) and ('paste', text)."""
    parser = OrderedPasteParser()
    out: list[tuple[str, str]] = []
    for chunk in chunks:
        for event in parser.feed(chunk):
            if isinstance(event, events.Key):
                out.append(("key", event.key))
            elif isinstance(event, events.Paste):
                out.append(("paste", event.text))
    return out


def test_the_module_is_for_the_pinned_textual() -> None:
    assert textual.__version__ == _textual.TEXTUAL_VERSION == "8.2.8"


def test_textual_itself_still_mixes_up_such_a_paste() -> None:
    from textual._xterm_parser import XTermParser

    events_ = list(XTermParser().feed(PASTE.format("A\x1b[31mB")))
    pasted = [e.text for e in events_ if isinstance(e, events.Paste)]
    keys = [e.character for e in events_ if isinstance(e, events.Key)]
    assert pasted == ["A"] and "".join(k or "" for k in keys) == "^[31mB", "fixed upstream? drop OrderedPasteParser"


def test_a_paste_with_an_escape_sequence_comes_whole_and_in_order() -> None:
    assert parsed(PASTE.format("A\x1b[31mB")) == [("paste", "A\x1b[31mB")]


def test_keys_around_a_paste_keep_their_order() -> None:
    assert parsed("x" + PASTE.format("mid") + "y") == [("key", "x"), ("paste", "mid"), ("key", "y")]


def test_paste_markers_split_between_reads() -> None:
    assert parsed("x\x1b[2", "00~ab\x1b[20", "1~z") == [("key", "x"), ("paste", "ab"), ("key", "z")]


def test_a_long_paste_in_many_reads_is_one_paste() -> None:
    text = "y" * 5000
    chunks = [PASTE.format(text)[i:i + 1024] for i in range(0, len(text) + 12, 1024)]
    assert parsed(*chunks) == [("paste", text)]


def test_a_typed_escape_followed_by_a_colour_code_is_not_swallowed() -> None:
    assert parsed("\x1b[31mhi") == [("key", "escape"), ("key", "left_square_bracket"), ("key", "3"),
                                    ("key", "1"), ("key", "m"), ("key", "h"), ("key", "i")]


def test_other_keys_and_the_mouse_pass_unchanged() -> None:
    from textual._xterm_parser import XTermParser

    data = "a\x1b[A\x1b[<0;5;3M\x1b[<0;5;3m\x1bOP\r"
    theirs = [(type(e).__name__, getattr(e, "key", None)) for e in XTermParser().feed(data)]
    ours = [(type(e).__name__, getattr(e, "key", None)) for e in OrderedPasteParser().feed(data)]
    assert ours == theirs and ("Key", "up") in ours and ("MouseDown", None) in ours


def test_a_held_marker_start_goes_on_as_keys_after_the_escape_delay() -> None:
    from textual import constants

    parser = OrderedPasteParser()
    assert list(parser.feed("\x1b[2")) == []  # it may be the start of a paste
    time.sleep(constants.ESCAPE_DELAY * 2)
    list(parser.tick())  # handed on to Textual's parser: it waits for the rest of ESC [ 2 ~ (Insert)
    keys = [e.key for e in parser.feed("~") if isinstance(e, events.Key)]
    assert keys == ["insert"]


def test_use_ordered_paste_makes_the_terminal_driver_read_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.drivers import linux_driver

    monkeypatch.setattr(linux_driver, "XTermParser", linux_driver.XTermParser)  # restored afterwards
    use_ordered_paste()
    assert linux_driver.XTermParser is OrderedPasteParser


# -- the text field, with Pilot ------------------------------------------------------------


async def to_text_question(pilot: Any) -> Any:
    await begin(pilot)
    await pilot.press("enter")  # the welcome: on to the role (a choice)
    await settle(pilot)
    await pilot.press("2")  # on to the portfolio: a text question of at most 40 characters
    await settle(pilot)
    field = pilot.app.focused
    assert field is not None and field.__class__.__name__ == "TextField"
    return field


async def terminal_input(pilot: Any, data: str) -> None:
    """`data` as the terminal sends it, through the parser the program reads its input with."""
    app = pilot.app
    for event in OrderedPasteParser().feed(data):
        app.post_message(event)
    await settle(pilot)


async def test_a_pasted_escape_sequence_is_removed_and_the_rest_keeps_its_order() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        field = await to_text_question(pilot)
        await terminal_input(pilot, PASTE.format("A\x1b[31mB"))
        assert field.value == "AB"
        assert "AB" in flat(app) and "^[" not in flat(app)


async def test_zero_width_and_bidi_characters_are_removed_in_place() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        field = await to_text_question(pilot)
        await pilot.press(*"ROOD ")
        await terminal_input(pilot, PASTE.format("zero\u200bwidth\u200d\ufeff \u202eend"))
        assert field.value == "ROOD zerowidth end"


async def test_a_long_line_is_cut_in_order_and_the_warning_clears_at_the_next_good_paste() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        field = await to_text_question(pilot)
        line = "".join(chr(ord("a") + i % 26) for i in range(5000))
        await terminal_input(pilot, PASTE.format(line))
        assert field.value == line[:40]
        assert "ingekort" in flat(app) or "cut" in flat(app)
        warning = str(app.screen.query_one("#status").render())
        assert warning
        field.value = ""
        await terminal_input(pilot, PASTE.format("kort"))
        assert field.value == "kort"
        assert str(app.screen.query_one("#status").render()) == "", "the warning is gone"


async def test_typed_escape_then_a_colour_code_shows_what_was_typed() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        field = await to_text_question(pilot)
        await terminal_input(pilot, "\x1b[31mwonen")
        assert field.value == "[31mwonen"
