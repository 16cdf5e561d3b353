"""What every store offers (the SQLite `Store` and the in-memory fallback), and shared helpers."""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from dialoog.store.schema import RECORD_TABLES

TRAINER, PRACTICE, CONSENT = RECORD_TABLES


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A saved session as listed for resuming: nothing sensitive, nothing decrypted. How much was answered is
    sealed (it is in the state that `load` returns), so it is not here."""

    id: str
    flow: str
    flow_hash: str
    lang: str
    created: datetime
    updated: datetime
    finished: bool
    damaged: bool = False
    """Its listed values were unreadable (changed outside dialoog): shown as far as they could be read, never
    offered to resume; `forget_all` still erases it."""


@dataclass(frozen=True, slots=True)
class Erasure:
    """What `forget` did: sessions erased, and whether the write-ahead log was scrubbed too."""

    sessions: int
    scrubbed: bool = True


class SessionStore(Protocol):
    """The interface of `Store` and `MemoryStore`."""

    persistent: bool
    path: Path | None

    def new_session(self, flow_id: str, flow_hash: str, lang: str) -> str: ...
    def save(self, session_id: str, state: Mapping[str, Any]) -> None: ...
    def load(self, session_id: str) -> dict[str, Any]: ...
    def sessions(self, unfinished_only: bool = False) -> list[SessionInfo]: ...
    def forget(self, session_id: str) -> Erasure: ...
    def forget_all(self, records: bool = True) -> Erasure: ...
    def put_record(self, kind: str, record_id: str, value: Any) -> None: ...
    def get_record(self, kind: str, record_id: str) -> Any | None: ...
    def record_ids(self, kind: str) -> list[str]: ...
    def delete_record(self, kind: str, record_id: str) -> bool: ...
    def close(self) -> None: ...


def new_session_id() -> str:
    """12 hex digits: short enough to type after `dialoog forget`, random enough never to collide."""
    return secrets.token_hex(6)


def dumps(value: Any) -> bytes:
    """Canonical JSON bytes; TypeError/ValueError for what JSON cannot hold (before anything is written)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def check_state(state: Mapping[str, Any]) -> Mapping[str, Any]:
    """The answers mapping of a session state, after checking the shape."""
    if not isinstance(state, Mapping):
        raise TypeError("a session state is a mapping (Session.to_dict())")
    answers = state.get("answers") or {}
    if not isinstance(answers, Mapping) or not all(isinstance(k, str) for k in answers):
        raise TypeError("state['answers'] must map node ids (str) to answers")
    for key in ("flow", "flow_hash", "lang"):
        if state.get(key) is not None and not isinstance(state[key], str):
            raise TypeError(f"state['{key}'] must be a str")
    return answers


def check_kind(kind: str) -> str:
    if kind not in RECORD_TABLES:
        raise ValueError(f"unknown record kind '{kind}' (known: {', '.join(RECORD_TABLES)})")
    return kind


def check_id(value: str, what: str = "id") -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise ValueError(f"a {what} is a non-empty str of at most 200 characters")
    return value


LATEST_TIME = 32503680000.0  # 3000-01-01: a later time in the list was not written by dialoog


def when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


def listed_time(value: object) -> float | None:
    """A time read from the plaintext list, or None when it cannot be one (text, 1e300, NaN, negative)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and 0 <= number <= LATEST_TIME else None
