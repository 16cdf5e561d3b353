"""Messages that answer widgets and screens send each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class Answered(Message):
    """An answer widget has a value to give to the engine."""

    value: Any


@dataclass
class Declined(Message):
    """'Prefer not to say' was chosen."""


@dataclass
class Skipped(Message):
    """The question is skipped (optional questions only)."""


@dataclass
class Notice(Message):
    """A short message for the status line under the transcript (already translated)."""

    text: str
    error: bool = False


@dataclass
class ReviseStep(Message):
    """The user asked to change the answer given at this step of the history."""

    step: int


@dataclass
class ResumeChosen(Message):
    """At the start: `resume` the unfinished session, or start `again`."""

    choice: str
