"""Scores per domain, their levels, and the advice that applies."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from dialoog.flow.expressions import MISSING, analyse, compile_condition
from dialoog.flow.model import LEVELS, UNKNOWN, Domain, Flow, Node, Points
from dialoog.flow.scoring import OPEN_PLACEHOLDER

LEVEL_RANK = {UNKNOWN: -1, **{level: i for i, level in enumerate(LEVELS)}}
"""Levels in order; `unknown` below `low`, so no advice with a `level:` applies to it."""


def answer_points(node: Node, value: Any) -> Points:
    """The points one answer gives, per domain."""
    if value is None:
        return {}
    if node.kind == "choice":
        opt = node.option(value)
        return opt.points if opt else {}
    if node.kind == "multi":
        total: Points = {}
        for v in value:
            opt = node.option(v)
            if opt:
                for dom, pts in opt.points.items():
                    total[dom] = total.get(dom, 0.0) + pts
        return total
    if node.kind in ("scale", "yesno"):
        return node.points.get(str(value), {})
    if node.kind == "network":
        total = {}
        for entry in value:
            answers = entry.get("answers", {})
            for followup in node.followups:
                for dom, pts in answer_points(followup, answers.get(followup.id)).items():
                    total[dom] = total.get(dom, 0.0) + pts
            if node.entry_points:
                for dom, pts in entry_rule_points(node, entry).items():
                    total[dom] = total.get(dom, 0.0) + pts
        return total
    return {}


def entry_rule_points(node: Node, entry: Mapping[str, Any]) -> Points:
    """The points of a network node's entry rules (`entry_points`) for one entry: each rule whose
    condition holds for the entry's follow-up answers adds its points once."""
    answers = entry.get("answers") or {}
    context: dict[str, Any] = {f.id: answers.get(f.id, MISSING) for f in node.followups}
    context["entry"] = entry
    total: Points = {}
    for rule in node.entry_points:
        if compile_condition(rule.condition)(context):
            for dom, pts in rule.points.items():
                total[dom] = total.get(dom, 0.0) + pts
    return total


def left_open(
    flow: Flow, domain: Domain, answers: Mapping[str, Any], declined: Collection[str], skipped: Collection[str]
) -> tuple[str, ...]:
    """The deciding questions of `domain` that were left open: declined, skipped, a network map with nobody
    on it (not mapped), or a network follow-up ('network.integrity_concerns') that no entry answered. In the
    order of the domain's `deciding`."""
    if domain.unknown is None:
        return ()
    out: list[str] = []
    for node_id in domain.unknown.deciding:
        if "." in node_id:  # a network follow-up: open when no entry has an answer to it
            entries = _entries(answers, node_id)
            if entries and not any(_followup_answered(e, node_id) for e in entries):
                out.append(node_id)
            continue
        if node_id in declined or node_id in skipped:
            out.append(node_id)
            continue
        node = flow.nodes.get(node_id)
        if node is not None and node.kind == "network" and node_id in answers and not answers[node_id]:
            out.append(node_id)
    return tuple(out)


def _entries(answers: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The entries of the network question in `key` ('network.followup'); none when it is not answered."""
    value = answers.get(key.partition(".")[0])
    return value if isinstance(value, list) else []


def _followup_answered(entry: Mapping[str, Any], key: str) -> bool:
    followup = key.partition(".")[2]
    return (entry.get("answers") or {}).get(followup) is not None and followup not in (entry.get("declined") or [])


def _reached(answers: Mapping[str, Any], declined: Collection[str], skipped: Collection[str], node_id: str) -> bool:
    if "." in node_id:  # a follow-up is reached when the map has someone on it
        return bool(_entries(answers, node_id))
    return node_id in answers or node_id in declined or node_id in skipped


def no_picture(
    domain: Domain, answers: Mapping[str, Any], declined: Collection[str], skipped: Collection[str],
    open_ids: tuple[str, ...],
) -> bool:
    """Whether the answers give too little to go on for `domain` (its `unknown` rule): a question it `needs`
    was left open, or at least `mostly` of the deciding questions that were reached."""
    rule = domain.unknown
    if rule is None or not open_ids:
        return False
    if any(n in open_ids for n in rule.needs):
        return True
    reached = sum(1 for n in rule.deciding if _reached(answers, declined, skipped, n))
    return reached > 0 and len(open_ids) >= rule.mostly * reached


@dataclass(slots=True)
class Tally:
    """Scores and, per domain, which answers gave how many points."""

    scores: dict[str, float]
    contributions: dict[str, dict[str, float]]
    levels: dict[str, str] = field(default_factory=dict)
    open: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per domain, its deciding questions that were left open (see `left_open`)."""


def tally(
    flow: Flow, answers: Mapping[str, Any], declined: Collection[str] = (), skipped: Collection[str] = ()
) -> Tally:
    """Scores, contributions and levels. A domain whose score stays below `attention` is `unknown` when its
    `unknown` rule says the answers give no picture (`declined` and `skipped` are the questions left open)."""
    scores = dict.fromkeys(flow.domains, 0.0)
    contributions: dict[str, dict[str, float]] = {d: {} for d in flow.domains}
    for node_id, value in answers.items():
        node = flow.nodes.get(node_id)
        if node is None:
            continue
        for dom, pts in answer_points(node, value).items():
            if dom in scores:
                scores[dom] += pts
                if pts:
                    contributions[dom][node_id] = contributions[dom].get(node_id, 0.0) + pts
    levels: dict[str, str] = {}
    open_ids: dict[str, tuple[str, ...]] = {}
    for d, domain in flow.domains.items():
        level = domain.level(scores[d])
        left = open_ids[d] = left_open(flow, domain, answers, declined, skipped)
        if level == "low" and no_picture(domain, answers, declined, skipped, left):
            level = UNKNOWN
        levels[d] = level
    return Tally(scores, contributions, levels, open_ids)


@dataclass(frozen=True, slots=True)
class DomainResult:
    id: str
    title: str
    level: str
    score: float
    meaning: str
    because: tuple[str, ...]
    label: str = ""
    """The level in words (flows/domains.yaml `levels:`), in the session's language: every view shows this."""
    open: tuple[str, ...] = ()
    """The deciding questions left open (declined, skipped, a network map with nobody on it)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "score": self.score,
            "because": list(self.because),
            "title": self.title,
            "label": self.label,
            "open": list(self.open),
        }


@dataclass(frozen=True, slots=True)
class AdviceResult:
    id: str
    domain: str
    title: str
    why: str
    risks: str
    steps: tuple[str, ...]
    contacts: tuple[str, ...]
    source: str | None
    priority: int
    because: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "domain": self.domain, "title": self.title, "because": list(self.because)}


@dataclass(frozen=True, slots=True)
class Summary:
    domains: tuple[DomainResult, ...]
    advice: tuple[AdviceResult, ...]

    def as_json(self) -> dict[str, Any]:
        return {"domains": [d.as_json() for d in self.domains], "advice": [a.as_json() for a in self.advice]}


def domain_result(domain: Domain, result: Tally, t: Callable[[str], str], because: tuple[str, ...]) -> DomainResult:
    """One domain's outcome in the session's language; an `unknown` meaning names the open topics in words."""
    level = result.levels[domain.id]
    open_ids = result.open.get(domain.id, ())
    meaning = t(domain.meaning.get(level, ""))
    if level == UNKNOWN and domain.unknown is not None:
        topics = ", ".join(t(domain.unknown.deciding[n]) for n in open_ids)
        meaning = OPEN_PLACEHOLDER.sub(lambda _m: topics, meaning)
    return DomainResult(
        id=domain.id,
        title=t(domain.title),
        level=level,
        score=result.scores[domain.id],
        meaning=meaning,
        because=because,
        label=t(domain.labels.get(level, level)),
        open=open_ids,
    )


def summarise(
    flow: Flow,
    result: Tally,
    context: Mapping[str, Any],
    answered: set[str],
    audience: str | None,
    t: Callable[[str], str],
) -> Summary:
    """The summary: every domain with its level, and the advice that applies, most important first."""
    order = {node_id: i for i, node_id in enumerate(flow.nodes)}

    def ordered(ids: set[str]) -> tuple[str, ...]:
        return tuple(sorted(ids, key=lambda n: order.get(n, len(order))))

    domains = tuple(
        domain_result(d, result, t, ordered(set(result.contributions[d.id]))) for d in flow.domains.values()
    )
    chosen: list[tuple[tuple[int, int, int], AdviceResult]] = []
    for index, adv in enumerate(flow.advice):
        level = result.levels.get(adv.domain)
        if level is None:
            continue
        if adv.level is not None and LEVEL_RANK[level] < LEVEL_RANK[adv.level]:
            continue
        because: set[str] = set()
        if adv.condition:
            if not compile_condition(adv.condition)(context):
                continue
            names = analyse(adv.condition)
            because |= names.answers & answered
            if "declined" in names.context:  # an item about what was declined cites those questions
                because |= set(context.get("declined") or ())
        if adv.level is not None or not because:
            because |= set(result.contributions[adv.domain])
        contacts = adv.contacts.get(audience or "", adv.contacts.get("default", []))
        chosen.append(
            (
                (adv.priority, -LEVEL_RANK[level], index),
                AdviceResult(
                    id=adv.id,
                    domain=adv.domain,
                    title=t(adv.title),
                    why=t(adv.why),
                    risks=t(adv.risks),
                    steps=tuple(t(s) for s in adv.steps),
                    contacts=tuple(t(c) for c in contacts),
                    source=t(adv.source) if adv.source else None,
                    priority=adv.priority,
                    because=ordered(because),
                ),
            )
        )
    chosen.sort(key=lambda pair: pair[0])
    return Summary(domains, tuple(a for _, a in chosen))
