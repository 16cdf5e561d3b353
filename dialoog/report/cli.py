"""`dialoog report [SESSION] --output FILE`: the report of a saved session, written 0600 to FILE.

The suffix of FILE picks the format (`.html`/`.htm` or `.md`/`.markdown`). Without SESSION, the latest
finished scan. The passphrase comes from `DIALOOG_PASSPHRASE` (or is asked on a terminal). A bad path or
suffix, an existing file without `--force`: exit 2 with one clear line on stderr. Also the writing step
of `dialoog play ... --report FILE`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dialoog.i18n import UI, resolve_language
from dialoog.report.write import ReportPathError, check_path, report_format, write_private
from dialoog.terminal import safe_text

if TYPE_CHECKING:
    import argparse

    from dialoog.engine import Session

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def path_message(exc: ReportPathError, ui: UI) -> str:
    """Why a report cannot be written to a path, in the user's language."""
    path = str(exc.path)
    return {
        "suffix": ui._("a report is written as .html or .md; '{name}' is neither", name=exc.path.name),
        "folder": ui._("the folder {folder} does not exist", folder=str(exc.path.parent)),
        "exists": ui._("{path} already exists; use --force to replace it", path=path),
        "directory": ui._("{path} is a folder, not a file", path=path),
    }.get(exc.kind, ui._("{path} cannot be written ({reason})", path=path, reason=exc.message))


def _say(command: str, message: str) -> None:
    print(safe_text(f"dialoog {command}: {message}"), file=sys.stderr)


def write_report(session: Session, output: Path, *, force: bool = False, previous: Session | None = None,
                 made: dt.date | None = None) -> Path:
    """Build, render and write the full report of `session` to `output`. Raises ReportPathError."""
    from dialoog.report import build_report, render

    fmt = report_format(output)
    check_path(output, force=force)  # before the work: a bad path is said at once
    text = render(build_report(session, previous=previous, today=made), fmt)
    return write_private(output, text, force=force)


def check_output(output: Path, force: bool, ui: UI, command: str) -> int | None:
    """EXIT_USAGE (said on stderr) when `output` cannot take a report; None when it can."""
    try:
        check_path(output, force=force)
    except ReportPathError as exc:
        _say(command, path_message(exc, ui))
        return EXIT_USAGE
    return None


def cmd_report(args: argparse.Namespace) -> int:
    from dialoog.engine.errors import StaleSession
    from dialoog.flow.problems import ContentError
    from dialoog.keeping.headless import HeadlessError, pick_session, unlock
    from dialoog.store.errors import StoreError

    lang_arg = getattr(args, "report_lang", None) or args.lang
    ui = UI(resolve_language(lang_arg))
    output = Path(args.output)
    bad = check_output(output, args.force, ui, "report")
    if bad is not None:
        return bad
    data_dir = getattr(args, "report_data_dir", None) or args.data_dir
    try:
        keeper = unlock(data_dir, ui)
    except HeadlessError as exc:
        _say("report", exc.message)
        return EXIT_PROBLEMS
    try:
        info = pick_session(keeper, args.session, ui=ui)
        session = keeper.open_session(info.id, lang=lang_arg)
        previous = None
        if session.previous:
            try:
                previous = keeper.open_session(session.previous, lang=session.lang)
            except (StoreError, StaleSession, ContentError):
                previous = None  # erased or unreadable: the report has no comparison
    except HeadlessError as exc:
        _say("report", exc.message)
        return EXIT_PROBLEMS
    except ContentError as exc:
        for problem in getattr(exc, "problems", []):
            print(safe_text(str(problem)), file=sys.stderr)
        print("The content has problems; run 'dialoog check' for all of them.", file=sys.stderr)
        return EXIT_PROBLEMS
    except (StoreError, StaleSession) as exc:
        _say("report", getattr(exc, "message", None) or str(exc))
        return EXIT_PROBLEMS
    finally:
        keeper.close()
    try:
        written = write_report(session, output, force=args.force, previous=previous, made=info.updated.date())
    except ReportPathError as exc:
        _say("report", path_message(exc, ui))
        return EXIT_USAGE
    print(safe_text(ui._("Report saved to {path} (readable only by you).", path=str(written))))
    return EXIT_OK


def write_play_report(session: Session, output: Path, force: bool, ui: UI) -> int | None:
    """`dialoog play ... --report FILE`: write the report of the run; EXIT_USAGE (said) when it cannot be
    written, None when it was. The confirmation goes to stderr: stdout is the transcript or the JSON."""
    try:
        written = write_report(session, output, force=force)
    except ReportPathError as exc:
        _say("play", path_message(exc, ui))
        return EXIT_USAGE
    print(safe_text(ui._("Report saved to {path} (readable only by you).", path=str(written))), file=sys.stderr)
    return None
