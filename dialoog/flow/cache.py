"""A cache of composed flows and of each flow's first turn, so that the program starts fast.

Reading, composing and validating the YAML content takes longer than starting the
terminal app itself. The composed `Flow` and the first `Turn` (what the conversation
shows before any answer) are kept as pickles in the user's cache folder
(`DIALOOG_CACHE_DIR`, else platformdirs' cache dir), under a name made from a
fingerprint of every content file and every program file (path, size, mtime). Any
change to content or program gives a new name, so a stale entry is never read.

The cache holds content only, never answers. Any problem reading or writing it is
ignored: the content is then loaded from the YAML as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

CACHE_FORMAT = 3  # 2: a Flow carries no engine state (no `runtime`); 3: a Turn has no `intro`
_PACKAGE = Path(__file__).resolve().parents[1]
_CONTENT_DIRS = ("flows", "prompts", "locales")


def cache_dir() -> Path:
    """`DIALOOG_CACHE_DIR`, else the user cache folder from platformdirs."""
    env = os.environ.get("DIALOOG_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("dialoog", appauthor=False))


def fingerprint(root: Path) -> str:
    """A short hash over the content under `root` and the program's own files (name, size, mtime)."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}|{root.resolve()}".encode())
    folders = [root / name for name in _CONTENT_DIRS] + [_PACKAGE]
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith((".pyc", ".tmp")):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


class StartupCache:
    """The cache entries for the content under `root`, as it is now (its fingerprint is taken once)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fingerprint = fingerprint(root)

    def _path(self, kind: str, flow_id: str, extra: str = "") -> Path:
        safe_id = "".join(c if c.isalnum() or c in "-_" else "_" for c in flow_id)
        suffix = f"-{extra}" if extra else ""
        return cache_dir() / f"{kind}-{safe_id}{suffix}-{self.fingerprint}.pickle"

    def read(self, kind: str, flow_id: str, extra: str = "") -> Any:
        """The cached object, or None (missing, unreadable or from another version)."""
        try:
            with open(self._path(kind, flow_id, extra), "rb") as handle:
                return pickle.load(handle)
        except Exception:  # noqa: BLE001 - a cache: any problem means 'not cached'
            return None

    def write(self, kind: str, flow_id: str, value: Any, extra: str = "") -> None:
        """Keep `value` (atomically: a reader never sees half a file); old entries of this kind are removed."""
        tmp = ""
        try:
            target = self._path(kind, flow_id, extra)
            target.parent.mkdir(parents=True, exist_ok=True)
            prefix = target.name.rsplit("-", 1)[0] + "-"
            for old in target.parent.glob(prefix + "*.pickle"):
                if old != target:
                    old.unlink(missing_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except Exception:  # noqa: BLE001 - a cache: failing to write only costs time next start
            if tmp:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
