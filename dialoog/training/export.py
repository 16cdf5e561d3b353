"""A trainer session as Markdown, HTML (one self-contained page, no scripts) or CSV, at any moment.

What it holds: the cards in the order of the session, each with its votes per option (counts and
percentages), the time spent on it, what was revealed and the trainer's notes. No names: a session
record has none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from html import escape
from pathlib import Path

from dialoog.flow.model import Card
from dialoog.training.records import CardRecord, SessionRecord

FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".csv": "csv"}
CSP = "default-src 'none'; style-src 'unsafe-inline'"
STYLE = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.45;
       color: #111; background: #fff; margin: 0 auto; max-width: 48em; padding: 1.5em; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; border-bottom: 1px solid #999; margin-top: 1.5em; }
table { border-collapse: collapse; margin: .5em 0; } td, th { padding: .15em .6em; text-align: left; }
td.n { text-align: right; } .bar { display: inline-block; height: .8em; background: #2b5797; }
.notes { white-space: pre-wrap; border-left: 3px solid #999; padding-left: .6em; }
section { break-inside: avoid; }
"""

Translate = Callable[..., str]


def export_format(path: Path | str) -> str:
    """`markdown`, `html` or `csv` by the suffix; raises ValueError for another."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"an export is written as .md, .html or .csv, not '{Path(path).suffix or Path(path).name}'")
    return fmt


def minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class _Rows:
    """What every format shows of one card."""

    def __init__(self, pos: int, rec: CardRecord, card: Card | None, t: Translate) -> None:
        self.pos = pos
        self.rec = rec
        self.title = t(card.title) if card is not None and card.title else rec.card
        keys = [o.key for o in card.options] if card is not None else sorted(rec.votes)
        texts = {o.key: (t(o.text) if o.text else "") for o in card.options} if card is not None else {}
        self.total = sum(rec.votes.values())
        self.options = [(k, texts.get(k, ""), rec.votes.get(k, 0),
                         100.0 * rec.votes.get(k, 0) / self.total if self.total else 0.0) for k in keys]


def _rows(record: SessionRecord, cards: dict[str, Card], t: Translate) -> list[_Rows]:
    return [_Rows(i + 1, rec, cards.get(rec.card), t) for i, rec in enumerate(record.cards)]


def render(record: SessionRecord, fmt: str, cards: dict[str, Card], _: Translate, t: Translate) -> str:
    """The export as text; `_` translates the program's words, `t` the content (Dutch) texts."""
    if fmt == "csv":
        return to_csv(record, cards, t)
    if fmt == "html":
        return to_html(record, cards, _, t)
    return to_markdown(record, cards, _, t)


def _meta(record: SessionRecord, _: Translate) -> list[tuple[str, str]]:
    shown = sum(1 for c in record.cards if c.revealed)
    return [
        (_("Session"), record.id),
        (_("Started"), record.started),
        (_("Last saved"), record.updated),
        (_("Cards"), _("{shown} of {n} shown", shown=shown, n=len(record.cards))),
        (_("Time in all"), minutes(sum(c.seconds for c in record.cards))),
    ]


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def to_markdown(record: SessionRecord, cards: dict[str, Card], _: Translate, t: Translate) -> str:
    lines = [f"# {_('Dilemma session')}", ""]
    lines += [f"- **{k}:** {v}" for k, v in _meta(record, _)]
    for row in _rows(record, cards, t):
        lines += ["", f"## {row.pos}. {_md_cell(row.title)}", ""]
        if not row.rec.revealed:
            lines += [_("Not shown in this session."), ""]
        lines += [f"{_('Time')}: {minutes(row.rec.seconds)} · {_('Votes')}: {row.total}", ""]
        lines += [f"| {_('Option')} | {_('Votes')} | % |", "|---|---:|---:|"]
        for key, text, n, pct in row.options:
            label = f"{key}. {_md_cell(text)}" if text else key
            lines.append(f"| {label} | {n} | {pct:.0f}% |")
        if row.rec.notes.strip():
            lines += ["", f"**{_('Notes')}:**", ""]
            lines += [f"> {line}" if line.strip() else ">" for line in row.rec.notes.strip().splitlines()]
    return "\n".join(lines) + "\n"


def to_html(record: SessionRecord, cards: dict[str, Card], _: Translate, t: Translate) -> str:
    e = escape
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(record.lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        f"<title>{e(_('Dilemma session'))} {e(record.id)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{e(_('Dilemma session'))}</h1><dl>",
    ]
    out += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _meta(record, _)]
    out.append("</dl>")
    for row in _rows(record, cards, t):
        out.append(f"<section><h2>{row.pos}. {e(row.title)}</h2>")
        if not row.rec.revealed:
            out.append(f"<p>{e(_('Not shown in this session.'))}</p>")
        out.append(f"<p>{e(_('Time'))}: {minutes(row.rec.seconds)} · {e(_('Votes'))}: {row.total}</p>")
        out.append(f"<table><tr><th>{e(_('Option'))}</th><th>{e(_('Votes'))}</th><th>%</th><th></th></tr>")
        for key, text, n, pct in row.options:
            label = f"{key}. {text}" if text else key
            out.append(f'<tr><td>{e(label)}</td><td class="n">{n}</td><td class="n">{pct:.0f}%</td>'
                       f'<td><span class="bar" style="width:{pct * 0.08:.2f}em"></span></td></tr>')
        out.append("</table>")
        if row.rec.notes.strip():
            out.append(f'<h3>{e(_("Notes"))}</h3><p class="notes">{e(row.rec.notes.strip())}</p>')
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text  # no formulas in a spreadsheet


def to_csv(record: SessionRecord, cards: dict[str, Card], t: Translate) -> str:
    """One row per card: position, card id, title, seconds, total and the votes per option, notes."""
    rows = _rows(record, cards, t)
    keys: list[str] = []
    for row in rows:
        keys += [k for k, *_ in row.options if k not in keys]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["session", "position", "card", "title", "shown", "seconds", "votes",
                     *[f"votes_{k}" for k in keys], *[f"percent_{k}" for k in keys], "notes"])
    for row in rows:
        counts = {k: n for k, _, n, _ in row.options}
        pcts = {k: p for k, _, _, p in row.options}
        writer.writerow([record.id, row.pos, row.rec.card, _cell(row.title), "true" if row.rec.revealed else "false",
                         f"{row.rec.seconds:.0f}", row.total,
                         *[counts.get(k, "") for k in keys], *[f"{pcts[k]:.1f}" if k in pcts else "" for k in keys],
                         _cell(row.rec.notes)])
    return out.getvalue()


def write_export(record: SessionRecord, path: Path | str, cards: dict[str, Card], _: Translate, t: Translate,
                 *, force: bool = False) -> Path:
    """Write the export to `path` (its suffix says the format; readable by the user only). Raises ValueError
    for another suffix and `dialoog.report.write.ReportPathError` for a path that cannot be written."""
    from dialoog.report.write import write_private

    fmt = export_format(path)
    return write_private(path, render(record, fmt, cards, _, t), force=force, suffixes=tuple(FORMATS))


def path_message(exc: Exception, _: Translate) -> str:
    """Why an export cannot be written to a path (a `ReportPathError`), in the user's language."""
    kind, path = getattr(exc, "kind", ""), getattr(exc, "path", Path("."))
    return {
        "suffix": _("An export is written as .md, .html or .csv; '{name}' is none of them.", name=path.name),
        "folder": _("the folder {folder} does not exist", folder=str(path.parent)),
        "exists": _("{path} already exists; use --force to replace it", path=str(path)),
        "directory": _("{path} is a folder, not a file", path=str(path)),
    }.get(kind, _("{path} cannot be written ({reason})", path=str(path), reason=str(exc)))
