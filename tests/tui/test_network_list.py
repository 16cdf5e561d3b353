"""The network list as a user meets it: at 80x24 and 100x30 every entry and the Done button can be reached
and are on screen when focused; editing an entry and leaving the field empty keeps it; a removed entry can
be put back; the widget can be mounted hidden and reloaded for a new question.

The size tests run on the real scan (its long texts are what made the list fall off the screen);
the others on the small test flow.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widget import Widget

from dialoog.tui.widgets.answers import empty_turn
from dialoog.tui.widgets.answers.network import EntryList, NameField, NetworkAnswer

from .conftest import answer_current, begin, flat, make_app, screen_text, settle, type_keys

ENTRIES = [("Zwager P. (bouwbedrijf)", "1"), ("Projectontwikkelaar R.", "3"), ("Businessclub Oost", "4"),
           ("VV De Zwaluwen", "4"), ("Fractievoorzitter M.", "5"), ("Buurman A.", "2")]


def on_screen(app: Any, widget: Widget) -> bool:
    """Whether all of `widget` is inside the part of the answer area that shows (not scrolled away, not
    under the key bar)."""
    region = widget.region
    area = app.screen.query_one(NetworkAnswer).region
    height = app.size.height
    return (region.height > 0 and area.y <= region.y and region.bottom <= area.bottom
            and region.bottom <= height - 1)


async def to_network(pilot: Any) -> NetworkAnswer:
    """The real scan, answered plainly up to its network list."""
    app = pilot.app
    await begin(pilot)
    for _ in range(100):
        turn = app.screen.turn
        if turn.kind == "network" and turn.entry is None:
            break
        await answer_current(pilot, quick=True)
    await settle(pilot)
    return app.screen.query_one(NetworkAnswer)


@pytest.mark.parametrize("size", [
    (80, 24),
    (100, 30)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_entry_and_done_can_be_reached_and_seen(size: tuple[int, int]) -> None:
    app = make_app("nl", flow="scan", root=None, blink=False)
    async with app.run_test(size=size) as pilot:
        widget = await to_network(pilot)
        for name, group in ENTRIES:
            await type_keys(pilot, *name)
            await pilot.press("enter", group)
            await pilot.pause()
            assert isinstance(app.focused, NameField) and on_screen(app, app.focused), name
        assert [e["name"] for e in widget.entries] == [name for name, _ in ENTRIES]

        # a name waiting for its group: the groups are shown, and the focused list is in view
        await type_keys(pilot, *"Tennisclub")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "groups" and on_screen(app, app.focused)
        assert "In welke groep hoort 'Tennisclub'?" in flat(app) and "1. Partner en familie" in flat(app)
        await pilot.press("end")  # a long list of groups scrolls in itself: the last one comes into view
        await pilot.pause()
        assert "12. Online contacten" in flat(app) and on_screen(app, app.focused)
        await pilot.press("escape")  # not this one after all: back to the name
        await pilot.pause()
        assert isinstance(app.focused, NameField) and app.focused.value == "Tennisclub"
        await pilot.press("ctrl+u")

        # Tab goes to the list, then to Done, then back to the name; each is in view when focused
        seen: list[str] = []
        for _ in range(3):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            assert focused is not None and on_screen(app, focused), (focused, screen_text(app))
            seen.append(type(focused).__name__)
            if isinstance(focused, EntryList):
                for index, (name, _) in enumerate(ENTRIES):
                    focused.highlighted = index
                    await pilot.pause()
                    assert f"{index + 1}. {name}" in flat(app), (name, screen_text(app))
            if focused.id == "done":
                assert "Klaar (6 genoemd)" in flat(app)
        assert seen == ["EntryList", "GoButton", "NameField"]

        # Down from the name field into the list, through every entry with the arrows: each one shows
        await pilot.press("down")
        for index, (name, _) in enumerate(ENTRIES):
            assert app.focused.highlighted == index
            assert f"{index + 1}. {name}" in flat(app), (name, screen_text(app))
            await pilot.press("down")
            await pilot.pause()

        await pilot.press("tab")
        await pilot.pause()
        assert app.focused.id == "done" and on_screen(app, app.focused)
        await pilot.press("enter")
        await pilot.pause()
        assert [e["name"] for e in app.session.answers["network"]] == [name for name, _ in ENTRIES]
        assert "Over Zwager P. (bouwbedrijf) (1 van 6)" in flat(app)


async def network_in_test_flow(pilot: Any) -> NetworkAnswer:
    await begin(pilot)
    await type_keys(pilot, "enter", "1", *"wonen", "enter", "n", "enter")
    await pilot.pause()
    assert pilot.app.screen.turn.kind == "network"
    return pilot.app.screen.query_one(NetworkAnswer)


async def test_editing_an_entry_then_leaving_the_field_empty_keeps_it() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await network_in_test_flow(pilot)
        await type_keys(pilot, *"Buurman A.", "enter", "1", *"Tennisclub", "enter", "2")
        await pilot.press("down", "down", "e")  # the list, its second entry, edit it
        await pilot.pause()
        assert isinstance(app.focused, NameField) and app.focused.value == "Tennisclub"
        text = flat(app)
        assert "U wijzigt 'Tennisclub'" in text and "2. Tennisclub · Zakelijk (wordt gewijzigd)" in text
        assert "Klaar (2 genoemd)" in text, "the entry being changed is still counted"

        await pilot.press("ctrl+u", "enter")  # an empty field: the entry stays as it was
        await pilot.pause()
        assert [(e["name"], e["category"]) for e in widget.entries] == [("Buurman A.", "family"),
                                                                       ("Tennisclub", "business")]
        assert app.screen.turn.kind == "network" and app.screen.turn.entry is None, "not done yet"
        text = flat(app)
        assert "'Tennisclub' blijft zoals het was" in text and "2 genoemd" in text
        assert "(wordt gewijzigd)" not in text

        await pilot.press("down", "down", "e", *" Noord", "escape")  # Escape: also as it was
        await pilot.pause()
        assert [e["name"] for e in widget.entries] == ["Buurman A.", "Tennisclub"]

        await pilot.press("down", "down", "e", *" Noord", "enter", "1")  # a changed name: changed in place
        await pilot.pause()
        assert [(e["name"], e["category"]) for e in widget.entries] == [("Buurman A.", "family"),
                                                                       ("Tennisclub Noord", "family")]

        await pilot.press("enter")  # now an empty field means done
        await pilot.pause()
        assert [e["name"] for e in app.session.answers["people"]] == ["Buurman A.", "Tennisclub Noord"]
        assert "Over Buurman A. (1 van 2)" in flat(app)


async def test_a_removed_entry_can_be_put_back() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await network_in_test_flow(pilot)
        await type_keys(pilot, *"Buurman A.", "enter", "1", *"Tennisclub", "enter", "2", *"C.", "enter", "1")
        await pilot.press("down", "down", "x")  # remove Tennisclub
        await pilot.pause()
        assert [e["name"] for e in widget.entries] == ["Buurman A.", "C."]
        assert "'Tennisclub' is weggehaald. Met Ctrl+Z zet u het terug." in flat(app)
        assert "Klaar (2 genoemd)" in flat(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [e["name"] for e in widget.entries] == ["Buurman A.", "Tennisclub", "C."], "back in its place"
        text = flat(app)
        assert "'Tennisclub' staat weer in de lijst." in text and "2. Tennisclub · Zakelijk" in text
        assert "Klaar (3 genoemd)" in text


async def test_a_hidden_spare_is_reloaded_for_the_network_question() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        shown = await network_in_test_flow(pilot)
        screen = app.screen
        area = screen.query_one("#answer-area")
        spare = NetworkAnswer(empty_turn("network"), app.ui, classes="answer")
        spare.display = False
        await area.mount(spare)
        await pilot.pause()

        assert spare.reload(screen.turn, screen.ui, [{"name": "A.", "category": "business"}])
        shown.display = False
        spare.display = True
        spare.focus_target().focus()
        await pilot.pause()
        text = flat(app)
        assert "Gebruik initialen of een schuilnaam." in text and "1. A. · Zakelijk" in text
        assert "Klaar (1 genoemd)" in text

        await pilot.press(*"B.", "enter")
        await pilot.pause()
        assert "1. Familie" in flat(app) and "2. Zakelijk" in flat(app), "the turn's groups"
        await pilot.press("1", "enter")
        await pilot.pause()
        assert [(e["name"], e["category"]) for e in app.session.answers["people"]] == [("A.", "business"),
                                                                                       ("B.", "family")]
