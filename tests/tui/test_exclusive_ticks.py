"""Ticking an option that goes with no other unticks what it excludes, and the screen says so.

The multiple choice is built from its Turn alone (architecture review (a) 8): it works in an
app that has no session at all.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from dialoog.engine.turn import Choice, Progress, Turn
from dialoog.i18n import UI
from dialoog.tui.messages import Notice
from dialoog.tui.widgets.answers.multi import MultiAnswer

from .conftest import flat, make_app, settle, to_multiple_choice

TWO = "'Niets' kunt u niet combineren met 'Bedreiging', 'Druk'; die vinkjes zijn weggehaald."
BACK = "'Bedreiging' kunt u niet combineren met 'Niets'; dat vinkje is weggehaald."


async def test_ticking_nothing_unticks_the_others_and_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        checks = await to_multiple_choice(pilot)
        await pilot.press("1", "2")
        await settle(pilot)
        assert "[x] 1. Bedreiging" in flat(app) and "[x] 2. Druk" in flat(app)
        assert "combineren" not in flat(app)
        await pilot.press("3")
        await settle(pilot)
        assert checks.ordered() == ["none"]
        assert "[ ] 1. Bedreiging [ ] 2. Druk [x] 3. Niets" in flat(app)
        assert TWO in flat(app)
        await pilot.press("1")  # a plain option unticks 'Niets' again
        await settle(pilot)
        assert "[x] 1. Bedreiging [ ] 2. Druk [ ] 3. Niets" in flat(app)
        assert BACK in flat(app) and TWO not in flat(app)
        await pilot.press("2")  # unticks nothing: the words go
        await settle(pilot)
        assert "combineren" not in flat(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session is not None and app.session.answers["stress"] == ["threats", "pressure"]


async def test_in_english_the_notice_names_the_options_in_english() -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await to_multiple_choice(pilot)
        await pilot.press("2", "3")
        await settle(pilot)
        assert "'Nothing' cannot be combined with 'Pressure', so that is unticked." in flat(app)


class Bare(App[None]):
    """An app with no session: only the widget and its Turn."""

    def __init__(self, widget: MultiAnswer) -> None:
        super().__init__()
        self.widget = widget
        self.notices: list[str] = []

    def compose(self) -> Any:
        yield self.widget

    def on_notice(self, message: Notice) -> None:
        self.notices.append(message.text)


async def test_the_widget_needs_only_its_turn() -> None:
    turn = Turn(
        node="money",
        kind="multi",
        text="Which?",
        progress=Progress("m", "M", 1, 1, 1, 1, 0, 1),
        options=(Choice("shares", "Shares"), Choice("only_savings", "Only savings", exclusive=True),
                 Choice("none", "None of these", exclusive=True)),
    )
    widget = MultiAnswer(turn, UI("en"), draft=["shares"])
    app = Bare(widget)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        widget.focus_target().focus()
        await pilot.press("2")
        await pilot.pause()
        assert widget.draft() == ["only_savings"]
        await pilot.press("3")
        await pilot.pause()
        assert widget.draft() == ["none"]
        assert app.notices == [
            "'Only savings' cannot be combined with 'Shares', so that is unticked.",
            "'None of these' cannot be combined with 'Only savings', so that is unticked.",
        ]
