"""The conversation engine: runs a validated flow. Knows nothing of any UI."""

from dialoog.engine.errors import AnswerError, CannotGoBack, StaleSession
from dialoog.engine.session import Session
from dialoog.engine.turn import Turn

__all__ = ["AnswerError", "CannotGoBack", "Session", "StaleSession", "Turn"]
