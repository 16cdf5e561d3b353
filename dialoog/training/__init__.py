"""Dilemma sessions for a trainer (`dialoog train`): the deck, the session model, its record and the exports.

No Textual and no Rich here: the trainer app (`dialoog.tui.train`) and the live listener (`dialoog.live`)
both drive the same `TrainingSession`.
"""

from __future__ import annotations

from dialoog.training.model import MAX_VOTES, STEPS, TrainingSession, VoteError
from dialoog.training.records import group_votes

__all__ = ["MAX_VOTES", "STEPS", "TrainingSession", "VoteError", "group_votes"]
