"""The Jinja2 sandbox for conditions and texts, with bounded work.

Jinja's `SandboxedEnvironment` keeps content away from Python's internals, but it
lets an expression do unbounded work: `9 ** (9 ** 9)`, `'a' * 10**9`,
`'%0999999999d' % 1`, `'x'|center(10**9)`, loops over loops. Content is
semi-trusted (an author's mistake or a planted file must not hang or exhaust
the program), so `BoundedSandbox` adds limits:

- `**`, `*`, `%` and `+` are intercepted (`intercepted_binops`, see Jinja's
  sandbox docs) and refuse a result larger than `MAX_SIZE` items or characters,
  or an integer of more than `MAX_INT_BITS` bits. Because they are intercepted,
  Jinja's constant folding leaves them alone too (`BinOp.as_const` refuses
  intercepted operators), so `{{ 9 ** (9 ** 9) }}` costs nothing at compile time;
- `~` (concatenation), `str.format`/`format_map`, the `format`, `center`,
  `indent` and `replace` filters and the str methods that pad or replace check
  the size of what they would make before they make it;
- every `for` loop counts its iterations against a budget per rendering
  (`MAX_LOOP_STEPS`, started by `BoundedTemplate.render` or by `Texts`; a loop
  run without one is refused), and `Texts` stops a rendering whose output
  passes `MAX_OUTPUT` characters;
- `lipsum` (which makes as many paragraphs as asked) is not available.

Whatever passes a limit raises `SecurityError`; the caller treats it as any
other failure of content (a condition is false, a text shows as written).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from jinja2 import Template, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

MAX_SIZE = 100_000
"""The longest string or list an expression may make (characters or items)."""
MAX_INT_BITS = 4_096
"""The largest integer an expression may make (about 1,230 decimal digits)."""
MAX_LOOP_STEPS = 100_000
"""Loop iterations in one rendering of a template (all loops together)."""
MAX_OUTPUT = 200_000
"""Characters one rendering of a text or template may produce."""

_LOOP_FILTER = "dialoog_bounded_loop"
_CONCAT_FILTER = "dialoog_bounded_concat"


class Budget:
    """The loop iterations left for one rendering."""

    __slots__ = ("steps",)

    def __init__(self, steps: int = MAX_LOOP_STEPS) -> None:
        self.steps = steps


_BUDGET: ContextVar[Budget | None] = ContextVar("dialoog_render_budget", default=None)


def new_budget() -> Any:
    """Start a fresh loop budget for one rendering; returns the token to `end_budget` with."""
    return _BUDGET.set(Budget())


def end_budget(token: Any) -> None:
    _BUDGET.reset(token)


def _bounded_loop(iterable: Iterable[Any]) -> Iterator[Any]:
    budget = _BUDGET.get()
    if budget is None:  # `Template.render` and `Texts` start one; a loop outside them has no budget to use
        raise SecurityError("a template loop outside a rendering with a budget")
    for item in iterable:
        budget.steps -= 1
        if budget.steps < 0:
            raise SecurityError(f"a template loop ran more than {MAX_LOOP_STEPS} times")
        yield item


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what} would be larger than the limit of {MAX_SIZE}")


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def _check_int(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise SecurityError(f"a number of more than {MAX_INT_BITS} bits")
    return value


def _mul(left: Any, right: Any) -> Any:
    for seq, times in ((left, right), (right, left)):
        n = _size(seq)
        if n is not None and isinstance(times, int):
            if n * max(times, 0) > MAX_SIZE:
                raise _too_big("a repeated text or list")
            return left * right
    if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
        raise SecurityError(f"a number of more than {MAX_INT_BITS} bits")
    return left * right


def _pow(left: Any, right: Any) -> Any:
    big = isinstance(left, int) and isinstance(right, int) and right > 0 and left.bit_length() * right > MAX_INT_BITS
    if big and abs(left) > 1:
        raise SecurityError(f"a number of more than {MAX_INT_BITS} bits")
    if isinstance(right, int) and abs(right) > MAX_INT_BITS and isinstance(left, (int, float)) and abs(left) > 1:
        raise SecurityError("a power that is too large")
    return left**right


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_DIGITS = re.compile(r"\d+")


def _check_percent(fmt: str) -> None:
    for match in _PERCENT_SPEC.finditer(fmt):
        for part in match.groups():
            if part == "*":
                raise SecurityError("'*' widths are not allowed in a format")
            if part is not None and (len(part) > 6 or int(part) > MAX_SIZE):
                raise _too_big("a formatted field")


def _check_format_string(fmt: str) -> None:
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format raises the same error when it runs
    for _text, _name, spec, _conv in fields:
        if not spec:
            continue
        if "{" in spec:
            raise SecurityError("nested fields are not allowed in a format")
        for digits in _DIGITS.findall(spec):
            if len(digits) > 6 or int(digits) > MAX_SIZE:
                raise _too_big("a formatted field")


def _mod(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_percent(left)
    result = left % right
    if _size(result) is not None and len(result) > MAX_SIZE:
        raise _too_big("a formatted text")
    return result


def _add(left: Any, right: Any) -> Any:
    a, b = _size(left), _size(right)
    if a is not None and b is not None and a + b > MAX_SIZE:
        raise _too_big("a joined text or list")
    return _check_int(left + right)


def _concat(parts: Iterable[Any]) -> str:
    total = 0
    out: list[str] = []
    for part in parts:
        text = str(part)
        total += len(text)
        if total > MAX_SIZE:
            raise _too_big("a joined text")
        out.append(text)
    return "".join(out)


def _replace_size(text: str, old: str, new: str, count: int = -1) -> int:
    hits = len(text) + 1 if old == "" else text.count(old)
    if count is not None and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(len(new) - len(old), 0)


def _joined_size(items: list[Any] | tuple[Any, ...], separator: int) -> int:
    return sum(len(x) if isinstance(x, str) else len(str(x)) for x in items) + separator * max(len(items) - 1, 0)


def _width(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _str_call_size(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """The length of what a str method would return (for the ones that can make far more than they get)."""
    if name in ("ljust", "rjust", "center", "zfill"):
        return max(len(text), _width(args[0] if args else kwargs.get("width", 0)))
    if name == "expandtabs":
        size = _width(args[0] if args else kwargs.get("tabsize", 8))
        return len(text) + text.count("\t") * max(size, 0)
    if name == "join" and args and isinstance(args[0], (list, tuple)):
        return _joined_size(args[0], len(text))
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        return _replace_size(text, args[0], args[1], count if isinstance(count, int) else -1)
    return 0


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {"**": _pow, "*": _mul, "%": _mod, "+": _add}
_FORMAT_NAMES = frozenset({"format", "format_map"})


def _bounded_filters(env: SandboxedEnvironment) -> None:
    filters = env.filters
    center, indent, replace, fmt = filters["center"], filters["indent"], filters["replace"], filters["format"]
    join = filters["join"]

    def bounded_center(value: Any, width: int = 80) -> Any:
        if _width(width) > MAX_SIZE:
            raise _too_big("a centred text")
        return center(value, width)

    def bounded_indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> Any:
        lines = str(value).count("\n") + 1
        pad = _width(width) if isinstance(width, int) else len(str(width))
        if len(str(value)) + lines * pad > MAX_SIZE:
            raise _too_big("an indented text")
        return indent(value, width, *args, **kwargs)

    def bounded_replace(eval_ctx: Any, value: Any, old: Any, new: Any, count: Any = None) -> Any:
        if _replace_size(str(value), str(old), str(new), count if isinstance(count, int) else -1) > MAX_SIZE:
            raise _too_big("a replaced text")
        return replace(eval_ctx, value, old, new, count)

    def bounded_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_percent(str(value))
        result = fmt(value, *args, **kwargs)
        if len(result) > MAX_SIZE:
            raise _too_big("a formatted text")
        return result

    def bounded_join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        if attribute is None:  # measured before it is made
            items = value if isinstance(value, (list, tuple)) else list(_bounded_loop(value))
            if _joined_size(items, len(str(d))) > MAX_SIZE:
                raise _too_big("a joined text")
            return join(eval_ctx, items, d)
        result = join(eval_ctx, value, d, attribute)
        if len(result) > MAX_SIZE:
            raise _too_big("a joined text")
        return result

    bounded_replace.jinja_pass_arg = replace.jinja_pass_arg  # type: ignore[attr-defined]
    bounded_join.jinja_pass_arg = join.jinja_pass_arg  # type: ignore[attr-defined]
    filters.update(
        {
            "center": bounded_center,
            "indent": bounded_indent,
            "replace": bounded_replace,
            "format": bounded_format,
            "join": bounded_join,
            _LOOP_FILTER: _bounded_loop,
            _CONCAT_FILTER: _concat,
        }
    )
    env.globals.pop("lipsum", None)


def _bound_tree(tree: nodes.Template) -> None:
    """Route every loop through the loop budget and every `~` through the size check."""
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None, lineno=loop.lineno)
    for concat in list(tree.find_all(nodes.Concat)):
        items = nodes.List(list(concat.nodes), lineno=concat.lineno)
        bounded = nodes.Filter(items, _CONCAT_FILTER, [], [], None, None, lineno=concat.lineno)
        concat.nodes = [bounded]


class BoundedTemplate(Template):
    """A template whose `render` gives its loops one budget (unless the caller started one)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        if _BUDGET.get() is not None:
            return super().render(*args, **kwargs)
        token = new_budget()
        try:
            return super().render(*args, **kwargs)
        finally:
            end_budget(token)


class _Bounded:
    """What both bounded environments add to Jinja's sandbox (mixed in before it)."""

    intercepted_binops = frozenset(_BINOPS)
    template_class = BoundedTemplate

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return _BINOPS[operator](left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if getattr(value, "__name__", None) not in _FORMAT_NAMES:  # the common case, every attribute: quick
            return None
        wrapped: Callable[..., str] | None = super().wrap_str_format(value)  # type: ignore[misc]
        if wrapped is None:
            return None
        fmt: str = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format_string(fmt)
            assert wrapped is not None
            result = wrapped(*args, **kwargs)
            if len(result) > MAX_SIZE:
                raise _too_big("a formatted text")
            return result

        return checked

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        if owner.__class__ is str and _str_call_size(owner, getattr(__obj, "__name__", ""), args, kwargs) > MAX_SIZE:
            raise _too_big("a padded, joined or replaced text")
        return super().call(__context, __obj, *args, **kwargs)  # type: ignore[misc]

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree: nodes.Template = super()._parse(source, name, filename)  # type: ignore[misc]
        _bound_tree(tree)
        return tree


class BoundedSandbox(_Bounded, SandboxedEnvironment):
    """A `SandboxedEnvironment` whose expressions and loops do bounded work (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bounded_filters(self)


class BoundedImmutableSandbox(_Bounded, ImmutableSandboxedEnvironment):
    """The same limits on Jinja's immutable sandbox (no `append`, `update`, ... on lists and dicts)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bounded_filters(self)
