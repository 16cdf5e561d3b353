"""Live group voting (`dialoog train --live`): participants vote from their own phone or laptop.

No Textual and no Rich here; aiohttp and segno are imported only when a listener starts or a QR is drawn.
The trainer app (`dialoog.tui.train`) owns a `LiveServer` for the session; `dialoog.tui.live` draws its
address, QR code and counts.
"""

from __future__ import annotations

from dialoog.live.limits import DEFAULT_MAX_PARTICIPANTS
from dialoog.live.server import LiveError, LiveServer, exposure_warning, is_loopback
from dialoog.live.state import CardView, Vote

__all__ = ["DEFAULT_MAX_PARTICIPANTS", "CardView", "LiveError", "LiveServer", "Vote", "exposure_warning",
           "is_loopback"]
