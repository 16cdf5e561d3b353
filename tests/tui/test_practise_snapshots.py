"""SVG snapshots of practice: the picker (themes with what is done, the cards, the progress line) and the feedback
on a card (considerations, perspectives, group votes from a trainer record, the user's choices over time)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dialoog.practising.progress import RECORD_ID, RECORD_KIND, Progress
from dialoog.store import MemoryStore
from dialoog.tui.practise.app import Begin, PractiseApp
from dialoog.tui.practise.screens import CardScreen, FeedbackScreen, PickerScreen

from .test_practise_app import CONTENT, at, write_trainer_record


def store_with_history() -> MemoryStore:
    progress = Progress()
    progress.record("kaartjes", "b", "Eerst melden.", at=datetime(2026, 10, 1, 9, tzinfo=UTC))
    progress.record("wijn", "c", at=datetime(2026, 10, 2, 9, tzinfo=UTC))
    store = MemoryStore()
    store.put_record(RECORD_KIND, RECORD_ID, progress.as_json())
    return store


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_picker(snap_compare: Any, lang: str) -> None:
    app = PractiseApp(lang, None, CONTENT, store=store_with_history(), rng=random.Random(1), blink=False)

    async def run_before(pilot: Any) -> None:
        await at(pilot, PickerScreen, "the picker")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_the_feedback(snap_compare: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_trainer_record(data, "kaartjes", {"a": 5, "b": 4, "c": 0, "d": 3})
    app = PractiseApp("nl", data, CONTENT, Begin(card="kaartjes"), store=store_with_history(),
                      rng=random.Random(1), clock=lambda: datetime(2026, 12, 1, 10, tzinfo=UTC), blink=False)

    async def run_before(pilot: Any) -> None:
        await at(pilot, CardScreen, "the card")
        await pilot.press("1", *"Toch maar niet.", "enter")
        await at(pilot, FeedbackScreen, "the feedback")
        pilot.app.screen.query_one("#page").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 45), run_before=run_before)
