"""Start the trainer app (`dialoog train`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialoog.flow.model import Card
    from dialoog.training.model import TrainingSession
    from dialoog.training.pool import Pool


def run_train(pool: Pool, data_dir: Path, lang: str, *, deck: list[Card] | None = None,
              session: TrainingSession | None = None, min_votes: int = 3, minutes: float = 5,
              args: argparse.Namespace | None = None, live: object = None) -> int:
    """Run the app; returns the exit status. `args`: the command line, for what the live listener adds;
    `live`: the listener (see TrainApp.live)."""
    from dialoog.tui._textual import use_ordered_paste
    from dialoog.tui.train.app import TrainApp

    use_ordered_paste()
    app = TrainApp(pool, data_dir, lang, deck=deck, session=session, min_votes=min_votes, minutes=minutes, live=live)
    result = app.run()
    if app.session is not None:
        app.session.flush()
    if app.crashed:
        from dialoog.crashlog import CRASH_EXIT, crash_message, write_crash_log

        print(crash_message(app.ui, write_crash_log(None, "train")))
        return CRASH_EXIT
    if app.session is not None and app.session.saved_to is not None:
        print(app.ui._("The session is saved as {id}: 'dialoog train --export {id} --output FILE' writes it "
                       "to a file.", id=app.session.id))
    return int(result or 0)
