"""Risk signals of one network entry: which answers about a person or organisation add points to which
domain. One reading for every front end: the network map marks them, the comparison of two scans says
which changed, the exports carry them.

A signal comes from a follow-up answer that gives points (`source` is the follow-up id) or from one of the
network question's entry rules that holds for the entry (`source` is `rule:<index>`). The content decides
what counts; nothing here names a domain or a question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dialoog.engine.scores import answer_points, holding_rules
from dialoog.flow.model import Node


@dataclass(frozen=True, slots=True)
class Signal:
    domain: str
    source: str
    """The follow-up id whose answer gave the points, or `rule:<index>` for an entry rule."""
    points: float


def entry_signals(node: Node, entry: Mapping[str, Any]) -> tuple[Signal, ...]:
    """The signals of `entry` (an item of the answer to the network question `node`), in the order of the
    follow-ups, then the rules. Only positive points count as a signal."""
    answers = entry.get("answers") or {}
    out: list[Signal] = []
    for followup in node.followups:
        for domain, points in answer_points(followup, answers.get(followup.id)).items():
            if points > 0:
                out.append(Signal(domain, followup.id, points))
    for index, rule in holding_rules(node, entry):
        out.extend(Signal(domain, f"rule:{index}", points) for domain, points in rule.points.items() if points > 0)
    return tuple(out)


def signal_domains(node: Node, entry: Mapping[str, Any]) -> tuple[str, ...]:
    """The domains `entry` has a signal in, each once, in first-seen order."""
    return tuple(dict.fromkeys(s.domain for s in entry_signals(node, entry)))


__all__ = ["Signal", "entry_signals", "signal_domains"]
