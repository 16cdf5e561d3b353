"""The transcript as data: what the bot said and what the user answered, from a session.

The screen appends lines as the conversation goes; after resuming, switching
language or going back it rebuilds them from `session.history`. Every line has
a `tag`: the length of the history when it was added. Going back to a history
of length n removes every line tagged above n.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialoog.engine import Session, Turn
    from dialoog.engine.turn import CardView
    from dialoog.flow.model import Node

BOT, CARD, USER = "bot", "card", "user"
CONTINUED, DECLINED, SKIPPED = "continue", "declined", "skipped"


@dataclass(frozen=True, slots=True)
class Line:
    who: str
    """`bot` (Markdown), `card` (a dilemma card) or `user` (plain text, never markup)."""
    text: str
    tag: int
    step: int | None = None
    """For user lines: the index in `session.history` of the answer shown."""
    card: CardView | None = None


def node_text(session: Session, node: Node) -> str:
    """What the bot says at `node`, rendered with the answers given so far."""
    return session.node_text(node)


def card_view(session: Session, node: Node) -> CardView | None:
    return session.card_view(node.card) if node.card and node.card in session.flow.cards else None


def _followup(node: Node, followup_id: str | None) -> Node | None:
    return next((f for f in node.followups if f.id == followup_id), None)


def _entry(session: Session, node_id: str, index: int | None) -> dict[str, Any] | None:
    entries = session.answers.get(node_id)
    if isinstance(entries, list) and index is not None and 0 <= index < len(entries):
        entry = entries[index]
        return entry if isinstance(entry, dict) else None
    return None


def followup_text(session: Session, node: Node, entry_index: int, followup_id: str) -> str:
    question = _followup(node, followup_id)
    entry = _entry(session, node.id, entry_index)
    if question is None or entry is None:
        return ""
    return session.followup_text(question, entry)


def question_text(session: Session, index: int) -> str:
    """The bot's question for the history step at `index` (Markdown)."""
    step = session.history[index]
    node = session.flow.nodes.get(step.node)
    if node is None:
        return ""
    if step.followup is not None and step.entry is not None:
        return followup_text(session, node, step.entry, step.followup)
    if node.kind == "card":
        view = card_view(session, node)
        return f"**{view.title}**: {view.question}" if view else ""
    return node_text(session, node)


def answer_text(session: Session, index: int) -> str:
    """The user's answer at history step `index`, as the transcript shows it (plain text)."""
    step = session.history[index]
    ui = session.ui
    if step.how == DECLINED:
        return ui._("Prefer not to say")
    if step.how == SKIPPED:
        return ui._("Skipped")
    node = session.flow.nodes.get(step.node)
    if node is None:
        return ""
    if step.followup is not None:
        question = _followup(node, step.followup)
        entry = _entry(session, node.id, step.entry)
        if question is None or entry is None:
            return ""
        value = (entry.get("answers") or {}).get(question.id)
        return session.describe_value(question, value)
    return session.describe(node.id)


def user_line(session: Session, index: int) -> Line | None:
    """The line for the answer at history step `index` (None for 'went on' after a message)."""
    if session.history[index].how == CONTINUED:
        return None
    return Line(USER, answer_text(session, index), index + 1, step=index)


def history_lines(session: Session) -> list[Line]:
    """The whole transcript up to (not including) the current turn."""
    lines: list[Line] = []
    for index, step in enumerate(session.history):
        node = session.flow.nodes.get(step.node)
        if node is None or (node.kind == "card" and step.how == CONTINUED):
            continue  # going on after a card's feedback: nothing more was said
        if step.followup is not None and step.entry is not None:
            lines.append(Line(BOT, followup_text(session, node, step.entry, step.followup), index))
        elif node.kind == "card":
            lines.append(Line(CARD, "", index, card=card_view(session, node)))
        else:
            lines.append(Line(BOT, node_text(session, node), index))
        user = user_line(session, index)
        if user is not None:
            lines.append(user)
        # the feedback on the last step, a card, is the current turn (the pause after it)
        feedback = session.card_feedback(index) if index + 1 < len(session.history) else ""
        if feedback:
            lines.append(Line(BOT, feedback, index + 1))
    return lines


def turn_lines(turn: Turn, tag: int, intro: bool = True) -> list[Line]:
    """The lines that present `turn`: feedback on the card just answered, then the bot's words."""
    lines = [Line(BOT, text, tag) for text in turn.intro if text] if intro else []
    if turn.card is not None:
        lines.append(Line(CARD, "", tag, card=turn.card))
    elif turn.text:
        lines.append(Line(BOT, turn.text, tag))
    return lines


def answered_steps(session: Session) -> list[int]:
    """History indexes of the answers a user can go back to change (not 'went on')."""
    return [i for i, step in enumerate(session.history) if step.how != CONTINUED]
