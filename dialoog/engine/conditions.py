"""Evaluating a condition against a session's context, cheaply.

A compiled Jinja expression copies the mapping it is given into a new context on every call, and a
session's context holds a name for every node of the flow. A condition reads only a few of them, so
it is given just those: the result is the same (a name that is not there is undefined either way),
and a turn does much less copying.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from dialoog.flow.expressions import analyse, compile_condition


@lru_cache(maxsize=4096)
def reads(condition: str) -> tuple[str, ...]:
    """The names of the context that `condition` reads, sorted."""
    names = analyse(condition)
    return tuple(sorted(names.answers | names.context))


def frozen(value: Any) -> Any:
    """`value` as a key: lists and mappings (a network list's entries) become tuples."""
    if isinstance(value, list | tuple):
        return tuple(frozen(v) for v in value)
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), frozen(v)) for k, v in value.items()))
    return value


_MEMO: dict[tuple[Any, ...], bool] = {}
"""Conditions already evaluated, by their text and the values of the names they read: a condition is a pure
function of those, and the same ones are asked again and again while only one answer changed."""
_MEMO_LIMIT = 20_000


def remembered(condition: str, ctx: Mapping[str, Any], key: tuple[Any, ...] | None = None) -> bool:
    """`holds`, remembered by the values `condition` reads (`key`: those values, when the caller has them)."""
    if key is None:
        key = (condition, *(frozen(ctx.get(name)) for name in reads(condition)))
    try:
        known = _MEMO.get(key)
    except TypeError:  # a value that cannot be a key
        return holds(condition, ctx)
    if known is None:
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        known = _MEMO[key] = holds(condition, ctx)
    return known


def holds(condition: str, ctx: Mapping[str, Any]) -> bool:
    """Does `condition` hold in `ctx`? (False when it fails while it runs, as `compile_condition` says.)"""
    return compile_condition(condition)({name: ctx[name] for name in reads(condition) if name in ctx})
