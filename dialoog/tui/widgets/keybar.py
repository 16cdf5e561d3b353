"""The key bar at the bottom: every action that can be used now, with its key. Click one to use it.

A light stand-in for Textual's Footer: one Static whose text is rebuilt only when
the list of usable actions changes. (The Footer rebuilds a widget per key on
every focus change, which cost more than the rest of a turn together.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.containers import Horizontal
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.screen import Screen


class KeyBar(Horizontal):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; padding: 0 1; }
    KeyBar > #keys { width: 1fr; height: 1; }
    KeyBar > #palette { width: auto; height: 1; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Static(id="keys", markup=False), Static(id="palette", markup=False), **kwargs)
        self._shown: tuple[tuple[str, str, str], ...] = ()

    def show_keys(self, keys: list[tuple[str, str, str]]) -> None:
        """`keys`: (key as shown, what it does, action to run on a click); the last is the command palette."""
        items = tuple(keys)
        if items == self._shown:
            return
        self._shown = items
        parts = [_key(*item) for item in items]
        palette = [p for item, p in zip(items, parts, strict=True) if item[2] == "app.command_palette"]
        others = [p for item, p in zip(items, parts, strict=True) if item[2] != "app.command_palette"]
        self.query_one("#keys", Static).update(Content("").join(others))
        self.query_one("#palette", Static).update(Content("").join(palette))

    @property
    def shown(self) -> tuple[tuple[str, str, str], ...]:
        return self._shown


def _display(key: str) -> str:
    """'F1' rather than 'f1'; Textual's '^q' for Ctrl+Q stays."""
    return key.upper() if len(key) <= 3 and key[:1] == "f" and key[1:].isdigit() else key


def _key(key: str, words: str, action: str) -> Content:
    click = Style.from_meta({"@click": action})
    return Content.assemble((key, "bold reverse"), f" {words}  ").stylize(click)


def usable_keys(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """The shown bindings of `screen` and the app whose actions can be used now."""
    app = screen.app
    keys: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for node, prefix in ((screen, "screen."), (app, "app.")):
        for key, bindings in node._bindings.key_to_bindings.items():
            for binding in bindings:
                if not binding.show or key in seen:
                    continue
                action = binding.action
                target: Any = node
                name = action
                if action.startswith("app."):
                    target, name = app, action[4:]
                elif action.startswith("screen."):
                    target, name = screen, action[7:]
                if target.check_action(name.partition("(")[0], ()) is not True:
                    continue
                seen.add(key)
                full = action if action.startswith(("app.", "screen.")) else prefix + action
                keys.append((_display(app.get_key_display(binding)), binding.description, full))
    palette = app.COMMAND_PALETTE_BINDING
    for binding in app._bindings.key_to_bindings.get(palette, []):
        if binding.action == "command_palette":
            keys.append((_display(app.get_key_display(binding)), binding.description, "app.command_palette"))
    return keys
