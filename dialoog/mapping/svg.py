"""The network map as a standalone SVG (for the report): the rings, the sectors, every entry with its
number and the letters of its risk signals, a legend, and the list of entries.

Accessible and printable: a `<title>` and `<desc>`, every meaning in text as well as in colour and shape
(a risk signal is a diamond with its letters, the ring of 'no answer' is dashed), black text on white,
a viewBox at most as tall as A4 (1:√2) in proportion. Every text, the user's names most of all, is
escaped; characters XML cannot hold are left out. `names=False` draws entries by number only: no name
appears anywhere in the file.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from dialoog.mapping.diversity import diversity, number
from dialoog.mapping.model import NOT_XML, MapEntry, NetworkMap

if TYPE_CHECKING:
    from dialoog.i18n import UI

SECTOR_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#44AA99",
                  "#882255", "#999933")
"""Colours of the sectors (Okabe-Ito and Tol, distinguishable with colour blindness), by sector index."""
OTHER_COLOUR = "#BBBBBB"
SIGNAL_COLOUR = "#B00020"
WIDTH = 700.0
A4 = math.sqrt(2)
_NOT_XML = NOT_XML


def xml_text(text: str) -> str:
    """`text` escaped for XML content, without the characters XML 1.0 cannot hold."""
    return escape(_NOT_XML.sub("", text))


def xml_attr(text: str) -> str:
    """`text` as a quoted XML attribute value."""
    return quoteattr(_NOT_XML.sub("", text))


def sector_colour(network_map: NetworkMap, index: int) -> str:
    sector = network_map.sectors[index]
    return OTHER_COLOUR if not sector.category else SECTOR_COLOURS[index % len(SECTOR_COLOURS)]


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_svg(network_map: NetworkMap, ui: UI | None = None, *, names: bool = True, id_prefix: str = "netmap") -> str:
    """The map as one standalone `<svg>` document (UTF-8 text, no external references)."""
    from dialoog.i18n import UI as _UI

    ui = ui or _UI(network_map.lang)
    m = network_map
    out: list[str] = []
    radius_px = 220.0
    cx = WIDTH / 2
    cy = 40 + radius_px + 20
    scale = radius_px / m.radius
    node_r = min(0.34 * scale, 13.0)
    font = max(7.0, min(node_r * 0.95, 11.0))

    def pt(x: float, y: float) -> tuple[str, str]:
        return _fmt(cx + x * scale), _fmt(cy + y * scale)

    title = ui._("Network map")
    count = len(m.entries)
    desc = ui.ngettext(
        "You in the centre and {n} person or organisation around you: on rings by how close the bond is "
        "(inner: closest), in sectors by group. A diamond with letters is a risk signal.",
        "You in the centre and {n} people or organisations around you: on rings by how close the bond is "
        "(inner: closest), in sectors by group. A diamond with letters is a risk signal.", count)
    # the map
    body: list[str] = []
    body.append('<g class="rings" fill="none" stroke="#777777" stroke-width="1">')
    for ring in m.rings:
        dash = ' stroke-dasharray="6 4"' if ring.unknown else ""
        body.append(f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="{_fmt(ring.radius * scale)}"{dash}/>')
    body.append("</g>")
    body.append('<g class="sectors" stroke="#BBBBBB" stroke-width="1">')
    if len(m.sectors) > 1:
        for sector in m.sectors:
            a = math.radians(sector.start)
            x2, y2 = pt(m.radius * math.sin(a), -m.radius * math.cos(a))
            body.append(f'<line x1="{_fmt(cx)}" y1="{_fmt(cy)}" x2="{x2}" y2="{y2}"/>')
    body.append("</g>")
    body.append('<g class="sector-labels" font-size="10" fill="#222222">')
    for sector in m.sectors:
        a = math.radians(sector.middle)
        lx = cx + (radius_px + 12) * math.sin(a)
        ly = cy - (radius_px + 12) * math.cos(a) + 3
        anchor = "start" if math.sin(a) > 0.2 else "end" if math.sin(a) < -0.2 else "middle"
        colour = sector_colour(m, sector.index)
        body.append(f'<text x="{_fmt(lx)}" y="{_fmt(ly)}" text-anchor="{anchor}">'
                    f'<tspan fill="{colour}">■</tspan> {xml_text(_shorten(sector.label, 22))}</text>')
    body.append("</g>")
    you = ui._("You")
    body.append(f'<g class="ego"><circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="{_fmt(node_r * 1.2)}" fill="#222222"/>'
                f'<text x="{_fmt(cx)}" y="{_fmt(cy + font * 0.35)}" font-size="{_fmt(font)}" fill="#FFFFFF" '
                f'text-anchor="middle" font-weight="bold">{xml_text(you)}</text></g>')
    body.append('<g class="entries">')
    for entry in m.entries:
        body.append(_entry(m, entry, pt, node_r, font, names, ui))
    body.append("</g>")
    y = cy + radius_px + 40
    legend, y = _legend(m, ui, y)
    listing, y = _listing(m, ui, y + 10, names)
    height = y + 20
    width = max(WIDTH, height / A4)
    shift = (width - WIDTH) / 2
    out.append('<?xml version="1.0" encoding="UTF-8"?>')
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {_fmt(width)} {_fmt(height)}" '
               f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
               f'font-family="DejaVu Sans, Verdana, Arial, sans-serif">')
    out.append(f'<title id="{id_prefix}-title">{xml_text(title)}</title>')
    out.append(f'<desc id="{id_prefix}-desc">{xml_text(desc)}</desc>')
    out.append(f'<rect x="0" y="0" width="{_fmt(width)}" height="{_fmt(height)}" fill="#FFFFFF"/>')
    out.append(f'<g transform="translate({_fmt(shift)} 0)">')
    out.append(f'<text x="20" y="28" font-size="16" font-weight="bold" fill="#111111">{xml_text(title)}</text>')
    out.extend(body)
    out.extend(legend)
    out.extend(listing)
    out.append("</g></svg>")
    return "\n".join(out) + "\n"


def _entry(m: NetworkMap, entry: MapEntry, pt: Callable[[float, float], tuple[str, str]], node_r: float, font: float,
           names: bool, ui: UI) -> str:
    x, y = pt(entry.x, entry.y)
    fx, fy = float(x), float(y)
    fill = sector_colour(m, entry.sector)
    dash = ' stroke-dasharray="3 2"' if entry.closeness is None and any(r.unknown for r in m.rings) else ""
    what = _describe(entry, names, ui)
    parts = [f'<g class="entry"><title>{xml_text(what)}</title>']
    if entry.marks:
        d = node_r * 1.25
        tips = ((fx, fy - d), (fx + d, fy), (fx, fy + d), (fx - d, fy))
        corners = " ".join(f"{_fmt(px)},{_fmt(py)}" for px, py in tips)
        parts.append(f'<polygon points="{corners}" fill="{fill}" stroke="{SIGNAL_COLOUR}" stroke-width="2.5"{dash}/>')
        parts.append(f'<text x="{_fmt(fx + d + 2)}" y="{_fmt(fy - d * 0.4)}" font-size="{_fmt(font)}" '
                     f'font-weight="bold" fill="{SIGNAL_COLOUR}">{xml_text(entry.marks)}</text>')
    else:
        parts.append(f'<circle cx="{x}" cy="{y}" r="{_fmt(node_r)}" fill="{fill}" stroke="#333333" '
                     f'stroke-width="1.2"{dash}/>')
    parts.append(f'<text x="{x}" y="{_fmt(fy + font * 0.35)}" font-size="{_fmt(font)}" text-anchor="middle" '
                 f'fill="#000000">{entry.number}</text></g>')
    return "".join(parts)


def _describe(entry: MapEntry, names: bool, ui: UI) -> str:
    who = f"{entry.number}. {entry.name}" if names else f"{entry.number}."
    ring = ui._("ring {n}: {words}", n=entry.ring, words=entry.closeness_words)
    bits = [who, entry.category_label, ring]
    if entry.marks:
        bits.append(ui._("risk signals: {marks}", marks=" ".join(entry.marks)))
    return " · ".join(b for b in bits if b)


def _legend(m: NetworkMap, ui: UI, y: float) -> tuple[list[str], float]:
    out = ['<g class="legend" font-size="11" fill="#111111">']
    out.append(f'<text x="20" y="{_fmt(y)}" font-weight="bold">{xml_text(ui._("Groups"))}</text>')
    y += 16
    half = (len(m.sectors) + 1) // 2
    for i, sector in enumerate(m.sectors):
        col, row = divmod(i, half)
        x, yy = 20 + col * 340, y + row * 15
        out.append(f'<rect x="{x}" y="{_fmt(yy - 9)}" width="10" height="10" fill="{sector_colour(m, sector.index)}" '
                   f'stroke="#333333" stroke-width="0.5"/>')
        out.append(f'<text x="{x + 15}" y="{_fmt(yy)}">{xml_text(f"{sector.label} ({sector.count})")}</text>')
    y += half * 15 + 10
    if m.ring_question is not None:
        out.append(f'<text x="20" y="{_fmt(y)}" font-weight="bold">'
                   f'{xml_text(ui._("Rings: the closer the bond, the nearer the centre"))}</text>')
        y += 16
        half = (len(m.rings) + 1) // 2
        for i, ring in enumerate(m.rings):
            col, row = divmod(i, half)
            x, yy = 20 + col * 340, y + row * 15
            dash = ' stroke-dasharray="3 2"' if ring.unknown else ""
            out.append(f'<line x1="{x}" y1="{_fmt(yy - 4)}" x2="{x + 18}" y2="{_fmt(yy - 4)}" stroke="#555555" '
                       f'stroke-width="1.5"{dash}/>')
            label = ring.label if not ring.unknown else ui._("no answer (dashed)")
            out.append(f'<text x="{x + 24}" y="{_fmt(yy)}">'
                       f'{xml_text(ui._("ring {n}: {words}", n=ring.index, words=label))}</text>')
        y += half * 15 + 10
    if m.marks:
        out.append(f'<text x="20" y="{_fmt(y)}" font-weight="bold">'
                   f'{xml_text(ui._("Risk signals: a diamond, with a letter for each theme"))}</text>')
        y += 16
        for mark in m.marks:
            out.append(f'<text x="20" y="{_fmt(y)}"><tspan font-weight="bold" fill="{SIGNAL_COLOUR}">'
                       f'{xml_text(mark.letter)}</tspan> {xml_text(mark.title)}</text>')
            y += 15
        y += 10
    if m.entries or m.answered:
        d = diversity(m)
        figure = ui.ngettext("Spread over groups: {index} (Blau's index, {n} group of {total})",
                             "Spread over groups: {index} (Blau's index, {n} groups of {total})",
                             d.categories, index=number(d.index, m.lang), total=d.available)
        out.append(f'<text x="20" y="{_fmt(y)}" font-weight="bold">{xml_text(figure)}</text>')
        y += 15
        for line in _wrap(d.words, 110):
            out.append(f'<text x="20" y="{_fmt(y)}">{xml_text(line)}</text>')
            y += 14
    out.append("</g>")
    return out, y


def _listing(m: NetworkMap, ui: UI, y: float, names: bool) -> tuple[list[str], float]:
    out = ['<g class="list" font-size="10" fill="#111111">']
    if not m.entries:
        empty = ui._("Nobody is on the map.") if m.answered else ui._("The network question has not been answered yet.")
        out.append(f'<text x="20" y="{_fmt(y + 12)}">{xml_text(empty)}</text></g>')
        return out, y + 12
    out.append(f'<text x="20" y="{_fmt(y + 12)}" font-size="11" font-weight="bold">'
               f'{xml_text(ui._("On the map"))}</text>')
    y += 28
    rows = [_describe(e, names, ui) for e in m.entries]
    two = len(rows) > 12 and max(len(r) for r in rows) <= 60
    half = (len(rows) + 1) // 2 if two else len(rows)
    for i, row in enumerate(rows):
        col, line = divmod(i, half)
        out.append(f'<text x="{20 + col * 340}" y="{_fmt(y + line * 14)}">{xml_text(row)}</text>')
    out.append("</g>")
    return out, y + half * 14


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines
