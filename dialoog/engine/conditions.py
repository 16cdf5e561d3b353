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


def holds(condition: str, ctx: Mapping[str, Any]) -> bool:
    """Does `condition` hold in `ctx`? (False when it fails while it runs, as `compile_condition` says.)"""
    return compile_condition(condition)({name: ctx[name] for name in reads(condition) if name in ctx})
