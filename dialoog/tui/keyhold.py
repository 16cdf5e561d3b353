"""Keys typed while the next screen is on its way: held, then handed on in order.

Enter on the welcome opens the store, and the passphrase screen comes a moment
later (after a worker starts and the store is looked at). Keys typed in that
moment (a password manager, `tmux send-keys`) reached the conversation and were
lost. The conversation holds them and, once the passphrase screen is pushed over
it (or the store opened without one), posts them to the app again, in the order
they came: the app then treats them as typed. Keys already handed to the
conversation's widgets before the push reach it afterwards: while it is covered,
they are passed on the same way.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App


class KeyHold:
    """Keys held from `start()` until `release()`."""

    def __init__(self) -> None:
        self.keys: list[tuple[str, str | None]] | None = None
        self.passing_to: App[Any] | None = None
        """While set, a key that comes is posted to this app at once (the screen that holds is covered)."""

    def start(self) -> None:
        if self.keys is None:
            self.keys = []

    def take(self, event: events.Key) -> bool:
        """Hold `event` if keys are being held (it goes no further now)."""
        if self.passing_to is not None:
            self.passing_to.post_message(events.Key(event.key, event.character))
        elif self.keys is not None:
            self.keys.append((event.key, event.character))
        else:
            return False
        event.stop()
        event.prevent_default()
        return True

    def release(self, app: App[Any]) -> None:
        """Stop holding; the keys held go to the app again, in order, as if typed now."""
        keys, self.keys = self.keys or [], None
        for key, character in keys:
            app.post_message(events.Key(key, character))

    def pass_on(self, app: App[Any]) -> None:
        """Release the keys held, and pass on every key that still comes, until `stop()`."""
        self.release(app)
        self.passing_to = app

    def stop(self) -> None:
        self.passing_to = None
