"""The trainer's view of live voting: the participants' address, its QR code and the counts."""

from __future__ import annotations

from dialoog.tui.live.panel import LivePanel, QRCode

__all__ = ["LivePanel", "QRCode"]
