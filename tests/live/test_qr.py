"""The QR code on the trainer's screen holds the participants' address and can be read like a phone reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from dialoog.live.qr import QUIET_ZONE, payload, qr_matrix, qr_text
from dialoog.tui.live import QRCode

from .qrread import decode, modules_of, png_of

URL = "http://192.168.1.20:8123/KXRMTA"


def test_the_code_has_its_quiet_zone() -> None:
    matrix = qr_matrix(URL)
    size = len(matrix)
    for i in range(QUIET_ZONE):
        assert not any(matrix[i]) and not any(matrix[size - 1 - i])
        assert not any(row[i] for row in matrix) and not any(row[size - 1 - i] for row in matrix)
    assert any(matrix[QUIET_ZONE])  # the finder pattern starts right after it


def test_the_plain_text_version_has_one_line_per_two_rows() -> None:
    lines = qr_text(URL).splitlines()
    assert len(lines) == (len(qr_matrix(URL)) + 1) // 2
    assert set("".join(lines)) <= set("█▀▄ ")


class QRApp(App[None]):
    def compose(self) -> ComposeResult:
        yield QRCode(URL)


async def terminal_modules() -> tuple[list[list[bool]], tuple[int, int]]:
    """The modules the QRCode widget draws in a Pilot app, and the widget's size on screen."""
    app = QRApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(QRCode)
        return modules_of(widget.render()), (widget.size.width, widget.size.height)


async def test_the_terminal_qr_is_drawn_dark_on_light_whole_with_segnos_modules() -> None:
    modules, (width, height) = await terminal_modules()
    assert width == len(modules[0]) and height == len(modules) // 2  # not cropped
    matrix = qr_matrix(URL)
    assert modules[: len(matrix)] == matrix
    assert not any(any(row) for row in modules[len(matrix):])  # the padding row is light


async def test_the_terminal_qr_decodes_to_the_address_as_a_phone_reads_it(tmp_path: Path) -> None:
    import shutil

    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (Debian's zbar-tools) is not installed; the modules are still compared with segno's")
    modules, _ = await terminal_modules()
    decoded = decode(png_of(modules, tmp_path / "qr.png"))
    assert decoded == payload(URL) == URL.upper()  # the same address: scheme, host and code ignore case


def test_the_address_goes_into_the_smaller_alphanumeric_code_when_it_can() -> None:
    assert payload("http://192.168.100.200:35775/FNDCDC") == "HTTP://192.168.100.200:35775/FNDCDC"
    assert len(qr_matrix("http://192.168.100.200:35775/FNDCDC")) == 25 + 2 * QUIET_ZONE  # version 2
    assert payload("http://[fe80::1%eth0]:80/ABCDEF") == "http://[fe80::1%eth0]:80/ABCDEF"  # [ ] are not in it
