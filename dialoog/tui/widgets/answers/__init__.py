"""One answer widget per kind of question; `answer_widget` picks the one a turn needs."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialoog.engine import Turn
    from dialoog.i18n import UI
    from dialoog.tui.widgets.answers.base import AnswerWidget


def answer_widget(turn: Turn, ui: UI, draft: Any = None, reuse: AnswerWidget | None = None) -> AnswerWidget:
    """The widget that answers `turn` (for a network follow-up: the follow-up's kind).

    `reuse` is the widget on screen: it is returned, reloaded, when it is of the right kind and can be.
    """
    cls = answer_class(turn)
    if reuse is not None and type(reuse) is cls and reuse.reload(turn, ui, draft):
        return reuse
    return cls(turn, ui, draft)


_CLASSES: dict[str, tuple[str, str]] = {
    "message": ("message", "ContinueAnswer"),
    "end": ("message", "EndAnswer"),
    "choice": ("choice", "ChoiceAnswer"),
    "yesno": ("yesno", "YesNoAnswer"),
    "multi": ("multi", "MultiAnswer"),
    "scale": ("scale", "ScaleAnswer"),
    "text": ("text", "TextAnswer"),
    "network": ("network", "NetworkAnswer"),
    "card": ("card", "CardAnswer"),
}
"""For each kind of question, the module (below this package) and class of its widget; imported when first
asked for, so the first screen does not wait for the others."""


def answer_class(turn: Turn) -> type[AnswerWidget]:
    """The class of the widget that answers `turn` (an unknown kind: the Continue button)."""
    module, name = _CLASSES.get(turn.kind, _CLASSES["message"])
    cls: type[AnswerWidget] = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    return cls


SPARE_KINDS = ("message", "choice", "yesno", "multi", "scale", "text", "card", "network")
"""The kinds whose answer widget is reloaded for each question of its kind: every kind."""


def empty_turn(kind: str) -> Turn:
    """A question of `kind` with no words and no options, to build an answer widget ahead of its use."""
    from dialoog.engine.turn import Progress, Turn

    return Turn(node="", kind=kind, text="", progress=Progress("", "", 1, 1, 1, 1, 0, 1), min=1, max=2, max_length=1)


def spare_widgets(ui: UI, have: set[type[AnswerWidget]]) -> list[AnswerWidget]:
    """An answer widget of each kind in SPARE_KINDS that is not in `have`, built for an empty question.

    The conversation mounts them hidden while the user reads the first question, so that the first
    question of each kind reloads one instead of composing and styling a new widget in its turn. This
    is also what registers each widget's CSS ahead of its first question (Textual parses a widget's
    DEFAULT_CSS when the first one is mounted).
    """
    spares: list[AnswerWidget] = []
    for kind in SPARE_KINDS:
        turn = empty_turn(kind)
        cls = answer_class(turn)
        if cls not in have:
            spares.append(cls(turn, ui))
    return spares


def warm_up_imports() -> None:
    """Import every answer widget's module (on the start-up thread, while the user reads)."""
    import dialoog.tui.widgets.answers.card
    import dialoog.tui.widgets.answers.choice
    import dialoog.tui.widgets.answers.message
    import dialoog.tui.widgets.answers.multi
    import dialoog.tui.widgets.answers.network
    import dialoog.tui.widgets.answers.resume
    import dialoog.tui.widgets.answers.scale
    import dialoog.tui.widgets.answers.text
    import dialoog.tui.widgets.answers.yesno  # noqa: F401
