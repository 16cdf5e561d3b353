"""What the engine raises; every message is already translated for the user."""

from __future__ import annotations


class AnswerError(ValueError):
    """An answer that cannot be accepted; the session is unchanged."""

    def __init__(self, message: str, node: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.node = node


class CannotGoBack(AnswerError):
    """There is no earlier answer to undo."""


class StaleSession(ValueError):
    """A saved session that does not fit the current content."""
