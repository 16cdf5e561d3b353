"""Consent records: what the user agreed to export, when, from which session and content version.

A record is sealed in the store as a record of kind `consent` (`Store.put_record`). Its id, which the
store keeps in plaintext, is random: it says nothing about the session or the export.

    {"id": "9f3c...", "export": "shared" | "research" | "network",
     "parts": ["levels", "top_actions", "agenda"], "left_out": ["advice", ...],
     "when": "2026-12-01T13:45:12Z", "sessions": ["a1b2c3d4e5f6"],
     "content": [{"flow": "scan", "hash": "..."}], "app": "0.1.0", "lang": "nl",
     "file": "/home/me/gedeeld.md", "how": "confirmed" | "--yes"}
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

KIND = "consent"
EXPORTS = ("shared", "research", "network")


def app_version() -> str:
    from dialoog import __version__

    return __version__


@dataclass(frozen=True, slots=True)
class ContentVersion:
    flow: str
    hash: str

    def as_json(self) -> dict[str, str]:
        return {"flow": self.flow, "hash": self.hash}


@dataclass(frozen=True, slots=True)
class Consent:
    """One consent to one export (see the module docstring)."""

    export: str
    parts: tuple[str, ...]
    """What is in the file: the Scope parts (shared), the research fields (research), `entries`, `signals` and
    `names` or not (network)."""
    left_out: tuple[str, ...]
    sessions: tuple[str, ...]
    content: tuple[ContentVersion, ...]
    lang: str
    file: str
    how: str = "confirmed"
    """`confirmed` (asked and answered yes) or `--yes` (given on the command line)."""
    when: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0))
    app: str = field(default_factory=app_version)
    id: str = field(default_factory=lambda: secrets.token_hex(8))

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "export": self.export,
            "parts": list(self.parts),
            "left_out": list(self.left_out),
            "when": self.when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sessions": list(self.sessions),
            "content": [c.as_json() for c in self.content],
            "app": self.app,
            "lang": self.lang,
            "file": self.file,
            "how": self.how,
        }

    @classmethod
    def from_json(cls, raw: Any) -> Consent | None:
        """A saved record; None when it cannot be read as one."""
        if not isinstance(raw, dict):
            return None
        try:
            when = dt.datetime.strptime(str(raw["when"]), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
            return cls(
                export=str(raw["export"]),
                parts=tuple(str(p) for p in raw.get("parts") or ()),
                left_out=tuple(str(p) for p in raw.get("left_out") or ()),
                sessions=tuple(str(s) for s in raw.get("sessions") or ()),
                content=tuple(ContentVersion(str(c["flow"]), str(c["hash"])) for c in raw.get("content") or ()),
                lang=str(raw.get("lang") or ""),
                file=str(raw.get("file") or ""),
                how=str(raw.get("how") or "confirmed"),
                when=when,
                app=str(raw.get("app") or ""),
                id=str(raw["id"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


def consent_for(
    export: str, parts: Sequence[str], left_out: Sequence[str], sessions: Sequence[Any], file: str, *,
    session_ids: Sequence[str], how: str = "confirmed",
) -> Consent:
    """The consent to export `parts` of `sessions` (engine sessions, with their ids in `session_ids`)."""
    if export not in EXPORTS:
        raise ValueError(f"an export is one of {', '.join(EXPORTS)}")
    content = tuple(dict.fromkeys(ContentVersion(s.flow.id, s.flow.content_hash) for s in sessions))
    langs = tuple(dict.fromkeys(s.lang for s in sessions))
    return Consent(export, tuple(parts), tuple(left_out), tuple(session_ids), content, ",".join(langs), file, how)


def record_consent(store: Any, consent: Consent) -> None:
    """Seal the consent in the store (before the file is written)."""
    store.put_record(KIND, consent.id, consent.as_json())


def withdraw_record(store: Any, consent: Consent) -> None:
    """Take back a record whose file could not be written: nothing left the computer."""
    store.delete_record(KIND, consent.id)


def consents(store: Any) -> list[Consent]:
    """Every consent recorded in the store, the most recent first."""
    out: list[Consent] = []
    for rid in store.record_ids(KIND):
        found = Consent.from_json(store.get_record(KIND, rid))
        if found is not None:
            out.append(found)
    out.sort(key=lambda c: c.when, reverse=True)
    return out


__all__ = ["EXPORTS", "KIND", "Consent", "ContentVersion", "app_version", "consent_for", "consents",
           "record_consent", "withdraw_record"]
