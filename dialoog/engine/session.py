"""A Session: one person's way through a flow, with answers, scores and history."""

from __future__ import annotations

import copy
import os
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialoog.engine import agenda, change
from dialoog.engine.answers import network_entries, validate
from dialoog.engine.change import ChangePlan, Record
from dialoog.engine.conditions import holds
from dialoog.engine.dealing import choose, decks, fits, is_dealt, still_fits
from dialoog.engine.errors import AnswerError, CannotGoBack, StaleSession
from dialoog.engine.followups import next_followup
from dialoog.engine.machine import machine_for
from dialoog.engine.progress import Deal, progress_of
from dialoog.engine.scores import Summary, Tally, summarise, tally
from dialoog.engine.transcript import Entry, StepKind, answer_entry, scale_words
from dialoog.engine.turn import CardView, Choice, Progress, Turn
from dialoog.flow.expressions import MISSING, compile_condition
from dialoog.flow.model import FINISH, Flow, Node
from dialoog.i18n import UI
from dialoog.render import Texts, UserText, texts_for

FORMAT_VERSION = 1
SEED_VARIABLE = "DIALOOG_SEED"
"""A whole number here makes every new session deal its cards from that seed (tests, demonstrations)."""


def default_seed() -> int:
    """The seed of a new session: `DIALOOG_SEED` when it is a whole number, else a random one."""
    value = os.environ.get(SEED_VARIABLE, "").strip()
    if value.lstrip("-").isdigit():
        return int(value)
    return random.SystemRandom().randrange(2**31)
ANSWERED, DECLINED, SKIPPED, CONTINUED = StepKind.ANSWERED, StepKind.DECLINED, StepKind.SKIPPED, StepKind.CONTINUED


@dataclass(slots=True)
class Step:
    """One thing the user did, in order: answered, declined, skipped or went on."""

    node: str
    how: StepKind = StepKind.ANSWERED
    entry: int | None = None
    followup: str | None = None

    def __post_init__(self) -> None:
        self.how = StepKind(self.how)  # a saved value that is no step kind raises ValueError

    def as_json(self) -> list[Any]:
        return [self.node, self.how.value, self.entry, self.followup]


class _Lazy(Mapping[str, Any]):
    """A mapping computed on first use (scores are only tallied when asked for)."""

    __slots__ = ("_data", "_load")

    def __init__(self, load: Callable[[], dict[str, Any]]) -> None:
        self._load = load
        self._data: dict[str, Any] | None = None

    def _get(self) -> dict[str, Any]:
        if self._data is None:
            self._data = self._load()
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


class Session:
    """Runs a validated flow. Every operation either succeeds or changes nothing."""

    def __init__(self, flow: Flow, lang: str = "nl", root: Path | None = None, seed: int | None = None) -> None:
        self.flow = flow
        self.lang = lang
        self.root = root
        self.texts: Texts = texts_for(lang, root)
        self.ui = UI(lang)
        self.machine = machine_for(flow)
        self.state: str = flow.start
        self.answers: dict[str, Any] = {}
        self.declined: set[str] = set()
        self.skipped: set[str] = set()
        self.history: list[Step] = []
        self.sub: tuple[int, int] | None = None
        self.drafts: dict[str, Any] = {}
        self.note: str | None = None
        self.shelf: dict[str, Record] = {}
        """Answers a change put aside because they no longer applied; changing back restores them."""
        self.resume_to: str | None = None
        """Where the user was before a change that asked a new question (see dialoog.engine.change)."""
        self.agenda: list[agenda.Commitment] = []
        """The integrity agenda: at most three commitments (dialoog.engine.agenda)."""
        self.previous: str | None = None
        """The id of the previous finished session of the same flow in the same store, for a repeat scan."""
        self.agenda_review: dict[str, str] = {}
        """How the previous scan's commitments stand: `"<previous id>:<commitment id>"` -> done/open/dropped."""
        self.unused: dict[str, Any] = {}
        """Saved answers the content could not take back when it had changed since they were given (node id ->
        the saved answer, None for one declined or skipped); empty otherwise. The comparison names them."""
        self.seed: int = default_seed() if seed is None else seed
        """Decides the order among equally fitting cards when a deck is dealt (`dialoog.engine.dealing`)."""
        self.deals: dict[str, list[str]] = {}
        """Deck id -> the card ids dealt for this person, in the order they are shown; made when the
        conversation reaches the deck and kept, so a resumed or replayed session shows the same cards."""
        self.seen_before: set[str] = set()
        """The cards the previous scan (`previous`) showed: a deal puts them last."""
        self._pinned: dict[str, list[str]] = {}
        """Cards a saved session without a deal had answered, per deck: a replay deals them again first."""
        self.saved_shapes: dict[str, str] = {}
        """What the answered questions meant when they were saved (`dialoog.engine.compare.question_shapes`), as
        restored; the comparison with a later scan sees which changed meaning."""
        self._said_step: int | None = None
        self._context: dict[str, Any] | None = None
        self._tally: Tally | None = None
        self._turn: Turn | None = None
        self._blank = dict.fromkeys(flow.question_ids, MISSING)
        self._pass_over()

    # -- state ---------------------------------------------------------------

    @property
    def node(self) -> Node | None:
        return self.flow.nodes.get(self.state)

    @property
    def finished(self) -> bool:
        node = self.node
        return (node is None or node.kind == "end") and self._pause() is None

    def set_language(self, lang: str) -> None:
        """Switch the language; answers and position stay as they are."""
        self.lang = lang
        self.texts = texts_for(lang, self.root)
        self.ui = UI(lang)
        self._changed()

    def _changed(self) -> None:
        self._context = None
        self._tally = None
        self._turn = None

    def context(self) -> dict[str, Any]:
        """The names that conditions and templates see."""
        if self._context is None:
            ctx = dict(self._blank)
            for node_id, value in self.answers.items():
                ctx[node_id] = value
            ctx["scores"] = _Lazy(lambda: self.tally().scores)
            ctx["levels"] = _Lazy(lambda: self.tally().levels)
            ctx["declined"] = sorted(self.declined)
            ctx["lang"] = self.lang
            ctx["role_audience"] = self.flow.role_audience.get(str(self.answers.get(self.flow.role_question)))
            self._context = ctx
        return self._context

    def tally(self) -> Tally:
        if self._tally is None:
            self._tally = tally(self.flow, self.answers, self.declined, self.skipped)
        return self._tally

    # -- moving --------------------------------------------------------------

    def _advance(self) -> None:
        self._changed()
        node = self.node
        if node is not None and is_dealt(node):
            target = self._next_dealt(node)  # the deck's next card in the order of the deal, wherever it is
            if target is not None:
                self.state = target
                self._pass_over()
                return
            self.state = decks(self.flow)[node.deck_id or ""].last.id  # leave by the deck's routes
        if not self.machine.events["advance"].trigger(self):
            raise RuntimeError(f"no route out of {self.state}")  # cannot happen: every node has a default route
        self._pass_over()

    def _pass_over(self) -> None:
        """Pass over nodes whose `when` condition is false, and cards this session already showed. At a deck
        dealt per person, go to its next dealt card not answered yet (in the order of the deal), or leave the
        deck by its routes when there is none."""
        while True:
            node = self.node
            if node is None or node.kind == "end":
                return
            if node.when and not holds(node.when, self.context()):
                self._changed()
                self.machine.events["advance"].trigger(self)
                continue
            if is_dealt(node):
                target = self._next_dealt(node)
                if target is None:
                    self.state = decks(self.flow)[node.deck_id or ""].last.id
                    self._changed()
                    self.machine.events["advance"].trigger(self)
                    continue
                if target != node.id:
                    self.state = target
                    self._changed()
                return
            if not (node.kind == "card" and node.deck_id is not None and self._card_passed_over(node)):
                return
            self._changed()
            self.machine.events["advance"].trigger(self)

    def _next_dealt(self, node: Node) -> str | None:
        """The node of the first card dealt for the deck of `node` that is not answered yet."""
        deck = decks(self.flow)[node.deck_id or ""]
        for card_id in self.dealt(node.deck_id or ""):
            card_node = deck.by_card.get(card_id)
            if card_node is not None and card_node.id not in self.answers:
                return card_node.id
        return None

    def dealt(self, deck_id: str, keep: bool = True) -> list[str]:
        """The cards dealt for `deck_id` (see `dialoog.engine.dealing`): the kept deal while the cards not
        answered yet still fit the user, else a new deal that keeps the answered ones. `keep=False`: what the
        deal would be now, without keeping it."""
        deck = decks(self.flow)[deck_id]
        answered = list(dict.fromkeys(  # in the order they were answered
            n.card for s in self.history if (n := deck.by_node.get(s.node)) is not None and n.id in self.answers
            and n.card))
        stored = self.deals.get(deck_id)
        if stored is not None and still_fits(self, deck_id, stored, set(answered)):
            return stored
        ctx = self.context()
        kept = [c for c in stored or [] if c in answered] + [c for c in answered if c not in (stored or [])]
        kept += [c for c in self._pinned.get(deck_id, []) if c not in kept and c in deck.by_card
                 and c in self.flow.cards and fits(self.flow.cards[c], deck.by_card[c], ctx)]
        fresh = choose(self, deck_id, kept)
        if keep:
            self.deals[deck_id] = fresh
        return fresh

    def _card_passed_over(self, node: Node) -> bool:
        """A deck's card that is not shown (see `dialoog.engine.progress.Deal`)."""
        return not Deal(self).will_show(node)

    def _require_open(self) -> Node:
        node = self.node
        if node is None or node.kind == "end":
            raise AnswerError(self.ui._("The conversation has ended."), self.state)
        return node

    def answer(self, value: Any = None) -> Turn:
        """Give an answer to the current question (or go on after a message or a card's feedback)."""
        if self._pause() is not None:
            return self._resumed(self._go_on()) if value is None else self._after_pause(lambda: self.answer(value))
        node = self._require_open()
        if node.kind == "network":
            return self._resumed(self._answer_network(node, value))
        if node.kind == "message":
            self.history.append(Step(node.id, CONTINUED))
            self._said_step = None
            self._advance()
            return self._resumed(self.turn())
        clean = validate(node, value, self.ui, self.texts.t)
        self._record(node, clean, ANSWERED)
        return self._resumed(self.turn())

    def decline(self) -> Turn:
        """'Prefer not to say', where the question allows it."""
        return self._resumed(self._leave_open(DECLINED))

    def skip(self) -> Turn:
        """Skip the question, where it is optional."""
        return self._resumed(self._leave_open(SKIPPED))

    def _resumed(self, turn: Turn) -> Turn:
        """After a change asked a new question: once it is answered, the kept answers follow again."""
        return change.resume(self) if self.resume_to is not None else turn

    def _leave_open(self, how: StepKind) -> Turn:
        if self._pause() is not None:
            return self._after_pause(lambda: self._leave_open(how))
        node = self._require_open()
        question = self._followup(node) or node
        allowed = question.decline if how == DECLINED else question.optional
        if not allowed:
            message = (
                self.ui._("This question has no 'prefer not to say'.")
                if how == DECLINED
                else self.ui._("This question cannot be skipped.")
            )
            raise AnswerError(message, node.id)
        if node.kind == "network" and self.sub is not None:
            return self._answer_followup(node, None, how)
        if node.kind == "network":
            self._record(node, [], how)
            return self.turn()
        self._record(node, None, how)
        return self.turn()

    def _record(self, node: Node, value: Any, how: StepKind) -> None:
        self.drafts.pop(node.id, None)
        if how == ANSWERED:
            self.answers[node.id] = value
        self.declined.discard(node.id)
        self.skipped.discard(node.id)
        if how == DECLINED:
            self.declined.add(node.id)
        elif how == SKIPPED:
            self.skipped.add(node.id)
        self.history.append(Step(node.id, how))
        self._said()
        self._advance()

    def _followup(self, node: Node) -> Node | None:
        if node.kind == "network" and self.sub is not None:
            return node.followups[self.sub[1]]
        return None

    def _answer_network(self, node: Node, value: Any) -> Turn:
        if self.sub is not None:
            question = node.followups[self.sub[1]]
            if question.kind == "text" and question.optional and value in (None, ""):
                return self._answer_followup(node, None, SKIPPED)
            return self._answer_followup(node, validate(question, value, self.ui, self.texts.t), ANSWERED)
        entries = network_entries(node, value, self.ui)
        self.drafts.pop(node.id, None)
        self.answers[node.id] = entries
        self.declined.discard(node.id)
        self.skipped.discard(node.id)
        self.history.append(Step(node.id, ANSWERED))
        self._said()
        self._changed()
        self.sub = next_followup(self.context(), node, entries, 0, 0) if node.followups else None
        if self.sub is not None:
            return self.turn()
        self._advance()
        return self.turn()

    def _answer_followup(self, node: Node, value: Any, how: StepKind) -> Turn:
        assert self.sub is not None
        entry_index, fu_index = self.sub
        question = node.followups[fu_index]
        entries = self.answers[node.id]
        entry = entries[entry_index]
        entry["answers"][question.id] = value
        self.drafts.pop(self._followup_key(node, entry, question.id), None)
        if how == DECLINED:
            entry.setdefault("declined", []).append(question.id)
        self.history.append(Step(node.id, how, entry_index, question.id))
        self._said()
        self._changed()
        self.sub = next_followup(self.context(), node, entries, entry_index, fu_index + 1)
        if self.sub is not None:
            return self.turn()
        self._advance()
        return self.turn()

    @staticmethod
    def _followup_key(node: Node, entry: Mapping[str, Any], followup: str) -> str:
        """Drafts of follow-up answers belong to the person, not to a place in the list."""
        return f"{node.id}.{str(entry.get('name', '')).casefold()}.{followup}"

    def back(self) -> Turn:
        """Undo the last answer: the question is asked again, its old answer offered as a draft."""
        index = next((i for i in range(len(self.history) - 1, -1, -1) if self.history[i].how != CONTINUED), None)
        if index is None:
            raise CannotGoBack(self.ui._("There is no earlier answer to go back to."), self.state)
        step = self.history[index]
        del self.history[index:]
        self._said_step = None
        node = self.flow.nodes[step.node]
        if step.entry is not None and step.followup is not None:
            entry = self.answers[node.id][step.entry]
            self.drafts[self._followup_key(node, entry, step.followup)] = entry["answers"].pop(step.followup, None)
            declined = entry.get("declined") or []
            if step.followup in declined:
                declined.remove(step.followup)
            self.sub = (step.entry, [f.id for f in node.followups].index(step.followup))
        else:
            if node.id in self.answers:
                self.drafts[node.id] = self.answers.pop(node.id)
            self.declined.discard(node.id)
            self.skipped.discard(node.id)
            self.sub = None
        self.state = node.id
        self._changed()
        return self.turn()

    def plan_change(self, key: str, value: Any = None, how: str = ANSWERED) -> ChangePlan:
        """What changing one earlier answer would do, without doing it (see dialoog.engine.change)."""
        return change.plan_change(self, key, value, how)

    def apply_change(self, plan: ChangePlan) -> Turn:
        """Commit a change planned by `plan_change`."""
        return change.apply_change(self, plan)

    # -- what the user sees --------------------------------------------------

    def _progress(self, node: Node | None) -> Progress:
        """Honest progress (dialoog.engine.progress); during a pause, at the card just answered."""
        pause = self._pause()
        return progress_of(self, self.flow.nodes[self.history[pause].node] if pause is not None else None)

    def render_context(self) -> dict[str, Any]:
        ctx = dict(self.context())
        for key, value in self.answers.items():
            if isinstance(value, str):
                ctx[key] = UserText(value) if self.flow.nodes[key].kind == "text" else value
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                ctx[key] = [dict(e, name=UserText(e["name"])) for e in value]
        ctx["chosen"] = _Lazy(self._chosen_labels)
        return ctx

    def _chosen_labels(self) -> dict[str, Any]:
        """Each answered choice as its label in the session's language (a list of labels for a multi), for
        templates that write the answers back, such as the written-down strategy of the weighing flow."""
        out: dict[str, Any] = {}
        for node_id, value in self.answers.items():
            node = self.flow.nodes.get(node_id)
            if node is None or not node.options:
                continue
            labels = {o.value: self.texts.t(o.label) for o in node.options}
            if isinstance(value, list):
                out[node_id] = [labels.get(str(v), str(v)) for v in value]
            else:
                out[node_id] = labels.get(str(value), str(value))
        return out

    def node_text(self, node: Node) -> str:
        """What the bot says at `node`, rendered with the answers given so far (Markdown)."""
        ctx = self.render_context()
        if node.template or "summary" in node.text:
            ctx["summary"] = self.summary()
        if node.template:
            return self.texts.render_file(node.template, ctx)
        return self.texts.render(node.text, ctx)

    def warm_up(self) -> None:
        """Compile, ahead of the turns that use them, the conditions and templates of this flow: the nodes'
        `when` conditions, the advice conditions, the texts with fields (of nodes and follow-ups, and
        their "why"), the node templates (the summary) and the card feedback. Each is compiled once
        anyway; this only moves the work (up to 50 ms at the summary on a slow machine) to a moment the
        caller chooses, such as start-up."""
        flow = self.flow
        nodes = [*flow.nodes.values(), *(q for node in flow.nodes.values() for q in node.followups)]
        for node in nodes:
            if node.when:
                compile_condition(node.when)
        for advice in flow.advice:
            if advice.condition:
                compile_condition(advice.condition)
        files = sorted({node.template for node in nodes if node.template})
        self.texts.warm_up([text for node in nodes for text in (node.text, node.why) if text],
                           [*files, "card_feedback.j2"] if flow.cards else files)

    def turn(self) -> Turn:
        """What the bot says now and which input it expects."""
        if self._turn is not None:
            return self._turn
        node = self.node
        progress = self._progress(node)
        pause = self._pause()
        if pause is not None:
            self._turn = self._pause_turn(pause, progress)
            return self._turn
        if node is None:
            self._turn = Turn(
                node=FINISH,
                kind="end",
                text="",
                progress=progress,
                finished=True,
                can_back=self._can_back(),
            )
            return self._turn
        t = self.texts.t
        common: dict[str, Any] = {
            "node": node.id,
            "progress": progress,
            "can_back": self._can_back(),
            "finished": node.kind == "end",
        }
        question = self._followup(node)
        if question is not None:
            assert self.sub is not None
            entry = self.answers[node.id][self.sub[0]]
            self._turn = self._question_turn(
                question,
                common
                | {
                    "text": self.followup_text(question, entry),
                    "entry": entry["name"],
                    "entry_index": self.sub[0],
                    "entry_count": len(self.answers[node.id]),
                    "followup": question.id,
                    "previous": self.drafts.get(self._followup_key(node, entry, question.id)),
                },
            )
            return self._turn
        common["text"] = self.node_text(node) if node.kind != "card" else ""
        common["previous"] = self.drafts.get(node.id)
        if node.kind == "card" and node.card:
            card = self.flow.cards[node.card]
            view = self.card_view(node.card)
            common |= {
                "card": view,
                "options": view.options,
                "why": self._card_why(view),
                "source": ", ".join(t(s) for s in card.sources) or None,
            }
            self._turn = Turn(kind="card", **common)
            return self._turn
        if node.kind == "network":
            common |= {
                "categories": tuple(Choice(c.value, t(c.label)) for c in node.categories),
                "suggest": t(node.suggest) if node.suggest else "",
            }
        self._turn = self._question_turn(node, common)
        return self._turn

    def _question_turn(self, q: Node, common: dict[str, Any]) -> Turn:
        t = self.texts.t
        kind = q.kind
        return Turn(
            kind=kind,
            options=tuple(Choice(o.value, t(o.label), o.exclusive) for o in q.options),
            min=q.min,
            max=q.max,
            labels={k: t(v) for k, v in q.labels.items()},
            max_length=q.max_length if kind == "text" else 0,
            placeholder=t(q.placeholder) if q.placeholder else "",
            why=self.texts.render(q.why, self.context()) if q.why else None,
            source=t(q.source) if q.source else None,
            can_decline=q.decline,
            can_skip=q.optional,
            **common,
        )

    # -- the pause after a dilemma card ---------------------------------------

    def _pause(self) -> int | None:
        """The history index of the card answer whose feedback waits for the user to go on (None: no pause).

        The pause needs nothing saved: it is there while the last step is a card answer, and going on
        records a 'went on' step for the card. (A session saved before pauses existed resumes in it.)"""
        if not self.history:
            return None
        step = self.history[-1]
        node = self.flow.nodes.get(step.node)
        if step.how != ANSWERED or step.entry is not None or node is None or node.kind != "card":
            return None
        return len(self.history) - 1

    def _go_on(self) -> Turn:
        """Close the pause: the user has read the feedback."""
        self.history.append(Step(self.history[-1].node, CONTINUED))
        self._said_step = None
        self._changed()
        return self.turn()

    def _after_pause(self, act: Callable[[], Turn]) -> Turn:
        """An answer given during a pause closes it first; if the answer is refused, nothing changes."""
        self.history.append(Step(self.history[-1].node, CONTINUED))
        self._changed()
        try:
            return act()
        except AnswerError:
            self.history.pop()
            self._changed()
            raise

    def _pause_turn(self, index: int, progress: Progress) -> Turn:
        """The feedback on the card answered at history step `index`, until the user goes on."""
        return Turn(
            node=self.history[index].node,
            kind="message",
            text=self.card_feedback(index),
            progress=progress,
            can_back=True,
            pause=True,
        )

    def _can_back(self) -> bool:
        return any(s.how != CONTINUED for s in self.history)

    def followup_text(self, question: Node, entry: Mapping[str, Any]) -> str:
        """A follow-up question about one network entry, rendered with that entry (its name as typed text)."""
        ctx = self.render_context() | {"entry": entry, "name": UserText(str(entry.get("name", "")))}
        return self.texts.render(question.text, ctx)

    def card_view(self, card_id: str) -> CardView:
        """A dilemma card as the user sees it, in the session's language."""
        card = self.flow.cards[card_id]
        t = self.texts.t
        return CardView(
            id=card.id,
            title=t(card.title),
            situation=t(card.situation),
            question=t(card.question),
            options=tuple(Choice(o.key, t(o.text)) for o in card.options),
            themes=tuple(card.themes),
        )

    def _card_why(self, view: CardView) -> str | None:
        """What F1 says on a dilemma card: prompts/card_why.j2 (None when the content has no such template)."""
        from jinja2 import TemplateNotFound

        try:
            self.texts.env.get_template("card_why.j2")
        except TemplateNotFound:
            return None
        return self.texts.render_file("card_why.j2", {"title": view.title})

    def card_feedback(self, index: int) -> str:
        """The feedback on the card answered at history step `index` ('' for any other step)."""
        step = self.history[index]
        node = self.flow.nodes.get(step.node)
        if node is None or node.kind != "card" or not node.card or step.how != ANSWERED:
            return ""
        card = self.flow.cards[node.card]
        chosen = self.answers.get(node.id)
        option = next((o for o in card.options if o.key == chosen), None)
        t = self.texts.t
        ctx = {
            "card": card,
            "title": t(card.title),
            "chosen": chosen,
            "option_text": t(option.text) if option else "",
            "considerations": [(o.key, t(o.text), t(o.considerations)) for o in card.options],
            "perspectives": {k: t(v) for k, v in card.perspectives.items()},
            "reflection": [t(q) for q in card.reflection],
            "sources": [t(s) for s in card.sources],
        }
        return self.texts.render_file("card_feedback.j2", ctx)

    def _said(self) -> None:
        """The step just added to the history is what the last move recorded."""
        self._said_step = len(self.history) - 1

    @property
    def said(self) -> Entry | None:
        """The user's answer that the last move recorded, as the transcript shows it (None after going on
        past a message, going back, or before any move). Described when asked, so moves that nobody
        shows (replaying a saved session, exploring paths) do not pay for it."""
        return answer_entry(self, self._said_step) if self._said_step is not None else None

    def describe(self, node_id: str) -> str:
        """The user's answer to a node, in words, as the transcript, the change list and the summary show it."""
        if node_id in self.declined:
            return self.ui._("Prefer not to say")
        if node_id in self.skipped:
            return self.ui._("Skipped")
        node = self.flow.nodes.get(node_id)
        if node is None or node_id not in self.answers:
            return ""
        return self.describe_value(node, self.answers[node_id])

    def describe_followup(self, node_id: str, entry_index: int, followup: str) -> str:
        """A network entry's answer to one follow-up question, as the transcript shows it."""
        node = self.flow.nodes[node_id]
        entry = self.answers[node_id][entry_index]
        if followup in (entry.get("declined") or []):
            return self.ui._("Prefer not to say")
        question = next(f for f in node.followups if f.id == followup)
        return self.describe_value(question, entry["answers"].get(followup))

    def describe_value(self, node: Node, value: Any) -> str:
        """An answer `value` to the question `node`, in words (a scale answer with what its ends mean)."""
        t = self.texts.t
        if value is None:
            return self.ui._("Skipped")
        if node.kind == "choice":
            opt = node.option(value)
            return t(opt.label) if opt else str(value)
        if node.kind == "multi":
            if not value:
                return self.ui._("None of these")
            return ", ".join(t(o.label) for o in node.options if o.value in value)
        if node.kind == "yesno":
            return self.ui._("Yes") if value == "yes" else self.ui._("No")
        if node.kind == "scale":
            return scale_words(value, node.min, node.max, {k: t(v) for k, v in node.labels.items()}, self.ui)
        if node.kind == "card" and node.card:
            card = self.flow.cards[node.card]
            chosen = next((o for o in card.options if o.key == value), None)
            return f"{str(value).upper()}: {t(chosen.text)}" if chosen else str(value)
        if node.kind == "network":
            if not value:
                return self.ui._("Nobody named")
            labels = {c.value: t(c.label) for c in node.categories}
            return "; ".join(f"{e['name']} ({labels.get(e['category'], e['category'])})" for e in value)
        return str(value)

    def summary(self) -> Summary:
        return summarise(
            self.flow,
            self.tally(),
            self.context(),
            set(self.answers) | self.declined,
            self.context()["role_audience"],
            self.texts.t,
            self,
        )

    # -- saving --------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "flow": self.flow.id,
            "flow_hash": self.flow.content_hash,
            "lang": self.lang,
            "node": self.state,
            "sub": {"entry": self.sub[0], "followup": self.sub[1]} if self.sub else None,
            "answers": copy.deepcopy(self.answers),
            "declined": sorted(self.declined),
            "skipped": sorted(self.skipped),
            "history": [s.as_json() for s in self.history],
            "drafts": copy.deepcopy(self.drafts),
            "finished": self.finished,
            **({"shelf": change.shelf_as_json(self.shelf)} if self.shelf else {}),
            **({"resume_to": self.resume_to} if self.resume_to is not None else {}),
            "seed": self.seed,
            **({"deals": {k: list(v) for k, v in self.deals.items()}} if self.deals else {}),
            **({"seen_before": sorted(self.seen_before)} if self.seen_before else {}),
            **self._keeping_json(),
            **self._shapes_json(),
        }

    def _shapes_json(self) -> dict[str, Any]:
        from dialoog.engine.compare import question_shapes

        shapes = question_shapes(self.flow)
        given = [n for n in (*self.answers, *self.declined, *self.skipped) if n in shapes]
        return {"shapes": {n: shapes[n] for n in sorted(given)}} if given else {}

    def _keeping_json(self) -> dict[str, Any]:
        """What the user keeps beside the answers (agenda, link to the previous scan): not content-bound."""
        return {
            **({"agenda": [c.as_json() for c in self.agenda]} if self.agenda else {}),
            **({"previous": self.previous} if self.previous else {}),
            **({"agenda_review": dict(self.agenda_review)} if self.agenda_review else {}),
        }

    def _restore_keeping(self, data: Mapping[str, Any]) -> None:
        shapes = data.get("shapes")
        self.saved_shapes = ({str(k): v for k, v in shapes.items() if isinstance(v, str)}
                             if isinstance(shapes, Mapping) else {})
        self.agenda = agenda.agenda_from_json(data.get("agenda"))
        previous = data.get("previous")
        self.previous = previous if isinstance(previous, str) and previous else None
        self.agenda_review = agenda.review_from_json(data.get("agenda_review"))

    # -- the agenda ------------------------------------------------------------

    def set_agenda(self, items: list[agenda.Commitment]) -> None:
        """Replace the agenda (at most three, checked); raises AgendaError and changes nothing otherwise."""
        self.agenda = agenda.checked_agenda(items)

    def set_previous(self, session_id: str | None) -> None:
        self.previous = session_id or None

    def review_commitment(self, previous: str, commitment_id: str, status: str) -> None:
        """Say how one of the previous scan's commitments stands (done, open, dropped)."""
        self.agenda_review[agenda.review_key(previous, commitment_id)] = agenda.checked_status(status)

    @classmethod
    def from_dict(
        cls, flow: Flow, data: Mapping[str, Any], root: Path | None = None, lang: str | None = None
    ) -> Session:
        """Restore a saved session. Content that changed since is replayed as far as it still fits."""
        if not isinstance(data, Mapping) or data.get("version") != FORMAT_VERSION:
            raise StaleSession(UI(lang or "nl")._("This saved session has a format this version cannot read."))
        if data.get("flow") != flow.id:
            raise StaleSession(
                UI(lang or str(data.get("lang") or "nl"))._(
                    "This saved session belongs to '{saved}', not to '{flow}'.", saved=data.get("flow"), flow=flow.id
                )
            )
        session = cls(flow, lang or str(data.get("lang") or "nl"), root, seed=_saved_seed(data))
        session._restore_deals(data)
        if data.get("flow_hash") == flow.content_hash:
            try:
                session._restore_exact(data)
                session._restore_keeping(data)
                return session
            except (KeyError, TypeError, ValueError, IndexError):
                session = cls(flow, session.lang, root, seed=session.seed)
                session._restore_deals(data)
        kept, lost = session._replay(data)
        session._restore_keeping(data)
        saved = data.get("answers")
        left = {str(k) for k in [*(data.get("declined") or []), *(data.get("skipped") or [])]}
        unused = {str(k): v for k, v in saved.items()} if isinstance(saved, Mapping) else {}
        unused.update(dict.fromkeys(left - set(unused)))
        session.unused = {k: v for k, v in unused.items()
                          if k not in session.answers and k not in session.declined and k not in session.skipped}
        session.note = session.ui._(
            "The questions have changed since this session was saved. "
            "{kept} answers were kept; {lost} could not be used.",
            kept=kept,
            lost=lost,
        )
        return session

    def keep_deals_of(self, other: Session) -> None:
        """Take the deals of `other` (this session replays its answers, as a change does): the same cards
        are dealt, and where a deal no longer fits, the cards `other` answered stay in it."""
        self.deals = copy.deepcopy(other.deals)
        self.seen_before = set(other.seen_before)
        self._pinned = {}
        for deck_id, deck in decks(self.flow).items():
            answered = list(dict.fromkeys(
                n.card for s in other.history if (n := deck.by_node.get(s.node)) is not None
                and n.id in other.answers and n.card))
            if answered:
                self._pinned[deck_id] = answered

    def set_seen_before(self, cards: set[str]) -> None:
        """The cards the previous scan showed (a deal puts them last)."""
        self.seen_before = set(cards)

    def _restore_deals(self, data: Mapping[str, Any]) -> None:
        """The deals and the cards of the previous scan, as saved; before the answers are restored or replayed,
        so the same cards come back. A session saved before decks were dealt has no deal: the cards it
        answered at a dealt deck are dealt again first (`_pinned`), the rest on first use."""
        deals = data.get("deals")
        self.deals = {}
        if isinstance(deals, Mapping):
            for deck_id, cards in deals.items():
                if isinstance(cards, list) and str(deck_id) in decks(self.flow):
                    self.deals[str(deck_id)] = [str(c) for c in cards if isinstance(c, str)]
        seen = data.get("seen_before")
        self.seen_before = {str(c) for c in seen if isinstance(c, str)} if isinstance(seen, list) else set()
        answers = data.get("answers")
        self._pinned = {}
        if isinstance(answers, Mapping):
            for node_id in answers:
                node = self.flow.nodes.get(str(node_id))
                if node is not None and node.card and is_dealt(node) and node.deck_id not in self.deals:
                    self._pinned.setdefault(node.deck_id or "", []).append(node.card)

    def _restore_exact(self, data: Mapping[str, Any]) -> None:
        node = data["node"]
        if node not in self.flow.nodes and node != "__finish__":
            raise KeyError(node)
        self.answers = copy.deepcopy(dict(data.get("answers") or {}))
        self.declined = set(data.get("declined") or [])
        self.skipped = set(data.get("skipped") or [])
        self.history = [Step(n, how, e, f) for n, how, e, f in data.get("history") or []]
        self.drafts = copy.deepcopy(dict(data.get("drafts") or {}))
        sub = data.get("sub")
        self.sub = (int(sub["entry"]), int(sub["followup"])) if sub else None
        self.shelf = change.shelf_from_json(data.get("shelf"))
        resume_to = data.get("resume_to")
        self.resume_to = resume_to if isinstance(resume_to, str) else None
        self.state = node
        self._changed()
        self.turn()

    def _replay(self, data: Mapping[str, Any]) -> tuple[int, int]:
        """Walk the current content, re-giving saved answers while they still fit."""
        answers = dict(data.get("answers") or {})
        declined = set(data.get("declined") or [])
        skipped = set(data.get("skipped") or [])
        given = set(answers) | declined | skipped
        used: set[str] = set()
        for _ in range(10_000):
            node = self.node
            if node is None or node.kind == "end":
                break
            complete = True
            try:
                if node.kind == "message":
                    if not given - used:
                        break
                    self.answer()
                elif node.id in declined and node.decline:
                    self.decline()
                elif node.id in skipped and node.optional:
                    self.skip()
                elif node.id in answers:
                    complete = self._replay_answer(node, answers[node.id])
                else:
                    break
            except AnswerError:
                break
            used.add(node.id)
            if not complete:
                break
        kept = len(given & used)
        return kept, len(given) - kept

    def _replay_answer(self, node: Node, value: Any) -> bool:
        """Re-give one saved answer; False when a network's follow-ups stop part-way."""
        if node.kind != "network":
            self.answer(value)
            return True
        entries = [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
        self.answer([{"name": e.get("name"), "category": e.get("category")} for e in entries])
        while self.sub is not None and self.state == node.id:
            entry_index, fu_index = self.sub
            question = node.followups[fu_index]
            saved_entry = entries[entry_index]
            saved = saved_entry.get("answers") or {}
            if question.id in (saved_entry.get("declined") or []) and question.decline:
                self.decline()
            elif question.id not in saved:
                return False
            elif saved[question.id] is None and question.optional:
                self.skip()
            elif saved[question.id] is None:
                return False
            else:
                self.answer(saved[question.id])
        return True


def _saved_seed(data: Mapping[str, Any]) -> int | None:
    """The seed of a saved session (None when it has none: it was saved before sessions had one)."""
    seed = data.get("seed")
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else None
