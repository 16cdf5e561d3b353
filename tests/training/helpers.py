"""Cards and a fake clock for the trainer's tests."""

from __future__ import annotations

from dialoog.flow.model import Card, CardOption
from dialoog.flow.problems import Pos


class FakeClock:
    """A clock the test moves by hand (seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def card(card_id: str = "c1", n: int = 4, title: str = "Kaartjes voor de finale") -> Card:
    keys = "abcdefghi"[:n]
    return Card(
        id=card_id, title=title, situation=f"Situatie van {card_id}.", question="Wat doet u?",
        options=[CardOption(k, f"Optie {k}", f"Overweging bij {k}") for k in keys],
        perspectives={"compliance": "C", "partner": "P", "journalist": "J", "citizen": "B"},
        reflection=["Vraag 1?", "Vraag 2?"], themes=["geschenken"], audiences=["wethouder"], sources=[],
        pos=Pos("x.yaml", 1, 1),
    )
