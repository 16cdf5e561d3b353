"""The shared version: the report in a chosen scope, by default `Scope.shared()` (the levels, the main actions
and the agenda; no network names, no free text, no "because"). The preview is the very text of the file."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from dialoog.report.scope import Scope

PARTS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Scope))
"""The parts a user can widen or narrow, by their Scope field names (also the names of --include/--exclude)."""


class UnknownPart(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def parts_of(names: Iterable[str]) -> list[str]:
    """`levels,agenda` and `levels agenda` both: the names, each checked."""
    out: list[str] = []
    for item in names:
        for name in str(item).replace(",", " ").split():
            if name not in PARTS:
                raise UnknownPart(name)
            out.append(name)
    return out


def widened(scope: Scope, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> Scope:
    """`scope` with the parts in `include` added and those in `exclude` left out (exclude wins)."""
    changes = dict.fromkeys(parts_of(include), True)
    changes.update(dict.fromkeys(parts_of(exclude), False))
    return dataclasses.replace(scope, **changes)


def included(scope: Scope) -> tuple[str, ...]:
    return tuple(name for name, on in scope.as_json().items() if on)


def left_out(scope: Scope) -> tuple[str, ...]:
    return tuple(name for name, on in scope.as_json().items() if not on)


def shared_text(session: Any, scope: Scope | None = None, previous: Any = None) -> str:
    """The Markdown of the shared version, in the session's language: exactly what the file will hold."""
    from dialoog.report import build_report, render_markdown

    report = build_report(session, previous=previous if scope is None or scope.compare else None,
                          scope=scope or Scope.shared())
    text: str = render_markdown(report)
    return text


__all__ = ["PARTS", "UnknownPart", "included", "left_out", "parts_of", "shared_text", "widened"]
