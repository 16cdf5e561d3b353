"""The review document as plain data, built from a loaded flow in one language.

Built by the same code in every language, two documents of one flow have the same shape (the same
sections, entries and fields in the same order, the same anchors), so they can be shown side by side.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dialoog.flow.model import FINISH, Advice, Card, Flow, Node, Route
from dialoog.review.words import Phrase, Scope, Words, admits, decide, names, number


@dataclass
class Field:
    """One line of an entry: a label and a text; `items` are lines below it (options, steps, ...)."""

    label: str
    text: str = ""
    items: list[Field] = field(default_factory=list)
    fallback: bool = False  # a condition that could not be put in words: the text shows the expression
    link: str | None = None  # the anchor the text refers to
    anchor: str | None = None  # an anchor of its own (a card node of a deck)
    detail: str = ""  # words after the text (not part of the link)


@dataclass
class Entry:
    anchor: str
    title: str
    caption: str = ""
    fields: list[Field] = field(default_factory=list)


@dataclass
class Section:
    anchor: str
    title: str
    intro: str = ""
    entries: list[Entry] = field(default_factory=list)
    parts: list[Section] = field(default_factory=list)


@dataclass
class Document:
    lang: str
    title: str
    description: str
    note: str
    contents: str
    sections: list[Section]
    language_name: str

    def entries(self) -> Iterator[Entry]:
        def walk(sections: list[Section]) -> Iterator[Entry]:
            for section in sections:
                yield from section.entries
                yield from walk(section.parts)

        yield from walk(self.sections)

    def anchors(self) -> list[str]:
        """Every anchor of the document, in order (sections, entries and fields)."""
        out: list[str] = []

        def fields(items: list[Field]) -> None:
            for f in items:
                if f.anchor:
                    out.append(f.anchor)
                fields(f.items)

        def walk(sections: list[Section]) -> None:
            for section in sections:
                out.append(section.anchor)
                for entry in section.entries:
                    out.append(entry.anchor)
                    fields(entry.fields)
                walk(section.parts)

        walk(self.sections)
        return out


def node_anchor(node_id: str) -> str:
    return f"node-{node_id}"


class Builder:
    """Builds the review of one flow in one language."""

    def __init__(self, flow: Flow, lang: str, root: Path | None = None) -> None:
        self.flow = flow
        self.w = Words(flow, lang, root)
        self._ = self.w._
        self.incoming = self._incoming()

    # -- the whole document --------------------------------------------------------------------------------

    def document(self) -> Document:
        _ = self._
        flow, w = self.flow, self.w
        sections = [self.questions()]
        if flow.domains:
            sections.append(self.domains())
        advice = self.advice_items()
        if advice:
            sections.append(self.advice(advice))
        if self.cards():
            sections.append(self.card_section())
        contacts = self.contacts_used(advice)
        if contacts:
            sections.append(self.contacts(contacts))
        return Document(
            lang=w.lang,
            title=_("Review of the flow {title}", title=w.quoted(w.t(flow.title))),
            description=w.t(flow.description),
            note=_("For reviewers: every question in order with what its answers add to each theme and when it "
                   "is asked, the themes with their thresholds, every advice item with when it applies and whom "
                   "it refers to, and the dilemma cards. Conditions are in words; one that could not be put in "
                   "words shows the condition itself, marked."),
            contents=_("Contents"),
            sections=sections,
            language_name=_("Dutch") if w.lang == "nl" else _("English"),
        )

    # -- questions --------------------------------------------------------------------------------------------

    def questions(self) -> Section:
        _ = self._
        section = Section("questions", _("The questions, in order"))
        for module in self.flow.modules:
            part = Section(f"module-{module.id}", self.w.t(module.title), self.w.t(module.description))
            nodes = module.nodes
            i = 0
            while i < len(nodes):
                node = nodes[i]
                if node.deck_id is not None:
                    j = i
                    while j < len(nodes) and nodes[j].deck_id == node.deck_id:
                        j += 1
                    part.entries.append(self.deck(nodes[i:j]))
                    i = j
                    continue
                part.entries.append(self.node(node))
                i += 1
            section.parts.append(part)
        return section

    def kind_words(self, node: Node) -> str:
        _ = self._
        if node.kind == "choice":
            return _("Choice: one answer")
        if node.kind == "multi":
            if node.min:
                return _("Multiple choice: {min} to {max} answers", min=node.min, max=node.max)
            return _("Multiple choice: up to {max} answers", max=node.max)
        if node.kind == "scale":
            return _("Scale from {min} to {max}", min=node.min, max=node.max)
        if node.kind == "yesno":
            return _("Yes or no")
        if node.kind == "text":
            return _("Open answer: at most {n} characters", n=node.max_length)
        if node.kind == "network":
            return _("Network map: {min} to {max} names, with follow-up questions about each",
                     min=node.min, max=node.max)
        if node.kind == "card":
            return _("Dilemma card")
        if node.kind == "end":
            return _("End of the conversation")
        return _("Message (no answer)")

    def node(self, node: Node) -> Entry:
        _ = self._
        w = self.w
        title = w.quote(node) if node.is_question else (w.quote(node) if node.text else node.id)
        entry = Entry(node_anchor(node.id), title, f"{self.kind_words(node)} · {node.id}")
        entry.fields.append(self.text_field(node))
        entry.fields += self.asked(node)
        entry.fields += self.answers(node)
        if node.kind == "network":
            entry.fields += self.network(node)
        if node.kind == "card" and node.card in self.flow.cards:
            card = self.flow.cards[node.card or ""]
            entry.fields.append(Field(_("Card"), w.t(card.title), link=f"card-{card.id}"))
        entry.fields += self.why(node)
        return entry

    def text_field(self, node: Node, scope: Scope | None = None) -> Field:
        _ = self._
        if node.template:
            return Field(_("Text"), _("the text of the template {file} (prompts/)", file=node.template))
        return Field(_("Text"), self.w.text(node.text, scope))

    def why(self, node: Node) -> list[Field]:
        _ = self._
        out: list[Field] = []
        if node.why:
            out.append(Field(_("Why we ask"), self.w.text(node.why)))
        if node.source:
            out.append(Field(_("Source"), self.w.t(node.source)))
        return out

    def asked(self, node: Node, edges: list[tuple[Node, Route, int]] | None = None) -> list[Field]:
        _ = self._
        out: list[Field] = []
        if node.when:
            phrase: Phrase = self.w.condition(node.when)
            text = phrase.text if phrase.fallback else _(
                "only when {condition}; otherwise the conversation passes it over", condition=phrase.text)
            out.append(Field(_("Condition"), text, fallback=phrase.fallback))
        edges = self.incoming.get(node.id, []) if edges is None else edges
        if node.id == self.flow.start:
            out.append(Field(_("Comes"), _("at the start of the conversation")))
        elif edges:
            items = [self.edge(source, route, index) for source, route, index in edges]
            out.append(Field(_("Comes"), "", items=items))
        return out

    def edge(self, source: Node, route: Route, index: int) -> Field:
        _ = self._
        w = self.w
        shown = self._shown(source)
        after = _("the dilemma cards of {deck}", deck=w.quoted(shown.deck_id)) if shown.deck_id else w.quoted(
            w.quote(shown))
        link = self._entry_anchor(shown)
        if route.answer is not None:
            value = w.answer(source, route.answer)
            if source.kind == "multi":
                return Field("", _("after {question}, when {value} is chosen", question=after, value=value), link=link)
            return Field("", _("after {question}, when the answer is {value}", question=after, value=value),
                         link=link)
        if route.condition:
            phrase = w.condition(route.condition)
            return Field("", _("after {question}, when {condition}", question=after, condition=phrase.text),
                         fallback=phrase.fallback, link=link)
        if index > 0:
            return Field("", _("after {question}, in every other case", question=after), link=link)
        if shown.when:
            return Field("", _("after {question} (whether that was asked or passed over)", question=after), link=link)
        return Field("", _("after {question}", question=after), link=link)

    def _shown(self, node: Node) -> Node:
        """A card node of a deck is shown as its deck: the first card node stands for it."""
        if node.deck_id is None:
            return node
        for other in self.flow.nodes.values():
            if other.deck_id == node.deck_id:
                return other
        return node

    def _entry_anchor(self, node: Node) -> str:
        return node_anchor(node.deck_id if node.deck_id else node.id)

    def _incoming(self) -> dict[str, list[tuple[Node, Route, int]]]:
        """Per node, the routes that lead to it (inside a deck, from card to card, left out)."""
        out: dict[str, list[tuple[Node, Route, int]]] = {}
        for source in self.flow.nodes.values():
            for index, route in enumerate(source.routes):
                target = self.flow.nodes.get(route.target)
                if target is None:
                    continue
                if target.deck_id is not None and target.deck_id == source.deck_id:
                    continue
                key = target.deck_id if target.deck_id is not None else target.id
                out.setdefault(key, []).append((source, route, index))
        return out

    def answers(self, node: Node) -> list[Field]:
        _ = self._
        w = self.w
        out: list[Field] = []
        if node.kind in ("choice", "multi"):
            items = []
            for opt in node.options:
                text = w.t(opt.label)
                extra = [w.points(opt.points)] if opt.points else []
                if opt.exclusive:
                    extra.append(_("goes with no other option"))
                items.append(Field("", text + (f": {'; '.join(extra)}" if extra else "")))
            out.append(Field(_("Options"), "", items=items))
        elif node.kind == "scale":
            labels = {k: w.t(v) for k, v in node.labels.items()}
            ends = []
            if "min" in labels:
                ends.append(f"{node.min} = {labels['min']}")
            if "max" in labels:
                ends.append(f"{node.max} = {labels['max']}")
            if ends:
                out.append(Field(_("Ends of the scale"), "; ".join(ends)))
            items = [Field("", f"{value}: {w.points(points)}") for value, points in node.points.items() if points]
            out.append(Field(_("Points"), "" if items else _("none"), items=items))
        elif node.kind == "yesno":
            items = [Field("", f"{w.answer(node, value)}: {w.points(points)}")
                     for value, points in node.points.items() if points]
            out.append(Field(_("Points"), "" if items else _("none"), items=items))
        elif node.kind == "text" and node.placeholder:
            out.append(Field(_("Example in the answer box"), w.t(node.placeholder)))
        if node.decline:
            out.append(Field(_("May be left open"), _("with {decline}", decline=w.quoted(_("Prefer not to say")))))
        if node.optional:
            out.append(Field(_("May be left open"), _("the question may be skipped")))
        return out

    def network(self, node: Node) -> list[Field]:
        _ = self._
        w = self.w
        out = [Field(_("Categories"), "", items=[Field("", w.t(c.label)) for c in node.categories])]
        if node.suggest:
            out.append(Field(_("Hint"), w.t(node.suggest)))
        scope = Scope({f.id: f for f in node.followups}, entry=True)
        items = []
        for followup in node.followups:
            sub = Field(_("Follow-up question"), w.text(followup.text, scope),
                        anchor=f"followup-{node.id}-{followup.id}")
            sub.items.append(Field(_("Kind"), f"{self.kind_words(followup)} · {followup.id}"))
            for f in self.answers(followup) + self.why(followup):
                sub.items.append(f)
            items.append(sub)
        if items:
            out.append(Field(_("Asked about each name on the map"), "", items=items))
        rules = []
        for rule in node.entry_points:
            phrase = w.condition(rule.condition, scope)
            text = phrase.text if phrase.fallback else _("for every name for which {condition}: {points}",
                                                          condition=phrase.text, points=w.points(rule.points))
            rules.append(Field("", text, fallback=phrase.fallback))
        if rules:
            out.append(Field(_("Points for signals that go together"), "", items=rules))
        return out

    def deck(self, cards: list[Node]) -> Entry:
        _ = self._
        w = self.w
        first = cards[0]
        deck_id = first.deck_id or first.id
        limit = first.deck.get("limit")
        deal = first.deck.get("deal")
        if deal:
            limit = deal.get("max") or deal.get("cards")
        audience = first.deck.get("audience")
        caption = f"{_('Dilemma cards')} · {deck_id}"
        if audience == "role":
            whom = _("for your own role")
        elif audience:
            whom = _("for {role}", role=w.quoted(w.audience(audience)))
        else:
            whom = _("for every role")
        if isinstance(limit, int) and limit > 0:
            title = w.ui.ngettext("Up to {n} dilemma card {whom}", "Up to {n} dilemma cards {whom}", limit, whom=whom)
        else:
            title = _("All these dilemma cards {whom}", whom=whom)
        entry = Entry(node_anchor(deck_id), title, caption)
        entry.fields += self.asked(first, self.incoming.get(deck_id, []))
        items = []
        for node in cards:
            card = self.flow.cards.get(node.card or "")
            if card is None:
                continue
            items.append(Field("", w.t(card.title), link=f"card-{card.id}", anchor=node_anchor(node.id)))
        entry.fields.append(Field(_("Cards, in the order they are offered"), "", items=items))
        notes = [_("a card already shown is passed over, and the next one is offered")]
        if deal:
            notes = [_("dealt for each person when the conversation gets here: cards about their own signals "
                       "first, each of another theme; a card whose premise does not hold is never offered")]
        if audience == "role":
            notes.insert(0, _("of these, only the cards meant for the user's own role are offered"))
        entry.fields.append(Field(_("Note"), "; ".join(notes)))
        return entry

    # -- domains ------------------------------------------------------------------------------------------

    def domains(self) -> Section:
        _ = self._
        w = self.w
        levels = ", ".join(f"{w.quoted(w.level(lv))}" for lv in ("low", "attention", "high", "unknown"))
        section = Section("domains", _("The themes and their thresholds"),
                          _("Each theme gets a level in words: {levels}.", levels=levels))
        for dom in self.flow.domains.values():
            entry = Entry(f"domain-{dom.id}", w.t(dom.title), dom.id)
            entry.fields.append(Field(_("Thresholds"), _(
                "{attention} from {a} points, {high} from {h} points; below {a} points: {low}",
                attention=w.quoted(w.level("attention")), high=w.quoted(w.level("high")),
                low=w.quoted(w.level("low")), a=number(dom.attention), h=number(dom.high))))
            meanings = [Field(w.level(lv), w.text(dom.meaning[lv]))
                        for lv in ("low", "attention", "high", "unknown") if dom.meaning.get(lv)]
            entry.fields.append(Field(_("What each level means"), "", items=meanings))
            if dom.unknown is not None:
                rule = dom.unknown
                entry.fields.append(Field(_("Not enough to go on"), _(
                    "{unknown} when the points stay below {a} and at least {share}% of these questions, as far as "
                    "they were asked, were left open (declined, skipped, or nobody on the map)",
                    unknown=w.quoted(w.level("unknown")), a=number(dom.attention), share=round(rule.mostly * 100)),
                    items=[self._deciding(node_id, topic) for node_id, topic in rule.deciding.items()]))
                if rule.needs:
                    entry.fields.append(Field(_("Also not enough to go on"), _(
                        "as soon as one of these was left open: {topics}",
                        topics=", ".join(w.quoted(w.t(rule.deciding.get(n, n))) for n in rule.needs))))
            entry.fields.append(Field(_("Questions that add points"), "", items=self._scoring(dom.id)))
            section.entries.append(entry)
        return section

    def _deciding(self, node_id: str, topic: str) -> Field:
        base = node_id.split(".", 1)[0]
        return Field("", self.w.t(topic), link=node_anchor(base) if base in self.flow.nodes else None)

    def _scoring(self, domain: str) -> list[Field]:
        w = self.w
        out: list[Field] = []
        for node in self.flow.nodes.values():
            for question in [node, *node.followups]:
                gives = any(domain in o.points for o in question.options) or any(
                    domain in p for p in question.points.values()) or (
                    question is node and any(domain in r.points for r in node.entry_points))
                if gives:
                    out.append(Field("", w.quoted(w.quote(question)), link=node_anchor(node.id)))
        return out

    # -- advice -------------------------------------------------------------------------------------------

    def advice_items(self) -> list[Advice]:
        """The advice this flow can give: none when no question of the flow gives points (practising with
        cards); otherwise every item whose conditions name only questions of this flow (a module run on its
        own does not ask what the other modules ask)."""
        scored = {d for n in self.flow.nodes.values() for q in [n, *n.followups]
                  for points in [*(o.points for o in q.options), *q.points.values()] for d in points}
        scored |= {d for n in self.flow.nodes.values() for r in n.entry_points for d in r.points}
        if not scored:
            return []
        asked = set(self.w.top.names)
        network = any(n.kind == "network" for n in self.flow.nodes.values())
        return [a for a in self.flow.advice if a.domain in self.flow.domains and (network or not a.entries) and all(
            names(c) <= asked for c in (a.condition, a.entries) if c)]

    def advice(self, items: list[Advice]) -> Section:
        _ = self._
        section = Section("advice", _("The advice"), _(
            "Every advice item with when it applies. The summary opens with at most three main actions: the "
            "strongest items first, then those of the theme with the highest level, then by priority."))
        for adv in items:
            section.entries.append(self.advice_entry(adv))
        return section

    def advice_entry(self, adv: Advice) -> Entry:
        _ = self._
        w = self.w
        entry = Entry(f"advice-{adv.id}", w.t(adv.title), f"{w.domain(adv.domain)} · {adv.id}")
        entry.fields.append(Field(_("Theme"), w.domain(adv.domain), link=f"domain-{adv.domain}"))
        when: list[Field] = []
        if adv.level:
            order = ("low", "attention", "high")
            levels = list(order[order.index(adv.level):]) if adv.level in order else [adv.level]
            when.append(Field("", _("the level of {domain} is one of: {levels}", domain=w.quoted(w.domain(adv.domain)),
                                    levels=w.join([w.quoted(w.level(lv)) for lv in levels]))
                              if len(levels) > 1 else
                              _("the level of {domain} is {level}", domain=w.quoted(w.domain(adv.domain)),
                                level=w.quoted(w.level(levels[0])))))
        if adv.condition:
            phrase = w.condition(adv.condition)
            when.append(Field("", phrase.text, fallback=phrase.fallback))
        if adv.entries:
            phrase = w.condition(adv.entries, Scope(w.top.names, entry=True))
            text = phrase.text if phrase.fallback else _(
                "it is about each name on the network map for which {condition}", condition=phrase.text)
            when.append(Field("", text, fallback=phrase.fallback))
        label = _("Applies when all of these hold") if len(when) > 1 else _("Applies when")
        entry.fields.append(Field(label, "", items=when))
        audiences = self.audiences_of(adv)
        everyone = self.everyone()
        entry.fields.append(Field(_("For"), _("every role") if audiences == everyone else
                                  ", ".join(w.audience(a) for a in audiences) or _("no role")))
        entry.fields.append(Field(_("Strength"), self.strength(adv.strength)))
        entry.fields.append(Field(_("Priority"), _("{n} (1 is the most important among items of the same strength)",
                                                   n=adv.priority)))
        if adv.replaces:
            titles = {a.id: a for a in self.flow.advice}
            entry.fields.append(Field(_("Leaves out"), "", items=[
                Field("", w.t(titles[r].title) if r in titles else r, link=f"advice-{r}") for r in adv.replaces]))
        if adv.why:
            entry.fields.append(Field(_("Why"), w.text(adv.why)))
        if adv.risks:
            entry.fields.append(Field(_("Risks"), w.text(adv.risks)))
        steps = []
        scope = Scope(w.top.names, entries=bool(adv.entries))
        for step in adv.steps:
            text = w.text(step.text)
            if step.condition:
                phrase = w.condition(step.condition, scope)
                steps.append(Field("", text, items=[Field(_("Only when"), phrase.text, fallback=phrase.fallback)]))
            else:
                steps.append(Field("", text))
        if steps:
            entry.fields.append(Field(_("Steps"), "", items=steps))
        refers = self.referrals(adv, audiences)
        if refers:
            entry.fields.append(Field(_("Refers to"), "", items=refers))
        if adv.source:
            entry.fields.append(Field(_("Source"), w.t(adv.source)))
        return entry

    def everyone(self) -> list[str | None]:
        out: list[str | None] = list(self.w.audiences())
        if self.w.practising():
            out.append(None)
        return out

    def audiences_of(self, adv: Advice) -> list[str | None]:
        """The roles an item can apply to: those its condition does not rule out."""
        if not adv.condition:
            return self.everyone()
        return [a for a in self.everyone() if admits(adv.condition, self.w, a)]

    def strength(self, strength: int) -> str:
        _ = self._
        words = {
            0: _("generic advice for the theme's points, no particular answer"),
            1: _("a weak or uncertain signal"),
            2: _("a concrete answer"),
            3: _("a serious concrete answer"),
        }
        return f"{strength}: {words.get(strength, '')}".rstrip(": ")

    def referrals(self, adv: Advice, audiences: list[str | None]) -> list[Field]:
        """Each contact of the item with the roles it is for and its remit."""
        _ = self._
        w = self.w
        per_contact: dict[str, list[str | None]] = {}
        for audience in audiences:
            key = audience if audience is not None and audience in adv.contacts else "default"
            for contact_id in adv.contacts.get(key, []):
                per_contact.setdefault(contact_id, []).append(audience)
        out = []
        for contact_id, whom in per_contact.items():
            contact = self.flow.contacts.get(contact_id)
            roles = _("every role") if whom == audiences and len(audiences) > 1 else ", ".join(
                w.audience(a) for a in whom)
            if contact is None:
                out.append(Field("", _("{name} (for: {roles})", name=w.t(contact_id), roles=roles)))
                continue
            out.append(Field("", w.t(contact.name), link=f"contact-{contact.id}",
                             detail=_(" (for: {roles}): {remit}", roles=roles, remit=w.text(contact.remit))))
        return out

    # -- cards ----------------------------------------------------------------------------------------------

    def cards(self) -> list[Card]:
        seen: dict[str, Card] = {}
        for node in self.flow.nodes.values():
            if node.kind == "card" and node.card in self.flow.cards and node.card not in seen:
                seen[node.card or ""] = self.flow.cards[node.card or ""]
        return list(seen.values())

    def card_section(self) -> Section:
        _ = self._
        w = self.w
        section = Section("cards", _("The dilemma cards"))
        per_role = Entry("cards-per-role", _("Which cards each role can meet"), _(
            "the cards the conversation can offer to someone in that role (it offers only some of them)"))
        for audience in self.everyone():
            met = self.cards_for(audience)
            name = w.audience(audience)
            per_role.fields.append(Field(name[:1].upper() + name[1:], "" if met else _("none"), items=[
                Field("", w.t(c.title), link=f"card-{c.id}") for c in met]))
        section.entries.append(per_role)
        for card in self.cards():
            section.entries.append(self.card(card))
        return section

    def card(self, card: Card) -> Entry:
        _ = self._
        w = self.w
        entry = Entry(f"card-{card.id}", w.t(card.title), card.id)
        entry.fields.append(Field(_("Themes"), ", ".join(t.replace("_", " ") for t in card.themes)))
        entry.fields.append(Field(_("For"), ", ".join(w.audience(a) for a in card.audiences)))
        entry.fields.append(Field(_("Situation"), w.text(card.situation)))
        entry.fields.append(Field(_("Question"), w.text(card.question)))
        entry.fields.append(Field(_("Options"), "", items=[
            Field(f"{o.key.upper()}", w.text(o.text), items=[Field(_("Considerations"), w.text(o.considerations))])
            for o in card.options]))
        names = {
            "compliance": _("The compliance officer or integrity adviser"),
            "partner": _("Your partner"),
            "journalist": _("A journalist"),
            "citizen": _("A citizen"),
        }
        entry.fields.append(Field(_("How others look at it"), "", items=[
            Field(names.get(k, k), w.text(v)) for k, v in card.perspectives.items()]))
        entry.fields.append(Field(_("Questions to reflect on"), "", items=[
            Field("", w.text(r)) for r in card.reflection]))
        if card.sources:
            entry.fields.append(Field(_("Sources"), "; ".join(w.t(s) for s in card.sources)))
        return entry

    def cards_for(self, audience: str | None) -> list[Card]:
        """The cards a user of `audience` can meet: the card nodes reached when the routes and `when`
        conditions that read only the role are decided for that role (every other route may be taken)."""
        flow = self.flow
        roles = {v for v, a in flow.role_audience.items() if a == audience}
        role_node = flow.nodes.get(flow.role_question)
        if audience is None and role_node is not None:
            roles = {o.value for o in role_node.options if o.value not in flow.role_audience}
        seen = {flow.start}
        queue = deque([flow.start])
        met: dict[str, Card] = {}
        while queue:
            node = flow.nodes[queue.popleft()]
            asked = not node.when or admits(node.when, self.w, audience)
            if asked and node.kind == "card" and node.card in flow.cards:
                card = flow.cards[node.card or ""]
                fixed = node.deck.get("audience")
                mine = fixed != "role" or (audience is not None and audience in card.audiences)
                if mine:
                    met.setdefault(card.id, card)
            for route in node.routes:  # tried in order: a route certainly taken ends the search
                taken: bool | None = None
                if route.condition:
                    taken = decide(route.condition, self.w, audience)
                elif route.answer is not None:
                    if node is role_node and asked:
                        taken = route.answer in roles if len(roles) == 1 or route.answer not in roles else None
                else:
                    taken = True
                if taken is not False and route.target != FINISH and route.target not in seen:
                    seen.add(route.target)
                    queue.append(route.target)
                if taken is True:
                    break
        order = {c.id: i for i, c in enumerate(self.cards())}
        return sorted(met.values(), key=lambda c: order.get(c.id, 0))

    # -- contacts -------------------------------------------------------------------------------------------

    def contacts_used(self, advice: list[Advice]) -> list[str]:
        used = [c for adv in advice for ids in adv.contacts.values() for c in ids if c in self.flow.contacts]
        return list(dict.fromkeys(used))

    def contacts(self, ids: list[str]) -> Section:
        _ = self._
        w = self.w
        section = Section("contacts", _("Whom the advice refers to"))
        for contact_id in ids:
            contact = self.flow.contacts[contact_id]
            entry = Entry(f"contact-{contact.id}", w.t(contact.name), contact.id)
            entry.fields.append(Field(_("What for"), w.text(contact.remit)))
            entry.fields.append(Field(_("How to reach"), w.text(contact.reach)))
            if contact.url:
                entry.fields.append(Field(_("Web address"), contact.url))
            entry.fields.append(Field(_("For"), ", ".join(w.audience(a) for a in contact.audiences)))
            entry.fields.append(Field(_("Source"), _("{source} (checked {date})", source=w.t(contact.source),
                                                     date=contact.checked)))
            section.entries.append(entry)
        return section


def build(flow: Flow, lang: str, root: Path | None = None) -> Document:
    return Builder(flow, lang, root).document()
