"""The transcript as data: what the bot said and what the user answered, built once, here.

Every front end renders these entries: the terminal app (`dialoog.tui.lines` maps them to
its lines), `dialoog play` (plain text and JSON) and a report. An entry is one of:

- `BOT`: the bot's words at a node (Markdown), or a follow-up question about a network entry;
- `CARD`: a dilemma card (its `card` view);
- `ANSWER`: the user's answer in words (plain text, never markup);
- `FEEDBACK`: the feedback on a card just answered (Markdown).

Each entry has a `tag`: the length of the history when it was said. Going back to a
history of length n removes every entry tagged above n. The whole transcript is rebuilt
from `session.history` (after resuming, switching language or going back); while the
conversation goes on, `turn_entries` gives what a turn says and `Session.said` the
answer the last move recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialoog.engine.session import Session
    from dialoog.engine.turn import CardView, Turn
    from dialoog.flow.model import Node


class StepKind(StrEnum):
    """What the user did at one history step. The values are stored in saved sessions: never change them."""

    ANSWERED = "answer"
    DECLINED = "declined"
    SKIPPED = "skipped"
    CONTINUED = "continue"
    """Went on after a message: nothing to show, and nothing to go back to."""


class EntryKind(StrEnum):
    BOT = "bot"
    CARD = "card"
    ANSWER = "answer"
    FEEDBACK = "feedback"


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing said in the conversation (see the module docstring)."""

    kind: EntryKind
    node: str
    """The node it belongs to (a network's node for its follow-ups)."""
    text: str
    tag: int
    step: int | None = None
    """For answers: the index in `session.history` of the step shown."""
    followup: str | None = None
    """For a follow-up question and its answer: the follow-up's id."""
    card: CardView | None = None


def followup_of(node: Node, followup_id: str | None) -> Node | None:
    return next((f for f in node.followups if f.id == followup_id), None)


def _entry(session: Session, node_id: str, index: int | None) -> dict[str, Any] | None:
    entries = session.answers.get(node_id)
    if isinstance(entries, list) and index is not None and 0 <= index < len(entries):
        entry = entries[index]
        return entry if isinstance(entry, dict) else None
    return None


def _card_view(session: Session, node: Node) -> CardView | None:
    return session.card_view(node.card) if node.card and node.card in session.flow.cards else None


def _followup_text(session: Session, node: Node, entry_index: int, followup_id: str) -> str:
    question = followup_of(node, followup_id)
    entry = _entry(session, node.id, entry_index)
    if question is None or entry is None:
        return ""
    return session.followup_text(question, entry)


def question_text(session: Session, index: int) -> str:
    """The bot's question for the history step at `index` (Markdown; a card as its title and question)."""
    step = session.history[index]
    node = session.flow.nodes.get(step.node)
    if node is None:
        return ""
    if step.followup is not None and step.entry is not None:
        return _followup_text(session, node, step.entry, step.followup)
    if node.kind == "card":
        view = _card_view(session, node)
        return f"**{view.title}**: {view.question}" if view else ""
    return session.node_text(node)


def answer_text(session: Session, index: int) -> str:
    """The user's answer at history step `index`, in words (plain text): the one description of an answer."""
    step = session.history[index]
    ui = session.ui
    if step.how == StepKind.DECLINED:
        return ui._("Prefer not to say")
    if step.how == StepKind.SKIPPED:
        return ui._("Skipped")
    node = session.flow.nodes.get(step.node)
    if node is None:
        return ""
    if step.followup is not None:
        question = followup_of(node, step.followup)
        entry = _entry(session, node.id, step.entry)
        if question is None or entry is None or step.entry is None:
            return ""
        return session.describe_followup(node.id, step.entry, question.id)
    return session.describe(node.id)


def answer_entry(session: Session, index: int) -> Entry | None:
    """The entry for the answer at history step `index` (None for 'went on' after a message)."""
    step = session.history[index]
    if step.how == StepKind.CONTINUED:
        return None
    return Entry(EntryKind.ANSWER, step.node, answer_text(session, index), index + 1, step=index,
                 followup=step.followup)


def history_entries(session: Session) -> list[Entry]:
    """The whole transcript up to (not including) the current turn."""
    entries: list[Entry] = []
    for index, step in enumerate(session.history):
        node = session.flow.nodes.get(step.node)
        if node is None or (node.kind == "card" and step.how == StepKind.CONTINUED):
            continue  # going on after a card's feedback: nothing more was said
        if step.followup is not None and step.entry is not None:
            text = _followup_text(session, node, step.entry, step.followup)
            entries.append(Entry(EntryKind.BOT, node.id, text, index, followup=step.followup))
        elif node.kind == "card":
            entries.append(Entry(EntryKind.CARD, node.id, "", index, card=_card_view(session, node)))
        else:
            entries.append(Entry(EntryKind.BOT, node.id, session.node_text(node), index))
        answer = answer_entry(session, index)
        if answer is not None:
            entries.append(answer)
        # the feedback on the last step, a card, is the current turn (the pause after it)
        feedback = session.card_feedback(index) if index + 1 < len(session.history) else ""
        if feedback:
            entries.append(Entry(EntryKind.FEEDBACK, node.id, feedback, index + 1))
    return entries


def turn_entries(turn: Turn, tag: int) -> list[Entry]:
    """What `turn` says: a card, the feedback on the card just answered (its pause), or the bot's words.

    The bot's words are there even when empty (a front end may show the options alone).
    """
    if turn.card is not None:
        return [Entry(EntryKind.CARD, turn.node, "", tag, card=turn.card)]
    if turn.pause:
        return [Entry(EntryKind.FEEDBACK, turn.node, turn.text, tag)]
    return [Entry(EntryKind.BOT, turn.node, turn.text, tag, followup=turn.followup)]


def answered_steps(session: Session) -> list[int]:
    """History indexes of the answers a user can go back to change (not 'went on')."""
    return [i for i, step in enumerate(session.history) if step.how != StepKind.CONTINUED]


def scale_words(value: Any, low: int, high: int, labels: dict[str, str], ui: Any) -> str:
    """A scale answer in words: '3 (on a scale of 1 never to 5 very often)'; `labels` already translated."""

    def end(number: int, label: str | None) -> str:
        return f"{number} {_lower_first(label)}" if label else str(number)

    words: str = ui._("{value} (on a scale of {low} to {high})", value=value, low=end(low, labels.get("min")),
                      high=end(high, labels.get("max")))
    return words


def _lower_first(label: str) -> str:
    """'Heel vaak' -> 'heel vaak' inside a sentence; a first word with more capitals ('RIEC', 'McKinsey')
    or the English 'I' stays as it is."""
    word = label.split(maxsplit=1)[0] if label.strip() else ""
    if not word or word == "I" or word[1:] != word[1:].lower():
        return label
    return label[0].lower() + label[1:]


def shorten_words(text: str, width: int) -> str:
    """`text` on one line, at most `width` characters: cut at a word boundary, with an ellipsis when cut.

    A first word longer than `width` is cut after a hyphen in it ('Kandidaat-…'), or else inside the word.
    """
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    room = max(1, width - 1)
    cut = line[: room + 1].rfind(" ")
    if cut > 0:
        return line[:cut].rstrip(" ,;:.-–—") + "…"
    hyphen = line[:room].rfind("-")
    return line[: hyphen + 1 if hyphen > 0 else room] + "…"
