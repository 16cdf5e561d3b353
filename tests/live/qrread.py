"""Reading the terminal's QR code back: cells -> modules -> a PNG a QR reader (zbarimg) decodes, as a phone would."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from rich.color import Color
from rich.text import Text

BLACK = Color.parse("#000000")


def modules_of(text: Text) -> list[list[bool]]:
    """The dark (True) and light modules drawn by `QRCode.render()`: an upper half block per cell."""
    rows: list[list[bool]] = []
    for line in text.split("\n"):
        top: list[bool] = []
        bottom: list[bool] = []
        for span in line.spans:
            style = span.style
            assert not isinstance(style, str)
            assert line.plain[span.start:span.end] == "▀" * (span.end - span.start)
            for _ in range(span.end - span.start):
                top.append(style.color == BLACK)
                bottom.append(style.bgcolor == BLACK)
        rows += [top, bottom]
    return rows


def png_of(modules: list[list[bool]], path: Path, scale: int = 8) -> Path:
    """A greyscale PNG, `scale` pixels per module, dark modules black."""
    raw = b""
    for row in modules:
        line = bytes(0 if dark else 255 for dark in row for _ in range(scale))
        raw += (b"\x00" + line) * scale
    height, width = len(modules) * scale, len(modules[0]) * scale

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
                     + chunk(b"IEND", b""))
    return path


def decode(path: Path) -> str | None:
    """What zbarimg reads in the picture (None when zbarimg is not installed)."""
    if shutil.which("zbarimg") is None:
        return None
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True,
                            timeout=20, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
