"""The network map: a sociogram of the network question's answer, without any terminal or drawing toolkit.

- `build_map(session)` -> `NetworkMap`: the user in the centre, each entry on a ring by closeness (a
  closer bond, an inner ring; no answer: the outer ring) and in the sector of its category, with its risk
  signals (`dialoog.engine.signals.entry_signals`) as one letter per domain; a deterministic layout in
  which no two entries are closer than one unit (`MIN_DISTANCE`).
- `diversity(map)` -> `Diversity`: Blau's index over the categories, the number of categories used and
  the meaning in words (from the content).
- `render_svg(map, ui, names=True)`: a standalone SVG with a legend, for the report.
- `to_graphml(map, names=True)`: GraphML (NetworkX, Gephi).
- `render_text(map, ui, width, height)`: the map as lines of styled cells, for the terminal.

`names=False` leaves every name (and every free-text answer) out: entries are drawn by number only.
"""

from __future__ import annotations

from dialoog.mapping.diversity import Diversity, blau, diversity
from dialoog.mapping.graphml import to_graphml
from dialoog.mapping.layout import MIN_DISTANCE, build_map, map_of
from dialoog.mapping.model import Answer, MapEntry, Mark, NetworkMap, Ring, Sector
from dialoog.mapping.svg import render_svg
from dialoog.mapping.text import TextMap, render_text

__all__ = [
    "MIN_DISTANCE",
    "Answer",
    "Diversity",
    "MapEntry",
    "Mark",
    "NetworkMap",
    "Ring",
    "Sector",
    "TextMap",
    "blau",
    "build_map",
    "diversity",
    "map_of",
    "render_svg",
    "render_text",
    "to_graphml",
]
