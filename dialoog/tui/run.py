"""`dialoog` without a command: start the conversation in the terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import dialoog.tui._start  # noqa: F401 - first: records when start-up began

if TYPE_CHECKING:
    from dialoog.engine import Session


def run_app(
    lang: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    flow: str = "scan",
    begin_at: Callable[[Session], object] | None = None,
) -> int:
    """Run the conversation; returns the exit status (0 done or quit, 1 content problems or a crash)."""
    from dialoog.i18n import resolve_language
    from dialoog.tui._textual import use_ordered_paste
    from dialoog.tui.app import DialoogApp

    try:
        from dialoog.store import disable_core_dumps

        disable_core_dumps()
    except Exception:  # noqa: BLE001 - hardening is best effort
        pass
    use_ordered_paste()  # a paste that contains an escape sequence keeps its order (see dialoog.tui._textual)
    app = DialoogApp(resolve_language(lang), Path(data_dir) if data_dir else None, flow, freeze_gc=True,
                     begin_at=begin_at)
    try:
        result = app.run()
    finally:
        if app.keeper is not None:
            app.keeper.close()
    note = app.farewell()
    if note:
        print(note)
    if app.crashed:
        from dialoog.crashlog import CRASH_EXIT

        return CRASH_EXIT
    if app.return_code:
        return app.return_code
    return int(result or 0)


def main() -> int:  # pragma: no cover - `python -m dialoog.tui.run`
    return run_app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
