"""Every action in the footer and in the command palette, in the user's language.

Binding descriptions are English msgids (marked with `N_`), translated when the
key bar or the palette draws them (`words_for`); both read Textual's public
`Screen.active_bindings`. The palette lists the same actions with a longer help
text, only those that can be used right now.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from dialoog.tui.text import N_

if TYPE_CHECKING:
    from textual.app import App, SystemCommand
    from textual.screen import Screen

    from dialoog.i18n import UI

# action -> (footer word, palette title, palette help); English msgids
ACTIONS: dict[str, tuple[str, str, str]] = {
    "why": (N_("Why?"), N_("Why do we ask this?"), N_("The reason for this question and its source")),
    "back": (N_("Back"), N_("Back"), N_("Undo your last answer and answer that question again")),
    "revise": (N_("Change"), N_("Change an earlier answer"), N_("Choose an answer you gave before and change it")),
    "decline": (N_("Rather not"), N_("Prefer not to say"), N_("Do not answer this question")),
    "skip": (N_("Skip"), N_("Skip this question"), N_("Go on without answering this question")),
    "network_map": (N_("Map"), N_("Your network map"), N_("Who is on your network map, how close, and the risk "
                                                          "signals")),
    "summary": (N_("Summary"), N_("See your summary"), N_("Your results and the advice for you")),
    "conversation": (N_("Back"), N_("Back to the conversation"), N_("Go back to the questions to change answers")),
    "save_report": (N_("Save report"), N_("Save your report"),
                    N_("Write your report to a file you choose (HTML or Markdown), readable only by you")),
    "agenda": (N_("Agenda"), N_("Your integrity agenda"),
               N_("Choose up to three things you will do, each with a date if you like")),
    "share": (N_("Share"), N_("Share a version"), N_("Choose what to share, see it, and save it with your consent")),
    "quit_saved": (N_("Quit"), N_("Quit"), N_("Stop now; your answers are kept so you can continue later")),
    "switch_language": ("", N_("Switch language"), N_("Nederlands / English")),
    "toggle_theme": (N_("Light/dark"), N_("Light or dark"), N_("Switch between the light and the dark theme")),
    "command_palette": (N_("Commands"), "", ""),
    "close": (N_("Close"), N_("Close"), N_("Close this window")),
    "compare": (N_("Compare"), N_("Compare with your previous scan"), N_("What changed since your previous scan")),
    "cancel_change": (N_("Cancel"), N_("Cancel the change"), N_("Stop changing this answer; nothing changes")),
    "confirm": (N_("Change"), "", ""),
    "cancel": (N_("Cancel"), "", ""),
    "scroll_transcript(-1)": (N_("Scroll"), N_("Scroll up"), N_("Scroll the conversation up")),
    "scroll_transcript(1)": (N_("Scroll down"), N_("Scroll down"), N_("Scroll the conversation down")),
}

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def other_language(lang: str) -> str:
    return "en" if lang == "nl" else "nl"


def words_for(action: str, description: str, ui: UI) -> str:
    """What the key bar shows for a binding of `action`, in `ui`'s language.

    Binding descriptions stay the English msgids they are declared with; they are translated here,
    when drawn (the language key shows the other language's name).
    """
    action = action.removeprefix("app.").removeprefix("screen.")
    if action == "switch_language":
        return LANGUAGE_NAMES[other_language(ui.lang)]
    words = ACTIONS.get(action)
    short = words[0] if words is not None and words[0] else description
    return ui._(short) if short else ""


def localise(screen: Screen[Any]) -> None:
    """Show the keys of `screen` in its key bar, in the user's language (call from its `on_mount`)."""
    refresh_keys(screen)


def refresh_keys(screen: Screen[Any]) -> None:
    """Show the actions usable now in the screen's key bar (cheap when nothing changed)."""
    from dialoog.tui.widgets.keybar import KeyBar, usable_keys

    for bar in screen.query(KeyBar):
        bar.show_keys(usable_keys(screen))


def palette_commands(app: App[Any], screen: Screen[Any]) -> Iterable[SystemCommand]:
    """The actions usable on `screen` now, for the command palette (from its active bindings)."""
    from textual.app import SystemCommand

    ui: UI = app.ui  # type: ignore[attr-defined]
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        if not active.enabled:
            continue
        binding = active.binding
        action = binding.action.removeprefix("app.").removeprefix("screen.")
        words = ACTIONS.get(action)
        if words is None or not words[1] or action in seen:
            continue
        target = app if binding.action.startswith("app.") or active.node is app else screen
        seen.add(action)
        _short, title, help_text = words
        if action == "switch_language":
            title = f"{ui._(title)}: {LANGUAGE_NAMES[other_language(ui.lang)]}"
        else:
            title = ui._(title)
        yield SystemCommand(title, ui._(help_text), _runner(target, action))


def _runner(target: Any, action: str) -> Any:
    async def run() -> None:
        await target.run_action(action)

    return run


def palette_provider() -> type[Any]:
    """The command palette's provider: the usable actions (as `App.get_system_commands` lists them) and,
    when a search finds none of them, a line saying so in the user's language (Textual's own line,
    "No matches found", is English only; the palette does not show it when a provider has a hit)."""
    from textual.command import Hit, Hits
    from textual.system_commands import SystemCommandsProvider

    class PaletteCommands(SystemCommandsProvider):
        async def search(self, query: str) -> Hits:
            found = False
            async for hit in super().search(query):
                found = True
                yield hit
            if not found and query.strip():
                ui: UI = self.app.ui  # type: ignore[attr-defined]
                yield Hit(1.0, ui._("No matching commands"), _nothing, text=query,
                          help=ui._("Try another word, or press Escape to close this list"))

    return PaletteCommands


async def _nothing() -> None:
    """Choosing the 'no matching commands' line closes the palette and does nothing else."""
