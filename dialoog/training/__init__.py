"""Dilemma sessions for a trainer (`dialoog train`): the deck, the session model, its record and the exports.

No Textual and no Rich here: the trainer app (`dialoog.tui.train`) and the live listener (`dialoog.live`)
both drive the same `TrainingSession`. The names below are imported when first used, so that the command
line (which reads `dialoog.training.pool` for its parser) does not wait for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialoog.training.model import MAX_VOTES, STEPS, TrainingSession, VoteError
    from dialoog.training.records import group_votes

__all__ = ["MAX_VOTES", "STEPS", "TrainingSession", "VoteError", "group_votes"]


def __getattr__(name: str) -> Any:
    if name == "group_votes":
        from dialoog.training.records import group_votes

        return group_votes
    if name in ("MAX_VOTES", "STEPS", "TrainingSession", "VoteError"):
        from dialoog.training import model

        return getattr(model, name)
    raise AttributeError(name)
