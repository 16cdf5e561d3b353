"""The shared version: the report in a chosen scope, by default `Scope.shared()` (the levels, the main actions
and the agenda; no network names, no free text, no "because"). The preview is the very text of the file."""

from __future__ import annotations

import dataclasses
import datetime as dt
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


def shared_report(session: Any, scope: Scope | None = None, previous: Any = None,
                  today: dt.date | None = None) -> Any:
    """The report model of the shared version (`dialoog.report.build_report` in `scope`)."""
    from dialoog.report import build_report

    scope = scope or Scope.shared()
    return build_report(session, previous=previous if scope.compare else None, scope=scope, today=today)


def shared_text(session: Any, scope: Scope | None = None, previous: Any = None,
                today: dt.date | None = None) -> str:
    """The Markdown of the shared version, in the session's language: exactly what the file will hold."""
    from dialoog.report import render_markdown

    text: str = render_markdown(shared_report(session, scope, previous, today))
    return text


def shared_file(session: Any, scope: Scope, suffix: str, previous: Any = None, today: dt.date | None = None) -> str:
    """What a shared-version file holds: the Markdown, or for `.html` the same report as HTML."""
    if suffix.lower() in (".html", ".htm"):
        from dialoog.report import render_html

        html: str = render_html(shared_report(session, scope, previous, today))
        return html
    return shared_text(session, scope, previous, today)


__all__ = ["PARTS", "UnknownPart", "included", "left_out", "parts_of", "shared_file", "shared_report", "shared_text",
           "widened"]
