"""The HTML report in Debian's headless Chromium: it renders, and `--print-to-pdf` gives A4 pages that are
not blank, each with the confidential line (the page's margin, not Chromium's own header: that is off).

Needs `chromium` and `poppler-utils` (`pdftotext`, `pdfinfo`); `.ci/run` installs them with apt. Where they
are missing the tests are skipped and say so. Chromium is heavy: the tests run alone (`serial`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dialoog.report import render_html, write_private

from .helpers import PROFILES, profile_session, report_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT, PDFINFO = shutil.which("pdftotext"), shutil.which("pdfinfo")

pytestmark = [
    pytest.mark.serial,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it with apt)"),
    pytest.mark.skipif(PDFTOTEXT is None or PDFINFO is None,
                       reason="poppler-utils (pdftotext, pdfinfo) is not installed (.ci/run installs it with apt)"),
]


def chromium(tmp_path: Path, *args: str) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={tmp_path / 'profile'}", *args],
        check=True, timeout=90, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("chromium")
    html = write_private(tmp / "rapport.html", render_html(report_of(profile_session(PROFILES[0], "nl"))))
    pdf = tmp / "rapport.pdf"
    chromium(tmp, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    return html, pdf


def test_the_printed_report_has_a4_pages_none_blank_each_marked_confidential(printed: tuple[Path, Path]) -> None:
    _, pdf = printed
    assert PDFINFO is not None and PDFTOTEXT is not None
    info = subprocess.run([PDFINFO, str(pdf)], check=True, capture_output=True, text=True, timeout=30).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    assert pages >= 1
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size and abs(float(size.group(1)) - 595) < 2 and abs(float(size.group(2)) - 842) < 2  # A4
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=30).stdout
    sheets = text.split("\f")[:pages]
    assert len(sheets) == pages
    for number, sheet in enumerate(sheets, 1):
        words = [line for line in sheet.splitlines() if line.strip()]
        assert len(words) > 2, f"page {number} is blank"
        assert "VERTROUWELIJK" in sheet, f"page {number} lacks the confidential line at its top"
        assert f"Vertrouwelijk · pagina {number} van {pages}" in sheet, f"page {number} lacks its footer"
    assert "Uw drie belangrijkste acties" in text and "Zwager P." in text


def test_the_report_renders_on_screen(printed: tuple[Path, Path], tmp_path: Path) -> None:
    html, _ = printed
    shot = tmp_path / "shot.png"
    chromium(tmp_path, "--window-size=1000,1400", "--hide-scrollbars", f"--screenshot={shot}", html.as_uri())
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000  # a blank page of this size compresses to a few kilobytes
