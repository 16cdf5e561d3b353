"""Widgets for live voting on the projector: the QR code (dark on light, drawn with half blocks) and a panel
with the address, the join code, participants connected and votes cast on the current card.

The panel never shows the distribution: the trainer's own chart does, once revealed (with its minimum-votes
rule). It follows the listener through `LivePanel.sync()`, which the app calls on each change of the
listener (`LiveServer(on_change=...)`); the listener runs in the app's own event loop, so no thread is
involved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from dialoog.i18n import UI
from dialoog.live.qr import qr_cells

if TYPE_CHECKING:
    from dialoog.live import LiveServer

DARK = "#000000"
LIGHT = "#ffffff"


class QRCode(Widget):
    """A QR code in the terminal: each character cell holds two modules (an upper half block), dark on light
    whatever the terminal's own colours, with the quiet zone around it."""

    DEFAULT_CSS = """
    QRCode { width: auto; height: auto; }
    """

    def __init__(self, data: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.data = data
        self._cells = qr_cells(data)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(self._cells[0]) if self._cells else 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._cells)

    def render(self) -> Text:
        styles = {(top, bottom): Style(color=DARK if top else LIGHT, bgcolor=DARK if bottom else LIGHT)
                  for top in (False, True) for bottom in (False, True)}
        text = Text(no_wrap=True, overflow="crop")
        for i, row in enumerate(self._cells):
            if i:
                text.append("\n")
            for cell in row:
                text.append("▀", styles[cell])
        return text


class LivePanel(Horizontal):
    """The live-voting corner of the projector view: the QR code, and beside it the address with the join code,
    participants and votes. The QR code steps aside (the address stays) while the screen is too low to show
    it and a card (fewer than `QR_MIN_HEIGHT` lines), and comes back when there is room."""

    QR_MIN_HEIGHT = 40

    DEFAULT_CSS = """
    LivePanel { width: 100%; height: auto; padding: 0 1; }
    LivePanel > QRCode { margin-right: 2; }
    LivePanel > Vertical { width: 1fr; height: auto; }
    LivePanel .live-address { text-style: bold; }
    LivePanel .live-code { text-style: bold; }
    """

    def __init__(self, server: LiveServer, lang: str, *, show_qr: bool = True, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.server = server
        self.ui = UI(lang)
        self.show_qr = show_qr

    def compose(self) -> ComposeResult:
        url = self.server.url or ""
        if self.show_qr and url:
            yield QRCode(url, classes="live-qr")
        with Vertical():
            yield Static(self.ui._("Vote at {url}", url=url), classes="live-address", markup=False)
            yield Static(self.ui._("Join code: {code}", code=self.server.join_code), classes="live-code",
                         markup=False)
            yield Static(self._counts(), classes="live-counts", markup=False)

    def on_mount(self) -> None:
        if self.show_qr:
            self._fit()
            self.set_interval(0.5, self._fit)

    def _fit(self) -> None:
        room = self.screen.size.height >= self.QR_MIN_HEIGHT
        for qr in self.query(QRCode):
            if qr.display != room:
                qr.display = room

    def _counts(self) -> str:
        people = self.ui.ngettext("{n} participant", "{n} participants", self.server.participants)
        votes = self.ui.ngettext("{n} vote on this card", "{n} votes on this card", self.server.votes_cast)
        state = self.ui._("voting open") if self.server.state.open else self.ui._("voting closed")
        return f"{people} · {votes} · {state}"

    @property
    def counts_text(self) -> str:
        return self._counts()

    def sync(self) -> None:
        """Show the listener's current counts (call on each change; cheap)."""
        if self.is_mounted:
            self.query_one(".live-counts", Static).update(self._counts())
