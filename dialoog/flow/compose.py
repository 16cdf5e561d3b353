"""Composing modules into a runnable flow: decks expanded, routes resolved, graph checked."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dialoog.flow.expressions import CONTEXT_NAMES, ConditionError, analyse
from dialoog.flow.model import FINISH, Card, Flow, Module, Node, Route
from dialoog.flow.problems import Pos, did_you_mean
from dialoog.flow.reader import Reader

if TYPE_CHECKING:
    from dialoog.flow.library import Library


ROLE = "role"
"""`audience: role` in a deck: the user's own audience, known only when the conversation runs."""


def deck_cards(deck: dict[str, Any], cards: dict[str, Card], limited: bool = True) -> list[Card]:
    """The cards a deck filter selects, in the order they are offered.

    With `limited=False` every matching card is returned, in the same order: the
    engine applies the limit while the conversation runs, passing over cards the
    user already saw and, for `audience: role`, cards for other audiences.
    """
    audience = deck.get("audience")
    if audience == ROLE:
        audience = None
    themes: set[str] = set(deck.get("themes") or [])  # lists of ids, checked when the deck was read
    ids: list[str] = list(deck.get("ids") or [])
    pool = [cards[i] for i in ids if i in cards] if ids else list(cards.values())
    chosen = [c for c in pool if (not audience or audience in c.audiences) and (not themes or themes & set(c.themes))]
    limit = deck.get("limit")
    if not isinstance(limit, int) or limit <= 0:
        return chosen
    if not ids:  # an explicit list keeps its order
        if themes:  # cards that are mainly about the asked themes first
            chosen.sort(key=lambda c: not (c.themes and c.themes[0] in themes))
        chosen = _varied(chosen)
    return chosen[:limit] if limited else chosen


def _varied(cards: list[Card]) -> list[Card]:
    """Cards in rounds over their first theme, so a limited deck shows different themes first."""
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(card.themes[0] if card.themes else "", []).append(card)
    out: list[Card] = []
    while len(out) < len(cards):
        for group in groups.values():
            if group:
                out.append(group.pop(0))
    return out


def _expand(r: Reader, module: Module, cards: dict[str, Card]) -> tuple[list[Node], dict[str, str]]:
    """Replace deck nodes by one card node per selected card; returns nodes and aliases."""
    out: list[Node] = []
    aliases: dict[str, str] = {}
    for node in module.nodes:
        if node.kind != "deck":
            out.append(node)
            continue
        ids_pos: list[Pos] = node.deck.get("ids_pos") or []
        for i, card_id in enumerate(node.deck.get("ids") or []):
            if card_id not in cards:
                where = ids_pos[i] if i < len(ids_pos) else node.deck.get("pos", node.pos)
                hint = did_you_mean(card_id, cards)
                r.error(where, "DLG017", f"deck '{node.id}' names unknown card '{card_id}'{hint}")
        chosen = deck_cards(node.deck, cards, limited=False)
        if not chosen:
            r.error(node.deck.get("pos", node.pos), "DLG017", f"deck '{node.id}' selects no cards")
            out.append(replace(node, kind="message"))
            continue
        aliases[node.id] = f"{node.id}__{chosen[0].id}"
        for i, card in enumerate(chosen):
            last = i == len(chosen) - 1
            out.append(
                Node(
                    id=f"{node.id}__{card.id}",
                    kind="card",
                    module=module.id,
                    pos=node.pos,
                    card=card.id,
                    deck_id=node.id,
                    deck={"limit": node.deck.get("limit"), "audience": node.deck.get("audience"), "index": i,
                          **({"deal": node.deck["deal"]} if "deal" in node.deck else {})},
                    when=node.when,
                    when_pos=node.when_pos,
                    routes=list(node.routes) if last else [],
                )
            )
    return out, aliases


MAX_FLOW_NODES = 1_000
"""Nodes in one composed flow (the program's largest flow has fewer than 100)."""


def compose(
    r: Reader,
    flow_id: str,
    title: str,
    description: str,
    modules: list[Module],
    lib: Library,
    content_hash: str,
    path: str,
) -> Flow | None:
    expanded: list[tuple[Module, list[Node]]] = []
    aliases: dict[str, str] = {}
    for module in modules:
        nodes, module_aliases = _expand(r, module, lib.cards)
        expanded.append((module, nodes))
        aliases.update(module_aliases)

    all_nodes: dict[str, Node] = {}
    for i, (module, nodes) in enumerate(expanded):
        kept: list[Node] = []
        for node in nodes:
            if node.id in all_nodes:
                first = all_nodes[node.id].pos
                r.error(node.pos, "DLG008", f"duplicate id '{node.id}' (first at {first.path}:{first.line})")
                continue
            all_nodes[node.id] = node
            kept.append(node)
        expanded[i] = (module, kept)
    if not all_nodes:
        return None
    if len(all_nodes) > MAX_FLOW_NODES:
        r.error(
            Pos(path),
            "DLG030",
            f"the flow has {len(all_nodes):,} nodes (its decks expanded): at most {MAX_FLOW_NODES:,} are allowed",
        )
        return None

    def module_end(index: int) -> str:
        for _, later in expanded[index + 1 :]:
            if later:
                return later[0].id
        return FINISH

    resolved: dict[str, Node] = {}
    for index, (_module, nodes) in enumerate(expanded):
        for pos_in, node in enumerate(nodes):
            fallthrough = nodes[pos_in + 1].id if pos_in + 1 < len(nodes) else module_end(index)
            routes: list[Route] = []
            for route in node.routes:
                target = route.target
                if target == "end":
                    target = module_end(index)
                elif target == "finish":
                    target = FINISH
                else:
                    target = aliases.get(target, target)
                    if target not in all_nodes:
                        hint = did_you_mean(route.target, [*all_nodes, *aliases, "end", "finish"])
                        r.error(route.pos, "DLG009",
                                f"route from '{node.id}' goes to unknown node '{route.target}'{hint}")
                        continue
                routes.append(replace(route, target=target))
            if node.kind == "end":
                routes = []
            elif not routes or routes[-1].answer is not None or routes[-1].condition is not None:
                routes.append(Route(target=fallthrough, pos=node.pos))
            resolved[node.id] = replace(node, routes=routes)

    flow = Flow(
        id=flow_id,
        title=title,
        description=description,
        modules=[replace(m, nodes=[resolved[n.id] for n in nodes if n.id in resolved]) for m, nodes in expanded],
        nodes=resolved,
        start=next(iter(resolved)),
        domains=lib.domains,
        advice=lib.advice,
        cards=lib.cards,
        role_audience=lib.role_audience,
        content_hash=content_hash,
        path=path,
        role_question=lib.role_question,
        topic_names=lib.topic_names,
        contacts=lib.contacts,
        starters=lib.starters,
    )
    _check_graph(r, flow)
    _check_nodes(r, flow, lib)
    return flow


def _check_graph(r: Reader, flow: Flow) -> None:
    seen = {flow.start}
    queue = deque([flow.start])
    while queue:
        for route in flow.nodes[queue.popleft()].routes:
            if route.target != FINISH and route.target not in seen:
                seen.add(route.target)
                queue.append(route.target)
    for node in flow.nodes.values():
        if node.id not in seen and node.deck_id is None:
            r.error(node.pos, "DLG010", f"node '{node.id}' can never be reached")
    # dead ends: nodes from which no end can be reached
    incoming: dict[str, list[str]] = {n: [] for n in flow.nodes}
    incoming[FINISH] = []
    for node in flow.nodes.values():
        for route in node.routes:
            incoming[route.target].append(node.id)
    ok = {FINISH} | {n.id for n in flow.nodes.values() if n.kind == "end"}
    queue = deque(ok)
    while queue:
        for source in incoming[queue.popleft()]:
            if source not in ok:
                ok.add(source)
                queue.append(source)
    for node in flow.nodes.values():
        if node.id not in ok and node.id in seen:
            r.error(node.pos, "DLG011", f"node '{node.id}' leads into a loop that never reaches an end")


def known_answer_names(lib: Library) -> set[str]:
    names: set[str] = set()
    for module in lib.modules.values():
        names.update(n.id for n in module.nodes if n.is_question or n.kind == "deck")
    return names


def check_expression(r: Reader, source: str, pos: Pos, answer_names: set[str], domains: set[str]) -> set[str]:
    """Report syntax errors and unknown names; returns the answer names used."""
    try:
        names = analyse(source)
    except ConditionError as exc:
        r.error(Pos(pos.path, pos.line + exc.line - 1, pos.col), "DLG013", f"cannot read condition '{source}': {exc}")
        return set()
    for name in sorted(names.answers - answer_names - CONTEXT_NAMES):
        hint = did_you_mean(name, answer_names | domains)
        r.error(pos, "DLG014", f"condition '{source}' names '{name}', which is no question id{hint}")
    for name in sorted(names.domains - domains):
        r.error(pos, "DLG015", f"condition '{source}' names unknown domain '{name}'{did_you_mean(name, domains)}")
    return set(names.answers)


ENTRY_ANSWER = re.compile(r"\bentry\.answers\.([A-Za-z_][A-Za-z0-9_]*)")


def followup_ids(lib: Library) -> set[str]:
    """The ids of every follow-up question of a network node."""
    return {f.id for module in lib.modules.values() for n in module.nodes for f in n.followups}


def check_entry_rule(r: Reader, node: Node, source: str, pos: Pos, domains: set[str]) -> None:
    """An entry rule of a network node speaks of one entry: its follow-ups' answers and `entry`."""
    followups = {f.id for f in node.followups} | {"entry"}
    try:
        names = analyse(source)
    except ConditionError as exc:
        r.error(Pos(pos.path, pos.line + exc.line - 1, pos.col), "DLG013", f"cannot read condition '{source}': {exc}")
        return
    for name in sorted(names.answers - followups):
        r.error(pos, "DLG036", f"entry rule '{source}' names '{name}', which is no follow-up of '{node.id}'")
    for name in sorted(names.context):
        r.error(pos, "DLG036", f"entry rule '{source}' names '{name}': an entry rule sees only its entry's answers")


def check_followup_conditions(r: Reader, node: Node, answer_names: set[str], domains: set[str]) -> None:
    """A follow-up's `when` speaks of its entry: the answers to the follow-ups before it (by id), `entry`,
    and the scan's context (question ids, `role_audience`, `scores`, ...). DLG060: it cannot be read;
    DLG061: it names something unknown; DLG062: it names itself or a follow-up asked after it."""
    ids = [f.id for f in node.followups]
    for index, followup in enumerate(node.followups):
        if not followup.when:
            continue
        source = followup.when
        pos = followup.when_pos or followup.pos
        try:
            names = analyse(source)
        except ConditionError as exc:
            r.error(Pos(pos.path, pos.line + exc.line - 1, pos.col), "DLG060",
                    f"cannot read the condition of follow-up '{followup.id}': '{source}': {exc}")
            continue
        earlier = set(ids[:index])
        for name in sorted(names.answers):
            if name in earlier or name == "entry":
                continue
            if name in ids:
                where = "itself" if name == followup.id else "a follow-up asked after it"
                r.error(pos, "DLG062", f"the condition of follow-up '{followup.id}' names '{name}', {where}: "
                        "a condition can only use the answers to the follow-ups before it")
            elif name not in answer_names and name not in CONTEXT_NAMES:
                hint = did_you_mean(name, earlier | answer_names | {"entry"})
                r.error(pos, "DLG061", f"the condition of follow-up '{followup.id}' names '{name}', which is no "
                        f"earlier follow-up of '{node.id}' and no question id{hint}")
        for name in sorted(names.domains - domains):
            r.error(pos, "DLG061", f"the condition of follow-up '{followup.id}' names unknown domain '{name}'"
                    f"{did_you_mean(name, domains)}")


def check_domain_rules(r: Reader, lib: Library) -> None:
    """The questions a domain's `unknown` rule names exist (a network follow-up as 'network.followup')."""
    names = {n.id for m in lib.modules.values() for n in m.nodes if n.is_question}
    names |= {f"{n.id}.{f.id}" for m in lib.modules.values() for n in m.nodes for f in n.followups}
    for dom in lib.domains.values():
        if dom.unknown is None:
            continue
        for node_id in dom.unknown.deciding:
            if node_id not in names:
                r.error(
                    dom.pos, "DLG036", f"the 'unknown' rule of '{dom.id}' names '{node_id}', which is no question id"
                )


def signalled_domains(node: Node) -> list[str]:
    """The domains a network entry of `node` can have a risk signal in: its follow-ups' points and its entry
    rules', in that order, each once."""
    found: list[str] = []
    for followup in node.followups:
        for points in [o.points for o in followup.options] + list(followup.points.values()):
            found.extend(d for d, v in points.items() if v > 0)
    for rule in node.entry_points:
        found.extend(d for d, v in rule.points.items() if v > 0)
    return list(dict.fromkeys(found))


def check_map_marks(r: Reader, node: Node, lib: Library) -> None:
    """Every domain a network entry can signal has a `mark` (its letter on the map)."""
    for dom_id in signalled_domains(node):
        domain = lib.domains.get(dom_id)
        if domain is not None and domain.mark is None:
            r.error(domain.pos, "DLG042", f"domain '{dom_id}' needs a 'mark' (one capital letter): entries of "
                    f"'{node.id}' can have a risk signal in it, and the network map marks it with that letter")


def check_advice(r: Reader, lib: Library) -> None:
    """Advice names known domains, known advice ids in `replaces`, known nodes in `topic_names`, and has
    readable conditions (its `if`, its `entries` condition on one network entry, its steps' `if`)."""
    names = known_answer_names(lib)
    domains = set(lib.domains)
    followups = followup_ids(lib)
    ids = {a.id for a in lib.advice}
    for adv in lib.advice:
        if adv.domain not in lib.domains:
            r.error(adv.pos, "DLG015",
                    f"advice '{adv.id}' names unknown domain '{adv.domain}'{did_you_mean(adv.domain, lib.domains)}")
        if adv.condition and adv.condition_pos:
            check_expression(r, adv.condition, adv.condition_pos, names, domains)
        if adv.entries and adv.entries_pos:
            check_expression(r, adv.entries, adv.entries_pos, names | {"entry"}, domains)
            for followup in sorted(set(ENTRY_ANSWER.findall(adv.entries)) - followups):
                r.error(adv.entries_pos, "DLG014",
                        f"'entries' of '{adv.id}' names '{followup}', which is no follow-up id")
        for step in adv.steps:
            if step.condition:  # an item about network entries: its steps also see `entries`, the entries it is about
                check_expression(r, step.condition, step.pos, names | ({"entries"} if adv.entries else set()), domains)
        for other in adv.replaces:
            if other not in ids or other == adv.id:
                r.error(adv.replaces_pos or adv.pos, "DLG026",
                        f"'replaces' of '{adv.id}' names '{other}', which is no other advice id"
                        f"{did_you_mean(other, ids - {adv.id})}")
    topic_nodes = names | followups
    for node_id in sorted(set(lib.topic_names) - topic_nodes):
        r.error(lib.topic_pos.get(node_id, Pos(str(lib.flows_dir / "advice.yaml"))), "DLG014",
                f"'topic_names' names '{node_id}', which is no question id{did_you_mean(node_id, topic_nodes)}")


def check_deal(r: Reader, deal: dict[str, Any], lib: Library) -> None:
    """A deck's `deal:` names known domains and known card themes in its `prefer` table (DLG057)."""
    pos: Pos = deal.get("prefer_pos") or deal.get("pos") or Pos(str(lib.flows_dir))
    themes = set(lib.themes) or {t for c in lib.cards.values() for t in c.themes}
    for domain, wanted in (deal.get("prefer") or {}).items():
        if domain not in lib.domains:
            r.error(pos, "DLG057",
                    f"'prefer' of a deal names unknown domain '{domain}'{did_you_mean(domain, lib.domains)}")
        for theme in wanted:
            if theme not in themes:
                r.error(pos, "DLG057", f"'prefer' of a deal gives '{domain}' unknown theme '{theme}'"
                        f"{did_you_mean(theme, themes)} (the themes are in flows/themes.yaml)")


def _check_nodes(r: Reader, flow: Flow, lib: Library) -> None:
    check_advice(r, lib)
    check_domain_rules(r, lib)
    answer_names = known_answer_names(lib)
    domains = set(lib.domains)
    for node in flow.nodes.values():
        if node.when and node.when_pos:
            check_expression(r, node.when, node.when_pos, answer_names, domains)
        for route in node.routes:
            if route.condition:
                check_expression(r, route.condition, route.pos, answer_names, domains)
            if route.answer is not None and node.kind in ("choice", "multi") and node.option(route.answer) is None:
                r.error(route.pos, "DLG026", f"route answer '{route.answer}' is not an option of '{node.id}'")
            if route.answer is not None and node.kind == "yesno" and route.answer not in ("yes", "no"):
                r.error(route.pos, "DLG026", f"route answer of yes/no question '{node.id}' must be yes or no")
        if node.deck_id is not None and node.deck.get("index") == 0 and node.deck.get("deal"):
            check_deal(r, node.deck["deal"], lib)
        if node.kind == "card" and node.card and node.card not in lib.cards:
            r.error(node.pos, "DLG017", f"unknown card '{node.card}'{did_you_mean(node.card, lib.cards)}")
        if node.map is not None:
            check_map_marks(r, node, lib)
        if node.followups:
            check_followup_conditions(r, node, answer_names, domains)
        for rule in node.entry_points:
            check_entry_rule(r, node, rule.condition, rule.pos, domains)
            for dom in rule.points:
                if dom not in domains:
                    r.error(rule.pos, "DLG015", f"points for unknown domain '{dom}' in an entry rule of '{node.id}'"
                            f"{did_you_mean(dom, domains)}")
        for question in [node, *node.followups]:
            pts = [o.points for o in question.options] + list(question.points.values())
            for points in pts:
                for dom in points:
                    if dom not in domains:
                        r.error(question.pos, "DLG015", f"points for unknown domain '{dom}' in '{question.id}'"
                                f"{did_you_mean(dom, domains)}")
