"""The conversation engine: runs a validated flow. Knows nothing of any UI.

`Session` and `Turn` are imported on first use, so that `dialoog.engine.turn` (what
a first screen needs) loads without the rest of the engine and Jinja2.
"""

from typing import TYPE_CHECKING, Any

from dialoog.engine.errors import AnswerError, CannotGoBack, StaleSession

if TYPE_CHECKING:
    from dialoog.engine.session import Session
    from dialoog.engine.turn import Turn

__all__ = ["AnswerError", "CannotGoBack", "Session", "StaleSession", "Turn"]


def __getattr__(name: str) -> Any:
    if name == "Session":
        from dialoog.engine.session import Session

        return Session
    if name == "Turn":
        from dialoog.engine.turn import Turn

        return Turn
    raise AttributeError(f"module 'dialoog.engine' has no attribute {name!r}")
