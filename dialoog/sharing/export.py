"""One export, one consent: ask for exactly this file, record the consent, then write the file.

    request = ExportRequest("research", text, parts, left_out, path, sessions, session_ids)
    consent = export_file(store, request, ask)   # None: declined, nothing written, nothing recorded

`ask(request)` is the front end's question (the TUI's confirm button, the CLI's [y/N] or `--yes`); it sees
the request, whose `text` is exactly what the file will hold. The consent is recorded before the file is
written; when the file cannot be written, the record is taken back and the error goes to the caller.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialoog.sharing.consent import Consent, consent_for, record_consent, withdraw_record


class ExportError(Exception):
    """The file cannot be written where the user asked (`kind`: `exists`, `folder`, `kind`, `write`)."""

    def __init__(self, kind: str, path: Path, detail: str = "") -> None:
        super().__init__(f"{kind}: {path}{': ' + detail if detail else ''}")
        self.kind = kind
        self.path = path
        self.detail = detail


@dataclass(frozen=True, slots=True)
class ExportRequest:
    export: str
    """`shared`, `research` or `network`."""
    text: str
    """Exactly what the file will hold."""
    parts: tuple[str, ...]
    left_out: tuple[str, ...]
    path: Path
    sessions: tuple[Any, ...]
    session_ids: tuple[str, ...]


Ask = Callable[[ExportRequest], bool]


def check_target(path: Path, *, force: bool = False, suffixes: Sequence[str] = ()) -> Path:
    """The path the user gave, checked before anything is asked: the right kind of file, its folder exists,
    and it is not an existing file unless `force`."""
    path = Path(os.path.expanduser(str(path))).absolute()
    if suffixes and path.suffix.lower() not in suffixes:
        raise ExportError("kind", path, ", ".join(suffixes))
    if not path.parent.is_dir():
        raise ExportError("folder", path)
    if (path.exists() or path.is_symlink()) and not force:
        raise ExportError("exists", path)
    if path.is_dir():
        raise ExportError("kind", path, ", ".join(suffixes))
    return path


def write_file(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` to `path` only, 0600 from the first byte, never through a symlink; an existing file only
    with `force`, replaced atomically (`dialoog.report.write_private`)."""
    from dialoog.report import ReportPathError, write_private

    try:
        write_private(path, text, force=force, suffixes=(path.suffix.lower(),))  # checked by check_target
    except ReportPathError as exc:
        kind = {"exists": "exists", "folder": "folder", "directory": "kind", "suffix": "kind"}.get(exc.kind, "write")
        raise ExportError(kind, path, exc.message if kind == "write" else "") from exc


def export_file(store: Any, request: ExportRequest, ask: Ask, *, force: bool = False,
                how: str = "confirmed") -> Consent | None:
    """Ask, record, write (see the module docstring). Returns the recorded consent, or None when declined."""
    if not ask(request):
        return None
    consent = consent_for(request.export, request.parts, request.left_out, request.sessions,
                          str(request.path), session_ids=request.session_ids, how=how)
    record_consent(store, consent)
    try:
        write_file(request.path, request.text, force=force)
    except BaseException:
        withdraw_record(store, consent)
        raise
    return consent


__all__ = ["Ask", "ExportError", "ExportRequest", "check_target", "export_file", "write_file"]
