"""The tally is always the last vote of each device that voted while voting was open, whatever the order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dialoog.live.state import CardView, Join, LiveState, Vote

CARDS = {
    "c1": CardView("c1", "Kaart 1", "…", options=(("a", "A"), ("b", "B"), ("c", "C"))),
    "c2": CardView("c2", "Kaart 2", "…", options=(("a", "A"), ("b", "B"))),
}
action = st.one_of(
    st.tuples(st.just("vote"), st.integers(0, 9), st.sampled_from(["c1", "c2"]), st.sampled_from("abcz")),
    st.tuples(st.just("card"), st.sampled_from(["c1", "c2"]), st.booleans()),
    st.tuples(st.just("close")),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(action, max_size=60), st.integers(1, 10))
def test_the_tally_is_the_last_accepted_vote_of_each_device(actions: list[tuple], cap: int) -> None:  # type: ignore[type-arg]
    live = LiveState(join_code="ACDEFH", max_participants=cap)
    model: dict[str, dict[str, str]] = {}
    shown: str | None = None
    is_open = False
    for act in actions:
        if act[0] == "card":
            shown, is_open = act[1], act[2]
            live.set_card(CARDS[act[1]], open=act[2])
        elif act[0] == "close":
            is_open = False
            live.close_voting()
        else:
            _, n, card, key = act
            device = f"d{n}"
            joined = live.join(device) is not Join.FULL
            result = live.vote(device, card, key)
            accepted = joined and shown == card and is_open and CARDS[card].has_option(key)
            assert (result in (Vote.COUNTED, Vote.CHANGED)) == accepted, (act, result)
            if accepted:
                model.setdefault(card, {})[device] = key
        assert live.participants <= cap
    for card_id in CARDS:
        counts = live.tally(card_id)
        expected: dict[str, int] = {}
        for key in model.get(card_id, {}).values():
            expected[key] = expected.get(key, 0) + 1
        assert {k: n for k, n in counts.items() if n} == expected
        assert live.votes_cast(card_id) == sum(expected.values())
