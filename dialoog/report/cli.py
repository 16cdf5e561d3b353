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
from typing import TYPE_CHECKING, Any

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
    from dialoog.cli import load_flow
    from dialoog.flow.problems import ContentError

    lang_arg = getattr(args, "report_lang", None) or args.lang
    ui = UI(resolve_language(lang_arg))
    output = Path(args.output)
    bad = check_output(output, args.force, ui, "report")
    if bad is not None:
        return bad
    data_dir = getattr(args, "report_data_dir", None) or args.data_dir
    try:
        keeper = _unlock(data_dir, ui)
    except _Refused as exc:
        _say("report", exc.message)
        return EXIT_PROBLEMS
    try:
        try:
            info = _pick(keeper, args.session)
        except _Refused as exc:
            _say("report", exc.message)
            return EXIT_PROBLEMS
        try:
            flow, root = load_flow(info.flow)
        except ContentError as exc:
            from dialoog.cli import _content_error

            return _content_error(exc)
        except Exception:  # noqa: BLE001 - UnknownFlow: the content no longer has this session's flow
            _say("report", ui._("the content has no flow '{flow}' for this session", flow=info.flow))
            return EXIT_PROBLEMS
        from dialoog.engine import Session
        from dialoog.engine.errors import StaleSession

        try:
            state = keeper.store.load(info.id)
            session = Session.from_dict(flow, state, root, lang=resolve_language(lang_arg) if lang_arg else None)
            previous = _previous(keeper, session, flow, root)
        except StaleSession as exc:
            _say("report", str(exc))
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


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _unlock(data_dir: str | None, ui: UI) -> Any:
    """The keeper of the store in `data_dir`, opened with the passphrase (DIALOOG_PASSPHRASE, or asked)."""
    import getpass

    from dialoog.keeping.keeper import open_keeper
    from dialoog.store import Store
    from dialoog.store.errors import StoreError
    from dialoog.store.passphrase import ENV_PASSPHRASE, passphrase_from_env

    if not Store.exists(data_dir):
        raise _Refused(ui._("there are no saved sessions in this data folder"))
    passphrase = passphrase_from_env()
    if passphrase is None and sys.stdin.isatty():
        passphrase = getpass.getpass(ui._("Passphrase: ")) or None
    if passphrase is None:
        raise _Refused(ui._("set {var} to the passphrase of the saved answers", var=ENV_PASSPHRASE))
    try:
        return open_keeper(data_dir, passphrase)
    except StoreError as exc:
        raise _Refused(exc.message) from None


def _pick(keeper: Any, session_id: str | None) -> Any:
    """The session `session_id`, or the latest finished scan."""
    infos = [i for i in keeper.store.sessions() if not i.damaged]
    if session_id:
        found = next((i for i in infos if i.id == session_id), None)
        if found is None:
            raise _Refused(UI(resolve_language())._("there is no saved session '{id}'", id=session_id))
        return found
    finished = sorted((i for i in infos if i.finished and i.flow == "scan"), key=lambda i: i.updated)
    if not finished:
        raise _Refused(UI(resolve_language())._("there is no finished scan to report on yet"))
    return finished[-1]


def _previous(keeper: Any, session: Session, flow: Any, root: Path) -> Session | None:
    """The previous scan the session names, when it is still in the store."""
    from dialoog.engine import Session

    if not session.previous:
        return None
    try:
        return Session.from_dict(flow, keeper.store.load(session.previous), root, lang=session.lang)
    except Exception:  # noqa: BLE001 - a previous scan erased or unreadable: the report has no comparison
        return None


__all__ = ["check_output", "cmd_report", "path_message", "write_play_report", "write_report"]


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
