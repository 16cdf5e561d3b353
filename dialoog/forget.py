"""`dialoog forget SESSION | --all`: erase saved sessions. Needs no passphrase (erasing reads nothing)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
_YES = ("y", "yes", "j", "ja")


def _confirm(question: str, hint: str, stdin: TextIO, stdout: TextIO) -> bool:
    stdout.write(f"{question} {hint} ")
    stdout.flush()
    answer = stdin.readline()
    return answer.strip().lower() in _YES


def forget_command(data_dir: str | os.PathLike[str] | None, session: str | None, everything: bool, yes: bool,
                   stdin: TextIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Erase one session (`session`) or all sessions and records (`everything`); asks first unless `yes`."""
    from dialoog.i18n import UI, resolve_language
    from dialoog.store.errors import DamagedStore, StoreError
    from dialoog.store.paths import moved_aside, resolve_data_dir, side_files
    from dialoog.store.store import Store, forget

    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    ui = UI(resolve_language())
    if not Store.exists(data_dir):
        print(ui._("Nothing is saved in {folder}.", folder=resolve_data_dir(data_dir)), file=out)
        return EXIT_OK if everything else EXIT_PROBLEMS
    try:
        store = Store.open(data_dir, None, create=False)
    except DamagedStore as exc:
        print(exc.message, file=err)
        print(ui._("The damaged file cannot be erased session by session. To erase everything in it, delete "
                   "these files yourself:"), file=err)
        for path in [exc.path, *side_files(exc.path)]:
            if path.exists():
                print(f"  {path}", file=err)
        return EXIT_PROBLEMS
    except StoreError as exc:
        print(exc.message, file=err)
        return EXIT_PROBLEMS
    with store:
        try:
            infos = store.sessions()
        except StoreError as exc:
            print(exc.message, file=err)
            return EXIT_PROBLEMS
        if everything:
            question = ui.ngettext(
                "Erase {n} saved session and all trainer and practice records?",
                "Erase {n} saved sessions and all trainer and practice records?",
                len(infos),
            )
        else:
            info = next((i for i in infos if i.id == session), None)
            if info is None:
                print(ui._("There is no saved session '{id}'.", id=session), file=err)
                _copies_may_hold(ui, moved_aside(data_dir), err)
                return EXIT_PROBLEMS
            question = ui._("Erase session {id} ({flow}, last changed {when})?", id=info.id, flow=info.flow,
                            when=info.updated.astimezone().strftime("%Y-%m-%d %H:%M"))
        if not yes:
            if not stdin.isatty():
                print(ui._("Add --yes to erase without being asked."), file=err)
                return EXIT_USAGE
            if not _confirm(question, ui._("[y/N]"), stdin, out):
                print(ui._("Nothing was erased."), file=out)
                return EXIT_PROBLEMS
        try:
            result = forget(store, None if everything else session)
        except StoreError as exc:
            print(exc.message, file=err)
            return EXIT_PROBLEMS
    print(ui.ngettext("{n} session erased.", "{n} sessions erased.", result.sessions), file=out)
    if not result.scrubbed:
        print(ui._("Another dialoog still has the store open: old copies of what was erased stay in its "
                   "log file until that one is closed."), file=err)
    kept = moved_aside(data_dir)
    if everything and kept:
        print(ui._("Damaged copies that were set aside earlier were not erased; delete them yourself if you wish:"),
              file=out)
        for path in kept:
            print(f"  {path}", file=out)
    elif kept:
        _copies_may_hold(ui, kept, out)
    return EXIT_OK


def _copies_may_hold(ui: Any, kept: list[Path], out: TextIO) -> None:
    """`forget SESSION` erases from the store only: say that damaged copies set aside earlier may hold it."""
    if not kept:
        return
    print(ui._("Damaged copies that were set aside earlier may still hold this session; they were not erased. "
               "Delete them yourself if you wish:"), file=out)
    for path in kept:
        print(f"  {path}", file=out)
