"""Reports of a session: the model, HTML and Markdown, and writing them to a file."""

from __future__ import annotations

from dialoog.report.scope import Scope

__all__ = ["Scope"]
