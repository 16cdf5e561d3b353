"""The comparison of a repeat scan with the previous one (`dialoog.engine.compare`): the themes up or down,
advice new or no longer needed, how the previous commitments stand, the network's changes, and the questions
that could not be compared because the content changed. Opened from the summary of a repeat scan (F8) and from
My scans; Esc goes back.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from dialoog.tui.commands import localise
from dialoog.tui.text import N_, plain
from dialoog.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from textual.app import App

    from dialoog.engine import Session
    from dialoog.engine.compare import Comparison
    from dialoog.i18n import UI
    from dialoog.keeping.keeper import Keeper

ARROWS = {"up": "↑", "down": "↓", "same": "=", "new": "+", "unknown": "?"}


def direction_words(direction: str, ui: UI) -> str:
    return {
        "up": ui._("needs more attention than last time"),
        "down": ui._("needs less attention than last time"),
        "same": ui._("the same as last time"),
        "new": ui._("new since last time"),
        "unknown": ui._("cannot be compared"),
    }[direction]


def status_words(status: str, ui: UI) -> str:
    return {
        "done": ui._("done"),
        "open": ui._("still open"),
        "dropped": ui._("dropped"),
    }.get(status, ui._("not reviewed yet"))


def comparison_lines(result: Comparison, titles: dict[str, str], ui: UI) -> list[tuple[str, str]]:
    """The comparison as (kind, text) lines: `heading` or `line`. Plain text (names are the user's own words)."""
    out: list[tuple[str, str]] = [("heading", ui._("Themes"))]
    for d in result.domains:
        levels = f"{d.before_label or '-'} → {d.after_label or '-'}"
        out.append(("line", f"{ARROWS[d.direction]} {d.title}: {levels} ({direction_words(d.direction, ui)})"))
    out.append(("heading", ui._("Advice")))
    if not result.advice_new and not result.advice_resolved:
        out.append(("line", ui._("The same advice as last time.")))
    out += [("line", "+ " + ui._("New: {title}", title=a.title)) for a in result.advice_new]
    out += [("line", "- " + ui._("No longer needed: {title}", title=a.title)) for a in result.advice_resolved]
    if result.agenda:
        out.append(("heading", ui._("Your commitments from last time")))
        out += [("line", f"• {a.text}: {status_words(a.status, ui)}") for a in result.agenda]
    out.append(("heading", ui._("Your network")))
    if not (result.network_added or result.network_gone or result.network_changed):
        out.append(("line", ui._("No changes in the people and organisations you named.")))
    if result.network_added:
        out.append(("line", "+ " + ui._("Named now: {names}", names=", ".join(result.network_added))))
    if result.network_gone:
        out.append(("line", "- " + ui._("No longer named: {names}", names=", ".join(result.network_gone))))
    for entry in result.network_changed:
        before = ", ".join(titles.get(d, d) for d in entry.before) or ui._("no signals")
        after = ", ".join(titles.get(d, d) for d in entry.after) or ui._("no signals")
        out.append(("line", "~ " + ui._("{name}: signals {before} → {after}", name=entry.name, before=before,
                                        after=after)))
    if result.not_comparable:
        out.append(("heading", ui._("Not compared")))
        out.append(("line", ui._("The questions changed since your previous scan. These answers could not be "
                                 "compared:")))
        out += [("line", f"• {text}") for text in result.not_comparable]
    return out


class CompareScreen(Screen[None]):
    AUTO_FOCUS = "#compare"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), key_display="Esc"),
        Binding("f2", "close", N_("Close"), show=False),
        Binding("f9", "app.switch_language", "Language"),
        Binding("ctrl+q", "app.quit_saved", N_("Quit")),
    ]
    DEFAULT_CSS = """
    CompareScreen #title { text-style: bold; color: $text-primary; padding: 1 2 0 2; }
    CompareScreen #compare { padding: 0 2; }
    CompareScreen .heading { text-style: bold; margin-top: 1; }
    CompareScreen .line { padding-left: 2; }
    """

    def __init__(self, result: Comparison, titles: dict[str, str], when: str = "") -> None:
        super().__init__()
        self.result = result
        self.titles = titles
        self.when = when

    @property
    def ui(self) -> UI:
        return self.app.ui  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield VerticalScroll(id="compare", can_focus=True)
        yield KeyBar()

    async def on_mount(self) -> None:
        localise(self)
        await self._show()

    async def relabel(self) -> None:
        await self._show()

    async def _show(self) -> None:
        ui = self.ui
        title = ui._("Compared with your previous scan")
        if self.when:
            title += f" ({self.when})"
        self.query_one("#title", Static).update(Content(title))
        body = self.query_one("#compare", VerticalScroll)
        await body.remove_children()
        await body.mount_all([Static(plain(text), classes=kind, markup=False)
                              for kind, text in comparison_lines(self.result, self.titles, ui)])

    def action_close(self) -> None:
        self.dismiss(None)


async def show_comparison(app: App[Any], keeper: Keeper, current: Session, root: Path | None, lang: str) -> bool:
    """Open the previous scan of `current` and show the comparison; say so when there is none (False)."""
    from dialoog.engine.compare import compare

    ui: UI = app.ui  # type: ignore[attr-defined]
    if not current.previous:
        app.notify(ui._("There is no earlier scan to compare with."), markup=False)
        return False
    previous_id = current.previous
    try:
        previous = await asyncio.to_thread(keeper.open_session, previous_id, root, lang)
        result = await asyncio.to_thread(compare, previous, current)
    except Exception as exc:  # noqa: BLE001 - erased, damaged or on content that lost its flow: say so
        detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        app.notify(ui._("Your previous scan could not be opened, so there is nothing to compare.") + "\n" + detail,
                   markup=False, severity="warning", timeout=15)
        return False
    when = next((i.updated.astimezone().strftime("%Y-%m-%d") for i in keeper.sessions() if i.id == previous_id), "")
    titles = {d.id: d.title for d in result.domains}
    await app.push_screen(CompareScreen(result, titles, when))
    return True
