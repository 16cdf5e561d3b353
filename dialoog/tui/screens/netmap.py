"""The network map as a screen of its own: during the network module (F6 in the conversation) and from
the summary. The map and its legend first, then the diversity figure and the list of who is on it.
Escape or F6 goes back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from dialoog.mapping import build_map
from dialoog.tui.text import N_
from dialoog.tui.widgets.keybar import KeyBar
from dialoog.tui.widgets.netmap import NetworkMapView

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from dialoog.engine import Session


class MapScroll(VerticalScroll):
    """The map and the list below it; it takes focus so the arrow keys and Page Up/Down scroll it."""

    DEFAULT_CSS = """
    MapScroll { padding: 0 1; }
    """


class NetworkMapScreen(Screen[None]):
    AUTO_FOCUS = "MapScroll"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "close", N_("Back")),
        Binding("escape", "close", N_("Back"), show=False),
        Binding("ctrl+q", "app.quit_saved", N_("Quit")),
    ]
    DEFAULT_CSS = """
    NetworkMapScreen > #title { height: 1; padding: 0 1; text-style: bold; }
    """

    def __init__(self, session: Session, entries: Sequence[Mapping[str, Any]] | None = None) -> None:
        """The map of `session`'s network answer, or of `entries` (the list being typed)."""
        super().__init__()
        self.session = session
        self.entries = entries

    def compose(self) -> ComposeResult:
        ui = self.session.ui
        yield Static(Content(ui._("Your network map")), id="title", markup=False)
        with MapScroll():
            yield NetworkMapView(self.build(), ui, grid_height=max(8, self.app.size.height - 3))
        yield KeyBar()

    def on_resize(self) -> None:
        """The map takes the screen's height but its title and keys (the list scrolls below it)."""
        from dialoog.tui.widgets.netmap import MapGrid

        for grid in self.query(MapGrid):
            grid.styles.height = max(8, self.size.height - 3)

    def build(self) -> Any:
        return build_map(self.session, entries=self.entries)

    def on_mount(self) -> None:
        from dialoog.tui.commands import localise

        localise(self)

    async def relabel(self) -> None:
        ui = self.session.ui
        self.query_one("#title", Static).update(Content(ui._("Your network map")))
        self.query_one(NetworkMapView).show(self.build(), ui)

    def action_close(self) -> None:
        self.dismiss(None)
