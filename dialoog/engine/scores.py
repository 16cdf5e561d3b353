"""Scores per domain, their levels, and the advice that applies."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dialoog.flow.expressions import analyse, compile_condition
from dialoog.flow.model import LEVELS, Flow, Node, Points

LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}


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
            for followup in node.followups:
                for dom, pts in answer_points(followup, entry.get("answers", {}).get(followup.id)).items():
                    total[dom] = total.get(dom, 0.0) + pts
        return total
    return {}


@dataclass(slots=True)
class Tally:
    """Scores and, per domain, which answers gave how many points."""

    scores: dict[str, float]
    contributions: dict[str, dict[str, float]]
    levels: dict[str, str] = field(default_factory=dict)


def tally(flow: Flow, answers: Mapping[str, Any]) -> Tally:
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
    levels = {d: flow.domains[d].level(s) for d, s in scores.items()}
    return Tally(scores, contributions, levels)


@dataclass(frozen=True, slots=True)
class DomainResult:
    id: str
    title: str
    level: str
    score: float
    meaning: str
    because: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "level": self.level, "score": self.score, "because": list(self.because)}


@dataclass(frozen=True, slots=True)
class Referral:
    """Whom an advice item refers the user to, in the user's language: what they are for, how to reach them.

    Content that names its contacts in words (no flows/contacts.yaml) gives a referral with a name only.
    """

    name: str
    id: str | None = None
    remit: str = ""
    reach: str = ""
    url: str | None = None
    source: str = ""
    checked: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "remit": self.remit, "reach": self.reach, "url": self.url,
                "source": self.source, "checked": self.checked}


def referrals(flow: Flow, ids: list[str], t: Callable[[str], str]) -> tuple[Referral, ...]:
    """The contacts named by `ids` (flows/contacts.yaml); an entry that is no contact id is a name in words."""
    out: list[Referral] = []
    for entry in ids:
        c = flow.contacts.get(entry)
        if c is None:
            out.append(Referral(t(entry)))
        else:
            out.append(Referral(t(c.name), c.id, t(c.remit), t(c.reach), c.url, t(c.source), c.checked))
    return tuple(out)


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
    referrals: tuple[Referral, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "domain": self.domain, "title": self.title, "because": list(self.because),
                "contacts": list(self.contacts), "referrals": [r.as_json() for r in self.referrals]}


@dataclass(frozen=True, slots=True)
class Summary:
    domains: tuple[DomainResult, ...]
    advice: tuple[AdviceResult, ...]

    def as_json(self) -> dict[str, Any]:
        return {"domains": [d.as_json() for d in self.domains], "advice": [a.as_json() for a in self.advice]}


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
        DomainResult(
            id=d.id,
            title=t(d.title),
            level=result.levels[d.id],
            score=result.scores[d.id],
            meaning=t(d.meaning.get(result.levels[d.id], "")),
            because=ordered(set(result.contributions[d.id])),
        )
        for d in flow.domains.values()
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
            because |= analyse(adv.condition).answers & answered
        if adv.level is not None or not because:
            because |= set(result.contributions[adv.domain])
        refer = referrals(flow, adv.contacts.get(audience or "", adv.contacts.get("default", [])), t)
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
                    contacts=tuple(r.name for r in refer),
                    source=t(adv.source) if adv.source else None,
                    priority=adv.priority,
                    because=ordered(because),
                    referrals=refer,
                ),
            )
        )
    chosen.sort(key=lambda pair: pair[0])
    return Summary(domains, tuple(a for _, a in chosen))
