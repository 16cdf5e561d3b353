"""Every use of Textual below its public API, in one place (Textual is pinned exactly).

Importing this module fails loudly when the installed Textual is not the version
these accesses were written and tested against; tests/tui/test_textual_access.py
has a test per access. Today there is one:

- `use_ordered_paste()` makes the terminal driver read input with
  `OrderedPasteParser`, a subclass of Textual's private `XTermParser`.
  Textual 8.2.8's parser mixes up a bracketed paste that contains an escape
  sequence: the text after the ESC is reissued as key presses (the ESC as `^`)
  *before* the paste event with the text before it, so pasting `A<ESC>[31mB`
  typed `^[31mB` and then pasted `A`. It also drops a typed ESC followed at once
  by `[31m` (an SGR sequence, which no terminal sends as input) without a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from time import monotonic

import textual
from textual import constants, events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.message import Message

TEXTUAL_VERSION = "8.2.8"
assert textual.__version__ == TEXTUAL_VERSION, (
    f"dialoog.tui._textual was written for Textual {TEXTUAL_VERSION}, not {textual.__version__}: "
    "check every access in it (and its tests) before changing the pin"
)

_SGR = re.compile(r"\x1b\[[0-9;:]*m")
"""A colour or style sequence (`ESC [ 31 m`): terminal output, never a key (SGR mouse reports start `ESC [ <`)."""


class OrderedPasteParser(XTermParser):
    """Textual's input parser, with bracketed pastes taken out before it sees them.

    A paste (between `ESC [200~` and `ESC [201~`) becomes one `Paste` event with
    all of its text, escape sequences included (the widget cleans it), in the
    order it came. Outside a paste, an SGR sequence is passed on as the Escape
    key followed by the characters typed after it, instead of vanishing.
    Everything else goes to Textual's parser unchanged.
    """

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._pasting = False
        self._pasted = ""
        self._held = ""
        """The end of the last chunk when it may be the start of a paste marker."""
        self._held_since = 0.0

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input
            if self._held:
                held, self._held = self._held, ""
                yield from super().feed(held)
            yield from super().feed(data)
            return
        data, self._held = self._held + data, ""
        while data:
            if self._pasting:
                data = self._pasted + data  # the end marker may have been split between two reads
                end = data.find(BRACKETED_PASTE_END)
                if end < 0:
                    self._pasted = data
                    return
                text, data = data[:end], data[end + len(BRACKETED_PASTE_END):]
                self._pasting, self._pasted = False, ""
                yield events.Paste(text.replace("\x00", ""))
                continue
            start = data.find(BRACKETED_PASTE_START)
            if start < 0:
                keep = _marker_prefix(data)
                if keep:
                    data, self._held, self._held_since = data[:-keep], data[-keep:], monotonic()
                yield from self._keys(data)
                return
            yield from self._keys(data[:start])
            data = data[start + len(BRACKETED_PASTE_START):]
            self._pasting = True

    def tick(self) -> Iterable[Message]:
        if self._held and monotonic() - self._held_since >= constants.ESCAPE_DELAY:
            held, self._held = self._held, ""
            yield from super().feed(held)
        yield from super().tick()

    def _keys(self, data: str) -> Iterable[Message]:
        """Typed input (not a paste) through Textual's parser, an SGR sequence as Escape and its characters."""
        position = 0
        for match in _SGR.finditer(data):
            if match.start() > position:
                yield from super().feed(data[position:match.start()])
            yield events.Key("escape", "\x1b")
            yield from super().feed(match.group()[1:])
            position = match.end()
        if position < len(data):
            yield from super().feed(data[position:])


def _marker_prefix(data: str) -> int:
    """How many characters at the end of `data` could begin a paste marker (at least `ESC [ 2`)."""
    for length in range(min(len(BRACKETED_PASTE_START) - 1, len(data)), 2, -1):
        if BRACKETED_PASTE_START.startswith(data[-length:]):
            return length
    return 0


def use_ordered_paste() -> None:
    """Make the terminal driver read its input with `OrderedPasteParser` (for this process)."""
    from textual.drivers import linux_driver

    # the driver builds its parser by this name, which the module imports without exporting it
    linux_driver.XTermParser = OrderedPasteParser  # type: ignore[attr-defined]
