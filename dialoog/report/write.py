"""Writing a report to the path the user chose: readable by the user only (0600) from the first byte.

There is no default path: the caller always passes the one the user gave or confirmed. A new file is
created exclusively (O_CREAT | O_EXCL) without following a symlink (O_NOFOLLOW) with mode 0600; an
existing file is refused unless `force=True`, and then replaced atomically by a new 0600 file written
beside it and renamed over it (a symlink in its place is replaced, never followed).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Collection
from pathlib import Path

FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}
MODE = 0o600


class ReportPathError(Exception):
    """The report cannot be written to this path; `kind` says why, `message` in plain English (front ends
    translate by kind: `suffix`, `folder`, `exists`, `directory`, `os`)."""

    def __init__(self, kind: str, message: str, path: Path) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.path = path


def report_format(path: Path | str) -> str:
    """`html` or `markdown`, by the path's suffix; raises ReportPathError for any other suffix."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ReportPathError("suffix", f"a report is written as .html or .md, not '{path.suffix or path.name}'",
                              path)
    return fmt


def check_path(path: Path | str, *, force: bool = False, suffixes: Collection[str] | None = None) -> Path:
    """The path, expanded (`~`), once it can take a report: a known suffix, an existing folder, and no file
    there unless `force`. Raises ReportPathError. `suffixes`: the ones allowed instead of a report's (for the
    other exports: `.csv`, `.json`, `.graphml`)."""
    path = Path(os.path.expanduser(str(path)))
    if suffixes is None:
        report_format(path)
    elif path.suffix.lower() not in suffixes:
        raise ReportPathError("suffix", f"this file is written as {' or '.join(suffixes)}, not "
                              f"'{path.suffix or path.name}'", path)
    folder = path.parent
    if not folder.is_dir():
        raise ReportPathError("folder", f"the folder {folder} does not exist", path)
    if path.is_dir():
        raise ReportPathError("directory", f"{path} is a folder", path)
    if not force and (path.exists() or path.is_symlink()):
        raise ReportPathError("exists", f"{path} already exists (use --force to replace it)", path)
    return path


def write_private(path: Path | str, text: str, *, force: bool = False, suffixes: Collection[str] | None = None
                  ) -> Path:
    """Write `text` (UTF-8) to `path`, mode 0600 from the start; see the module docstring. Returns the path
    written. Raises ReportPathError. `suffixes`: as in `check_path`."""
    path = check_path(path, force=force, suffixes=suffixes)
    data = text.encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    target = path if not force else path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(target, flags, MODE)
    except FileExistsError:
        raise ReportPathError("exists", f"{path} already exists (use --force to replace it)", path) from None
    except OSError as exc:
        raise ReportPathError("os", f"{path} cannot be written: {exc.strerror or exc}", path) from None
    try:
        try:
            os.fchmod(fd, MODE)  # the umask can only take bits away; make sure of exactly 0600
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if target != path:
            os.replace(target, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise ReportPathError("os", f"{path} cannot be written: {exc.strerror or exc}", path) from None
    return path


__all__ = ["FORMATS", "MODE", "ReportPathError", "check_path", "report_format", "write_private"]
