"""Unexpected errors: a short message for the person, a crash log without what they said.

When something fails that the program does not expect, the person sees one short,
translated sentence and the path of a crash log. The log is for whoever fixes the
bug: the exception's type, the frames of its traceback (file, line, function) and
the versions of the program, Python and Textual. It never holds local variables,
the exception's message (which can quote an answer or a name), answers, names or
free text. It is written under the user's state folder (`crashes/`, 0700), one
file per crash (0600, created exclusively, never through a symlink); the oldest
are removed beyond `KEEP`.

Core dumps hold the process's memory, decrypted answers included: `no_core_dumps`
sets the core-file limit to zero, soft and hard, at the start of every command.
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import re
import stat
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from dialoog.i18n import UI

CRASH_EXIT = 70
"""The exit status after an unexpected error (EX_SOFTWARE in sysexits.h)."""

KEEP = 20
"""Crash logs kept; older ones are removed when a new one is written."""

MAX_FRAMES = 60
"""Frames written per exception (the innermost ones when there are more)."""

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.<>-]{0,80}")


def no_core_dumps() -> bool:
    """Core-file size limit 0 (soft and hard) for this process and its children; False where not possible."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):  # pragma: no cover - the hard limit cannot be lowered here
        return False
    return True


def crash_dir() -> Path:
    """Where crash logs go: `crashes/` in the user's state folder (on Linux `~/.local/state/dialoog`)."""
    from dialoog.locations import state_dir

    return state_dir() / "crashes"


def _short_path(filename: str) -> str:
    """A frame's file without the folders above the program or the library (they can name the user)."""
    path = Path(filename)
    parts = path.parts
    for anchor in ("site-packages", "dist-packages"):
        if anchor in parts:
            return "/".join(parts[len(parts) - parts[::-1].index(anchor):])
    if "dialoog" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("dialoog"):])
    stdlib = Path(os.__file__).parent
    try:
        return "python/" + path.relative_to(stdlib).as_posix()
    except ValueError:
        return path.name if _NAME.fullmatch(path.name) else "?"


def _safe_name(name: str) -> str:
    return name if _NAME.fullmatch(name) else "?"


def _frames(tb: TracebackType | None) -> list[str]:
    lines: list[str] = []
    for summary in traceback.extract_tb(tb)[-MAX_FRAMES:]:  # file, line and name only: no locals are captured
        lines.append(f"  {_short_path(summary.filename)}:{summary.lineno} in {_safe_name(summary.name)}")
    return lines


def _type_name(error: BaseException) -> str:
    kind = type(error)
    return _safe_name(f"{kind.__module__}.{kind.__qualname__}")


def report(error: BaseException | None, where: str) -> str:
    """The text of a crash log for `error` (None: an error the user interface caught and kept to itself)."""
    from dialoog import __version__

    lines = [
        "dialoog crash log",
        f"when: {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}",
        f"where: {_safe_name(where)}",
        f"dialoog {__version__}; Python {platform.python_version()}; {_textual_version()}; "
        f"{platform.system()} {platform.machine()}",
        "(no local variables, no exception messages, no answers: see dialoog/crashlog.py)",
        "",
    ]
    if error is None:
        lines.append("an unexpected error inside the user interface (its details were not kept)")
    seen: set[int] = set()
    first = True
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        head = "exception" if first else "while handling / caused by"
        extra = ""
        if isinstance(error, OSError) and isinstance(error.errno, int):
            import errno

            extra = f" (errno {errno.errorcode.get(error.errno, error.errno)})"
        lines.append(f"{head}: {_type_name(error)}{extra}")
        lines.append("traceback, most recent call last:")
        lines.extend(_frames(error.__traceback__))
        first = False
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return "\n".join(lines) + "\n"


def _textual_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"Textual {version('textual')}"
    except PackageNotFoundError:  # pragma: no cover
        return "Textual -"


def _private_folder(folder: Path) -> None:
    """`folder` made (0700) or checked: a real folder of this user, not a symlink; mode set to 0700."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise OSError(f"not a folder: {folder}")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise OSError(f"not the user's folder: {folder}")
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(folder, 0o700)


def write_crash_log(error: BaseException | None, where: str, folder: Path | None = None) -> Path | None:
    """Write a crash log for `error`; its path, or None when it could not be written (never raises)."""
    try:
        folder = folder or crash_dir()
        _private_folder(folder)
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        path = folder / f"crash-{stamp}-{os.getpid()}-{os.urandom(3).hex()}.log"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(report(error, where))
        _prune(folder)
        return path
    except Exception:  # noqa: BLE001 - a crash log must never cause a second crash
        return None


def _prune(folder: Path) -> None:
    logs = sorted(p for p in folder.glob("crash-*.log") if p.is_file() and not p.is_symlink())
    for old in logs[:-KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()


def crash_message(ui: UI, path: Path | None) -> str:
    """What the person reads after an unexpected error (in `ui`'s language)."""
    said = ui._("dialoog stopped because of an unexpected error. This is a mistake in the program, not in "
                "your answers.")
    if path is None:
        return said + " " + ui._("No crash log could be written.")
    return said + " " + ui._("A crash log without your answers is in {path}", path=str(path))


def crashed(error: BaseException, where: str, lang: str) -> int:
    """For a command's last line of defence: write the log, say so on stderr; the exit status."""
    path = write_crash_log(error, where)
    try:
        ui = UI(lang)
    except Exception:  # noqa: BLE001 - the catalogs themselves may be what failed
        ui = UI("en")
    from dialoog.terminal import safe_text

    with contextlib.suppress(Exception):  # stderr may be gone
        print(safe_text(crash_message(ui, path)), file=sys.stderr)
    return CRASH_EXIT


def install_hooks(lang: str) -> None:
    """Python's own last words go the same way: an exception that ends a thread (`threading.excepthook`) or
    escapes everything (`sys.excepthook`) writes a crash log and the short message, not a traceback."""
    import threading

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not isinstance(args.exc_value, SystemExit):
            crashed(args.exc_value, "thread", lang)

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if isinstance(value, KeyboardInterrupt):
            return
        crashed(value, "python", lang)

    threading.excepthook = thread_hook
    sys.excepthook = hook


class Nowhere(io.StringIO):
    """A text file that keeps nothing, only whether it was written to: where Textual's own crash output goes
    (its traceback would show local variables, such as what the user typed). Every app of dialoog uses it."""

    def __init__(self) -> None:
        super().__init__()
        self.used = False

    def write(self, text: str) -> int:
        self.used = self.used or bool(text)
        return len(text)
