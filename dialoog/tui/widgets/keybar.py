"""The key bar at the bottom: every action that can be used now, with its key. Click one to use it.

A light stand-in for Textual's Footer: one Static whose text is rebuilt only when
the list of usable actions changes. (The Footer rebuilds a widget per key on
every focus change, which cost more than the rest of a turn together.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding
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
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Every key with its words if they fit; on a narrow terminal tighter gaps, then the palette's key only,
        then the words of the last keys one by one: every key stays on screen."""
        items = self._shown
        others = [item for item in items if item[2] != "app.command_palette"]
        palette = [item for item in items if item[2] == "app.command_palette"]
        room = self.size.width - 2  # the padding
        # the words go from the last key first, those of Quit last of all
        losing = sorted(range(len(others)), key=lambda i: (others[i][2].endswith("quit_saved"), -i))
        layouts = [(2, True, 0), (1, True, 0), *((1, False, dropped) for dropped in range(len(others) + 1))]
        for gap, palette_words, dropped in layouts:
            bare = set(losing[:dropped])
            keys = Content("").join(_key(*item, gap=gap, show_words=index not in bare)
                                    for index, item in enumerate(others))
            tail = Content("").join(_key(*item, gap=0, show_words=palette_words) for item in palette)
            if room <= 0 or keys.cell_length + tail.cell_length + 1 <= room:  # at least a space before the palette
                break
        self.query_one("#keys", Static).update(keys)
        self.query_one("#palette", Static).update(tail)

    @property
    def shown(self) -> tuple[tuple[str, str, str], ...]:
        return self._shown


def _display(key: str) -> str:
    """'F1' rather than 'f1'; Textual's '^q' for Ctrl+Q stays."""
    return key.upper() if len(key) <= 3 and key[:1] == "f" and key[1:].isdigit() else key


def _key(key: str, words: str, action: str, gap: int = 2, show_words: bool = True) -> Content:
    click = Style.from_meta({"@click": action})
    text = f" {words}" if show_words else ""
    return Content.assemble((key, "bold reverse"), text + " " * gap).stylize(click)


def usable_keys(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """The shown bindings active on `screen` (its own and the app's) whose actions can be used now,
    with their words in the user's language; the command palette's key last."""
    from dialoog.tui.commands import words_for

    app = screen.app
    ui = app.ui  # type: ignore[attr-defined]
    keys: list[tuple[str, str, str]] = []
    palette: list[tuple[str, str, str]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled:
            continue
        action = binding.action
        if action == "command_palette" and active.node is app:
            palette.append((_display(app.get_key_display(binding)), words_for(action, binding.description, ui),
                            "app.command_palette"))
            continue
        if not binding.show:
            continue
        if not action.startswith(("app.", "screen.")):
            action = ("app." if active.node is app else "screen.") + action
        keys.append((_display(app.get_key_display(binding)), words_for(action, binding.description, ui), action))
    # in the order the screen and then the app declare them, whichever widget has focus (Textual lists the
    # bindings of the focused chain first, so the order would change with the kind of question)
    order: dict[str, int] = {}
    for name in _declared(screen) + _declared(app):
        order.setdefault(name, len(order))
    keys.sort(key=lambda key: order.get(key[2].split(".", 1)[1], len(order)))
    return keys + palette


def _declared(node: Any) -> list[str]:
    """The actions of `node`'s class bindings, in the order declared (without their `app.` or `screen.`)."""
    actions = [binding.action if isinstance(binding, Binding) else binding[1] for binding in type(node).BINDINGS]
    return [action.removeprefix("app.").removeprefix("screen.") for action in actions]
