"""Scores per domain, their levels, and the advice that applies."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from dialoog.engine.conditions import remembered
from dialoog.flow.expressions import MISSING, analyse, compile_condition
from dialoog.flow.model import LEVELS, UNKNOWN, Advice, Domain, EntryPoints, Flow, Node, Points
from dialoog.flow.scoring import OPEN_PLACEHOLDER
from dialoog.render import UserText

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
        for dom, pts in map_points(node, value).items():
            total[dom] = total.get(dom, 0.0) + pts
        return total
    return {}


def blau(categories: Iterable[str]) -> float:
    """Blau's index of a list of categories: 1 - sum p_i^2 (0 for an empty list)."""
    counts = Counter(categories)
    n = sum(counts.values())
    if n == 0:
        return 0.0
    return 1.0 - sum((c / n) ** 2 for c in counts.values())


def map_band(node: Node, entries: Any) -> str:
    """The diversity band of a network answer (`empty`, `narrow`, `mixed`, `varied`; see `map:`)."""
    settings = node.map
    cats = [str(e.get("category")) for e in entries or [] if isinstance(e, Mapping)]
    if settings is None or not cats:
        return "empty"
    index = blau(cats)
    if index < settings.thresholds["mixed"]:
        return "narrow"
    return "mixed" if index < settings.thresholds["varied"] else "varied"


def map_points(node: Node, entries: Any) -> Points:
    """The points the map's diversity gives (`map.diversity.points`): none for an empty map or one with fewer
    entries than `min_entries`."""
    settings = node.map
    if settings is None or not settings.points or not isinstance(entries, list):
        return {}
    if len(entries) < settings.min_entries:
        return {}
    return dict(settings.points.get(map_band(node, entries), {}))


def holding_rules(node: Node, entry: Mapping[str, Any]) -> Iterator[tuple[int, EntryPoints]]:
    """The entry rules (`entry_points`) of a network node whose condition holds for one entry's follow-up
    answers, with their index."""
    answers = entry.get("answers") or {}
    context: dict[str, Any] = {f.id: answers.get(f.id, MISSING) for f in node.followups}
    context["entry"] = entry
    for index, rule in enumerate(node.entry_points):
        if remembered(rule.condition, context):
            yield index, rule


def entry_rule_points(node: Node, entry: Mapping[str, Any]) -> Points:
    """The points of a network node's entry rules for one entry: each rule that holds adds its points once."""
    total: Points = {}
    for _, rule in holding_rules(node, entry):
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
    """Has `entry` an answer to the follow-up in `key`? A follow-up not asked about the entry (its `when` did
    not hold: the screening questions found nothing to ask about) is no open question either, unless the
    entry has a declined follow-up (a 'prefer not to say' on a screening question leaves its details open)."""
    followup = key.partition(".")[2]
    answers = entry.get("answers") or {}
    if followup not in answers:
        return not entry.get("declined")
    return answers[followup] is not None and followup not in (entry.get("declined") or [])


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


def scores_anything(flow: Flow) -> bool:
    """Does any answer in `flow` give points? A flow that scores nothing (the weighing framework, the
    practice deck) has no summary of levels and advice to show."""
    for node in flow.nodes.values():
        for question in (node, *node.followups):
            if question.points or any(option.points for option in question.options):
                return True
        if node.entry_points:
            return True
    return False


TOP = 3  # the summary opens with at most this many actions
MAX_REASONS = 3  # "because" names at most this many answers
ENTRY_ANSWER = re.compile(r"\bentry\.answers\.([A-Za-z_][A-Za-z0-9_]*)")


class AnswerWords(Protocol):
    """How a front end's session puts an answer into words (the session's language)."""

    def describe(self, node_id: str) -> str: ...

    def describe_followup(self, node_id: str, entry_index: int, followup: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Reason:
    """One answer that decided an advice item: its topic and the answer, in words. For a follow-up about a
    network entry, `entry` is the entry's name as the user gave it (plain text, never markup)."""

    node: str
    topic: str
    answer: str
    entry: str | None = None
    followup: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"node": self.node, "topic": self.topic, "answer": self.answer}
        if self.entry is not None:
            out["entry"] = self.entry
            out["followup"] = self.followup
        return out


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
    strength: int = 0
    about: tuple[str, ...] = ()  # the network entries the item is about, by the names the user gave
    reasons: tuple[Reason, ...] = ()  # `because` in words
    merged: tuple[str, ...] = ()  # the ids of the items this one replaced
    referrals: tuple[Referral, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "domain": self.domain,
            "title": self.title,
            "because": list(self.because),
            "because_words": [r.as_json() for r in self.reasons],
            "about": list(self.about),
            "strength": self.strength,
            "merged": list(self.merged),
            "contacts": list(self.contacts),
            "referrals": [r.as_json() for r in self.referrals],
        }


@dataclass(frozen=True, slots=True)
class Summary:
    domains: tuple[DomainResult, ...]
    advice: tuple[AdviceResult, ...]  # the top actions first, then the rest grouped by domain
    top: tuple[str, ...] = ()  # the ids of the main actions (at most TOP), most important first
    topic_names: Mapping[str, str] = field(default_factory=dict)  # node id -> its topic in words (translated)

    def as_json(self) -> dict[str, Any]:
        return {
            "domains": [d.as_json() for d in self.domains],
            "top": list(self.top),
            "advice": [a.as_json() for a in self.advice],
        }

    @property
    def top_advice(self) -> tuple[AdviceResult, ...]:
        return tuple(a for a in self.advice if a.id in self.top)

    @property
    def rest(self) -> tuple[AdviceResult, ...]:
        return tuple(a for a in self.advice if a.id not in self.top)

    def rest_by_domain(self) -> list[tuple[DomainResult, tuple[AdviceResult, ...]]]:
        """The advice after the top actions, grouped by domain (in the order of the domains)."""
        rest = self.rest
        groups = [(d, tuple(a for a in rest if a.domain == d.id)) for d in self.domains]
        return [(d, items) for d, items in groups if items]


@dataclass(slots=True)
class _Applies:
    """An advice item that applies, before merging: the entries it is about, as (node id, index)."""

    advice: Advice
    index: int
    level: str
    entries: list[tuple[str, int]]
    merged: list[str] = field(default_factory=list)

    def rank(self) -> tuple[int, int, int, int]:
        return (-self.advice.strength, -LEVEL_RANK.get(self.level, -1), self.advice.priority, self.index)


def _rule_context(node: Node, entry: Mapping[str, Any], keep: set[str]) -> dict[str, Any]:
    """What an entry rule of `node` sees for `entry`, with only the follow-up answers in `keep`."""
    answers = entry.get("answers") or {}
    context: dict[str, Any] = {f.id: answers.get(f.id, MISSING) if f.id in keep else MISSING for f in node.followups}
    context["entry"] = entry
    return context


def _entry_context(context: Mapping[str, Any], entry: Any) -> dict[str, Any]:
    return {**context, "entry": entry}


def _matching_entries(flow: Flow, adv: Advice, context: Mapping[str, Any]) -> list[tuple[str, int]]:
    assert adv.entries is not None
    test = compile_condition(adv.entries)
    found: list[tuple[str, int]] = []
    for node in flow.nodes.values():
        if node.kind != "network":
            continue
        value = context.get(node.id)
        if not isinstance(value, list):
            continue
        found += [(node.id, i) for i, e in enumerate(value) if isinstance(e, dict) and test(_entry_context(context, e))]
    return found


def _sufficient(names: list[str], holds: Callable[[set[str]], bool]) -> list[str]:
    """The answers among `names` (most important first) that decided a condition that holds: those without
    which it fails; if they do not make it hold on their own, each other answer that does so together with
    them (so both sides of an `or` that are true are named); if none does, a smallest set found by leaving
    out, least important first, each answer without which the condition still holds."""
    needed = [n for n in names if not holds(set(names) - {n})]
    if holds(set(needed)):
        return needed
    helping = [n for n in names if n not in needed and holds({*needed, n})]
    if helping:
        return [n for n in names if n in needed or n in helping]
    kept = list(names)
    for name in reversed(names):
        trial = set(kept) - {name}
        if holds(trial):
            kept.remove(name)
    return kept


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
    words: AnswerWords | None = None,
) -> Summary:
    """The summary: every domain with its level, and the advice that applies.

    Which advice: every item whose `level` the domain reaches and whose conditions hold; then merged: of a
    domain's level-only items only the one for the highest level stays, and an item that applies leaves out
    the items it `replaces` (for items about network entries, only the entries it covers). The order: the
    top actions first (at most TOP: by strength of the signal, then the domain's level, then priority),
    then the rest grouped by domain. Each item names the one to three answers that decided it.
    """
    order = {node_id: i for i, node_id in enumerate(flow.nodes)}

    def ordered(ids: set[str]) -> tuple[str, ...]:
        return tuple(sorted(ids, key=lambda n: order.get(n, len(order))))

    domains = tuple(
        domain_result(d, result, t, ordered(set(result.contributions[d.id]))) for d in flow.domains.values()
    )
    applies: list[_Applies] = []
    for index, adv in enumerate(flow.advice):
        level = result.levels.get(adv.domain)
        if level is None:
            continue
        if adv.level is not None and LEVEL_RANK.get(level, -1) < LEVEL_RANK[adv.level]:
            continue
        if adv.condition and not compile_condition(adv.condition)(context):
            continue
        entries = _matching_entries(flow, adv, context) if adv.entries else []
        if adv.entries and not entries:
            continue
        applies.append(_Applies(adv, index, level, entries))
    shown = _merge(applies)
    shown.sort(key=_Applies.rank)
    top = [a.advice.id for a in shown[:TOP]]
    rest = shown[TOP:]
    domain_order = {d: i for i, d in enumerate(flow.domains)}
    rest.sort(key=lambda a: (domain_order.get(a.advice.domain, len(domain_order)), a.rank()))
    items = tuple(_result(flow, a, result, context, answered, audience, t, words, order) for a in shown[:TOP] + rest)
    return Summary(domains, items, tuple(top), {k: t(v) for k, v in flow.topic_names.items()})


def _merge(applies: list[_Applies]) -> list[_Applies]:
    """Leave out what other applying items cover: lower-level items of a domain, and what `replaces` names."""
    highest: dict[str, int] = {}
    for a in applies:
        if _level_only(a.advice):
            highest[a.advice.domain] = max(highest.get(a.advice.domain, -1), LEVEL_RANK[a.advice.level or "low"])
    dropped: set[str] = set()
    for a in applies:
        if _level_only(a.advice) and LEVEL_RANK[a.advice.level or "low"] < highest[a.advice.domain]:
            dropped.add(a.advice.id)
            winner = next(b for b in applies if _level_only(b.advice) and b.advice.domain == a.advice.domain
                          and LEVEL_RANK[b.advice.level or "low"] == highest[a.advice.domain])
            winner.merged.append(a.advice.id)
    by_id = {a.advice.id: a for a in applies}
    for a in sorted(applies, key=_Applies.rank):
        if a.advice.id in dropped:
            continue
        for other_id in a.advice.replaces:
            other = by_id.get(other_id)
            if other is None or other_id in dropped:
                continue
            if a.advice.entries and other.advice.entries:
                other.entries = [e for e in other.entries if e not in a.entries]
                if other.entries:
                    continue
            dropped.add(other_id)
            a.merged.append(other_id)
    return [a for a in applies if a.advice.id not in dropped]


def _level_only(adv: Advice) -> bool:
    return adv.level is not None and adv.condition is None and adv.entries is None


def _result(
    flow: Flow,
    a: _Applies,
    result: Tally,
    context: Mapping[str, Any],
    answered: set[str],
    audience: str | None,
    t: Callable[[str], str],
    words: AnswerWords | None,
    order: Mapping[str, int],
) -> AdviceResult:
    adv = a.advice
    reasons = _reasons(flow, a, result, context, answered, t, words, order)
    refer = referrals(flow, adv.contacts.get(audience or "", adv.contacts.get("default", [])), t)
    step_context = {**context, "entries": [context[n][i] for n, i in a.entries]} if adv.entries else context
    steps = tuple(t(s.text) for s in adv.steps if s.condition is None or compile_condition(s.condition)(step_context))
    about: list[str] = []
    for node_id, i in a.entries:
        name = UserText(str(context[node_id][i].get("name", "")))
        if name not in about:
            about.append(name)
    because: list[str] = []
    for r in reasons:
        if r.node not in because:
            because.append(r.node)
    return AdviceResult(
        id=adv.id,
        domain=adv.domain,
        title=t(adv.title),
        why=t(adv.why),
        risks=t(adv.risks),
        steps=steps,
        contacts=tuple(r.name for r in refer),
        source=t(adv.source) if adv.source else None,
        priority=adv.priority,
        because=tuple(because),
        strength=adv.strength,
        about=tuple(about),
        reasons=tuple(reasons),
        merged=tuple(a.merged),
        referrals=refer,
    )


def _reasons(
    flow: Flow,
    a: _Applies,
    result: Tally,
    context: Mapping[str, Any],
    answered: set[str],
    t: Callable[[str], str],
    words: AnswerWords | None,
    order: Mapping[str, int],
) -> list[Reason]:
    """The one to three answers that decided an item, in words."""
    adv = a.advice
    weight = result.contributions.get(adv.domain, {})

    def importance(node_id: str) -> tuple[float, int]:
        return (-weight.get(node_id, 0.0), order.get(node_id, len(order)))

    def topic(node_id: str) -> str:
        name = flow.topic_names.get(node_id)
        return t(name) if name else node_id

    def plain(node_id: str) -> Reason:
        answer = words.describe(node_id) if words else str(context.get(node_id, ""))
        return Reason(node_id, topic(node_id), UserText(answer))

    nodes: list[str] = []
    if adv.condition:
        names = analyse(adv.condition)
        test = compile_condition(adv.condition)
        candidates = sorted(names.answers & answered, key=importance)
        if candidates:
            def holds(keep: set[str]) -> bool:
                return test({**context, **{n: MISSING for n in set(candidates) - keep}})

            nodes = _sufficient(candidates, holds)
        elif "declined" in names.context:  # an item about what was declined names every declined question
            declined = sorted((n for n in answered if n in context.get("declined", ())), key=lambda n: order.get(n, 0))
            return [plain(n) for n in declined]
    reasons = [plain(n) for n in nodes]
    if adv.entries:
        reasons += _entry_reasons(flow, a, context, t, words, topic)
    if not reasons and (adv.level is not None or not adv.entries):
        reasons = _domain_reasons(flow, adv.domain, weight, context, topic, plain, words, order)
    return reasons[:MAX_REASONS]


def _domain_reasons(
    flow: Flow,
    domain: str,
    weight: Mapping[str, float],
    context: Mapping[str, Any],
    topic: Callable[[str], str],
    plain: Callable[[str], Reason],
    words: AnswerWords | None,
    order: Mapping[str, int],
) -> list[Reason]:
    """The answers that gave `domain` the most points; a network answer counts per entry and follow-up, so the
    reason names the person and the question rather than the whole map."""
    scored: list[tuple[float, int, int, Reason]] = []
    for node_id, points in weight.items():
        node = flow.nodes.get(node_id)
        place = order.get(node_id, len(order))
        if node is None or node.kind != "network":
            scored.append((points, place, 0, plain(node_id)))
            continue
        got = map_points(node, context.get(node_id)).get(domain, 0.0)
        if got:  # the map as a whole: how varied it is
            scored.append((got, place, -1, plain(node_id)))
        for i, entry in enumerate(context.get(node_id) or []):
            answers = entry.get("answers") or {}
            name = UserText(str(entry.get("name", "")))

            def reason(followup_id: str, i: int = i, name: str = name, node_id: str = node_id,
                       answers: Mapping[str, Any] = answers) -> Reason:
                answer = words.describe_followup(node_id, i, followup_id) if words else str(answers.get(followup_id))
                return Reason(node_id, topic(followup_id), UserText(answer), entry=name, followup=followup_id)

            for j, followup in enumerate(node.followups):
                got = answer_points(followup, answers.get(followup.id)).get(domain, 0.0)
                if got:
                    scored.append((got, place, i * 100 + j, reason(followup.id)))
            for k, rule in enumerate(node.entry_points):  # points for signals that come together in one entry
                got = rule.points.get(domain, 0.0)
                test = compile_condition(rule.condition)
                if not got or not test(_rule_context(node, entry, set(answers))):
                    continue
                named = [f.id for f in node.followups if f.id in analyse(rule.condition).answers and f.id in answers]

                def holds(keep: set[str], entry: Any = entry, test: Any = test, node: Node = node) -> bool:
                    return bool(test(_rule_context(node, entry, keep)))

                for f in _sufficient(named, holds) if named else []:
                    scored.append((got, place, i * 100 + 50 + k, reason(f)))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    return list(dict.fromkeys(reason for *_, reason in scored))


def _entry_reasons(
    flow: Flow,
    a: _Applies,
    context: Mapping[str, Any],
    t: Callable[[str], str],
    words: AnswerWords | None,
    topic: Callable[[str], str],
) -> list[Reason]:
    """Per entry the follow-up answers that decided the item; the entries' first reasons come first."""
    adv = a.advice
    assert adv.entries is not None
    test = compile_condition(adv.entries)
    named = list(dict.fromkeys(ENTRY_ANSWER.findall(adv.entries)))
    per_entry: list[list[Reason]] = []
    for node_id, i in a.entries:
        entry = context[node_id][i]
        given = [f for f in named if f in (entry.get("answers") or {})]

        def holds(keep: set[str], entry: Any = entry) -> bool:
            answers = {k: v for k, v in (entry.get("answers") or {}).items() if k in keep or k not in named}
            return test(_entry_context(context, {**entry, "answers": answers}))

        deciding = _sufficient(given, holds) if given else []
        name = UserText(str(entry.get("name", "")))
        per_entry.append([
            Reason(
                node_id,
                topic(f),
                UserText(words.describe_followup(node_id, i, f) if words else str(entry["answers"].get(f))),
                entry=name,
                followup=f,
            )
            for f in deciding
        ])
    out: list[Reason] = []
    while any(per_entry) and len(out) < MAX_REASONS:
        for reasons in per_entry:
            if reasons:
                out.append(reasons.pop(0))
    return out
