"""The integrity agenda: up to three commitments a person makes at the end of a scan, and how they stand at
the next scan (done, still open, dropped).

A commitment is either one of the advice's steps (`advice` and `step` say which) or the user's own words.
It is part of the session's state, so it is saved (encrypted) with the answers. The review of a previous
scan's agenda is kept in the new session: `agenda_review` maps `"<previous session id>:<commitment id>"`
to a status.

    state["agenda"] = [{"id": "c1", "text": ..., "advice": "adv_id" | None, "step": 0 | None,
                        "due": "2027-03-01" | None, "created": "2026-12-01"}]
    state["previous"] = "<id of the previous finished session of the same flow>" | absent
    state["agenda_review"] = {"<previous id>:c1": "done" | "open" | "dropped"}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

MAX_COMMITMENTS = 3
MAX_TEXT = 500
"""Characters in one commitment: a sentence or two, not a pasted document."""
STATUSES = ("done", "open", "dropped")


class AgendaError(ValueError):
    """A commitment that cannot be kept as given; the message says why (in English, for the front end to
    translate by its kind)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        """`too_many`, `empty`, `too_long`, `date`, `status`, `duplicate`."""


@dataclass(frozen=True, slots=True)
class Commitment:
    id: str
    text: str
    advice: str | None = None
    """The advice id whose step this is, or None for the user's own words."""
    step: int | None = None
    """The index of the step in that advice's `steps`."""
    due: dt.date | None = None
    created: dt.date | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "advice": self.advice,
            "step": self.step,
            "due": self.due.isoformat() if self.due else None,
            "created": self.created.isoformat() if self.created else None,
        }


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise AgendaError("date", f"not a date (YYYY-MM-DD): {str(value)[:20]!r}") from None


def commitment(
    text: str, *, advice: str | None = None, step: int | None = None, due: Any = None, created: Any = None,
    id: str = "",
) -> Commitment:
    """A checked commitment: text stripped of surrounding space, not empty, at most MAX_TEXT characters."""
    words = " ".join(str(text).split())
    if not words:
        raise AgendaError("empty", "a commitment needs words")
    if len(words) > MAX_TEXT:
        raise AgendaError("too_long", f"a commitment has at most {MAX_TEXT} characters")
    return Commitment(id, words, advice, step if advice is not None else None, _date(due),
                      _date(created) or dt.date.today())


def checked_agenda(items: Iterable[Commitment]) -> list[Commitment]:
    """At most three, no two the same text; ids given in order (c1, c2, c3) where they have none."""
    items = list(items)
    if len(items) > MAX_COMMITMENTS:
        raise AgendaError("too_many", f"at most {MAX_COMMITMENTS} commitments")
    seen: set[str] = set()
    out: list[Commitment] = []
    used = {c.id for c in items if c.id}
    counter = 1
    for item in items:
        key = item.text.casefold()
        if key in seen:
            raise AgendaError("duplicate", "the same commitment twice")
        seen.add(key)
        cid = item.id
        if not cid:
            while f"c{counter}" in used:
                counter += 1
            cid = f"c{counter}"
            used.add(cid)
        out.append(Commitment(cid, item.text, item.advice, item.step, item.due, item.created))
    return out


def agenda_from_json(raw: Any) -> list[Commitment]:
    """The saved agenda; entries that cannot be read are left out (a damaged state never stops a resume)."""
    if not isinstance(raw, list):
        return []
    out: list[Commitment] = []
    for item in raw[:MAX_COMMITMENTS]:
        if not isinstance(item, Mapping):
            continue
        try:
            step = item.get("step")
            out.append(commitment(
                str(item.get("text") or ""),
                advice=item.get("advice") if isinstance(item.get("advice"), str) else None,
                step=step if isinstance(step, int) and not isinstance(step, bool) else None,
                due=item.get("due"), created=item.get("created"),
                id=str(item.get("id") or ""),
            ))
        except AgendaError:
            continue
    try:
        return checked_agenda(out)
    except AgendaError:
        return []


def review_key(previous: str, commitment_id: str) -> str:
    return f"{previous}:{commitment_id}"


def review_from_json(raw: Any) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        return {}
    return {str(k): v for k, v in raw.items() if isinstance(k, str) and v in STATUSES}


def checked_status(status: str) -> str:
    if status not in STATUSES:
        raise AgendaError("status", f"a status is one of {', '.join(STATUSES)}")
    return status


__all__ = ["MAX_COMMITMENTS", "MAX_TEXT", "STATUSES", "AgendaError", "Commitment", "agenda_from_json",
           "checked_agenda", "checked_status", "commitment", "review_from_json", "review_key"]
