"""Conditions as Jinja2 expressions, compiled in a sandbox and never `eval`-ed.

Authors write conditions such as ``role == 'bewindspersoon'`` or
``scores.ondermijning >= 4``. They are compiled by an immutable
``SandboxedEnvironment`` whose work is bounded (`dialoog.flow.sandbox`):
attributes starting with ``_`` and calls to unsafe functions are refused, large
powers, repetitions and formats are refused, and nothing an author writes is
handed to Python or to `transitions` as a name to import.

A condition is refused before Jinja reads it when it is empty, longer than
`MAX_CONDITION_LENGTH` characters, nests brackets deeper than `MAX_NESTING` or
has more than `MAX_OPERATORS` operators (`and`, `or`, `not`, `.`, `|`, calls,
arithmetic, ...): Jinja's parser and compiler recurse, and Python refuses code
nested too deep, so such a condition would end in a `RecursionError` or a
`SyntaxError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from jinja2 import TemplateError, TemplateSyntaxError, nodes

from dialoog.flow.sandbox import BoundedImmutableSandbox

MAX_CONDITION_LENGTH = 1_000
MAX_NESTING = 24
MAX_OPERATORS = 64
_OPERATORS = re.compile(r"\b(?:and|or|not|if|else|is|in)\b|[-+~*/%.|(\[]")

CONTEXT_NAMES = frozenset({"scores", "levels", "declined", "role_audience", "lang"})


class _Missing:
    """The value of an unanswered question: equal to none, never greater or smaller."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return other is None or other is self

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return 0

    def __bool__(self) -> bool:
        return False

    def _false(self, other: object) -> bool:
        return False

    __lt__ = __le__ = __gt__ = __ge__ = _false

    def __contains__(self, item: object) -> bool:
        return False

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "none"


MISSING: Any = _Missing()


def _is_none(value: object) -> bool:
    return value is None or value is MISSING


@lru_cache(maxsize=1)
def sandbox() -> BoundedImmutableSandbox:
    env = BoundedImmutableSandbox(autoescape=False)
    env.tests["none"] = _is_none
    return env


class ConditionError(Exception):
    """A condition could not be compiled; `line`/`col` are within the expression."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Names:
    """What an expression refers to."""

    answers: frozenset[str]
    domains: frozenset[str]
    context: frozenset[str]


def _precheck(source: str) -> None:
    """Refuse what Jinja cannot read without recursing too deep, before it reads it."""
    if not source.strip():
        raise ConditionError("the condition is empty")
    if len(source) > MAX_CONDITION_LENGTH:
        raise ConditionError(f"the condition has {len(source):,} characters: at most {MAX_CONDITION_LENGTH:,}")
    depth = deepest = 0
    for ch in source:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    if deepest > MAX_NESTING:
        raise ConditionError(f"brackets nested {deepest} deep: at most {MAX_NESTING}")
    if len(_OPERATORS.findall(source)) > MAX_OPERATORS:
        raise ConditionError(f"more than {MAX_OPERATORS} operators: split the condition")


@lru_cache(maxsize=4096)
def analyse(source: str) -> Names:
    """Parse and compile an expression and list the answers, domains and context names it uses.

    Compiling finds what parsing does not: an unknown filter or test (`lang|nosuchfilter`)."""
    _precheck(source)
    env = sandbox()
    try:
        tree = env.parse("{{ (" + source + ") }}")
        env.compile_expression(source, undefined_to_none=False)
    except TemplateSyntaxError as exc:
        raise ConditionError(exc.message or "syntax error", exc.lineno) from None
    except TemplateError as exc:  # TemplateAssertionError (unknown filter or test) and the like
        raise ConditionError(exc.message or "cannot compile the condition") from None
    except (RecursionError, SyntaxError, ValueError, OverflowError, MemoryError) as exc:  # e.g. 5,000 digits
        raise ConditionError(f"cannot compile the condition ({type(exc).__name__})") from None
    if len(list(tree.find_all(nodes.Output))) != 1 or any(
        isinstance(n, nodes.TemplateData) for n in tree.find_all(nodes.TemplateData)
    ):
        raise ConditionError("not a single expression")
    answers: set[str] = set()
    domains: set[str] = set()
    context: set[str] = set()
    for name in tree.find_all(nodes.Name):
        if name.ctx != "load":
            continue
        (context if name.name in CONTEXT_NAMES else answers).add(name.name)
    # find_all with a tuple of types is typed as their common base, Expr
    lookups = cast("Iterator[nodes.Getattr | nodes.Getitem]", tree.find_all((nodes.Getattr, nodes.Getitem)))
    for node in lookups:
        target = node.node
        if isinstance(target, nodes.Name) and target.name in ("scores", "levels"):
            if isinstance(node, nodes.Getattr):
                domains.add(node.attr)
            elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                domains.add(node.arg.value)
        attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(attr, str) and attr.startswith("_"):
            raise ConditionError(f"'{attr}' is not allowed: names starting with '_' are private")
    for flt in tree.find_all(nodes.Filter):
        if flt.name == "attr" and any(
            isinstance(a, nodes.Const) and isinstance(a.value, str) and a.value.startswith("_") for a in flt.args
        ):
            raise ConditionError("'attr' with a name starting with '_' is not allowed")
    answers -= {"true", "false", "none", "True", "False", "None"}
    return Names(frozenset(answers), frozenset(domains), frozenset(context))


def entry_categories(text: str) -> list[str]:
    """The values a follow-up's text compares its entry's category with, in order: the strings in
    `entry.category == 'family'`, `!=`, or `entry.category in ['family', 'friends']`. A text that is no
    valid template gives none (`dialoog check` reports it as a template error)."""
    try:
        tree = sandbox().parse(text)
    except TemplateSyntaxError:
        return []

    def is_category(expr: nodes.Node) -> bool:
        if not isinstance(expr, (nodes.Getattr, nodes.Getitem)):
            return False
        target = expr.node
        attr = expr.attr if isinstance(expr, nodes.Getattr) else getattr(expr.arg, "value", None)
        return isinstance(target, nodes.Name) and target.name == "entry" and attr == "category"

    def strings(expr: nodes.Node) -> list[str]:
        if isinstance(expr, nodes.Const) and isinstance(expr.value, str):
            return [expr.value]
        if isinstance(expr, (nodes.List, nodes.Tuple)):
            return [s for item in expr.items for s in strings(item)]
        return []

    values: list[str] = []
    for compare in tree.find_all(nodes.Compare):
        sides = [compare.expr, *(op.expr for op in compare.ops)]
        if any(is_category(side) for side in sides):
            values += [s for side in sides for s in strings(side)]
    return values


Condition = Callable[[Mapping[str, Any]], bool]


@lru_cache(maxsize=4096)
def compile_condition(source: str) -> Condition:
    """Compile an expression into a function of the answer context.

    A condition that fails while it runs (for instance a comparison of text with
    a number) counts as false: a conversation never crashes on content.
    """
    analyse(source)
    expr = sandbox().compile_expression(source, undefined_to_none=False)

    def run(context: Mapping[str, Any]) -> bool:
        try:
            return bool(expr(context))
        except Exception:  # noqa: BLE001 - content must never crash a session
            return False

    return run
