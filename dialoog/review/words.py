"""Conditions and texts with template markup, in plain words, in one language.

A condition is parsed by the same sandbox and into the same Jinja AST as the engine compiles
(`dialoog.flow.expressions.sandbox`), never read with regular expressions. Each form the flow format
allows has a rendering of its own: comparisons, `in` lists, `and`/`or`/`not`, answers of every kind of
question (a multiple choice's chosen options, a scale's numbers, a text's contents), `levels.X`,
`scores.X`, `role_audience`, `lang`, `declined`, counts (`|length`, `|count`), `|default(...)`, `is none`,
the network's entries (`entry.category`, `entry.answers.X`, a follow-up by its id in an entry rule) and
`selectattr` over a network list. A condition with any other form falls back to the expression itself,
marked (`Phrase.fallback`): `forms()` lists what the shipped content uses, and a test holds that none of it
falls back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes

from dialoog.flow.expressions import ConditionError, analyse, sandbox
from dialoog.flow.model import NOWHERE, Flow, Node
from dialoog.i18n import UI, content_translations


@dataclass(frozen=True, slots=True)
class Phrase:
    """A condition in words; `fallback`: it could not be put in words, and `text` shows the expression."""

    text: str
    fallback: bool = False
    source: str = ""


class Unspeakable(Exception):
    """A form of expression that has no rendering in words."""


# -- what an expression is about -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Question:
    node: Node


@dataclass(frozen=True, slots=True)
class Level:
    domain: str


@dataclass(frozen=True, slots=True)
class Score:
    domain: str


@dataclass(frozen=True, slots=True)
class Role:
    pass


@dataclass(frozen=True, slots=True)
class Lang:
    pass


@dataclass(frozen=True, slots=True)
class Declined:
    pass


@dataclass(frozen=True, slots=True)
class Category:
    pass


@dataclass(frozen=True, slots=True)
class Entries:
    """`entries` in a step of an advice item about network entries: the entries the item is about."""


@dataclass(frozen=True, slots=True)
class Match:
    """`network|selectattr('answers.X', 'equalto', v)`: the entries whose follow-up X has the answer v."""

    within: Question | Entries
    followup: Node
    op: str  # "eq", "ne" or "truthy"
    value: Any = None


@dataclass(frozen=True, slots=True)
class Count:
    of: Question | Declined | Match | Entries


@dataclass(frozen=True, slots=True)
class Const:
    value: Any


@dataclass(frozen=True, slots=True)
class Seq:
    values: tuple[Any, ...]


Subject = Question | Level | Score | Role | Lang | Declined | Category | Entries | Match | Count
Operand = Subject | Const | Seq

_SWAPPED = {"gt": "lt", "lt": "gt", "gteq": "lteq", "lteq": "gteq", "eq": "eq", "ne": "ne"}
_EQUAL_TESTS = {"equalto": "eq", "eq": "eq", "==": "eq", "sameas": "eq", "ne": "ne", "!=": "ne"}
_SENTENCE = re.compile(r"^(.*?[?!.])(?:\s|$)", re.S)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Scope:
    """The names a condition sees: answers by node id, and whether it speaks of one network entry."""

    names: Mapping[str, Node]
    entry: bool = False  # `entry` is one network entry (advice `entries`, a follow-up's text)
    entries: bool = False  # `entries` are the entries an advice item is about (its steps)


def number(value: float) -> str:
    return f"{value:g}"


class Words:
    """The review's words in one language: the program's own (`ui*.po`) and the content's (`content*.po`)."""

    def __init__(self, flow: Flow, lang: str, root: Path | None = None) -> None:
        self.flow = flow
        self.lang = lang
        self.ui = UI(lang)
        translations = content_translations(lang, root)
        self._gettext: Callable[[str], str] = translations.gettext
        self._text_env = Environment(extensions=["jinja2.ext.i18n"], autoescape=False)
        self._quotes: dict[str, str] = {}
        self._outside: dict[str, Node] = {}
        self.followups: dict[str, Node] = {f.id: f for n in flow.nodes.values() for f in n.followups}
        self.categories: dict[str, str] = {
            c.value: c.label for n in flow.nodes.values() if n.kind == "network" for c in n.categories
        }
        self.top = Scope({n.id: n for n in flow.nodes.values() if n.is_question})
        role = flow.nodes.get(flow.role_question)
        self._role_labels: dict[str, str] = {}
        if role is not None:
            for opt in role.options:
                audience = flow.role_audience.get(opt.value)
                if audience is not None:
                    self._role_labels.setdefault(audience, opt.label)

    # -- small words --------------------------------------------------------------------------------------

    def t(self, text: str | None) -> str:
        """A content text in this language (the Dutch source when there is no translation)."""
        return self._gettext(text) if text else (text or "")

    def _(self, message: str, **params: object) -> str:
        return self.ui._(message, **params)

    def audience(self, audience: str | None) -> str:
        """An audience by name: the label of the role that has it, or, without a role, practising."""
        if audience is None:
            return self._("no role (practising)")
        label = self._role_labels.get(audience)
        return self.t(label) if label else audience.replace("_", " ")

    def audiences(self) -> list[str]:
        """The audiences of the content, in the order of `role_audience`."""
        return list(dict.fromkeys(self.flow.role_audience.values()))

    def practising(self) -> bool:
        """Whether the role question has an option without an audience (practising)."""
        role = self.flow.nodes.get(self.flow.role_question)
        return role is not None and any(o.value not in self.flow.role_audience for o in role.options)

    def domain(self, domain_id: str) -> str:
        dom = self.flow.domains.get(domain_id)
        return self.t(dom.title) if dom else domain_id

    def level(self, level: str) -> str:
        for dom in self.flow.domains.values():
            if level in dom.labels:
                return self.t(dom.labels[level])
        return level

    def points(self, points: Mapping[str, float]) -> str:
        """`{afhankelijkheid: 2}` as "+2 Kwetsbaarheid door afhankelijkheid"."""
        return ", ".join(f"{'+' if v >= 0 else ''}{number(v)} {self.domain(d)}" for d, v in points.items())

    def join(self, items: Sequence[str], last: str = "or") -> str:
        items = list(items)
        if len(items) <= 1:
            return "".join(items)
        head = ", ".join(items[:-1])
        if last == "and":
            return self._("{items} and {last}", items=head, last=items[-1])
        return self._("{items} or {last}", items=head, last=items[-1])

    @staticmethod
    def quoted(text: str) -> str:
        return f"'{text}'"

    # -- texts with template markup ------------------------------------------------------------------------

    def text(self, source: str | None, scope: Scope | None = None) -> str:
        """A content text in this language with its template markup in words: `{{ name }}` as [name],
        `{% if role == 'x' %}...{% else %}...{% endif %}` as [when ...: ...] [otherwise: ...]."""
        if not source:
            return ""
        text = self.t(source)
        if "{" not in text:
            return text
        try:
            tree = self._text_env.parse(text)
        except TemplateSyntaxError:
            return text
        return self._flat(self._walk(tree.body, scope or self.top, plain=False))

    def quote(self, node: Node) -> str:
        """A question by its first sentence (a template's default branch), to quote it in a condition."""
        key = node.id
        if key not in self._quotes:
            self._quotes[key] = self._first_sentence(node)
        return self._quotes[key]

    def _first_sentence(self, node: Node) -> str:
        if node.kind == "card" and node.card and node.card in self.flow.cards:
            return self.t(self.flow.cards[node.card].title)
        source = self.t(node.text) if node.text else ""
        text = source
        if "{" in source:
            try:
                text = self._flat(self._walk(self._text_env.parse(source).body, self.top, plain=True))
            except TemplateSyntaxError:
                text = source
        text = _SPACES.sub(" ", text).strip()
        found = _SENTENCE.match(text)
        sentence = found.group(1) if found else text
        if len(sentence) > 120:
            sentence = sentence[:117].rsplit(" ", 1)[0].rstrip(",;") + " ..."
        return sentence or node.id

    @staticmethod
    def _flat(text: str) -> str:
        return _SPACES.sub(" ", text).strip()

    def _walk(self, body: Sequence[nodes.Node], scope: Scope, plain: bool) -> str:
        out: list[str] = []
        for item in body:
            if isinstance(item, nodes.Output):
                out.append(self._walk(item.nodes, scope, plain))
            elif isinstance(item, nodes.TemplateData):
                out.append(item.data)
            elif isinstance(item, nodes.If):
                out.append(self._branches(item, scope, plain))
            elif isinstance(item, nodes.Expr):
                out.append(self._placeholder(item, scope))
            else:  # a {% for %}, {% set %}, ...: said as a part of the text that changes
                out.append("[...]")
        return "".join(out)

    def _branches(self, item: nodes.If, scope: Scope, plain: bool) -> str:
        if plain:  # the default: the text as it reads when no branch applies
            return self._walk(item.else_, scope, plain) if item.else_ else ""
        parts = [self._("[when {condition}: {text}]", condition=self._speak_or_dots(item.test, scope),
                        text=self._flat(self._walk(item.body, scope, plain)))]
        for other in item.elif_:
            parts.append(self._("[otherwise, when {condition}: {text}]",
                                condition=self._speak_or_dots(other.test, scope),
                                text=self._flat(self._walk(other.body, scope, plain))))
        if item.else_:
            parts.append(self._("[otherwise: {text}]", text=self._flat(self._walk(item.else_, scope, plain))))
        return " " + " ".join(parts) + " "

    def _speak_or_dots(self, expr: nodes.Node, scope: Scope) -> str:
        try:
            return self.speak(expr, scope)
        except Unspeakable:
            return "..."

    def _placeholder(self, expr: nodes.Node, scope: Scope) -> str:
        if isinstance(expr, nodes.Name) and expr.name == "name":
            return self._("[name]")
        if isinstance(expr, nodes.Name) and expr.name == "open":  # a domain's meaning when it is `unknown`
            return self._("[the questions left open]")
        try:
            subject = self.operand(expr, scope)
        except Unspeakable:
            return "[...]"
        if isinstance(subject, Const | Seq):
            return "[...]"
        return f"[{self.noun(subject)}]"

    # -- conditions -----------------------------------------------------------------------------------------

    def condition(self, source: str, scope: Scope | None = None) -> Phrase:
        """`source` in words, or, for a form without a rendering, the expression itself, marked."""
        try:
            return Phrase(self.speak(expression(source), scope or self.top), source=source)
        except (Unspeakable, ConditionError, TemplateSyntaxError, StopIteration, IndexError):
            return Phrase(self._("[not put into words: {expression}]", expression=source), True, source)

    def speak(self, expr: nodes.Node, scope: Scope) -> str:
        if isinstance(expr, nodes.And | nodes.Or):
            kind = type(expr)
            parts = [self._grouped(p, kind, scope) for p in _flatten(expr, kind)]
            word = "and" if kind is nodes.And else "or"
            return (self._(" and ") if word == "and" else self._(" or ")).join(parts)
        if isinstance(expr, nodes.Not):
            return self._negated(expr.node, scope)
        if isinstance(expr, nodes.Compare):
            left = expr.expr
            clauses: list[str] = []
            for op in expr.ops:
                clauses.append(self._compare(left, op.op, op.expr, scope))
                left = op.expr
            return self._(" and ").join(clauses)
        if isinstance(expr, nodes.Test):
            return self._test(expr, scope, negate=False)
        if isinstance(expr, nodes.Const) and isinstance(expr.value, bool):
            return self._("always") if expr.value else self._("never")
        return self._truthy(self.operand(expr, scope), negate=False)

    def _grouped(self, expr: nodes.Node, kind: type, scope: Scope) -> str:
        """A part of an `and`/`or`: in brackets when it is a group of the other kind, or lists several
        values (whose "or" would otherwise read as the group's)."""
        words = self.speak(expr, scope)
        if isinstance(expr, nodes.And | nodes.Or) and not isinstance(expr, kind):
            return f"({words})"
        if isinstance(expr, nodes.Compare) and any(
            isinstance(op.expr, nodes.List | nodes.Tuple) and len(op.expr.items) > 1 for op in expr.ops
        ):
            return f"({words})"
        return words

    def _negated(self, inner: nodes.Node, scope: Scope) -> str:
        if isinstance(inner, nodes.Const) and isinstance(inner.value, bool):
            return self._("never") if inner.value else self._("always")
        if isinstance(inner, nodes.Test):
            return self._test(inner, scope, negate=True)
        if isinstance(inner, nodes.Compare) and len(inner.ops) == 1:
            flipped = {"eq": "ne", "ne": "eq", "in": "notin", "notin": "in"}.get(inner.ops[0].op)
            if flipped:
                return self._compare(inner.expr, flipped, inner.ops[0].expr, scope)
        if isinstance(inner, nodes.And | nodes.Or | nodes.Compare | nodes.Not):
            return self._("it is not so that ({condition})", condition=self.speak(inner, scope))
        return self._truthy(self.operand(inner, scope), negate=True)

    def _test(self, expr: nodes.Test, scope: Scope, negate: bool) -> str:
        if expr.name not in ("none", "defined", "undefined") or expr.args:
            raise Unspeakable(expr.name)
        subject = self.operand(expr.node, scope)
        if isinstance(subject, Const | Seq):
            raise Unspeakable("a test of a constant")
        empty = expr.name in ("none", "undefined")
        return self._is_none(subject, negate=negate == empty)

    # operands

    def operand(self, expr: nodes.Node, scope: Scope) -> Operand:
        if isinstance(expr, nodes.Const):
            return Const(expr.value)
        if isinstance(expr, nodes.List | nodes.Tuple):
            values = []
            for item in expr.items:
                if not isinstance(item, nodes.Const):
                    raise Unspeakable("a list of more than constants")
                values.append(item.value)
            return Seq(tuple(values))
        if isinstance(expr, nodes.Name):
            return self._name(expr.name, scope)
        if isinstance(expr, nodes.Getattr | nodes.Getitem):
            return self._lookup(expr, scope)
        if isinstance(expr, nodes.Filter):
            return self._filter(expr, scope)
        raise Unspeakable(type(expr).__name__)

    def _name(self, name: str, scope: Scope) -> Subject:
        if name == "role_audience":
            return Role()
        if name == "lang":
            return Lang()
        if name == "declined":
            return Declined()
        if name == "entries" and scope.entries:
            return Entries()
        node = scope.names.get(name)
        if node is None and not scope.entry and name not in ("entry", "entries", "name"):
            node = self._outside.get(name)
            if node is None:  # a question of another module: in this flow it has no answer
                node = self._outside[name] = Node(id=name, kind="text", module="", pos=NOWHERE)
                self._quotes[name] = self._("{question} (not asked in this flow)", question=name)
        if node is None:
            raise Unspeakable(name)
        return Question(node)

    def _lookup(self, expr: nodes.Getattr | nodes.Getitem, scope: Scope) -> Subject:
        if isinstance(expr, nodes.Getattr):
            attr: Any = expr.attr
        elif isinstance(expr.arg, nodes.Const):
            attr = expr.arg.value
        else:
            raise Unspeakable("a computed lookup")
        target = expr.node
        if isinstance(target, nodes.Name):
            if target.name == "levels" and attr in self.flow.domains:
                return Level(attr)
            if target.name == "scores" and attr in self.flow.domains:
                return Score(attr)
            if target.name == "entry" and scope.entry and attr == "category":
                return Category()
        if (
            isinstance(target, nodes.Getattr)
            and target.attr == "answers"
            and isinstance(target.node, nodes.Name)
            and target.node.name == "entry"
            and scope.entry
            and attr in self.followups
        ):
            return Question(self.followups[attr])
        raise Unspeakable("an unknown lookup")

    def _filter(self, expr: nodes.Filter, scope: Scope) -> Operand:
        if expr.node is None:
            raise Unspeakable("a filter block")
        inner = self.operand(expr.node, scope)
        if expr.name in ("default", "d", "list"):
            return inner
        if expr.name in ("length", "count"):
            if isinstance(inner, Question | Declined | Match | Entries):
                return Count(inner)
            raise Unspeakable("a count of this")
        if expr.name in ("selectattr", "rejectattr"):
            return self._select(expr, inner)
        raise Unspeakable(expr.name)

    def _select(self, expr: nodes.Filter, inner: Operand) -> Match:
        if not (isinstance(inner, Entries) or (isinstance(inner, Question) and inner.node.kind == "network")):
            raise Unspeakable("selectattr over something other than a network")
        args = expr.args
        if expr.kwargs or expr.dyn_args or expr.dyn_kwargs or not args or not all(
            isinstance(a, nodes.Const) for a in args
        ):
            raise Unspeakable("selectattr with these arguments")
        values = [a.value for a in args if isinstance(a, nodes.Const)]
        attr = values[0]
        if not isinstance(attr, str) or not attr.startswith("answers.") or attr[8:] not in self.followups:
            raise Unspeakable("selectattr of something other than a follow-up's answer")
        followup = self.followups[attr[8:]]
        reject = expr.name == "rejectattr"
        if len(values) == 1:
            return Match(inner, followup, "falsy" if reject else "truthy")
        if len(values) != 3 or values[1] not in _EQUAL_TESTS:
            raise Unspeakable("selectattr with this test")
        op = _EQUAL_TESTS[values[1]]
        if reject:
            op = "ne" if op == "eq" else "eq"
        return Match(inner, followup, op, values[2])

    # nouns and values

    def noun(self, subject: Subject) -> str:
        if isinstance(subject, Question):
            return self._("the answer to {question}", question=self.quoted(self.quote(subject.node)))
        if isinstance(subject, Level):
            return self._("the level of {domain}", domain=self.quoted(self.domain(subject.domain)))
        if isinstance(subject, Score):
            return self._("the number of points for {domain}", domain=self.quoted(self.domain(subject.domain)))
        if isinstance(subject, Role):
            return self._("your role")
        if isinstance(subject, Lang):
            return self._("the language")
        if isinstance(subject, Category):
            return self._("the category of the contact")
        if isinstance(subject, Declined):
            return self._("the questions answered with {decline}", decline=self.quoted(self._("Prefer not to say")))
        if isinstance(subject, Entries):
            return self._("the contacts this advice is about")
        if isinstance(subject, Match):
            raise Unspeakable("a list of entries as such")
        return self._count_noun(subject)

    def _count_noun(self, subject: Count) -> str:
        of = subject.of
        if isinstance(of, Question):
            q = self.quoted(self.quote(of.node))
            if of.node.kind == "multi":
                return self._("the number of options chosen at {question}", question=q)
            if of.node.kind == "network":
                return self._("the number of names on {question}", question=q)
            return self._("the length of the answer to {question}", question=q)
        if isinstance(of, Declined):
            return self._("the number of questions answered with {decline}",
                          decline=self.quoted(self._("Prefer not to say")))
        if isinstance(of, Entries):
            return self._("the number of contacts this advice is about")
        clause = self._match_clause(of)
        if isinstance(of.within, Entries):
            return self._("the number of contacts this advice is about for which {clause}", clause=clause)
        return self._("the number of names on {question} for which {clause}",
                      question=self.quoted(self.quote(of.within.node)), clause=clause)

    def value(self, subject: Subject, value: Any) -> str:
        """A constant as the reader knows it: an option's label, a level's words, a role's name."""
        if isinstance(subject, Role):
            return self.quoted(self.audience(value)) if value is not None else self.audience(None)
        if value is None:
            return self._("no answer")
        if isinstance(value, bool):
            return self._("yes") if value else self._("no")
        if isinstance(value, int | float):
            return number(value)
        if isinstance(subject, Level):
            return self.quoted(self.level(str(value)))
        if isinstance(subject, Lang):
            return {"nl": self._("Dutch"), "en": self._("English")}.get(str(value), self.quoted(str(value)))
        if isinstance(subject, Category):
            label = self.categories.get(str(value))
            return self.quoted(self.t(label) if label else str(value))
        if isinstance(subject, Declined):
            node = self.flow.nodes.get(str(value))
            return self.quoted(self.quote(node) if node else str(value))
        if isinstance(subject, Question):
            return self.answer(subject.node, value)
        return self.quoted(str(value))

    def answer(self, node: Node, value: Any) -> str:
        if node.kind == "yesno" and value in ("yes", "no"):
            return self.quoted(self._("Yes") if value == "yes" else self._("No"))
        if node.kind in ("choice", "multi"):
            opt = node.option(str(value))
            if opt is not None:
                return self.quoted(self.t(opt.label))
        if node.kind == "network":
            label = self.categories.get(str(value))
            if label:
                return self.quoted(self.t(label))
        if node.kind == "card" and node.card in self.flow.cards:
            card = self.flow.cards[node.card or ""]
            chosen = next((o for o in card.options if o.key == value), None)
            if chosen is not None:
                return self.quoted(f"{str(value).upper()}: {self.t(chosen.text)}")
        return self.quoted(str(value))

    def _values(self, subject: Subject, values: Sequence[Any]) -> str:
        return self.join([self.value(subject, v) for v in values])

    # clauses

    def _match_clause(self, match: Match) -> str:
        question = self.quoted(self.quote(match.followup))
        if match.op == "truthy":
            return self._("{question} was answered", question=question)
        if match.op == "falsy":
            return self._("{question} was not answered", question=question)
        words = self.value(Question(match.followup), match.value)
        if match.op == "ne":
            return self._("the answer to {question} is not {value}", question=question, value=words)
        return self._("the answer to {question} is {value}", question=question, value=words)

    def _compare(self, left_expr: nodes.Node, op: str, right_expr: nodes.Node, scope: Scope) -> str:
        left = self.operand(left_expr, scope)
        right = self.operand(right_expr, scope)
        if op in ("in", "notin"):
            if isinstance(right, Seq) and not isinstance(left, Const | Seq):
                return self._equals(left, right.values, negate=op == "notin")
            if isinstance(left, Const) and not isinstance(right, Const | Seq):
                return self._contains(right, left.value, negate=op == "notin")
            raise Unspeakable("this 'in'")
        if isinstance(left, Const | Seq) and not isinstance(right, Const | Seq):
            left, right = right, left
            op = _SWAPPED.get(op, op)
        if isinstance(left, Const | Seq) or not isinstance(right, Const):
            raise Unspeakable("a comparison of two answers")
        if op in ("eq", "ne"):
            if right.value is None:
                return self._is_none(left, negate=op == "ne")
            return self._equals(left, (right.value,), negate=op == "ne")
        if op in ("gt", "gteq", "lt", "lteq"):
            if not isinstance(right.value, int | float) or isinstance(right.value, bool):
                raise Unspeakable("an order of something other than a number")
            return self._order(left, op, right.value)
        raise Unspeakable(op)

    def _equals(self, subject: Subject, values: Sequence[Any], negate: bool) -> str:
        if isinstance(subject, Match | Entries | Declined) or (
            isinstance(subject, Count) and not all(isinstance(v, int) and not isinstance(v, bool) for v in values)
        ):
            raise Unspeakable("equality of a list")
        noun = self.noun(subject)
        if len(values) > 1:
            if negate:
                words = self.join([self.value(subject, v) for v in values], last="and")
                return self._("{subject} is none of: {values}", subject=noun, values=words)
            return self._("{subject} is one of: {values}", subject=noun, values=self._values(subject, values))
        words = self._values(subject, values)
        if negate:
            return self._("{subject} is not {value}", subject=noun, value=words)
        return self._("{subject} is {value}", subject=noun, value=words)

    def _order(self, subject: Subject, op: str, value: float) -> str:
        if isinstance(subject, Match | Entries | Declined | Role | Lang | Category | Level):
            raise Unspeakable("an order of this")
        if isinstance(subject, Question) and subject.node.kind not in ("scale", "choice"):
            raise Unspeakable("an order of this kind of answer")
        if isinstance(subject, Count) and isinstance(subject.of, Match | Entries):
            # "at least one" and "none" read better than a count compared with 0 or 1
            if (op, value) in (("gt", 0), ("gteq", 1)):
                return self._truthy(subject.of, negate=False)
            if (op, value) in (("lt", 1), ("lteq", 0)):
                return self._truthy(subject.of, negate=True)
        noun, n = self.noun(subject), number(value)
        if op == "gteq":
            return self._("{subject} is {value} or more", subject=noun, value=n)
        if op == "gt":
            return self._("{subject} is more than {value}", subject=noun, value=n)
        if op == "lteq":
            return self._("{subject} is {value} or less", subject=noun, value=n)
        return self._("{subject} is less than {value}", subject=noun, value=n)

    def _contains(self, subject: Subject, value: Any, negate: bool) -> str:
        if isinstance(subject, Question) and subject.node.kind == "multi":
            words, q = self.value(subject, value), self.quoted(self.quote(subject.node))
            if negate:
                return self._("{value} is not chosen at {question}", value=words, question=q)
            return self._("{value} is chosen at {question}", value=words, question=q)
        if isinstance(subject, Question) and subject.node.kind == "text" and isinstance(value, str):
            q = self.quoted(self.quote(subject.node))
            if negate:
                return self._("the answer to {question} does not contain {value}", question=q,
                              value=self.quoted(value))
            return self._("the answer to {question} contains {value}", question=q, value=self.quoted(value))
        if isinstance(subject, Declined):
            node = self.flow.nodes.get(str(value))
            if node is None:
                raise Unspeakable("an unknown question in 'declined'")
            q = self.quoted(self.quote(node))
            decline = self.quoted(self._("Prefer not to say"))
            if negate:
                return self._("{question} was not answered with {decline}", question=q, decline=decline)
            return self._("{question} was answered with {decline}", question=q, decline=decline)
        raise Unspeakable("this 'in'")

    def _is_none(self, subject: Subject, negate: bool) -> str:
        if isinstance(subject, Role):
            return self._("you have a role (you are not practising)") if negate else self._(
                "you have no role (you are practising)")
        if isinstance(subject, Question):
            q = self.quoted(self.quote(subject.node))
            if negate:
                return self._("{question} was answered", question=q)
            return self._("{question} was not answered (not asked, skipped or declined)", question=q)
        raise Unspeakable("'none' of this")

    def _truthy(self, subject: Operand, negate: bool) -> str:
        if isinstance(subject, Const | Seq):
            raise Unspeakable("a constant")
        if isinstance(subject, Count):
            subject = subject.of
        if isinstance(subject, Match):
            clause = self._match_clause(subject)
            if isinstance(subject.within, Entries):
                if negate:
                    return self._("for none of the contacts this advice is about, {clause}", clause=clause)
                return self._("for at least one of the contacts this advice is about, {clause}", clause=clause)
            q = self.quoted(self.quote(subject.within.node))
            if negate:
                return self._("for no name on {question}, {clause}", question=q, clause=clause)
            return self._("for at least one name on {question}, {clause}", question=q, clause=clause)
        if isinstance(subject, Entries):
            if negate:
                return self._("this advice is about no contact")
            return self._("this advice is about at least one contact")
        if isinstance(subject, Declined):
            decline = self.quoted(self._("Prefer not to say"))
            if negate:
                return self._("no question was answered with {decline}", decline=decline)
            return self._("at least one question was answered with {decline}", decline=decline)
        if isinstance(subject, Question):
            q = self.quoted(self.quote(subject.node))
            if subject.node.kind == "multi":
                if negate:
                    return self._("nothing is chosen at {question}", question=q)
                return self._("at least one option is chosen at {question}", question=q)
            if subject.node.kind == "network":
                if negate:
                    return self._("nobody is on {question}", question=q)
                return self._("at least one name is on {question}", question=q)
            if negate:
                return self._("{question} was not answered (not asked, skipped or declined)", question=q)
            return self._("{question} was answered", question=q)
        if isinstance(subject, Role):
            return self._("you have no role (you are practising)") if negate else self._(
                "you have a role (you are not practising)")
        raise Unspeakable("the truth of this")


@lru_cache(maxsize=4096)
def expression(source: str) -> nodes.Node:
    """The AST of a condition, as the engine's sandbox parses it (checked by `analyse` first); read only."""
    analyse(source)
    tree = sandbox().parse("{{ (" + source + ") }}")
    output = next(iter(tree.find_all(nodes.Output)))
    return output.nodes[0]


def _flatten(expr: nodes.Node, kind: type) -> list[nodes.Node]:
    if isinstance(expr, kind) and isinstance(expr, nodes.And | nodes.Or):
        return _flatten(expr.left, kind) + _flatten(expr.right, kind)
    return [expr]


def admits(source: str, words: Words, audience: str | None) -> bool:
    """Whether a condition can hold for a user of `audience` (see `decide`)."""
    return decide(source, words, audience) is not False


def decide(source: str, words: Words, audience: str | None) -> bool | None:
    """Whether a condition holds for a user of `audience` (None: practising, no role): True, False, or
    None when that depends on more than the role.

    Read on the AST: the parts that compare the role (`role_audience`, or the role question) with
    constants are decided; every other part may hold or not. A condition that cannot be read is None."""
    try:
        expr = expression(source)
    except (ConditionError, TemplateSyntaxError, StopIteration, IndexError):
        return None
    return _admits(expr, words, audience)


def _admits(expr: nodes.Node, words: Words, audience: str | None) -> bool | None:
    """True, False, or None when it depends on more than the role."""
    if isinstance(expr, nodes.And | nodes.Or):
        a, b = _admits(expr.left, words, audience), _admits(expr.right, words, audience)
        if isinstance(expr, nodes.And):
            return False if False in (a, b) else (True if a is b is True else None)
        return True if True in (a, b) else (False if a is b is False else None)
    if isinstance(expr, nodes.Not):
        inner = _admits(expr.node, words, audience)
        return None if inner is None else not inner
    if not isinstance(expr, nodes.Compare) or len(expr.ops) != 1:
        return None
    op = expr.ops[0]
    try:
        lhs, rhs = words.operand(expr.expr, words.top), words.operand(op.expr, words.top)
    except Unspeakable:
        return None
    if isinstance(lhs, Const) and not isinstance(rhs, Const | Seq) and op.op in ("eq", "ne"):
        lhs, rhs = rhs, lhs
    left, right = lhs, rhs
    if isinstance(left, Role):
        mine: Any = audience
        values = right
    elif isinstance(left, Question) and left.node.id == words.flow.role_question:
        roles = {v for v, a in words.flow.role_audience.items() if a == audience}
        if audience is None:
            roles = {o.value for o in left.node.options if o.value not in words.flow.role_audience}
        if len(roles) != 1:
            return None
        mine, values = next(iter(roles)), right
    else:
        return None
    if isinstance(values, Const) and op.op in ("eq", "ne"):
        return bool(mine == values.value) == (op.op == "eq")
    if isinstance(values, Seq) and op.op in ("in", "notin"):
        return (mine in values.values) == (op.op == "in")
    return None


def names(source: str) -> set[str]:
    """The answers (question ids) a condition reads; `entry` and `entries` are not questions."""
    try:
        return set(analyse(source).answers) - {"entry", "entries"}
    except ConditionError:
        return set()


def forms(source: str) -> set[str]:
    """The kinds of expression node a condition is made of (`Compare:in`, `Filter:length`, ...)."""
    tree = sandbox().parse("{{ (" + source + ") }}")
    out: set[str] = set()
    for node in tree.find_all(nodes.Expr):
        name = type(node).__name__
        if isinstance(node, nodes.Compare):
            out |= {f"Compare:{op.op}" for op in node.ops}
        elif isinstance(node, nodes.Filter | nodes.Test):
            out.add(f"{name}:{node.name}")
        else:
            out.add(name)
    return out
