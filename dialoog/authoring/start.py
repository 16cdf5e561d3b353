"""Start anywhere (`--from NODE`): replay the earlier answers on the route to a node, then stop there.

`dialoog play FLOW --from NODE --answers FILE` replays the file's answers for the questions before NODE;
a question on the route without an answer is named (all of them at once), unless `--fill` answers them. The
conversation (`dialoog --flow FLOW --from NODE`) starts at NODE the same way, as a try-out that is never
saved (dialoog.tui). A node the answers do not lead to is an error that says where the route went.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dialoog.authoring.answering import answering
from dialoog.engine import Session, Turn
from dialoog.flow.model import Flow
from dialoog.flow.problems import did_you_mean
from dialoog.i18n import UI
from dialoog.play import Answerer, give

LIMIT = 10_000
"""Steps of a replay at most (a flow has at most 1,000 nodes; a network question asks a few per entry)."""


class StartError(Exception):
    """`--from` cannot start at the node; the message says why (an unknown node, missing earlier answers, a node
    the answers pass by). `usage` is true for a mistake on the command line (exit 2)."""

    def __init__(self, message: str, usage: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage


def start_node(flow: Flow, node_id: str) -> str:
    """The node `--from` names: a node of the flow, or a deck (then its first card shown). StartError with a
    suggestion."""
    decks = {n.deck_id for n in flow.nodes.values() if n.deck_id}
    if node_id in flow.nodes or node_id in decks:
        return node_id
    known = [n for n in flow.nodes if "__" not in n] + list(decks)
    raise StartError(f"there is no node '{node_id}' in '{flow.id}'{did_you_mean(node_id, known)}")


def at(flow: Flow, turn: Turn, node_id: str) -> bool:
    """Whether `turn` asks `node_id` itself, or a card of the deck `node_id` (not one of its follow-ups, not the
    pause after a card)."""
    node = flow.nodes.get(turn.node)
    here = turn.node == node_id or (node is not None and node.deck_id == node_id)
    return here and not turn.pause and turn.followup is None


def replay_to(session: Session, node_id: str, answerer: Answerer) -> Turn:
    """Answer with `answerer` until the session is at `node_id`; returns that turn. StartError when the
    answers lead past it (the conversation ends, or the node is passed over)."""
    target = start_node(session.flow, node_id)
    turn = session.turn()
    for _ in range(LIMIT):
        if at(session.flow, turn, target):
            return turn
        if turn.finished and session.finished:
            raise StartError(f"with these answers the conversation never comes to '{node_id}': it ends after "
                             f"'{session.history[-1].node if session.history else session.flow.start}'"
                             " (a condition or a route passes it by)", usage=True)
        value = answerer(session, turn) if turn.expects_answer else None
        turn = give(session, turn, value)
    raise StartError("the conversation did not end", usage=False)


class Missing:
    """Collects the questions on the route that the answers do not answer (in the order they come)."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def __call__(self, session: Session, turn: Turn) -> None:
        key = f"{turn.node}.{turn.followup}" if turn.followup else turn.node
        if key not in self.ids:
            self.ids.append(key)

    def error(self, node_id: str) -> StartError:
        shown = ", ".join(self.ids)
        return StartError(f"the answers have no answer for {len(self.ids)} question(s) before '{node_id}': {shown}"
                          " (give them in the answers file, or let --fill answer them)")


def play_to(
    session: Session, node_id: str, answers: Mapping[str, Any] | None, answerer: Answerer | None, ui: UI,
    keeping: bool = False,
) -> Turn:
    """`dialoog play --from NODE`: replay up to NODE with `answerer` (the one the rest of the play uses, so
    `--auto random:SEED` draws the same answers as a full play), given when `--auto` is. Without it, the
    `answers` are replayed and every question before NODE that they leave open is named in one StartError."""
    if keeping:
        raise StartError("--from is a try-out and is never saved: leave out --data-dir")
    if answerer is not None:
        return replay_to(session, node_id, answerer)
    missing = Missing()
    turn = replay_to(session, node_id, answering(session.flow, answers, None, ui, missing=missing))
    if missing.ids:
        raise missing.error(node_id)
    return turn


def run_tryout(args: argparse.Namespace) -> int:
    """`dialoog --flow FLOW --from NODE [--answers FILE]`: the conversation, begun at NODE as a try-out.

    The earlier questions get the file's answers, the others their lowest-risk answer (as `--auto low`); the
    replay is tried before the terminal changes, so an unknown node or a refused answer exits with 2. A
    try-out keeps nothing: no store is opened, no passphrase asked, it never mixes with saved scans."""
    import sys

    from dialoog.cli import EXIT_USAGE, flow_or_status
    from dialoog.i18n import resolve_language
    from dialoog.play import PlayError, load_answers
    from dialoog.terminal import safe_text

    lang = resolve_language(args.lang)
    loaded = flow_or_status(args.flow, "--from", lang)
    if isinstance(loaded, int):
        return loaded
    flow, root = loaded
    ui = UI(lang)
    node = str(args.start)
    try:
        answers = load_answers(Path(args.start_answers), ui) if args.start_answers else None

        def begin_at(session: Session) -> Turn:
            return replay_to(session, node, answering(session.flow, answers, "low", ui))

        begin_at(Session(flow, lang, root))
    except (PlayError, StartError) as exc:
        print(safe_text(f"dialoog --from: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    from dialoog.tui.run import run_app

    return run_app(lang=args.lang, data_dir=args.data_dir, flow=args.flow, begin_at=begin_at)
