"""The participants' address as a QR code for the terminal: two modules per character cell (half blocks).

    rows = qr_cells("http://192.168.1.20:8123/KXRMTA")    # [[(top_dark, bottom_dark), ...], ...]
    text = qr_text(url)                                   # the same as plain text, for a terminal drawn dark on light

The matrix comes from segno (imported only here) with the standard quiet zone of 4 modules, so a phone camera
finds it against any background when it is drawn dark on light, as `dialoog.tui.live` does.
"""

from __future__ import annotations

QUIET_ZONE = 4
"""Light modules around the code (the QR standard asks for 4)."""

_TEXT = {(False, False): "█", (True, False): "▄", (False, True): "▀", (True, True): " "}
"""Plain text for a light-on-dark terminal: the light modules are drawn (a full block is two light modules)."""


_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def payload(url: str) -> str:
    """What the code holds: the address in capitals when that is the same address (scheme, host and the join
    code are not case-sensitive), so the QR's alphanumeric mode makes a smaller code (version 2, 17 lines on
    screen instead of 19 for a typical address)."""
    upper = url.upper()
    return upper if set(upper) <= _ALPHANUMERIC else url


def qr_matrix(text: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """The QR code of `text` (see `payload`) with its quiet zone: True is a dark module."""
    import segno

    code = segno.make(payload(text), error="m", micro=False)
    return [[bool(v) for v in row] for row in code.matrix_iter(scale=1, border=border)]


def half_blocks(matrix: list[list[bool]]) -> list[list[tuple[bool, bool]]]:
    """Pairs of rows as one row of cells (top, bottom); an odd last row is paired with a light row."""
    rows: list[list[tuple[bool, bool]]] = []
    for y in range(0, len(matrix), 2):
        top = matrix[y]
        bottom = matrix[y + 1] if y + 1 < len(matrix) else [False] * len(top)
        rows.append(list(zip(top, bottom, strict=True)))
    return rows


def qr_cells(text: str) -> list[list[tuple[bool, bool]]]:
    return half_blocks(qr_matrix(text))


def qr_text(text: str) -> str:
    """The code as lines of block characters, for a terminal with light text on a dark background."""
    return "\n".join("".join(_TEXT[cell] for cell in row) for row in qr_cells(text))
