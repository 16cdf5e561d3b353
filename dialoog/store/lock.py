"""Who else has the store open: two lock files with `flock`, so that concurrent dialoogs never harm each other.

- `store.lock` (the gate) is held exclusively, and only briefly, while a process opens the store: while it
  holds it, nobody else can start using the store or create it.
- `store.inuse` is held *shared* by every open store, from the end of `Store.open` until `close`.

A process that holds the gate and finds nobody else holding `store.inuse` is *alone*: only then may it do what
would harm a live store: treat a write-ahead log without its database as an orphan and move it aside, move a
damaged database aside, or check the write-ahead log before SQLite recovers it. A process that is not alone
leaves those files as they are (the other dialoog is using them). Creating the store happens under the gate
too, so two first starts at once create it once and both use that one.

The kernel drops the locks of a process that dies (even by kill -9), so a crash never leaves a stale lock.
The files stay (removing a lock file while another process waits on it would let two processes hold "the"
lock at once); they are empty and hold nothing private. Where `fcntl` is missing (not a POSIX system) nothing
is locked and every process counts as alone, as before these locks existed.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

from dialoog.store.errors import StoreUnavailable

GATE_NAME = "store.lock"
INUSE_NAME = "store.inuse"
LOCK_NAMES = (GATE_NAME, INUSE_NAME)
GATE_TIMEOUT_S = 15.0
"""How long to wait for another process to finish opening (creating, checking the log). Opening holds the
gate for tens of milliseconds; a slow disk or a large log can make it longer."""
_POLL_S = 0.005


def _open_lock_file(path: Path) -> int | None:
    """An fd on the lock file (created 0600, never through a symlink); None where it cannot be had."""
    flags = os.O_CLOEXEC | os.O_NOFOLLOW
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | flags, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreUnavailable(f"{path} is a symbolic link: dialoog does not use a store planted that way.") \
                from None
        try:  # a read-only folder: an existing lock file still locks
            return os.open(path, os.O_RDONLY | flags)
        except OSError:
            return None
    try:  # nobody else may take these locks (a shared lock of another user would keep dialoog from tidying up)
        if os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, 0o600)
    except OSError:  # pragma: no cover - not our file: it still locks
        pass
    return fd


class StoreLock:
    """The two locks of one open store (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._gate: int | None = None
        self._inuse: int | None = None
        self.alone = fcntl is None
        """Whether nobody else had the store open when the gate was taken (valid while the gate is held)."""

    def enter(self, timeout: float = GATE_TIMEOUT_S) -> None:
        """Take the gate (waiting for another opener to finish), then join the users of the store."""
        if fcntl is None:  # pragma: no cover - not on POSIX
            return
        gate = _open_lock_file(self.folder / GATE_NAME)
        if gate is None:  # no lock file can be made (read-only folder): nothing may be moved or created
            self.alone = False
            return
        self._gate = gate
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(gate, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.leave_gate()
                    raise StoreUnavailable(
                        f"The saved answers in {self.folder} are in use by another dialoog that does not let go."
                    ) from None
                time.sleep(_POLL_S)
        inuse = _open_lock_file(self.folder / INUSE_NAME)
        if inuse is None:  # pragma: no cover - the gate file could be made, so this one can too
            self.alone = False
            return
        self._inuse = inuse
        try:
            fcntl.flock(inuse, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.alone = True
        except BlockingIOError:
            self.alone = False
        # Shared from now on. Nobody can slip in between: every newcomer needs the gate first.
        fcntl.flock(inuse, fcntl.LOCK_SH)

    def leave_gate(self) -> None:
        """Let the next opener in; this process stays among the users of the store."""
        gate, self._gate = self._gate, None
        if gate is not None:
            os.close(gate)  # closing drops the flock

    def release(self) -> None:
        """No longer a user of the store (at close)."""
        self.leave_gate()
        inuse, self._inuse = self._inuse, None
        if inuse is not None:
            os.close(inuse)

