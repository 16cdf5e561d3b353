"""Live group voting (`dialoog train --live`): participants vote from their own phone or laptop.

No Textual and no Rich here; aiohttp and segno are imported only when a listener starts or a QR is drawn.
The trainer app (`dialoog.tui.train`) owns a `LiveServer` for the session (through
`dialoog.tui.live.controller.LiveController`), which draws its address, QR code and counts.

The names below are loaded when first used, so that building the command line (`dialoog.live.cli`'s flags)
costs every other command nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialoog.live.limits import DEFAULT_MAX_PARTICIPANTS
    from dialoog.live.server import LiveError, LiveServer, exposure_warning, is_loopback
    from dialoog.live.state import CardView, Vote

_WHERE = {
    "DEFAULT_MAX_PARTICIPANTS": "dialoog.live.limits",
    "LiveError": "dialoog.live.server",
    "LiveServer": "dialoog.live.server",
    "exposure_warning": "dialoog.live.server",
    "is_loopback": "dialoog.live.server",
    "CardView": "dialoog.live.state",
    "Vote": "dialoog.live.state",
}

__all__ = ["DEFAULT_MAX_PARTICIPANTS", "CardView", "LiveError", "LiveServer", "Vote", "exposure_warning",
           "is_loopback"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'dialoog.live' has no attribute {name!r}")
