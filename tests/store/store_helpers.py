"""Shared by the store tests (imported as a plain module: pytest puts this folder on sys.path)."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

PASS = "correct horse battery staple"
CANARY = "CANARY-7f3a"
HASH = "a" * 64


def make_state(answers: dict[str, Any] | None = None, *, flow: str = "scan", flow_hash: str = HASH, lang: str = "nl",
               node: str = "q9", history: list[Any] | None = None, finished: bool = False,
               drafts: dict[str, Any] | None = None, declined: list[str] | None = None) -> dict[str, Any]:
    """A state shaped like `Session.to_dict()`."""
    answers = dict(answers or {})
    return {
        "version": 1,
        "flow": flow,
        "flow_hash": flow_hash,
        "lang": lang,
        "node": node,
        "sub": None,
        "answers": answers,
        "declined": list(declined or []),
        "skipped": [],
        "history": history if history is not None else [[n, "answer", None, None] for n in answers],
        "drafts": dict(drafts or {}),
        "finished": finished,
    }


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def raw_bytes(folder: Path) -> bytes:
    """Every byte of every file under `folder` (database, WAL, shm, anything else)."""
    return b"".join(p.read_bytes() for p in files_in(folder))


def crash_value(key: str) -> dict[str, Any]:
    """The answer the crash harness saves under `key`: deterministic, sometimes large (overflow pages)."""
    crc = zlib.crc32(key.encode())
    size = 6000 if crc % 10 == 0 else 20 + crc % 300
    return {"key": key, "text": (key + " ") * (size // (len(key) + 1) + 1)}
