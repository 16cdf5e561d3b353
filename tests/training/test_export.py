"""The exports of a trainer session as a reader sees them: Markdown, self-contained HTML without scripts,
and CSV that a spreadsheet cannot take for formulas; no names."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dialoog.report.write import ReportPathError
from dialoog.training.export import render, write_export
from dialoog.training.model import TrainingSession

from .helpers import FakeClock, card


def ident(text: str, **params: object) -> str:
    return text.format(**params) if params else text


def session() -> TrainingSession:
    clock = FakeClock()
    s = TrainingSession([card("c1", title="Kaartjes <b>voor</b> de finale"), card("c2")], "nl", None, clock=clock)
    s.start_timer()
    clock.advance(75)
    s.type_counts("2 1 0 1")
    s.set_notes("=SUM(A1) en <script>alert(1)</script>\nTweede regel")
    return s


def test_markdown_shows_each_card_with_its_distribution_time_and_notes() -> None:
    s = session()
    text = render(s.record(), "markdown", {c.id: c for c in s.cards}, ident, ident)
    assert "## 1. Kaartjes <b>voor</b> de finale" in text
    assert "| a. Optie a | 2 | 50% |" in text and "| c. Optie c | 0 | 0% |" in text
    assert "Time: 1:15 · Votes: 4" in text
    assert "> Tweede regel" in text
    assert "## 2. Kaartjes voor de finale" in text and "Not shown in this session." in text


def test_html_is_one_page_without_scripts_and_escapes_every_text() -> None:
    s = session()
    page = render(s.record(), "html", {c.id: c for c in s.cards}, ident, ident)
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;voor&lt;/b&gt;" in page
    assert "default-src 'none'" in page and "http" not in page.replace("http-equiv", "")


def test_csv_has_one_row_per_card_and_no_formulas() -> None:
    s = session()
    rows = list(csv.reader(io.StringIO(render(s.record(), "csv", {c.id: c for c in s.cards}, ident, ident))))
    assert rows[0][:7] == ["session", "position", "card", "title", "shown", "seconds", "votes"]
    assert rows[1][2:11] == ["c1", "Kaartjes <b>voor</b> de finale", "true", "75", "4", "2", "1", "0", "1"]
    assert rows[1][-1].startswith("'=SUM")


def test_export_refuses_another_suffix_and_an_existing_file(tmp_path: Path) -> None:
    s = session()
    with pytest.raises(ValueError, match=r"\.md, \.html or \.csv"):
        write_export(s.record(), tmp_path / "x.pdf", {}, ident, ident)
    write_export(s.record(), tmp_path / "x.md", {}, ident, ident)
    with pytest.raises(ReportPathError):
        write_export(s.record(), tmp_path / "x.md", {}, ident, ident)
    assert write_export(s.record(), tmp_path / "x.md", {}, ident, ident, force=True).stat().st_mode & 0o777 == 0o600
