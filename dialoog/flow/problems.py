"""Problems found in content, each with a stable code and a `path:line:col`."""

from __future__ import annotations

import difflib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass

# Stable codes: scripts and authors rely on them. Add new ones at the end; never
# renumber. docs/check-codes.md explains each one.
CODES: dict[str, str] = {
    "DLG001": "YAML syntax error",
    "DLG002": "file not found",
    "DLG003": "wrong type",
    "DLG004": "missing key",
    "DLG005": "unknown key",
    "DLG006": "unknown node kind",
    "DLG007": "invalid id",
    "DLG008": "duplicate id",
    "DLG009": "route to unknown node",
    "DLG010": "unreachable node",
    "DLG011": "dead end",
    "DLG012": "duplicate key",
    "DLG013": "expression syntax error",
    "DLG014": "unknown answer name",
    "DLG015": "unknown domain",
    "DLG016": "template error",
    "DLG017": "unknown card or empty deck",
    "DLG018": "invalid options",
    "DLG019": "invalid scale",
    "DLG020": "untranslated text",
    "DLG021": "fuzzy translation",
    "DLG022": "broken placeholder",
    "DLG023": "unknown module or flow",
    "DLG024": "coverage gap",
    "DLG025": "orphan advice",
    "DLG026": "invalid value",
    "DLG027": "catalog error",
    "DLG028": "referral to oneself",
    "DLG029": "unknown contact or audience",
    "DLG030": "content limit exceeded",
    "DLG031": "control character in text",
    "DLG032": "unsafe template path",
    "DLG033": "recursive template",
    "DLG034": "check time budget exceeded",
    "DLG035": "contact outside its remit",
    "DLG036": "unclear level rule",
    "DLG040": "network map ring",
    "DLG041": "network map sectors",
    "DLG042": "risk signal mark",
    "DLG043": "network diversity words",
    "DLG044": "network map too large to draw",
    "DLG045": "starter with an unknown contact or audience",
    "DLG046": "starter lines too few, too many or too long",
    "DLG047": "starter line for an unknown theme",
    "DLG048": "audience without starters",
    "DLG049": "starter without a source",
    "DLG050": "card shown by no flow (a warning)",
    "DLG051": "route never taken (a warning)",
    "DLG052": "bad transcript test",
    "DLG053": "transcript test cannot run",
    "DLG054": "glossary term not kept in a translation",
    "DLG067": "trainer card id already in the deck or repeated",
    "DLG068": "trainer card with an unknown theme or audience",
    "DLG069": "trainer card file without cards or with too many",
}


WARNINGS: frozenset[str] = frozenset({"DLG050", "DLG051"})
"""Codes that are warnings: `dialoog check` reports them but passes, `dialoog check --strict` fails on them."""


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the known id nearest to a misspelt `name` (difflib), or nothing."""
    hint = difflib.get_close_matches(name, sorted({k for k in known if k != name}), n=1)
    return f"; did you mean '{hint[0]}'?" if hint else ""


@dataclass(frozen=True, slots=True)
class Pos:
    """Where something stands in a content file (1-based line and column)."""

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the content."""

    path: str
    line: int
    col: int
    code: str
    message: str

    @classmethod
    def at(cls, pos: Pos, code: str, message: str) -> Problem:
        return cls(pos.path, pos.line, pos.col, code, message)

    def __str__(self) -> str:
        return self.shown()

    @property
    def warning(self) -> bool:
        """A warning (see WARNINGS), not an error: `check` passes with it unless `--strict`."""
        return self.code in WARNINGS

    def shown(self, base: str | os.PathLike[str] | None = None) -> str:
        """`path:line:col: CODE message`, the path relative to `base` (default: the working directory)."""
        warning = "warning: " if self.warning else ""
        return f"{display_path(self.path, base)}:{self.line}:{self.col}: {self.code} {warning}{self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "path": display_path(self.path),
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "message": self.message,
        }


def display_path(path: str, base: str | os.PathLike[str] | None = None) -> str:
    """A path relative to `base` (default: the working directory) when it lies below it."""
    try:
        rel = os.path.relpath(path, base)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Deadline:
    """A time budget (for `dialoog check`): `over()` turns true once `seconds` have passed, and stays true."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.hit = False

    def over(self) -> bool:
        if not self.hit and time.monotonic() > self.end:
            self.hit = True
        return self.hit
