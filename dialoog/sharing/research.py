"""The research export: anonymised figures of one or more finished scans, one row per scan.

Only figures: levels and points per domain, counts (questions answered, declined, skipped; network entries
per category; risk signals per domain), the chosen option of each dilemma card, the diversity figure of the
network, the month of the scan and the content version. No names, no free text, no answer to any other
question, no session id (each row gets a new random export id), no exact date. The fields, their types and
meanings are documented in docs/research-export.md; `FIELDS` and `PATTERNS` are the same list, and a test
holds the two together.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dialoog.sharing.consent import app_version

FIELDS: tuple[tuple[str, str], ...] = (
    ("export_id", "string"),
    ("month", "string"),
    ("flow", "string"),
    ("content_hash", "string"),
    ("app_version", "string"),
    ("lang", "string"),
    ("finished", "boolean"),
    ("answered", "integer"),
    ("declined", "integer"),
    ("skipped", "integer"),
    ("network_entries", "integer"),
    ("diversity", "number|null"),
)
"""The fields every row has, in order, with their JSON type."""

PATTERNS: tuple[tuple[str, str], ...] = (
    ("level.<domain>", "string"),
    ("points.<domain>", "number"),
    ("signals.<domain>", "integer"),
    ("network.<category>", "integer"),
    ("card.<card>", "string|null"),
)
"""Fields named after the content (a domain, a network category, a card), with their JSON type."""

OPTIONS = ("a", "b", "c", "d")


@dataclass(frozen=True, slots=True)
class Scan:
    """A saved scan to export: the restored session and when it was last saved (only its month is used)."""

    session: Any
    saved: dt.datetime


def month_of(when: dt.datetime) -> str:
    """`2026-12`: the month in UTC."""
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    return f"{when.year:04d}-{when.month:02d}"


def _diversity(session: Any) -> float | None:
    from dialoog.mapping import build_map, diversity

    return round(float(diversity(build_map(session)).index), 3)


def research_row(scan: Scan, export_id: str | None = None) -> dict[str, Any]:
    """The figures of one scan (a flat mapping of field name to value; see docs/research-export.md)."""
    from dialoog.engine.signals import entry_signals

    session = scan.session
    flow = session.flow
    tally = session.tally()
    questions = [n for n in flow.nodes.values() if n.is_question]
    networks = [n for n in questions if n.kind == "network"]
    row: dict[str, Any] = {
        "export_id": export_id or secrets.token_hex(8),
        "month": month_of(scan.saved),
        "flow": flow.id,
        "content_hash": flow.content_hash,
        "app_version": app_version(),
        "lang": session.lang,
        "finished": bool(session.finished),
        "answered": sum(1 for n in questions if n.id in session.answers),
        "declined": sum(1 for n in questions if n.id in session.declined),
        "skipped": sum(1 for n in questions if n.id in session.skipped),
    }
    entries: list[tuple[Any, dict[str, Any]]] = []
    for node in networks:
        value = session.answers.get(node.id)
        if isinstance(value, list):
            entries.extend((node, e) for e in value if isinstance(e, dict))
    row["network_entries"] = len(entries)
    row["diversity"] = _diversity(session) if entries else None
    for domain in flow.domains:
        row[f"level.{domain}"] = tally.levels.get(domain, "")
    for domain in flow.domains:
        row[f"points.{domain}"] = round(float(tally.scores.get(domain, 0.0)), 3)
    signals: Counter[str] = Counter()
    for node, entry in entries:
        signals.update(s.domain for s in entry_signals(node, entry))
    for domain in flow.domains:
        row[f"signals.{domain}"] = signals.get(domain, 0)
    categories: Counter[str] = Counter(str(e.get("category")) for _, e in entries)
    for node in networks:
        for category in node.categories:
            row[f"network.{category.value}"] = categories.get(category.value, 0)
    chosen: dict[str, str] = {}
    for node in questions:  # a card can be in several decks (one node each); a scan answers it once
        value = session.answers.get(node.id)
        if node.kind == "card" and value in OPTIONS:
            chosen.setdefault(node.card or node.id, value)
    for card in [*flow.cards, *(c for c in chosen if c not in flow.cards)]:
        row[f"card.{card}"] = chosen.get(card)
    return row


def research_rows(scans: Iterable[Scan]) -> list[dict[str, Any]]:
    """One row per scan, each with a new random export id; every row has the same fields (null where a
    scan's content has no such domain, category or card)."""
    rows = [research_row(scan) for scan in scans]
    names = list(dict.fromkeys(name for row in rows for name in row))
    return [{name: row.get(name) for name in names} for row in rows]


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    """RFC 4180 CSV with a header row; empty cells for null, `true`/`false` for booleans."""
    out = io.StringIO()
    names = list(rows[0]) if rows else [name for name, _ in FIELDS]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in names])
    return out.getvalue()


def fields_of(rows: Sequence[dict[str, Any]]) -> list[str]:
    return list(rows[0]) if rows else [name for name, _ in FIELDS]


__all__ = ["FIELDS", "PATTERNS", "Scan", "month_of", "research_row", "research_rows", "to_csv", "to_json"]
