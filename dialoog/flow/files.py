"""Reading and writing local files without being led astray by special files or planted symlinks."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


class LimitError(Exception):
    """A content file passes one of the loading limits; `line`/`col` are 1-based."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


def read_regular(path: Path, limit: int, follow: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; raises LimitError for anything else and
    OSError when it cannot be read (with `follow=False`, also when `path` is a symlink). Never blocks on a
    FIFO and never reads a device."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, pipe or socket)"
            raise LimitError(f"{kind}: only regular files are read")
        if info.st_size > limit:
            raise LimitError(f"the file has {info.st_size:,} bytes: at most {limit:,} are read")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # it grew while it was read
                raise LimitError(f"the file has more than {limit:,} bytes: at most {limit:,} are read")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_new(target: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` as `target`: into a new file created exclusively and without following a symlink
    (`O_CREAT | O_EXCL | O_NOFOLLOW`, with `mode`), then renamed over `target` (a symlink at `target` is
    replaced, not followed). Raises OSError; leaves no temporary file behind."""
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
