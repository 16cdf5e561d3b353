"""A cache of composed flows and of each flow's first turn, so that the program starts fast.

Reading, composing and validating the YAML content takes longer than starting the
terminal app itself. The composed `Flow` and the first `Turn` (what the conversation
shows before any answer) are kept in the user's cache folder (`DIALOOG_CACHE_DIR`,
else platformdirs' cache dir), under a name made from a fingerprint of every content
file and every program file (path, size, mtime). Any change to content or program
gives a new name, so a stale entry is never read.

An entry is a pickle sealed with a keyed MAC (HMAC-SHA256), and it is unpickled
only when the MAC is right. The key is 32 random bytes in `cache.key` in the cache
folder, created once with mode 0600, exclusively and without following a symlink;
it is only used when it is a regular file of the user's own with no permission for
group or others. Someone who can write into the cache folder but cannot read the
user's files (the name of an entry can be computed from file stats) therefore
cannot make the program run a pickle of theirs: without the key, their entry is
ignored. Entries are written to a new file created the same way, then renamed
over the old one, so a planted symlink is never written through.

The cache holds content only, never answers. Any problem reading or writing it is
ignored: the content is then loaded from the YAML as usual.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import stat
import sys
from pathlib import Path
from typing import Any

from dialoog.flow.files import read_regular, write_new

# 2: a Flow carries no engine state (no `runtime`); 3: a Turn has no `intro`; 4: sealed with a MAC
CACHE_FORMAT = 4
KEY_NAME = "cache.key"
_KEY_BYTES = 32
_MAC_BYTES = 32
MAX_ENTRY_BYTES = 64 * 1024 * 1024
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
        return cache_dir() / f"{kind}-{safe_id}{suffix}-{self.fingerprint}.cache"

    def read(self, kind: str, flow_id: str, extra: str = "") -> Any:
        """The cached object, or None (missing, unreadable, from another version, or not sealed with the key)."""
        try:
            key = _key(create=False)
            if key is None:
                return None
            path = self._path(kind, flow_id, extra)
            if not _own_file(os.lstat(path)):
                return None
            data = read_regular(path, MAX_ENTRY_BYTES, follow=False)
            mac, body = data[:_MAC_BYTES], data[_MAC_BYTES:]
            if len(mac) != _MAC_BYTES or not hmac.compare_digest(mac, _seal(key, path.name, body)):
                return None
            return pickle.loads(body)
        except Exception:  # noqa: BLE001 - a cache: any problem means 'not cached'
            return None

    def write(self, kind: str, flow_id: str, value: Any, extra: str = "") -> None:
        """Keep `value` (atomically: a reader never sees half a file); old entries of this kind are removed."""
        try:
            target = self._path(kind, flow_id, extra)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            key = _key(create=True)
            if key is None:
                return
            prefix = target.name.rsplit("-", 1)[0] + "-"
            for pattern in (prefix + "*.cache", prefix + "*.pickle"):  # .pickle: entries of format 3 and before
                for old in target.parent.glob(pattern):
                    if old != target:
                        old.unlink(missing_ok=True)
            body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            write_new(target, _seal(key, target.name, body) + body, mode=0o600)
        except Exception:  # noqa: BLE001 - a cache: failing to write only costs time next start
            pass


def _seal(key: bytes, name: str, body: bytes) -> bytes:
    """The MAC of an entry: over its file name (so an entry cannot stand in for another) and its bytes."""
    return hmac.new(key, name.encode() + b"\0" + body, hashlib.sha256).digest()


def _own_file(info: os.stat_result) -> bool:
    """A regular file of this user's, with no permission for group or others."""
    getuid = getattr(os, "geteuid", None)
    mine = getuid is None or info.st_uid == getuid()
    return stat.S_ISREG(info.st_mode) and mine and not info.st_mode & 0o077


def _key(create: bool) -> bytes | None:
    """The user's cache key (made when `create` and there is none); None when it is missing, or is not a
    regular file of the user's own readable by them only (then the cache is not used)."""
    path = cache_dir() / KEY_NAME
    for _ in range(2):
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            if not create:
                return None
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            try:
                fd = os.open(path, flags, 0o600)
            except FileExistsError:
                continue  # another start made it meanwhile: read that one
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(_KEY_BYTES))
            continue
        if not _own_file(info):
            return None
        key = read_regular(path, _KEY_BYTES, follow=False)
        return key if len(key) == _KEY_BYTES else None
    return None
