"""The network map as GraphML: the user (`ego`) and every entry as nodes, an edge from the user to each.

Readable by NetworkX (`networkx.read_graphml`) and Gephi. Node attributes: `kind` (ego or entry),
`number`, `label` (the name; only with `names=True`), `category` and `category_label`, `sector`,
`ring` (1 is the closest bond), `closeness` and `closeness_words`, `signals` (the domains of the risk
signals, comma-separated), `marks` (their letters), `signal_points`, `x`/`y` (the map's layout) and
one `answer_<follow-up id>` per follow-up the content has (free-text answers only with `names=True`).
Edge attributes: `ring` and `weight` (the number of rings minus the ring plus one: higher is closer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialoog.mapping.svg import xml_attr, xml_text

if TYPE_CHECKING:
    from dialoog.i18n import UI
    from dialoog.mapping.model import NetworkMap

NODE_KEYS: tuple[tuple[str, str], ...] = (
    ("kind", "string"), ("number", "int"), ("label", "string"), ("category", "string"),
    ("category_label", "string"), ("sector", "int"), ("ring", "int"), ("closeness", "string"),
    ("closeness_words", "string"), ("signals", "string"), ("marks", "string"), ("signal_points", "double"),
    ("x", "double"), ("y", "double"),
)
EDGE_KEYS: tuple[tuple[str, str], ...] = (("ring", "int"), ("weight", "double"))


def to_graphml(network_map: NetworkMap, *, names: bool = True, ui: UI | None = None) -> str:
    """The map as a GraphML document; with `names=False` no name or typed text is in it."""
    from dialoog.i18n import UI as _UI

    ui = ui or _UI(network_map.lang)
    m = network_map
    answer_keys = list(dict.fromkeys(a.question for e in m.entries for a in e.answers if names or not a.free_text))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    for name, kind in NODE_KEYS:
        out.append(f'<key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>')
    for question in answer_keys:
        out.append(f'<key id="n_answer_{question}" for="node" attr.name="answer_{question}" attr.type="string"/>')
    for name, kind in EDGE_KEYS:
        out.append(f'<key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>')
    out.append(f'<graph id={xml_attr(m.question or "network")} edgedefault="directed">')

    def data(key: str, value: object) -> str:
        return f'<data key="{key}">{xml_text(str(value))}</data>'

    out.append('<node id="ego">' + data("n_kind", "ego") + data("n_number", 0) + data("n_label", ui._("You"))
               + data("n_ring", 0) + data("n_x", 0.0) + data("n_y", 0.0) + "</node>")
    rings = len(m.rings)
    for e in m.entries:
        parts = [data("n_kind", "entry"), data("n_number", e.number)]
        if names:
            parts.append(data("n_label", e.name))
        parts += [data("n_category", e.category), data("n_category_label", e.category_label),
                  data("n_sector", e.sector), data("n_ring", e.ring)]
        if e.closeness is not None:
            parts.append(data("n_closeness", e.closeness))
        parts += [data("n_closeness_words", e.closeness_words), data("n_signals", ",".join(e.domains)),
                  data("n_marks", e.marks), data("n_signal_points", float(sum(s.points for s in e.signals))),
                  data("n_x", round(e.x, 4)), data("n_y", round(e.y, 4))]
        for a in e.answers:
            if a.question in answer_keys and (names or not a.free_text):
                parts.append(data(f"n_answer_{a.question}", a.value if a.value is not None else ""))
        out.append(f'<node id="e{e.number}">' + "".join(parts) + "</node>")
    for e in m.entries:
        out.append(f'<edge id="r{e.number}" source="ego" target="e{e.number}">'
                   + data("e_ring", e.ring) + data("e_weight", float(rings - e.ring + 1)) + "</edge>")
    out.append("</graph></graphml>")
    return "\n".join(out) + "\n"
