"""`dialoog practise`: check where to begin, run the practice app, say how it ended."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dialoog.i18n import UI, resolve_language

EXIT_OK, EXIT_USAGE = 0, 2


def run_practise(
    lang: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    theme: str | None = None,
    card: str | None = None,
    random_card: bool = False,
) -> int:
    """Run practice; 0 done or quit, 1 content problems, 2 an unknown theme or card, 70 a crash."""
    from dialoog.flow.problems import ContentError
    from dialoog.practising import PracticeDeck
    from dialoog.terminal import safe_text

    lang = resolve_language(lang)
    ui = UI(lang)
    try:
        deck = PracticeDeck.load(lang)
    except ContentError as exc:
        for problem in exc.problems:
            print(safe_text(str(problem)), file=sys.stderr)
        print("The content has problems; run 'dialoog check' for all of them.", file=sys.stderr)
        return 1
    if theme is not None and deck.theme(theme) is None:
        print(safe_text("dialoog practise: " + ui._("there is no theme '{theme}'. The themes are: {themes}.",
                        theme=theme, themes=", ".join(t.id for t in deck.themes))), file=sys.stderr)
        return EXIT_USAGE
    if card is not None and card not in deck:
        print(safe_text("dialoog practise: " + ui._("there is no card '{card}'. 'dialoog review' lists the cards "
                                                    "with their ids.", card=card)), file=sys.stderr)
        return EXIT_USAGE
    from dialoog.tui._textual import use_ordered_paste
    from dialoog.tui.practise.app import Begin, PractiseApp

    use_ordered_paste()
    app = PractiseApp(lang, Path(data_dir) if data_dir else None, begin=Begin(theme, card, random_card))
    try:
        result = app.run()
    finally:
        app.close_store()
    note = app.farewell()
    if note:
        print(note)
    if app.crashed:
        from dialoog.crashlog import CRASH_EXIT

        return CRASH_EXIT
    return app.return_code or int(result or 0)
