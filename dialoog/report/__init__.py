"""Reports of a session: the model (`build_report`), HTML (`render_html`) and Markdown (`render_markdown`),
and writing them to the path the user chose (`write_private`). No Textual here: every front end uses it."""

from __future__ import annotations

from dialoog.report.html import render_html
from dialoog.report.markdown import render_markdown
from dialoog.report.model import Report, build_report
from dialoog.report.scope import Scope
from dialoog.report.write import ReportPathError, report_format, write_private

__all__ = ["Report", "ReportPathError", "Scope", "build_report", "render", "render_html", "render_markdown",
           "report_format", "write_private"]


def render(report: Report, fmt: str) -> str:
    """The report as `html` or `markdown` (see `report_format`)."""
    return render_html(report) if fmt == "html" else render_markdown(report)
