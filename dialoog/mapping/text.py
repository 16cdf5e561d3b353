"""The network map for the terminal: a grid of characters with a style role per run, and a legend.

No terminal toolkit here: the TUI widget (`dialoog.tui.widgets.netmap`) turns the roles into styles.
Entries are drawn as their number followed by the letters of their risk signals ('12BO'); labels never
touch each other (at least one blank cell between two on a line), the user is '◉' in the centre, the
rings are dotted ('·'), the ring of 'no answer' dashed ('-'), and each sector has a symbol at the rim
that the legend explains. Names are not on the grid: the list beside the map gives them, as plain text.

Roles: `ring`, `ring-unknown`, `ego`, `sector-<i>` (a rim symbol and the entry numbers of sector i),
`signal` (the letters), `title`, `legend`, `muted`; `""` for blank cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dialoog.mapping.diversity import diversity, number
from dialoog.mapping.model import NetworkMap

if TYPE_CHECKING:
    from dialoog.i18n import UI

SYMBOLS = ("●", "■", "▲", "◆", "▼", "★", "✚", "♣", "♠", "♥")
"""The symbol of each sector, by index (the sector of an unknown category: '?')."""
EGO = "◉"
Run = tuple[str, str]


def sector_symbol(network_map: NetworkMap, index: int) -> str:
    return SYMBOLS[index % len(SYMBOLS)] if network_map.sectors[index].category else "?"


@dataclass
class TextMap:
    """The drawn map: `lines` of (text, role) runs, each line exactly `width` cells wide."""

    width: int
    height: int
    lines: list[list[Run]]
    placed: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    """Entry number -> (row, first column, length) of its label on the grid."""
    legend_lines: int = 0
    """How many legend lines fit."""

    def plain(self) -> str:
        return "\n".join("".join(text for text, _ in line) for line in self.lines)


def render_text(network_map: NetworkMap, ui: UI, width: int, height: int) -> TextMap:
    """The map in `width` x `height` cells: the grid on the left, the legend on the right."""
    m = network_map
    width, height = max(width, 30), max(height, 8)
    legend_w = max(22, min(40, width * 2 // 5))
    map_w = width - legend_w - 1
    grid: list[list[str]] = [[" "] * map_w for _ in range(height)]
    roles: list[list[str]] = [[""] * map_w for _ in range(height)]
    taken = [[False] * map_w for _ in range(height)]
    cy, cx = (height - 1) / 2, (map_w - 1) / 2
    ry = (height - 1) / 2
    rx = min(ry * 2, (map_w - 1) / 2)
    ry = rx / 2 if rx < ry * 2 else ry
    edge = m.radius

    def cell(x: float, y: float) -> tuple[int, int]:
        return round(cy + y / edge * ry), round(cx + x / edge * rx)

    def put(row: int, col: int, ch: str, role: str, claim: bool = False) -> None:
        if 0 <= row < height and 0 <= col < map_w and not taken[row][col]:
            grid[row][col], roles[row][col] = ch, role
            taken[row][col] = taken[row][col] or claim

    for ring in m.rings:
        steps = max(16, int(2 * math.pi * rx * ring.radius / edge / 2.5))  # a dot every few cells
        for i in range(steps):
            a = 2 * math.pi * i / steps
            row, col = cell(ring.radius * math.sin(a), -ring.radius * math.cos(a))
            put(row, col, "-" if ring.unknown else "·", "ring-unknown" if ring.unknown else "ring")
    ego_row, ego_col = round(cy), round(cx)
    put(ego_row, ego_col, EGO, "ego", claim=True)
    rim = edge - 0.35
    for sector in m.sectors:
        a = math.radians(sector.middle)
        row, col = cell(rim * math.sin(a), -rim * math.cos(a))
        put(row, col, sector_symbol(m, sector.index), f"sector-{sector.index}", claim=True)
    placed: dict[int, tuple[int, int, int]] = {}
    labels: list[list[bool]] = [[False] * map_w for _ in range(height)]
    candidates = sorted(((dr, dc) for dr in range(-height, height + 1) for dc in range(-map_w, map_w + 1)),
                        key=lambda d: (d[0] * 2) ** 2 + d[1] ** 2)
    for entry in m.entries:
        label = entry.label
        row0, col0 = cell(entry.x, entry.y)
        col0 -= len(label) // 2
        for dr, dc in candidates:
            row, col = row0 + dr, col0 + dc
            if _fits(row, col, len(label), taken, labels, map_w, height):
                break
        else:  # pragma: no cover - the grid always has room for 40 labels at the sizes the TUI uses
            continue
        placed[entry.number] = (row, col, len(label))
        for i, ch in enumerate(label):
            grid[row][col + i] = ch
            roles[row][col + i] = "signal" if i >= len(str(entry.number)) else f"sector-{entry.sector}"
            taken[row][col + i] = labels[row][col + i] = True
    legend = _legend(m, ui, legend_w)
    shown = legend[:height]
    lines: list[list[Run]] = []
    for row in range(height):
        runs = _runs(grid[row], roles[row])
        runs.append((" ", ""))
        runs.extend(shown[row] if row < len(shown) else [(" " * legend_w, "")])
        lines.append(runs)
    return TextMap(width, height, lines, placed, len(shown))


def _fits(row: int, col: int, length: int, taken: list[list[bool]], labels: list[list[bool]], map_w: int,
          height: int) -> bool:
    if not (0 <= row < height and col >= 0 and col + length <= map_w):
        return False
    if any(taken[row][c] for c in range(col, col + length)):
        return False
    # a blank cell between two labels on a line: '12' and '3' never read as '123'
    return not ((col > 0 and labels[row][col - 1]) or (col + length < map_w and labels[row][col + length]))


def _runs(chars: list[str], roles: list[str]) -> list[Run]:
    runs: list[Run] = []
    for ch, role in zip(chars, roles, strict=True):
        if runs and runs[-1][1] == role:
            runs[-1] = (runs[-1][0] + ch, role)
        else:
            runs.append((ch, role))
    return runs


def _fit(text: str, width: int) -> str:
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width)


def _legend(m: NetworkMap, ui: UI, width: int) -> list[list[Run]]:
    """The legend, one list of runs per line, each exactly `width` wide."""
    lines: list[list[Run]] = []

    def line(*runs: Run) -> None:
        used = 0
        out: list[Run] = []
        for text, role in runs:
            room = width - used
            if room <= 0:
                break
            piece = text if len(text) <= room else text[: room - 1] + "…"
            out.append((piece, role))
            used += len(piece)
        if used < width:
            out.append((" " * (width - used), ""))
        lines.append(out)

    line((EGO, "ego"), (" " + ui._("you, in the centre"), "legend"))
    known = [r for r in m.rings if not r.unknown]
    if m.ring_question is not None and known:
        line((ui._("Rings: closer bond, nearer"), "title"))
        line(("· ", "ring"), (ui._("inner: {words}", words=known[0].label), "legend"))
        if len(known) > 1:
            line(("· ", "ring"), (ui._("outer: {words}", words=known[-1].label), "legend"))
        if any(r.unknown for r in m.rings):
            line(("- ", "ring-unknown"), (ui._("no answer"), "legend"))
    line((ui._("Groups"), "title"))
    # the groups that have someone in them (the scan offers twelve; an empty map lists them all)
    used = [sector for sector in m.sectors if sector.count] or list(m.sectors)
    for sector in used:
        line((sector_symbol(m, sector.index), f"sector-{sector.index}"),
             (f" {sector.count:>2} ", "muted"), (sector.label, "legend"))
    if m.marks:
        line((ui._("Risk signals (letters)"), "title"))
        for mark in m.marks:
            line((mark.letter, "signal"), (" " + mark.title, "legend"))
    d = diversity(m)
    line((ui.ngettext("Spread {index} · {n} group", "Spread {index} · {n} groups", d.categories,
                      index=number(d.index, m.lang)), "muted"))
    return lines
