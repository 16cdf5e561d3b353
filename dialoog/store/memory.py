"""The fallback when the disk cannot be used: the same interface, kept only in memory.

    try:
        store.save(sid, session.to_dict())
    except StoreUnavailable as exc:
        show(exc.message)                      # "nothing will be kept after you quit"
        store = MemoryStore()
        store.save(sid, session.to_dict())     # an unknown id is adopted on its first save
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialoog.store.base import Erasure, SessionInfo, check_id, check_kind, check_state, dumps, new_session_id, when
from dialoog.store.errors import UnknownSession


@dataclass(slots=True)
class _Saved:
    flow: str
    flow_hash: str
    lang: str
    created: float
    updated: float = 0.0
    state: bytes | None = None  # JSON; None until the first save
    finished: bool = False


class MemoryStore:
    """Sessions and records in this process only (`persistent = False`)."""

    persistent = False
    locked = False

    def __init__(self) -> None:
        self.path: Path | None = None
        self._sessions: dict[str, _Saved] = {}
        self._records: dict[tuple[str, str], tuple[float, bytes]] = {}

    def new_session(self, flow_id: str, flow_hash: str, lang: str) -> str:
        check_id(flow_id, "flow id")
        sid = new_session_id()
        self._sessions[sid] = _Saved(flow_id, flow_hash, lang, time.time())
        return sid

    def save(self, session_id: str, state: Mapping[str, Any]) -> None:
        check_state(state)
        data = dumps(dict(state))
        saved = self._sessions.get(session_id)
        if saved is None:  # adopt a session that began in the persistent store
            flow = state.get("flow")
            if not isinstance(flow, str) or not flow:
                raise ValueError("state['flow'] is needed to adopt a session")
            saved = self._sessions[session_id] = _Saved(flow, "", "", time.time())
        flow = state.get("flow") or saved.flow
        if flow != saved.flow:
            raise ValueError(f"session {session_id} belongs to flow '{saved.flow}', not '{flow}'")
        saved.flow_hash = state.get("flow_hash") or saved.flow_hash
        saved.lang = state.get("lang") or saved.lang
        saved.state = data
        saved.updated = time.time()
        saved.finished = bool(state.get("finished"))

    def load(self, session_id: str) -> dict[str, Any]:
        saved = self._sessions.get(session_id)
        if saved is None or saved.state is None:
            raise UnknownSession(session_id)
        result: dict[str, Any] = json.loads(saved.state)
        return result

    def sessions(self, unfinished_only: bool = False) -> list[SessionInfo]:
        infos = [
            SessionInfo(sid, s.flow, s.flow_hash, s.lang, when(s.created), when(s.updated), s.finished)
            for sid, s in self._sessions.items()
            if s.state is not None and not (unfinished_only and s.finished)
        ]
        infos.sort(key=lambda i: i.id)
        infos.sort(key=lambda i: i.updated, reverse=True)
        infos.sort(key=lambda i: i.finished)
        return infos

    def forget(self, session_id: str) -> Erasure:
        return Erasure(1 if self._sessions.pop(session_id, None) is not None else 0)

    def forget_all(self, records: bool = True) -> Erasure:
        gone = len(self._sessions)
        self._sessions.clear()
        if records:
            self._records.clear()
        return Erasure(gone)

    def put_record(self, kind: str, record_id: str, value: Any) -> None:
        self._records[(check_kind(kind), check_id(record_id, "record id"))] = (time.time(), dumps(value))

    def get_record(self, kind: str, record_id: str) -> Any | None:
        found = self._records.get((check_kind(kind), record_id))
        return None if found is None else json.loads(found[1])

    def record_ids(self, kind: str) -> list[str]:
        check_kind(kind)
        mine = [(updated, rid) for (k, rid), (updated, _) in self._records.items() if k == kind]
        return [rid for _, rid in sorted(mine, key=lambda x: (-x[0], x[1]))]

    def delete_record(self, kind: str, record_id: str) -> bool:
        return self._records.pop((check_kind(kind), record_id), None) is not None

    def close(self) -> None:
        self._sessions.clear()
        self._records.clear()

    def __enter__(self) -> MemoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
