"""Building the map: which ring and sector each entry is in, and where it stands.

The layout is a pure function of the answers and the content (no randomness): the same answers give
the same picture. Units are chosen so that no two entries are closer than `MIN_DISTANCE` (1):

- every sector gets a share of the circle in proportion to 1 + the most entries it has on one ring, so
  an empty category keeps a small sector (the map shows what is missing);
- on a ring, the entries of a sector are spread evenly over the sector's angle, in the order named;
- a ring is at least `RING_GAP` outside the one within it, and far enough out that neighbours on it
  are at least 1 apart (the chord between them): with 40 entries on one ring it simply lies further out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dialoog.engine.signals import entry_signals
from dialoog.mapping.model import NOT_XML, Answer, MapEntry, Mark, NetworkMap, Ring, Sector

if TYPE_CHECKING:
    from dialoog.engine.session import Session
    from dialoog.flow.model import Flow, Node
    from dialoog.i18n import UI

MIN_DISTANCE = 1.0
"""No two entries (and no entry and the user in the centre) are closer than this, in map units."""
RING_GAP = 1.4
"""The least distance between two rings."""
EGO_RADIUS = 0.2
"""Where the first ring's distance is counted from."""
OTHER = ""
"""The sector of entries whose category the content does not have."""


def network_node(flow: Flow, question: str | None = None) -> Node | None:
    """The network question `question`, or the flow's first one."""
    if question is not None:
        node = flow.nodes.get(question)
        return node if node is not None and node.kind == "network" else None
    return next((n for n in flow.nodes.values() if n.kind == "network"), None)


def build_map(session: Session, *, question: str | None = None,
              entries: Sequence[Mapping[str, Any]] | None = None) -> NetworkMap:
    """The map of `session`'s answer to its network question (or `question`), in the session's language.

    `entries` (each with `name` and `category`, optionally `answers`) stands in for the saved answer:
    the list being typed, before it is answered. A flow without a network question gives an empty map.
    """
    node = network_node(session.flow, question)
    if node is None:
        return NetworkMap(session.lang, question or "", (), (), (), (), 1.0, answered=False)
    answered = entries is not None or node.id in session.answers
    if entries is None:
        value = session.answers.get(node.id)
        entries = value if isinstance(value, list) else []
    return map_of(session.flow, node, entries, session.texts.t, session.ui, session.lang, answered=answered)


def map_of(flow: Flow, node: Node, entries: Sequence[Mapping[str, Any]], t: Callable[[str], str], ui: UI,
           lang: str, answered: bool = True) -> NetworkMap:
    """The map of `entries` (items of an answer to the network question `node`); `t` translates content."""
    from dialoog.sanitize import clean_text

    settings = node.map
    order = list(settings.sectors) if settings and settings.sectors else [c.value for c in node.categories]
    order += [c.value for c in node.categories if c.value not in order]
    labels = {c.value: t(c.label) for c in node.categories}
    items = [e for e in entries if isinstance(e, Mapping) and isinstance(e.get("name"), str)]
    categories = [str(e.get("category") or "") for e in items]
    if any(c not in labels for c in categories):
        order.append(OTHER)
    ring_node = next((f for f in node.followups if settings and f.id == settings.ring), None)
    ring_values, ring_labels = _ring_values(ring_node, t, ui)
    ring_count = len(ring_values) + (1 if ring_node is not None else 0)

    def ring_of(entry: Mapping[str, Any]) -> tuple[int, str | None]:
        if ring_node is None:
            return 1, None
        value = (entry.get("answers") or {}).get(ring_node.id)
        key = None if value is None else str(value)
        if key in ring_values:
            return ring_values.index(key) + 1, key
        return ring_count, None

    rings_of = [ring_of(e) for e in items]
    sector_of = [order.index(c) if c in labels else order.index(OTHER) for c in categories]
    # the most entries a sector has on one ring: its share of the circle
    per_cell: dict[tuple[int, int], list[int]] = {}
    for i, (s, (k, _)) in enumerate(zip(sector_of, rings_of, strict=True)):
        per_cell.setdefault((s, k), []).append(i)
    weights = [1 + max((len(v) for (s, _k), v in per_cell.items() if s == index), default=0)
               for index in range(len(order))]
    total = sum(weights)
    spans: list[tuple[float, float]] = []
    start = 0.0
    for w in weights:
        span = 2 * math.pi * w / total
        spans.append((start, start + span))
        start += span
    radii: list[float] = []
    inner = EGO_RADIUS
    for k in range(1, ring_count + 1):
        need = inner + RING_GAP
        for s in range(len(order)):
            n = len(per_cell.get((s, k), []))
            if n:
                step = min((spans[s][1] - spans[s][0]) / n, math.pi)
                need = max(need, MIN_DISTANCE / (2 * math.sin(step / 2)) * 1.0001)
        radii.append(need)
        inner = need
    rings = tuple(
        Ring(k, ring_values[k - 1] if k <= len(ring_values) else None,
             ring_labels[k - 1] if k <= len(ring_labels) else "", radii[k - 1])
        for k in range(1, ring_count + 1)
    )
    domain_order = list(flow.domains)
    marks = _marks(flow, node, t, items)
    letters = {m.domain: m.letter for m in marks}
    placed: list[MapEntry] = []
    positions: dict[int, tuple[float, float]] = {}
    for (s, k), members in per_cell.items():
        lo, hi = spans[s]
        for j, i in enumerate(members):
            positions[i] = (lo + (j + 0.5) * (hi - lo) / len(members), radii[k - 1])
    for i, entry in enumerate(items):
        angle, r = positions[i]
        signals = entry_signals(node, entry)
        domains = tuple(sorted(dict.fromkeys(sig.domain for sig in signals),
                               key=lambda d: domain_order.index(d) if d in domain_order else len(domain_order)))
        ring, closeness = rings_of[i]
        category = categories[i]
        placed.append(MapEntry(
            number=i + 1,
            name=NOT_XML.sub("", clean_text(str(entry["name"]), 200)),
            category=category,
            category_label=labels.get(category, ui._("Other")),
            sector=sector_of[i],
            ring=ring,
            closeness=closeness,
            closeness_words=rings[ring - 1].label if closeness is not None else ui._("not answered"),
            signals=signals,
            domains=domains,
            marks="".join(letters.get(d, d[:1].upper()) for d in domains),
            angle=math.degrees(angle),
            x=r * math.sin(angle),
            y=-r * math.cos(angle),
            answers=_answers(node, entry, t, ui),
        ))
    sectors = tuple(
        Sector(index, value, labels.get(value, ui._("Other")), math.degrees(spans[index][0]),
               math.degrees(spans[index][1]), sum(1 for s in sector_of if s == index))
        for index, value in enumerate(order)
    )
    thresholds = settings.thresholds if settings else {"mixed": 0.45, "varied": 0.7}
    meaning = tuple((band, t(text)) for band, text in (settings.meaning.items() if settings else ()))
    return NetworkMap(
        lang=lang,
        question=node.id,
        entries=tuple(placed),
        sectors=sectors,
        rings=rings,
        marks=marks,
        radius=(radii[-1] if radii else EGO_RADIUS + RING_GAP) + MIN_DISTANCE,
        ring_question=ring_node.id if ring_node is not None else None,
        categories_total=len(node.categories),
        thresholds=(thresholds["mixed"], thresholds["varied"]),
        meaning=meaning,
        answered=answered,
    )


def _ring_values(ring_node: Node | None, t: Callable[[str], str], ui: UI) -> tuple[list[str], list[str]]:
    """The answers of the ring question from the closest bond outwards, and each in words."""
    if ring_node is None:
        return [""], [""]
    if ring_node.kind == "scale":
        values = list(range(ring_node.max, ring_node.min - 1, -1))
        ends = {ring_node.max: ring_node.labels.get("max", ""), ring_node.min: ring_node.labels.get("min", "")}
        words = [f"{v} {t(ends[v])}" if ends.get(v) else str(v) for v in values]
        return [str(v) for v in values], words
    return [o.value for o in ring_node.options], [t(o.label) for o in ring_node.options]


def _marks(flow: Flow, node: Node, t: Callable[[str], str], items: Sequence[Mapping[str, Any]]) -> tuple[Mark, ...]:
    """The letters of every domain an entry can have a signal in (from the content), in the domains' order."""
    from dialoog.flow.compose import signalled_domains

    found = set(signalled_domains(node))
    for entry in items:
        found.update(s.domain for s in entry_signals(node, entry))
    out: list[Mark] = []
    used: set[str] = set()
    for dom in flow.domains.values():
        if dom.id not in found:
            continue
        letter = t(dom.mark) if dom.mark else dom.id[:1].upper()
        if letter in used or len(letter) != 1:  # a translation that gives a letter twice: the source's
            letter = dom.mark or dom.id[:1].upper()
        used.add(letter)
        out.append(Mark(dom.id, letter, t(dom.title)))
    return tuple(out)


def _answers(node: Node, entry: Mapping[str, Any], t: Callable[[str], str], ui: UI) -> tuple[Answer, ...]:
    answers = entry.get("answers") or {}
    declined = entry.get("declined") or []
    out: list[Answer] = []
    for followup in node.followups:
        if followup.id not in answers and followup.id not in declined:
            continue
        value = answers.get(followup.id)
        if followup.id in declined:
            words = ui._("Prefer not to say")
        elif value is None:
            words = ui._("Skipped")
        elif followup.kind == "yesno":
            words = ui._("Yes") if value == "yes" else ui._("No")
        elif followup.kind == "choice":
            option = followup.option(str(value))
            words = t(option.label) if option else str(value)
        else:
            words = str(value)
        out.append(Answer(followup.id, None if value is None else str(value), words, followup.kind == "text"))
    return tuple(out)
