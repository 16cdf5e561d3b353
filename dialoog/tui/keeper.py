"""The keeper as the terminal app imports it; it lives in `dialoog.keeping.keeper` (no UI code)."""

from dialoog.keeping.keeper import (
    Keeper,
    Unfinished,
    memory_keeper,
    open_keeper,
    passphrase_from_env,
    probe,
    unfinished_in,
)

__all__ = ["Keeper", "Unfinished", "memory_keeper", "open_keeper", "passphrase_from_env", "probe", "unfinished_in"]
