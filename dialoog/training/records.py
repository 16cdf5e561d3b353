"""The record of a trainer session: plain JSON, one file per session, no personal data.

    data_dir()/training/sessions/<id>.json

Schema 1 (docs/training-record.md)::

    {"schema": 1, "id": str, "started": iso, "updated": iso, "lang": "nl"|"en", "deck": [card ids],
     "current": int, "cards": [{"card": id, "votes": {"a": int, ...}, "seconds": float, "notes": str,
     "revealed": [steps], "closed": bool}], "live": {"join_code": str} | null}

A record is written atomically (a new file renamed over the old one), readable by the user only. It never
holds a name or a passphrase, and the personal store is never opened for it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialoog.flow.files import read_regular, write_new

SCHEMA = 1
MAX_RECORD_BYTES = 4 * 1024 * 1024
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class RecordError(Exception):
    """A record that cannot be found or read (the message says which and why)."""


@dataclass
class CardRecord:
    card: str
    votes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    notes: str = ""
    revealed: list[str] = field(default_factory=list)
    closed: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"card": self.card, "votes": dict(self.votes), "seconds": round(self.seconds, 1),
                "notes": self.notes, "revealed": list(self.revealed), "closed": self.closed}


@dataclass
class SessionRecord:
    id: str
    started: str
    updated: str
    lang: str
    deck: list[str]
    current: int = 0
    cards: list[CardRecord] = field(default_factory=list)
    live: dict[str, str] | None = None

    def as_json(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "id": self.id, "started": self.started, "updated": self.updated,
                "lang": self.lang, "deck": list(self.deck), "current": self.current,
                "cards": [c.as_json() for c in self.cards], "live": dict(self.live) if self.live else None}

    @classmethod
    def from_json(cls, data: Any) -> SessionRecord:
        """A record from its JSON; raises RecordError when it does not follow schema 1."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise RecordError("not a trainer session record (schema 1)")
        try:
            cards = [
                CardRecord(
                    card=str(c["card"]),
                    votes={str(k): int(v) for k, v in dict(c.get("votes") or {}).items()
                           if isinstance(v, int) and not isinstance(v, bool) and v >= 0},
                    seconds=float(c.get("seconds") or 0.0),
                    notes=str(c.get("notes") or ""),
                    revealed=[str(s) for s in c.get("revealed") or []],
                    closed=bool(c.get("closed")),
                )
                for c in data["cards"]
            ]
            live = data.get("live")
            return cls(
                id=str(data["id"]), started=str(data["started"]), updated=str(data["updated"]),
                lang=str(data.get("lang") or "nl"), deck=[str(d) for d in data["deck"]],
                current=int(data.get("current") or 0), cards=cards,
                live={str(k): str(v) for k, v in live.items()} if isinstance(live, dict) else None,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RecordError(f"a damaged trainer session record ({type(exc).__name__})") from None


def training_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "training"


def sessions_dir(data_dir: Path) -> Path:
    return training_dir(data_dir) / "sessions"


def decks_dir(data_dir: Path) -> Path:
    return training_dir(data_dir) / "decks"


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def save(record: SessionRecord, data_dir: Path) -> Path:
    """Write `record` atomically as `<data_dir>/training/sessions/<id>.json` (0600); raises OSError."""
    if not ID_RE.match(record.id):
        raise ValueError(f"not a session id: {record.id!r}")
    folder = sessions_dir(data_dir)
    _private_dir(folder)
    target = folder / f"{record.id}.json"
    data = json.dumps(record.as_json(), ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    write_new(target, data, 0o600)
    return target


def load(path: Path) -> SessionRecord:
    """The record in the file `path`; raises RecordError."""
    try:
        raw = read_regular(path, MAX_RECORD_BYTES)
        data = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise RecordError(f"no trainer session {path.stem}") from None
    except (OSError, ValueError) as exc:
        raise RecordError(f"cannot read the trainer session {path.stem} ({type(exc).__name__})") from None
    return SessionRecord.from_json(data)


def find(data_dir: Path, session: str) -> SessionRecord:
    """A saved session by its id (or the path of its record file); raises RecordError."""
    path = Path(session)
    if session.endswith(".json") and (path.is_file() or os.sep in session):
        return load(path)
    if not ID_RE.match(session):
        raise RecordError(f"'{session}' is not the id of a trainer session")
    return load(sessions_dir(data_dir) / f"{session}.json")


def all_records(data_dir: Path) -> list[SessionRecord]:
    """Every readable record under `data_dir`, oldest first; damaged files are passed over."""
    out: list[SessionRecord] = []
    folder = sessions_dir(data_dir)
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.json")):
        try:
            out.append(load(path))
        except RecordError:
            continue
    out.sort(key=lambda r: r.started)
    return out


def latest(data_dir: Path) -> SessionRecord | None:
    """The session saved last (the newest `updated`), or None."""
    found = all_records(data_dir)
    return max(found, key=lambda r: r.updated) if found else None


def group_votes(data_dir: Path | str) -> dict[str, dict[str, int]]:
    """How groups voted on this machine: card id -> option key -> votes, summed over every saved session."""
    totals: dict[str, dict[str, int]] = {}
    for record in all_records(Path(data_dir)):
        for card in record.cards:
            if not card.votes:
                continue
            into = totals.setdefault(card.card, {})
            for key, n in card.votes.items():
                into[key] = into.get(key, 0) + n
    return totals
