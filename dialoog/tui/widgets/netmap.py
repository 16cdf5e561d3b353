"""The network map in the terminal: the map with its legend (`dialoog.mapping.render_text`), the
diversity figure in words, and the numbered list of who is on it.

`NetworkMapView(network_map, ui)` is a widget of its own: the map screen shows it, and the summary can
embed it. The grid is drawn for the width the widget gets; its height is `grid_height` rows (default
`GRID_HEIGHT`). Names are the user's text: shown as plain text, never as markup; the grid shows numbers
only, so with `names=False` no name is on screen at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from dialoog.mapping import diversity, render_text
from dialoog.mapping.diversity import number
from dialoog.tui.text import plain

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from dialoog.i18n import UI
    from dialoog.mapping import NetworkMap

GRID_HEIGHT = 20
"""Rows of the map and its legend; at 80x24 the map screen gives it the whole screen but its title and keys."""

# sector colours for a dark and for a light background (the SVG's palette, lighter or darker for contrast)
DARK = ("#E69F00", "#56B4E9", "#2FD3A0", "#F0E442", "#6CB6FF", "#FF8A50", "#E89AD0", "#66D9C8", "#D47FA6",
        "#C8C86A")
LIGHT = ("#8A5C00", "#1F6FA8", "#00795A", "#6B6500", "#0055A0", "#B34700", "#A0467F", "#2A7F72", "#882255",
         "#5F5F1A")


def role_style(role: str, dark: bool) -> str:
    """The style of a role of the text map (`dialoog.mapping.text`)."""
    if role.startswith("sector-"):
        palette = DARK if dark else LIGHT
        return f"bold {palette[int(role[7:]) % len(palette)]}"
    return {
        "ring": "$text-muted",
        "ring-unknown": "$text-muted",
        "ego": "bold $text",
        "signal": "bold reverse $text-error",
        "title": "bold $text",
        "legend": "$text",
        "muted": "$text-muted",
    }.get(role, "")


class MapGrid(Widget):
    """The drawn map and legend, redrawn for the width it gets."""

    DEFAULT_CSS = """
    MapGrid { height: 20; width: 1fr; }
    """

    def __init__(self, network_map: NetworkMap, ui: UI, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_map = network_map
        self.ui = ui

    def render(self) -> Content:
        size = self.content_size
        drawn = render_text(self.network_map, self.ui, size.width, size.height)
        dark = self.app.current_theme.dark if self.is_attached else True
        runs = []
        for index, line in enumerate(drawn.lines):
            if index:
                runs.append(("\n", ""))
            runs.extend(line)
        # each run is plain text with a style from the fixed table above: nothing in it is read as markup
        return Content.assemble(*((text, role_style(role, dark)) if role else text for text, role in runs))


class NetworkMapView(Widget):
    """The map, the diversity figure and the list of entries."""

    DEFAULT_CSS = """
    NetworkMapView { height: auto; }
    NetworkMapView > #diversity { margin: 1 0 0 0; height: auto; }
    NetworkMapView > #entries { margin: 1 0 0 0; height: auto; }
    """

    def __init__(self, network_map: NetworkMap, ui: UI, *, names: bool = True, grid_height: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_map = network_map
        self.ui = ui
        self.names = names
        self.grid_height = grid_height or GRID_HEIGHT

    def compose(self) -> ComposeResult:
        grid = MapGrid(self.network_map, self.ui, id="grid")
        grid.styles.height = self.grid_height
        yield grid
        yield Static(self._diversity(), id="diversity", markup=False)
        yield Static(self._entries(), id="entries", markup=False)

    def show(self, network_map: NetworkMap, ui: UI) -> None:
        """Show another map (the answers or the language changed)."""
        self.network_map, self.ui = network_map, ui
        grid = self.query_one(MapGrid)
        grid.network_map, grid.ui = network_map, ui
        grid.refresh()
        self.query_one("#diversity", Static).update(self._diversity())
        self.query_one("#entries", Static).update(self._entries())

    def _diversity(self) -> Content:
        m, ui = self.network_map, self.ui
        d = diversity(m)
        figure = ui.ngettext("Spread over groups: {index} (Blau's index, {n} group of {total})",
                             "Spread over groups: {index} (Blau's index, {n} groups of {total})",
                             d.categories, index=number(d.index, m.lang), total=d.available)
        return Content.assemble((figure, "bold"), "\n", plain(d.words))

    def _entries(self) -> Content:
        m, ui = self.network_map, self.ui
        if not m.entries:
            return plain(ui._("Nobody is on the map.") if m.answered
                         else ui._("The network question has not been answered yet."))
        parts: list[Content | tuple[str, str] | str] = [(ui._("On the map"), "bold")]
        for entry in m.entries:
            ring = ui._("ring {n}: {words}", n=entry.ring, words=entry.closeness_words)
            parts += ["\n", f"{entry.number:>2}."]
            if self.names:
                parts += [" ", plain(entry.name)]
            parts += [" · ", plain(entry.category_label), " · ", plain(ring)]
            if entry.marks:
                titles = ", ".join(mk.title for mk in m.marks if mk.domain in entry.domains)
                parts += [" · ", (" ".join(entry.marks), "bold $text-error"), " (", plain(titles), ")"]
        return Content.assemble(*parts)
