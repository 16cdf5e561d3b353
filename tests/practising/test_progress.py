"""The practice model without a screen: the deck by theme and search, progress (cards done, themes covered, what
to try next, a choice that changed), the record read back whatever it holds, and text shown as typed."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dialoog.practising import MAX_REFLECTION, PracticeDeck, Progress, ProgressBook, feedback, visible
from dialoog.practising.feedback import group_votes
from dialoog.store import MemoryStore

CONTENT = Path(__file__).resolve().parent / "content"


def deck(lang: str = "nl") -> PracticeDeck:
    return PracticeDeck.load(lang, CONTENT)


def test_the_deck_lists_its_themes_in_order_with_their_cards() -> None:
    d = deck()
    assert [(t.id, t.title, t.cards) for t in d.themes] == [
        ("geschenken", "Geschenken en uitnodigingen", ("kaartjes", "wijn")),
        ("netwerken", "Netwerken", ("wijn", "oude_vriend")),
        ("media", "De media", ("interview",)),
    ]


def test_the_search_needs_every_word_and_ignores_case() -> None:
    d = deck()
    assert d.search("KIST aannemer") == ["wijn"]
    assert d.search("een", theme="netwerken") == ["wijn", "oude_vriend"]
    assert d.search("kist journalist") == []
    assert d.search("") == ["kaartjes", "wijn", "oude_vriend", "interview"]


def test_a_random_card_prefers_one_not_done() -> None:
    d, rng = deck(), random.Random(3)
    assert {d.pick_random(rng, ["kaartjes"], "geschenken") for _ in range(20)} == {"wijn"}
    assert d.pick_random(rng, ["kaartjes", "wijn"], "geschenken") in ("kaartjes", "wijn")  # all done: any


def test_progress_says_what_is_done_and_what_to_try_next() -> None:
    d, p = deck(), Progress()
    assert p.try_next(d) is not None and p.try_next(d).id == "geschenken"  # type: ignore[union-attr]
    p.record("wijn", "a")
    assert [t.id for t in p.themes_covered(d)] == ["geschenken", "netwerken"]
    assert p.try_next(d).id == "media"  # type: ignore[union-attr]
    p.record("interview", "b")
    assert p.try_next(d) is None
    assert p.cards_done == ["wijn", "interview"]


def test_a_choice_over_time_keeps_its_dates() -> None:
    p = Progress()
    p.record("wijn", "b", at=datetime(2026, 3, 1, tzinfo=UTC))
    assert not p.changed("wijn")
    p.record("wijn", "a", "Nu anders.", at=datetime(2026, 9, 1, tzinfo=UTC))
    assert p.changed("wijn")
    assert [(m.date, m.choice) for m in p.meetings("wijn")] == [("2026-03-01", "b"), ("2026-09-01", "a")]
    result = feedback(deck().card("wijn"), p.meetings("wijn"), {})
    assert result.chosen == "a" and result.reflection == "Nu anders." and result.changed


def test_the_book_saves_every_change_in_the_store_and_reads_it_back() -> None:
    store = MemoryStore()
    book = ProgressBook(store)
    book.at_card("kaartjes")
    book.answer("kaartjes", "c", "x" * (MAX_REFLECTION + 50))
    again = ProgressBook(store).progress
    assert again.current is None  # answered: nothing to resume
    assert len(again.meetings("kaartjes")[0].reflection) == MAX_REFLECTION
    book.at_card("wijn")
    assert ProgressBook(store).progress.current == "wijn"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(st.one_of(json_values, st.fixed_dictionaries({"history": st.dictionaries(
    st.text(max_size=8), st.lists(st.dictionaries(st.sampled_from(["at", "choice", "reflection"]), json_values)))})))
def test_a_record_of_any_shape_is_read_without_an_error(data: Any) -> None:
    progress = Progress.from_json(data)
    for met in progress.history.values():
        assert met and all(m.choice in "abcdefghi" for m in met)
    assert Progress.from_json(progress.as_json()) == progress


@given(st.text())
def test_typed_text_is_shown_as_typed_without_a_control_character(text: str) -> None:
    shown = visible(text)
    assert all(ch == "\n" or (ord(ch) >= 0x20 and not 0x7F <= ord(ch) < 0xA0) for ch in shown)
    assert len(shown) == len(text)


def test_markup_and_an_escape_sequence_stay_visible() -> None:
    assert visible("[b]x[/b] \x1b[31m") == "[b]x[/b] ␛[31m"


def test_group_votes_sum_the_trainer_sessions_on_this_machine(tmp_path: Path) -> None:
    from tests.tui.test_practise_app import write_trainer_record

    write_trainer_record(tmp_path, "wijn", {"a": 2, "b": 1, "c": 0, "d": 0}, name="s1")
    write_trainer_record(tmp_path, "wijn", {"a": 1, "b": 0, "c": 4, "d": 0}, name="s2")
    (tmp_path / "training" / "sessions" / "broken.json").write_text("{not json", encoding="utf-8")
    votes = group_votes(tmp_path)
    assert votes["wijn"] == {"a": 3, "b": 1, "c": 4, "d": 0}
    result = feedback(deck().card("wijn"), [], votes)
    assert result.groups.shown and result.groups.total == 8 and result.groups.percent("c") == 50
    assert not feedback(deck().card("kaartjes"), [], votes).groups.shown
