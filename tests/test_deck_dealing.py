"""The scan deals its dilemma cards per person (flows/modules/dilemmas.yaml `deal:`, dialoog.engine.dealing).

What a user gets: only cards meant for their audience whose premise holds; cards about their own signals
first; different themes; other cards in another session; the same cards when they resume.

DIALOOG_DECK_SESSIONS sets how many random sessions the invariant test plays (default 300).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dialoog import play
from dialoog.engine import Session
from dialoog.engine.conditions import holds
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.locations import content_root
from dialoog.play import give

ROOT = content_root()
DECK = "deck_scan"
SESSIONS = int(os.environ.get("DIALOOG_DECK_SESSIONS", "300"))

Answerer = Callable[[Session, Any], Any]


def scan() -> Flow:
    return load_library(ROOT).flow("scan")


def answered(role: str | None, strategy: str | Answerer, seed: int = 0,
             fixed: dict[str, Any] | None = None) -> Answerer:
    """An answerer: `strategy` (low/high/random or a function), with `role` and the `fixed` answers given."""
    drawn = play.auto(strategy, seed) if isinstance(strategy, str) else strategy
    wanted = dict(fixed or {})

    def answer(session: Session, turn: Any) -> Any:
        if turn.followup is None and turn.node == session.flow.role_question and role is not None:
            return role
        if turn.followup is None and turn.node in wanted:
            return wanted[turn.node]
        return drawn(session, turn)

    return answer


def run(flow: Flow, answerer: Answerer, seed: int, until: Callable[[Session], bool] | None = None) -> Session:
    session = Session(flow, "nl", ROOT, seed=seed)
    turn = session.turn()
    while not session.finished and not (until and until(session)):
        turn = give(session, turn, answerer(session, turn) if turn.expects_answer else None)
    return session


def shown(session: Session) -> list[str]:
    """The cards the user answered, in the order they were shown."""
    nodes = session.flow.nodes
    return [nodes[s.node].card or "" for s in session.history if nodes[s.node].kind == "card" and s.how == "answer"]


def first_themes(flow: Flow, cards: list[str]) -> list[str]:
    return [flow.cards[c].themes[0] for c in cards]


@pytest.fixture(scope="module")
def premised(tmp_path_factory: pytest.TempPathFactory) -> Flow:
    """The real content, with premises on a few cards (as the card authors will write them)."""
    root = tmp_path_factory.mktemp("content") / "content"
    for part in ("flows", "prompts", "locales"):
        shutil.copytree(ROOT / part, root / part)
    lib = load_library(root)
    premises = {"halverwege": "scan_moment == 'halverwege'", "not_first": "scan_moment != 'eerste'",
                "raad_later": "role_audience == 'raadslid' and scan_moment == 'halverwege'"}
    already = sum(1 for c in lib.cards.values() if c.when)  # premises the card authors wrote
    cards = iter(sorted((c for c in lib.cards.values() if not c.when), key=lambda c: (-len(c.audiences), c.id)))
    for condition in premises.values():
        card = next(cards)
        path = Path(card.pos.path)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        line = lines[card.pos.line - 1]
        indent = " " * (len(line) - len(line.lstrip(" -")))
        lines.insert(card.pos.line, f'{indent}when: "{condition}"\n')
        path.write_text("".join(lines), encoding="utf-8")
    flow = load_library(root).flow("scan")
    assert sum(1 for c in flow.cards.values() if c.when) == already + len(premises)
    return flow


def test_no_card_is_shown_that_its_audiences_or_premise_exclude(premised: Flow) -> None:
    flow = premised
    seen_premised: set[str] = set()
    counts: set[int] = set()
    for seed in range(SESSIONS):
        session = run(flow, answered(None, "random", seed), seed)
        ctx = session.context()
        cards = shown(session)
        levels = session.tally().levels
        assert cards == session.deals[DECK], seed
        assert len(cards) == len(set(cards)), seed
        expected = min(5, 3 + sum(1 for v in levels.values() if v == "high"))
        assert len(cards) == expected, (seed, cards, levels)
        counts.add(len(cards))
        for card_id in cards:
            card = flow.cards[card_id]
            assert not ctx["role_audience"] or ctx["role_audience"] in card.audiences, (seed, card_id)
            if card.when:
                assert holds(card.when, ctx), (seed, card_id, card.when, ctx["scan_moment"])
                seen_premised.add(card_id)
        # different first themes wherever the cards for this user allow it
        eligible = {c.themes[0] for c in flow.cards.values()
                    if (not ctx["role_audience"] or ctx["role_audience"] in c.audiences)
                    and (not c.when or holds(c.when, ctx))}
        assert len(set(first_themes(flow, cards))) == min(len(cards), len(eligible)), (seed, cards)
    assert counts >= {4, 5}  # the deal grows with the domains at high
    assert seen_premised, "a card with a premise is shown when its premise holds"


def test_a_card_whose_premise_is_false_is_never_dealt(premised: Flow) -> None:
    false_at_start = {c.id for c in premised.cards.values() if c.when and "scan_moment != 'eerste'" in c.when
                      and " or " not in c.when}
    assert len(false_at_start) >= 2
    for seed in range(40):
        session = run(premised, answered(None, "random", seed, {"scan_moment": "eerste"}), seed)
        ctx = session.context()
        assert not false_at_start & set(shown(session)), seed
        for card_id in shown(session):
            when = premised.cards[card_id].when
            assert not when or holds(when, ctx), (seed, card_id, when)


def role_of(flow: Flow, audience: str) -> str:
    return next(v for v, a in flow.role_audience.items() if a == audience)


def test_two_users_of_the_same_role_with_different_answers_get_different_cards() -> None:
    flow = scan()
    role = role_of(flow, "wethouder")
    for seed in range(5):
        low = run(flow, answered(role, "low"), seed)
        high = run(flow, answered(role, "high"), seed)
        assert shown(low) != shown(high), seed


def test_one_user_gets_other_cards_in_another_session() -> None:
    flow = scan()
    role = role_of(flow, "raadslid")
    deals = {tuple(shown(run(flow, answered(role, "low"), seed))) for seed in range(8)}
    assert len(deals) >= 4, deals
    # and the same seed gives the same cards (play --seed)
    assert shown(run(flow, answered(role, "low"), 3)) == shown(run(flow, answered(role, "low"), 3))


def points_only_for(domain: str) -> Answerer:
    """Answers that give points to `domain` as much as they can, and to nothing else where that can be avoided."""
    low, high = play.auto("low"), play.auto("high")

    def answer(session: Session, turn: Any) -> Any:
        node = session.flow.nodes[turn.node]
        if turn.followup is not None or node.kind == "network":
            return low(session, turn)
        gives = [o.points for o in node.options] + list(node.points.values())
        if any(p.get(domain, 0) > 0 and all(v <= 0 for d, v in p.items() if d != domain) for p in gives):
            for option in sorted(node.options, key=lambda o: -o.points.get(domain, 0)):
                if all(v <= 0 for d, v in option.points.items() if d != domain):
                    return [option.value] if node.kind == "multi" else option.value
            return high(session, turn)
        return low(session, turn)

    return answer


@pytest.mark.parametrize("domain", ["belangenverstrengeling", "veiligheid", "openbaarheid"])
def test_the_themes_of_the_users_own_signals_come_first(domain: str) -> None:
    flow = scan()
    node = next(n for n in flow.nodes.values() if n.deck_id == DECK)
    prefer = set(node.deck["deal"]["prefer"][domain])
    for audience in ("bewindspersoon", "wethouder", "raadslid"):
        for seed in range(4):
            session = run(flow, answered(role_of(flow, audience), points_only_for(domain)), seed)
            levels = session.tally().levels
            assert levels[domain] in ("attention", "high"), (audience, levels)
            first = flow.cards[shown(session)[0]]
            assert prefer & set(first.themes), (audience, seed, first.id, first.themes)


def test_energy_shares_deal_a_card_about_conflicts_of_interest_first() -> None:
    flow = scan()
    node = next(n for n in flow.nodes.values() if n.deck_id == DECK)
    prefer = set(node.deck["deal"]["prefer"]["belangenverstrengeling"])
    shares = next(o.value for o in flow.nodes["financial_interests"].options if "aandel" in o.label.lower())
    link = max(flow.nodes["financial_policy_link"].options, key=lambda o: o.points.get("belangenverstrengeling", 0))
    fixed = {"financial_interests": [shares], "financial_policy_link": link.value}
    for seed in range(6):
        session = run(flow, answered(role_of(flow, "kandidaat_bewindspersoon"), "low", 0, fixed), seed)
        assert session.tally().levels["belangenverstrengeling"] in ("attention", "high")
        assert prefer & set(flow.cards[shown(session)[0]].themes), shown(session)


def at_second_card(session: Session) -> bool:
    return len(shown(session)) == 1 and session._pause() is None


def test_a_resumed_session_keeps_its_deal(monkeypatch: pytest.MonkeyPatch) -> None:
    flow = scan()
    for seed in range(4):
        answerer = answered(None, "random", seed)
        session = run(flow, answerer, seed, until=at_second_card)
        deal = list(session.deals[DECK])
        saved = json.loads(json.dumps(session.to_dict()))
        monkeypatch.setenv("DIALOOG_SEED", str(seed + 1000))  # a new session would deal from another seed
        restored = Session.from_dict(flow, saved, ROOT)
        assert restored.deals[DECK] == deal and restored.seed == seed
        assert restored.turn().card is not None and restored.turn().card.id == deal[1]
        turn = restored.turn()
        while not restored.finished:
            turn = give(restored, turn, answerer(restored, turn) if turn.expects_answer else None)
        assert shown(restored) == deal


def test_a_session_saved_before_decks_were_dealt_still_loads_and_keeps_its_cards() -> None:
    flow = scan()
    session = run(flow, answered(None, "random", 7), 7)
    cards = shown(session)
    saved = json.loads(json.dumps(session.to_dict()))
    for key in ("deals", "seed"):
        saved.pop(key)
    exact = Session.from_dict(flow, saved, ROOT)
    assert exact.finished and shown(exact) == cards
    assert exact.dealt(DECK, keep=False)[: len(cards)] == cards  # the deal is made on first use, from its answers
    saved["flow_hash"] = "changed since"  # replayed: the cards it answered are dealt again first
    replayed = Session.from_dict(flow, saved, ROOT)
    assert shown(replayed) == cards and not replayed.unused


def test_changing_an_earlier_answer_keeps_the_cards_answered() -> None:
    flow = scan()
    role = role_of(flow, "wethouder")
    session = run(flow, answered(role, "high"), 2)
    cards = {k: v for k, v in session.answers.items() if flow.nodes[k].kind == "card"}
    # a change of role: the cards for a wethouder may no longer fit, but answered ones are never swapped
    plan = session.plan_change("role", role_of(flow, "raadslid"))
    session.apply_change(plan)
    turn = session.turn()
    answerer = answered(None, "high")
    while not session.finished:
        turn = give(session, turn, answerer(session, turn) if turn.expects_answer else None)
    after = {k: v for k, v in session.answers.items() if flow.nodes[k].kind == "card"}
    kept = {k for k in cards if k in after}
    assert all(after[k] == cards[k] for k in kept)
    audience = session.context()["role_audience"]
    new = [c for c in shown(session) if f"{DECK}__{c}" not in cards]
    assert all(audience in flow.cards[c].audiences for c in new)


def test_progress_counts_the_cards_that_will_be_shown() -> None:
    flow = scan()
    for seed in range(6):
        session = Session(flow, "nl", ROOT, seed=seed)
        answerer = answered(None, "random", seed)
        turn = session.turn()
        before: int | None = None
        while not session.finished:
            if turn.node == "dilemmas_intro" and before is None:
                before = turn.progress.total - turn.progress.done
            if turn.card is not None and not turn.pause:
                deal = session.deals[DECK]
                assert turn.progress.cards == len(deal)
                assert turn.progress.card == deal.index(turn.card.id) + 1
            turn = give(session, turn, answerer(session, turn) if turn.expects_answer else None)
        assert before is not None
        after_intro = [s for s in session.history[next(i for i, s in enumerate(session.history)
                                                        if s.node == "dilemmas_intro"):] if play_unit(flow, s)]
        assert before == len(after_intro), seed


def play_unit(flow: Flow, step: Any) -> bool:
    from dialoog.engine.progress import is_unit

    return bool(is_unit(flow, step))


def test_play_with_a_seed_deals_the_same_cards_every_run(capsys: pytest.CaptureFixture[str]) -> None:
    from dialoog.cli import main

    outputs = []
    for _ in range(2):
        assert main(["play", "scan", "--auto", "random:4", "--seed", "11", "--json"]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0]["answers"] == outputs[1]["answers"]
    assert any(k.startswith(f"{DECK}__") for k in outputs[0]["answers"])
