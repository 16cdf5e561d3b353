"""Keeping decrypted answers out of core dumps."""

from __future__ import annotations


def disable_core_dumps() -> bool:
    """Set the core-file size limit to zero for this process, so a crash writes no memory image to disk.

    Call it once at start-up, before the store is opened. Returns False where the
    platform does not allow it. (Swap is outside a program's reach: use encrypted swap.)
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return False
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
    except (ValueError, OSError):  # pragma: no cover
        return False
    return True
