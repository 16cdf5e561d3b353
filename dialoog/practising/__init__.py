"""Practice with the dilemma cards, alone: the deck to pick from, the personal progress (kept encrypted in the
user's store) and the feedback on a card (considerations, perspectives, how groups voted on this machine).

No Textual here: the terminal app (`dialoog.tui.practise`) and the tests use the same model.
"""

from dialoog.practising.deck import CardView, PracticeDeck, ThemeView
from dialoog.practising.feedback import Feedback, GroupVotes, feedback
from dialoog.practising.progress import MAX_REFLECTION, Meeting, Progress, ProgressBook, visible

__all__ = ["MAX_REFLECTION", "CardView", "Feedback", "GroupVotes", "Meeting", "PracticeDeck", "Progress",
           "ProgressBook", "ThemeView", "feedback", "visible"]
