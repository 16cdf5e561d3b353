"""Which follow-up questions of a network question are asked about one entry.

A follow-up may have `when:`, a condition over the answers to the follow-ups of the same entry given
so far (by follow-up id), `entry` (its `name` and `category`) and the scan's context (earlier answers,
`role_audience`, `scan_moment`, ...). A follow-up whose condition is false is not asked and has no
answer: entry rules and risk signals see it as unknown. Nothing here knows about Textual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dialoog.engine.conditions import frozen, holds, reads
from dialoog.flow.expressions import MISSING
from dialoog.flow.model import Node


def entry_context(base: Mapping[str, Any], node: Node, entry: Mapping[str, Any]) -> dict[str, Any]:
    """What a follow-up's `when` sees for `entry`: the scan's context, the entry's follow-up answers so
    far (unknown for those not given) and `entry` itself."""
    answers = entry.get("answers") or {}
    ctx = dict(base)
    for followup in node.followups:
        ctx[followup.id] = answers.get(followup.id, MISSING)
    ctx["entry"] = entry
    return ctx


def applies(followup: Node, ctx: Mapping[str, Any]) -> bool:
    """Is `followup` asked in `ctx` (made by `entry_context`)?"""
    return not followup.when or holds(followup.when, ctx)


def next_followup(
    base: Mapping[str, Any], node: Node, entries: Sequence[Mapping[str, Any]], entry_index: int, fu_index: int
) -> tuple[int, int] | None:
    """The first follow-up asked from (`entry_index`, `fu_index`) on, in order; None when none is left."""
    while entry_index < len(entries):
        ctx = entry_context(base, node, entries[entry_index])
        for index in range(fu_index, len(node.followups)):
            if applies(node.followups[index], ctx):
                return entry_index, index
        entry_index, fu_index = entry_index + 1, 0
    return None


_OUTSIDE: dict[int, tuple[Node, tuple[str, ...]]] = {}
"""Per network node: the names of the scan's context its follow-ups' conditions read (besides the follow-ups
and `entry`), kept with the node so its id is not reused while the entry is here."""
_ASKED: dict[tuple[Any, ...], tuple[Node, int]] = {}
_ASKED_LIMIT = 8_192


def _outside(node: Node) -> tuple[str, ...]:
    held = _OUTSIDE.get(id(node))
    if held is not None and held[0] is node:
        return held[1]
    own = {f.id for f in node.followups} | {"entry"}
    names = tuple(sorted({n for f in node.followups if f.when for n in reads(f.when)} - own))
    if len(_OUTSIDE) >= 256:
        _OUTSIDE.clear()
    _OUTSIDE[id(node)] = (node, names)
    return names


def asked(base: Mapping[str, Any], node: Node, entry: Mapping[str, Any], start: int = 0) -> int:
    """How many follow-ups from `start` on will be asked about `entry`, as far as its answers so far tell:
    for an entry with no answers yet, the screening ones (those whose condition holds without answers).

    Remembered by what decides it (the entry, `start` and the context names the conditions read): the
    progress walk asks this for every entry on every turn, while only one answer changed."""
    try:
        key: tuple[Any, ...] | None = (id(node), start, frozen(entry), *(frozen(base.get(n)) for n in _outside(node)))
        held = _ASKED.get(key)  # type: ignore[arg-type]
    except TypeError:  # a value that cannot be a key: counted every time
        key, held = None, None
    if held is not None and held[0] is node:
        return held[1]
    ctx = entry_context(base, node, entry)
    count = sum(1 for followup in node.followups[start:] if applies(followup, ctx))
    if key is not None:
        if len(_ASKED) >= _ASKED_LIMIT:
            _ASKED.clear()
        _ASKED[key] = (node, count)
    return count


def not_applying(base: Mapping[str, Any], node: Node, entry: Mapping[str, Any]) -> list[str]:
    """The follow-ups that have an answer in `entry` but whose condition no longer holds."""
    answers = entry.get("answers") or {}
    ctx = entry_context(base, node, entry)
    return [f.id for f in node.followups if f.id in answers and not applies(f, ctx)]
