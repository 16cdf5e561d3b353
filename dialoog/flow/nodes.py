"""Reading the nodes of a module file into `Node` objects."""

from __future__ import annotations

import math
from typing import Any

from dialoog.flow.model import (
    DIVERSITY_BANDS,
    FOLLOWUP_KINDS,
    MAP_MAX_ENTRIES,
    MAP_MAX_RINGS,
    MAP_MAX_SECTORS,
    NODE_KINDS,
    RESERVED_IDS,
    EntryPoints,
    MapSettings,
    Node,
    Option,
    Points,
    Route,
)
from dialoog.flow.problems import Pos
from dialoog.flow.reader import Reader, scalar_value
from dialoog.flow.yamlfile import YList, YMap

COMMON_KEYS = frozenset(
    {"id", "kind", "text", "template", "why", "source", "topic", "decline", "optional", "when", "next"}
)
KIND_KEYS: dict[str, frozenset[str]] = {
    "message": frozenset(),
    "end": frozenset(),
    "choice": frozenset({"options"}),
    "multi": frozenset({"options", "min", "max"}),
    "scale": frozenset({"min", "max", "labels", "points"}),
    "yesno": frozenset({"points"}),
    "text": frozenset({"max_length", "placeholder"}),
    "network": frozenset({"categories", "min", "max", "suggest", "followups", "entry_points", "map"}),
    "card": frozenset({"card"}),
    "deck": frozenset({"cards"}),
}
OPTION_KEYS = frozenset({"value", "label", "points", "next", "exclusive"})
ROUTE_KEYS = frozenset({"answer", "if", "goto"})
DECK_KEYS = frozenset({"audience", "themes", "ids", "limit", "deal"})
DEAL_KEYS = frozenset({"cards", "per_high", "max", "prefer"})
ENTRY_POINTS_KEYS = frozenset({"if", "points"})
MAP_KEYS = frozenset({"ring", "sectors", "diversity"})
DIVERSITY_KEYS = frozenset({"thresholds", "meaning", "points", "min_entries"})
MAX_TEXT_LENGTH = 5000


def read_node(r: Reader, data: Any, pos: Pos, module: str, followup: bool = False) -> Node | None:
    m = r.mapping(data, pos, "a node")
    if m is None:
        return None
    node_id = r.ident(m, "id", "a node")
    kind = r.get(m, "kind", str, "a node", required=True)
    if node_id in RESERVED_IDS:
        r.error(m.at("id"), "DLG007", f"'{node_id}' is a reserved name; choose another id")
        node_id = None
    if kind is not None and kind not in NODE_KINDS:
        r.error(m.at("kind"), "DLG006", f"unknown node kind '{kind}'; use one of: {', '.join(sorted(NODE_KINDS))}")
        return None
    if followup and kind is not None and kind not in FOLLOWUP_KINDS:
        r.error(m.at("kind"), "DLG006", f"a follow-up question must be one of: {', '.join(sorted(FOLLOWUP_KINDS))}")
        return None
    if node_id is None or kind is None:
        return None
    r.keys(m, COMMON_KEYS | KIND_KEYS[kind], f"a '{kind}' node")
    node = Node(id=node_id, kind=kind, module=module, pos=m.pos)
    node.text = r.get(m, "text", str, "a node", default="")
    node.template = r.get(m, "template", str, "a node")
    node.why = r.get(m, "why", str, "a node")
    node.source = r.get(m, "source", str, "a node")
    node.topic = r.get(m, "topic", str, "a node")
    node.decline = r.get(m, "decline", bool, "a node", default=False)
    node.optional = r.get(m, "optional", bool, "a node", default=False)
    node.when = r.get(m, "when", str, "a node")
    node.when_pos = m.at("when") if node.when else None
    if kind not in ("message", "end", "deck") and not node.text and not node.template and kind != "card":
        r.error(m.pos, "DLG004", f"node '{node_id}' needs 'text' or 'template'")
    reader = _KIND_READERS.get(kind)
    if reader:
        reader(r, m, node)
    node.routes = read_routes(r, m, node)
    return node


def read_routes(r: Reader, m: YMap, node: Node) -> list[Route]:
    routes: list[Route] = []
    raw_options = m.get("options") if node.kind in ("choice", "multi") else None
    if isinstance(raw_options, YList):
        for item in raw_options:
            if isinstance(item, YMap) and isinstance(item.get("next"), str):
                value = scalar_value(item.get("value"))
                if value is not None:
                    routes.append(Route(target=item["next"], answer=value, pos=item.at("next")))
    raw = m.get("next")
    if raw is None:
        return routes
    if isinstance(raw, str):
        routes.append(Route(target=raw, pos=m.at("next")))
        return routes
    for i, item in enumerate(r.items(raw, m.at("next"), "'next'")):
        rm = r.mapping(item, raw.at(i), "a route")
        if rm is None:
            continue
        r.keys(rm, ROUTE_KEYS, "a route")
        target = r.get(rm, "goto", str, "a route", required=True)
        answer = scalar_value(rm["answer"]) if rm.get("answer") is not None else None
        cond = r.get(rm, "if", str, "a route")
        if target:
            routes.append(
                Route(target=target, answer=answer, condition=cond, pos=rm.at("if") if cond else rm.at("goto"))
            )
    return routes


def _points(r: Reader, raw: Any, pos: Pos, what: str) -> Points:
    m = r.mapping(raw, pos, what)
    if m is None:
        return {}
    out: Points = {}
    for key, value in m.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            r.error(m.at(key), "DLG003", f"points for '{key}' must be a number")
            continue
        out[key] = float(value)
    return out


def read_options(r: Reader, m: YMap, key: str, node: Node, allow_next: bool = True) -> list[Option]:
    raw = r.items(m.get(key), m.at(key), f"'{key}'")
    options: list[Option] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        om = r.mapping(item, raw.at(i), "an option")
        if om is None:
            continue
        r.keys(om, OPTION_KEYS if allow_next else OPTION_KEYS - {"next", "points", "exclusive"}, "an option")
        value = scalar_value(om.get("value"))
        if value is None:
            r.error(om.pos, "DLG004", "an option needs a 'value'")
            continue
        if value in seen:
            r.error(om.at("value"), "DLG018", f"option value '{value}' appears twice")
        seen.add(value)
        label = r.get(om, "label", str, "an option", required=True, default=value)
        opt = Option(value=value, label=label, pos=om.pos)
        if "points" in om:
            opt.points = _points(r, om["points"], om.at("points"), "points")
        opt.exclusive = r.get(om, "exclusive", bool, "an option", default=False)
        r.get(om, "next", str, "an option")
        options.append(opt)
    return options


def _read_choice(r: Reader, m: YMap, node: Node) -> None:
    node.options = read_options(r, m, "options", node)
    if not 2 <= len(node.options) <= 9:
        r.error(
            m.at("options"), "DLG018", f"'{node.kind}' node '{node.id}' needs 2 to 9 options, not {len(node.options)}"
        )
    if node.kind == "multi":
        node.min = r.get(m, "min", int, "a node", default=0)
        node.max = r.get(m, "max", int, "a node", default=len(node.options))
        if not 0 <= node.min <= node.max <= len(node.options):
            r.error(
                m.pos, "DLG018", f"'min' and 'max' of '{node.id}' must satisfy 0 <= min <= max <= number of options"
            )


def _read_scale(r: Reader, m: YMap, node: Node) -> None:
    node.min = r.get(m, "min", int, "a scale", default=1)
    node.max = r.get(m, "max", int, "a scale", default=5)
    if not (node.min < node.max and node.max - node.min <= 10):
        r.error(m.pos, "DLG019", f"scale '{node.id}' needs min < max with at most 10 steps")
    labels = m.get("labels")
    if labels is not None:
        lm = r.mapping(labels, m.at("labels"), "'labels'")
        if lm is not None:
            r.keys(lm, {"min", "max"}, "'labels'")
            node.labels = {k: str(v) for k, v in lm.items() if k in ("min", "max")}
    _read_value_points(r, m, node, {str(v) for v in range(node.min, node.max + 1)})


def _read_yesno(r: Reader, m: YMap, node: Node) -> None:
    _read_value_points(r, m, node, {"yes", "no"})


def _read_value_points(r: Reader, m: YMap, node: Node, allowed: set[str]) -> None:
    if "points" not in m:
        return
    pm = r.mapping(m["points"], m.at("points"), "'points'")
    if pm is None:
        return
    for key, value in pm.items():
        if key not in allowed:
            r.error(
                pm.key_pos[key],
                "DLG026",
                f"'{key}' is not a possible answer of '{node.id}' (possible: {', '.join(sorted(allowed))})",
            )
            continue
        node.points[key] = _points(r, value, pm.at(key), f"points for '{key}'")


def _read_text(r: Reader, m: YMap, node: Node) -> None:
    node.max_length = r.get(m, "max_length", int, "a text node", default=500)
    if not 1 <= node.max_length <= MAX_TEXT_LENGTH:
        r.error(m.at("max_length"), "DLG026", f"'max_length' must be between 1 and {MAX_TEXT_LENGTH}")
        node.max_length = 500
    node.placeholder = r.get(m, "placeholder", str, "a text node", default="")


def _read_network(r: Reader, m: YMap, node: Node) -> None:
    node.categories = read_options(r, m, "categories", node, allow_next=False)
    if not node.categories:
        r.error(m.pos, "DLG004", f"network node '{node.id}' needs 'categories'")
    node.min = r.get(m, "min", int, "a network node", default=0)
    node.max = r.get(m, "max", int, "a network node", default=20)
    if not 0 <= node.min <= node.max <= 50:
        r.error(m.pos, "DLG026", f"'min' and 'max' of '{node.id}' must satisfy 0 <= min <= max <= 50")
    node.suggest = r.get(m, "suggest", str, "a network node", default="")
    raw = r.items(m.get("followups"), m.at("followups"), "'followups'")
    for i, item in enumerate(raw):
        sub = read_node(r, item, raw.at(i), node.module, followup=True)
        if sub is not None:
            if sub.routes:
                r.error(sub.pos, "DLG026", f"follow-up question '{sub.id}' cannot have 'next'")
            _check_entry_categories(r, item, sub, node)
            node.followups.append(sub)
    rules = r.items(m.get("entry_points"), m.at("entry_points"), "'entry_points'")
    for i, item in enumerate(rules):
        rm = r.mapping(item, rules.at(i), "an entry rule")
        if rm is None:
            continue
        r.keys(rm, ENTRY_POINTS_KEYS, "an entry rule")
        condition = r.get(rm, "if", str, "an entry rule", required=True)
        points = _points(r, rm["points"], rm.at("points"), "points") if "points" in rm else {}
        if "points" not in rm:
            r.error(rm.pos, "DLG004", "an entry rule needs 'points'")
        if condition is not None:
            node.entry_points.append(EntryPoints(condition, points, rm.at("if")))
    if "map" in m:
        node.map = _read_map(r, m, node)


def _read_map(r: Reader, m: YMap, node: Node) -> MapSettings | None:
    """`map:` of a network node: the ring follow-up, the order of the sectors, the diversity figure's words."""
    mm = r.mapping(m["map"], m.at("map"), "'map'")
    if mm is None:
        return None
    r.keys(mm, MAP_KEYS, "'map'")
    settings = MapSettings(pos=mm.pos)
    categories = [c.value for c in node.categories]
    ring = r.get(mm, "ring", str, "'map'")
    if ring is not None:
        followup = next((f for f in node.followups if f.id == ring), None)
        if followup is None:
            known = ", ".join(f.id for f in node.followups) or "none"
            r.error(mm.at("ring"), "DLG040", f"'ring' names '{ring}', which is no follow-up of '{node.id}' "
                    f"(follow-ups: {known})")
        elif followup.kind not in ("scale", "choice"):
            r.error(mm.at("ring"), "DLG040", f"'ring' names '{ring}', a '{followup.kind}' question: the ring "
                    "follow-up must be a scale (the highest answer is the inner ring) or a choice (the first "
                    "option is)")
        else:
            settings.ring = ring
            answers = followup.max - followup.min + 1 if followup.kind == "scale" else len(followup.options)
            if answers > MAP_MAX_RINGS:
                r.error(mm.at("ring"), "DLG044", f"the ring follow-up '{ring}' has {answers} answers: the map "
                        f"draws at most {MAP_MAX_RINGS} rings (and one for no answer)")
    if "sectors" in mm:
        sectors = r.strings(mm, "sectors", "'map'")
        where = mm.at("sectors")
        for value in dict.fromkeys(sectors):
            if sectors.count(value) > 1:
                r.error(where, "DLG041", f"'sectors' names '{value}' twice")
            if categories and value not in categories:
                r.error(where, "DLG041", f"'sectors' names '{value}', which is no category of '{node.id}' "
                        f"(categories: {', '.join(categories)})")
        missing = [c for c in categories if c not in sectors]
        if missing:
            r.error(where, "DLG041", f"'sectors' leaves out {', '.join(missing)}: name every category of "
                    f"'{node.id}' once")
        settings.sectors = [s for s in dict.fromkeys(sectors) if s in categories]
    if not settings.sectors:
        settings.sectors = list(dict.fromkeys(categories))
    if len(categories) > MAP_MAX_SECTORS:
        r.error(m.at("categories"), "DLG044", f"'{node.id}' has {len(categories)} categories: the map tells at "
                f"most {MAP_MAX_SECTORS} sectors apart")
    if node.max > MAP_MAX_ENTRIES:
        r.error(m.at("max") if "max" in m else m.pos, "DLG044", f"'{node.id}' allows {node.max} entries: the map "
                f"draws at most {MAP_MAX_ENTRIES}")
    _read_diversity(r, mm, settings)
    return settings


def _read_diversity(r: Reader, mm: YMap, settings: MapSettings) -> None:
    if "diversity" not in mm:
        r.error(mm.pos, "DLG043", "'map' needs 'diversity' with 'thresholds' and 'meaning' (the diversity figure "
                f"in words: {', '.join(DIVERSITY_BANDS)})")
        return
    dm = r.mapping(mm["diversity"], mm.at("diversity"), "'diversity'")
    if dm is None:
        return
    r.keys(dm, DIVERSITY_KEYS, "'diversity'")
    tm = r.mapping(dm["thresholds"], dm.at("thresholds"), "'thresholds'") if "thresholds" in dm else None
    if tm is None:
        r.error(dm.pos, "DLG043", "'diversity' needs 'thresholds' (mixed and varied, between 0 and 1)")
    else:
        r.keys(tm, {"mixed", "varied"}, "'thresholds' of 'diversity'")
        mixed = r.get(tm, "mixed", float, "'thresholds' of 'diversity'", required=True)
        varied = r.get(tm, "varied", float, "'thresholds' of 'diversity'", required=True)
        if mixed is not None and varied is not None:
            if 0 < mixed < varied < 1:
                settings.thresholds = {"mixed": mixed, "varied": varied}
            else:
                r.error(tm.pos, "DLG043", "the thresholds of 'diversity' must satisfy 0 < mixed < varied < 1 "
                        "(Blau's index lies between 0 and 1)")
    if "points" in dm:
        pm = r.mapping(dm["points"], dm.at("points"), "'points' of 'diversity'")
        for band, raw in (pm or {}).items():
            if band not in DIVERSITY_BANDS or band == "empty":
                r.error(pm.key_pos[band] if pm is not None else dm.pos, "DLG043",
                        f"'points' of 'diversity' names '{band}': use narrow, mixed or varied (an empty map "
                        "gives no information, so no points)")
                continue
            settings.points[band] = _points(r, raw, pm.at(band) if pm is not None else dm.pos, f"points for '{band}'")
    if "min_entries" in dm:
        settings.min_entries = r.get(dm, "min_entries", int, "'diversity'", default=1)
        if settings.min_entries < 1:
            r.error(dm.at("min_entries"), "DLG043", "'min_entries' of 'diversity' must be at least 1")
            settings.min_entries = 1
    meaning = r.mapping(dm["meaning"], dm.at("meaning"), "'meaning'") if "meaning" in dm else None
    if meaning is None:
        r.error(dm.pos, "DLG043", f"'diversity' needs 'meaning' with {', '.join(DIVERSITY_BANDS)}")
        return
    r.keys(meaning, set(DIVERSITY_BANDS), "'meaning' of 'diversity'")
    for band in DIVERSITY_BANDS:
        text = meaning.get(band)
        if not isinstance(text, str) or not text.strip():
            r.error(meaning.at(band) if band in meaning else meaning.pos, "DLG043",
                    f"'meaning' of 'diversity' needs a text for '{band}'")
        else:
            settings.meaning[band] = text


def _check_entry_categories(r: Reader, item: Any, sub: Node, node: Node) -> None:
    """A follow-up's text may depend on its entry's category (`{% if entry.category == 'family' %}`):
    every category it names must be one of the network question's."""
    from dialoog.flow.expressions import entry_categories

    known = [c.value for c in node.categories]
    for key in ("text", "why"):
        text = getattr(sub, key) or ""
        if "entry" not in text:
            continue
        pos = item.at(key) if isinstance(item, YMap) else sub.pos
        for value in dict.fromkeys(entry_categories(text)):
            if known and value not in known:
                r.error(pos, "DLG026", f"{key} of '{sub.id}' names category '{value}', which is no category "
                        f"of '{node.id}' (use: {', '.join(known)})")


def _read_card(r: Reader, m: YMap, node: Node) -> None:
    node.card = r.ident(m, "card", "a card node")


def _read_deck(r: Reader, m: YMap, node: Node) -> None:
    raw = m.get("cards")
    if raw is None:
        node.deck = {}
        return
    dm = r.mapping(raw, m.at("cards"), "'cards'")
    if dm is None:
        return
    r.keys(dm, DECK_KEYS, "'cards' of a deck")
    deck: dict[str, Any] = {"pos": dm.pos}
    deck["audience"] = r.get(dm, "audience", str, "a deck")
    deck["themes"] = r.strings(dm, "themes", "a deck")
    deck["ids"] = r.strings(dm, "ids", "a deck")
    raw_ids = dm.get("ids")
    deck["ids_pos"] = list(raw_ids.item_pos) if isinstance(raw_ids, YList) else [dm.at("ids")]
    deck["limit"] = r.get(dm, "limit", int, "a deck")
    if "deal" in dm:
        deal = _read_deal(r, dm.get("deal"), dm.at("deal"))
        if deal is not None:
            deck["deal"] = deal
    node.deck = deck


def _read_deal(r: Reader, raw: Any, pos: Pos) -> dict[str, Any] | None:
    """`deal:` of a deck: the cards are chosen per person when the conversation reaches the deck
    (`dialoog.engine.dealing`): `cards` of them, plus `per_high` for every domain at level high, at most
    `max`; `prefer` maps a domain to the card themes that speak to it (the user's own signals first)."""
    dm = r.mapping(raw, pos, "'deal' of a deck")
    if dm is None:
        return None
    r.keys(dm, DEAL_KEYS, "'deal' of a deck")
    deal: dict[str, Any] = {"pos": dm.pos, "prefer_pos": dm.at("prefer") if "prefer" in dm else dm.pos}
    for key, default in (("cards", 3), ("per_high", 0), ("max", 0)):
        value = r.get(dm, key, int, "'deal' of a deck")
        if value is not None and value < 0:
            r.error(dm.at(key), "DLG057", f"'{key}' of a deal must be 0 or more, not {value}")
            value = None
        deal[key] = default if value is None else value
    if deal["max"] and deal["max"] < deal["cards"]:
        r.error(dm.at("max"), "DLG057", f"'max' of a deal ({deal['max']}) is below its 'cards' ({deal['cards']})")
    prefer: dict[str, list[str]] = {}
    if "prefer" in dm:
        pm = r.mapping(dm.get("prefer"), dm.at("prefer"), "'prefer' of a deal")
        if pm is not None:
            for key in pm:
                prefer[str(key)] = r.strings(pm, str(key), "'prefer' of a deal")
    deal["prefer"] = prefer
    return deal


_KIND_READERS = {
    "choice": _read_choice,
    "multi": _read_choice,
    "scale": _read_scale,
    "yesno": _read_yesno,
    "text": _read_text,
    "network": _read_network,
    "card": _read_card,
    "deck": _read_deck,
}


def read_module_nodes(r: Reader, raw: Any, pos: Pos, module: str) -> list[Node]:
    nodes: list[Node] = []
    items: YList = r.items(raw, pos, "'nodes'")
    for i, item in enumerate(items):
        node = read_node(r, item, items.at(i), module)
        if node is not None:
            nodes.append(node)
    return nodes
