"""Golden reports: two fixed answer sets (tests/profiles), in Dutch and English, as HTML and Markdown.

The report is compared whole with tests/report/golden/<profile>-<lang>.<html|md> (the content and program
versions replaced by placeholders, the date fixed). When the content or the report changes on purpose,
regenerate them and read the diff before committing:

    DIALOOG_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/report/test_report_golden.py -n 0
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from dialoog.report import render_html, render_markdown

from .helpers import PROFILES, profile_session, report_of

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("DIALOOG_REGENERATE_GOLDEN") == "1"


@pytest.mark.parametrize("ext", ["html", "md"])
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", PROFILES)
def test_golden_report(name: str, lang: str, ext: str) -> None:
    report = report_of(profile_session(name, lang))
    text = render_html(report) if ext == "html" else render_markdown(report)
    path = GOLDEN / f"{name.removeprefix('golden_')}-{lang}.{ext}"
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), str(path), "now", n=1))
        pytest.fail(f"the report differs from {path.name} (regenerate: see this module's docstring)\n{diff[:4000]}")
