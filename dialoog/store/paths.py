"""Where the store lives, and keeping its folder and files private (0700 / 0600)."""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dialoog.store.errors import StoreUnavailable

STORE_NAME = "store.sqlite"
COMPANIONS = ("-wal", "-shm", "-journal")
"""SQLite's side files next to the database: they hold data too, so they travel with it."""
CORRUPT_PREFIX = "store.corrupt-"
ORPHAN_PREFIX = "store.orphan-"
NEW_PREFIX = "store.sqlite.new-"

DIR_MODE = 0o700
FILE_MODE = 0o600

_umask_lock = threading.Lock()


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """`data_dir` (the CLI's `--data-dir`), then `DIALOOG_DATA_DIR`, then the platform's user data folder."""
    from dialoog.locations import data_dir as locate

    return locate(data_dir)


def store_path(data_dir: str | os.PathLike[str] | None = None) -> Path:
    return resolve_data_dir(data_dir) / STORE_NAME


def side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in COMPANIONS]


@contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created inside are private (umask 077). The umask is process-wide: keep this short."""
    with _umask_lock:
        old = os.umask(0o077)
        try:
            yield
        finally:
            os.umask(old)


def _is_ours(name: str) -> bool:
    return name.startswith(("store.", ".")) or name == "__pycache__"


def ensure_private_dir(path: Path) -> None:
    """Create the data folder as 0700; tighten an existing one when it holds nothing but the store.

    An existing folder that also holds other things (someone pointed `--data-dir` at a
    shared folder) is left as it is: the store's own files are 0600 regardless.
    """
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with private_umask():
                path.mkdir(mode=DIR_MODE, exist_ok=True)
            os.chmod(path, DIR_MODE)
            return
        if not path.is_dir():
            raise StoreUnavailable(f"The data folder {path} is not a folder.")
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077 and all(_is_ours(entry) for entry in os.listdir(path)):
            os.chmod(path, DIR_MODE)
    except OSError as exc:
        raise StoreUnavailable(f"The data folder {path} cannot be used: {exc.strerror or exc}.") from exc


def create_private_file(path: Path) -> None:
    """Create an empty file that is 0600 from its first moment."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW, FILE_MODE)
    os.close(fd)


def tighten(path: Path) -> None:
    """Make the database and any side file 0600 (they may come from an older copy or another tool).

    A side file that is a symbolic link is never followed (its target's mode is never changed), and nothing
    that is not a regular file is touched; the database itself may be a link to the user's store elsewhere.
    The file is pinned with an O_PATH descriptor where there is one (Linux): closing a descriptor opened for
    reading would drop the locks SQLite holds on the file in this process.
    """
    for candidate in [path, *side_files(path)]:
        follow = candidate == path
        try:
            _tighten_one(candidate, follow)
        except FileNotFoundError:
            continue


def _tighten_one(candidate: Path, follow: bool) -> None:
    o_path = getattr(os, "O_PATH", 0)
    proc = Path("/proc/self/fd")
    if not o_path or not proc.is_dir():  # pragma: no cover - not Linux: a check, then the path
        found = os.stat(candidate) if follow else os.lstat(candidate)
        if stat.S_ISREG(found.st_mode) and stat.S_IMODE(found.st_mode) != FILE_MODE:
            os.chmod(candidate, FILE_MODE)
        return
    fd = os.open(candidate, o_path | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW))
    try:
        found = os.fstat(fd)
        if stat.S_ISREG(found.st_mode) and stat.S_IMODE(found.st_mode) != FILE_MODE:
            os.chmod(proc / str(fd), FILE_MODE)  # the file the descriptor holds, whatever its name is now
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _free_name(folder: Path, prefix: str) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for n in range(1000):
        name = f"{prefix}{stamp}{'' if n == 0 else f'-{n}'}.sqlite"
        target = folder / name
        if not any(p.exists() for p in [target, *side_files(target)]):
            return target
    raise StoreUnavailable(f"Too many damaged copies in {folder}.")  # pragma: no cover


def move_aside(path: Path, prefix: str = CORRUPT_PREFIX) -> Path:
    """Rename the database and its side files to `store.corrupt-<UTC time>.sqlite[-wal|-shm]`. Never deletes.

    Side files go first: a write-ahead log left behind without its database would
    otherwise be replayed into the next, fresh store.
    """
    target = _free_name(path.parent, prefix)
    try:
        for src, dst in zip(side_files(path), side_files(target), strict=True):
            if src.exists():
                os.rename(src, dst)
        if path.exists():
            os.rename(path, target)
    except OSError as exc:
        raise StoreUnavailable(
            f"The saved answers in {path} are damaged and could not be moved aside: {exc.strerror or exc}."
        ) from exc
    fsync_dir(path.parent)
    return target


def keep_copy(path: Path, prefix: str = CORRUPT_PREFIX) -> Path:
    """Copy the database and its side files to `store.corrupt-<UTC time>.sqlite[-wal|-shm]` (0600, fsynced),
    leaving the originals in place: for a damaged write-ahead log that SQLite will read only in part."""
    target = _free_name(path.parent, prefix)
    try:
        for src, dst in zip([path, *side_files(path)], [target, *side_files(target)], strict=True):
            try:
                source = os.open(src, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
            except FileNotFoundError:
                continue
            try:
                copy = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW, FILE_MODE)
                try:
                    while chunk := os.read(source, 1 << 20):
                        os.write(copy, chunk)
                    os.fsync(copy)
                finally:
                    os.close(copy)
            finally:
                os.close(source)
    except OSError as exc:
        raise StoreUnavailable(
            f"The log of the saved answers in {path} is damaged and no copy of it could be kept: "
            f"{exc.strerror or exc}. Nothing was changed."
        ) from exc
    fsync_dir(path.parent)
    return target


def moved_aside(data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Damaged stores kept earlier (`store.corrupt-*.sqlite` and orphaned side files)."""
    folder = resolve_data_dir(data_dir)
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / n for n in names if n.startswith((CORRUPT_PREFIX, ORPHAN_PREFIX))]
