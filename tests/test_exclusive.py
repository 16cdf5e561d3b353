"""Options that go with no other (issue 11, item 10): "only savings" and "none of these".

An option marked `exclusive: true` cannot be chosen together with any other option of its
multiple choice. The engine refuses such a combination and names the options, the turn says
which options are exclusive (so the widget needs nothing else), and `dialoog play --auto
random:SEED` never proposes one, on any flow of the real content.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dialoog import play
from dialoog.cli import main
from dialoog.engine import AnswerError, Session, Turn
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow, Node

pytestmark = pytest.mark.usefixtures("plain_env")

ROOT = Path(__file__).resolve().parents[1]
FUNDS = "Alleen spaargeld, pensioen of brede beleggingsfondsen"
PROPERTY = "Vastgoed naast de eigen woning"


def flows() -> dict[str, Flow]:
    lib = load_library(ROOT, strict=True)
    return {flow_id: lib.flow(flow_id) for flow_id in lib.flow_ids()}


def at_financial_interests(lang: str = "nl") -> tuple[Session, Turn]:
    session = Session(load_library(ROOT, strict=True).flow("self"), lang, ROOT)
    turn = session.turn()
    for _ in range(50):
        if turn.node == "financial_interests":
            return session, turn
        turn = session.answer() if not turn.expects_answer else play.give(
            session, turn, play.auto("high")(session, turn))
    raise AssertionError("the self module never asks about financial interests")


def forbidden(node: Node, value: Any) -> bool:
    """A multiple-choice answer that combines an exclusive option with another one (read from the content)."""
    chosen = list(value)
    exclusive = [v for v in chosen if (o := node.option(v)) is not None and o.exclusive]
    return bool(exclusive) and len(chosen) > 1


# -- the engine ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["property", "funds"], f"'{FUNDS}' kunt u niet combineren met '{PROPERTY}'."),
        (
            ["shares", "funds", "company"],
            f"'{FUNDS}' kunt u niet combineren met 'Aandelen of obligaties in afzonderlijke bedrijven', "
            "'Een eigen bedrijf of een aandeel in een bedrijf'.",
        ),
        (["funds", "none"], f"'{FUNDS}' kunt u niet combineren met 'Geen van deze'."),
        (["none", "shares"], "'Geen van deze' kunt u niet combineren met "
                             "'Aandelen of obligaties in afzonderlijke bedrijven'."),
    ],
)
def test_only_savings_goes_with_no_other_financial_interest(value: list[str], message: str) -> None:
    session, _turn = at_financial_interests()
    before = session.to_dict()
    with pytest.raises(AnswerError) as caught:
        session.answer(value)
    assert caught.value.message == message
    assert session.to_dict() == before
    assert session.turn().node == "financial_interests"


def test_the_refusal_names_the_options_in_english() -> None:
    session, _turn = at_financial_interests("en")
    with pytest.raises(AnswerError) as caught:
        session.answer(["property", "funds"])
    assert caught.value.message == (
        "'Only savings, pension or broad investment funds' cannot be combined with "
        "'Real estate besides your own home'."
    )


def test_only_savings_alone_and_plain_options_together_are_accepted() -> None:
    session, _turn = at_financial_interests()
    session.answer(["funds"])
    assert session.answers["financial_interests"] == ["funds"]
    session, _turn = at_financial_interests()
    session.answer(["property", "shares"])
    assert session.answers["financial_interests"] == ["shares", "property"]


def test_the_turn_says_which_options_go_with_no_other() -> None:
    _session, turn = at_financial_interests()
    assert [(o.value, o.exclusive) for o in turn.options] == [
        ("shares", False), ("company", False), ("property", False), ("funds", True), ("none", True),
    ]
    assert next(o for o in turn.options if o.value == "funds").label == FUNDS


def test_every_only_or_none_option_in_the_content_is_exclusive() -> None:
    """The content's 'only ...' and 'none of these' options of a multiple choice are marked."""
    words = ("alleen spaargeld", "geen van deze", "geen banden", "niets hiervan")
    seen = 0
    for flow in flows().values():
        for node in flow.nodes.values():
            if node.kind != "multi":
                continue
            for option in node.options:
                if option.label.lower().startswith(words):
                    seen += 1
                    assert option.exclusive, f"{node.id}: '{option.label}' should be exclusive"
    assert seen >= 6


# -- dialoog play --auto random ------------------------------------------------------------


def proposals(flow: Flow, seed: int) -> list[tuple[Node, Any]]:
    """Every multiple-choice answer the random answerer proposed in one whole conversation."""
    seen: list[tuple[Node, Any]] = []
    answerer = play.auto("random", seed)

    def recording(session: Session, turn: Turn) -> Any:
        value = answerer(session, turn)
        node = session.flow.nodes[turn.node]
        if turn.followup is not None:
            node = next(f for f in node.followups if f.id == turn.followup)
        if node.kind == "multi" and isinstance(value, list):
            seen.append((node, value))
        return value

    session = Session(flow, "nl", ROOT)
    play.run(session, recording)
    assert session.finished
    return seen


def test_auto_random_never_combines_an_exclusive_option_on_any_flow() -> None:
    all_flows = flows()
    assert {"scan", "self"} <= set(all_flows)
    asked: dict[str, int] = {}
    for flow_id, flow in sorted(all_flows.items()):
        for seed in range(40):
            for node, value in proposals(flow, seed):
                assert not forbidden(node, value), f"{flow_id} random:{seed}: {node.id} = {value}"
                asked[node.id] = asked.get(node.id, 0) + 1
    # the walk met the multiple choices it is about, more than once
    assert asked.get("financial_interests", 0) > 10
    assert asked.get("dependencies", 0) > 10


def test_auto_random_sometimes_chooses_only_savings_and_then_alone() -> None:
    flow = flows()["self"]
    funds = [value for seed in range(60) for node, value in proposals(flow, seed)
             if node.id == "financial_interests" and "funds" in value]
    assert funds and all(value == ["funds"] for value in funds)


@pytest.mark.parametrize("seed", [3, 11, 12])
def test_play_random_on_the_command_line_never_gives_a_forbidden_combination(
    seed: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIALOOG_CONTENT", str(ROOT))
    assert main(["play", "scan", "--auto", f"random:{seed}", "--json"]) == 0
    answers = json.loads(capsys.readouterr().out)["answers"]
    scan = flows()["scan"]
    multis = {k: v for k, v in answers.items() if k in scan.nodes and scan.nodes[k].kind == "multi"}
    assert multis
    for key, value in multis.items():
        assert not forbidden(scan.nodes[key], value), f"random:{seed}: {key} = {value}"
