"""The encrypted store of sessions, trainer records and practice progress.

Names are imported on first use, so `import dialoog.store` costs nothing until
the store is really opened (cryptography and sqlite3 load then).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialoog.store.base import CONSENT, PRACTICE, TRAINER, Erasure, SessionInfo, SessionStore
    from dialoog.store.crypto import FAST_KDF, KdfParams
    from dialoog.store.errors import (
        CorruptStore,
        DamagedStore,
        SessionErased,
        StoreError,
        StoreLocked,
        StoreNotFound,
        StoreUnavailable,
        TamperedData,
        UnknownSession,
        WrongPassphrase,
    )
    from dialoog.store.hardening import disable_core_dumps
    from dialoog.store.memory import MemoryStore
    from dialoog.store.passphrase import ENV_PASSPHRASE, passphrase_from_env
    from dialoog.store.paths import moved_aside, resolve_data_dir, store_path
    from dialoog.store.store import Store, forget

_WHERE = {
    "Store": "store", "forget": "store",
    "MemoryStore": "memory",
    "SessionInfo": "base", "SessionStore": "base", "Erasure": "base", "TRAINER": "base", "PRACTICE": "base",
    "CONSENT": "base",
    "KdfParams": "crypto", "FAST_KDF": "crypto",
    "StoreError": "errors", "WrongPassphrase": "errors", "TamperedData": "errors", "CorruptStore": "errors",
    "DamagedStore": "errors", "SessionErased": "errors",
    "StoreUnavailable": "errors", "StoreNotFound": "errors", "StoreLocked": "errors", "UnknownSession": "errors",
    "passphrase_from_env": "passphrase", "ENV_PASSPHRASE": "passphrase",
    "disable_core_dumps": "hardening",
    "moved_aside": "paths", "resolve_data_dir": "paths", "store_path": "paths",
}

__all__ = [
    "CONSENT", "ENV_PASSPHRASE", "FAST_KDF", "PRACTICE", "TRAINER", "CorruptStore", "DamagedStore", "Erasure",
    "KdfParams", "MemoryStore", "SessionErased", "SessionInfo",
    "SessionStore", "Store", "StoreError", "StoreLocked", "StoreNotFound", "StoreUnavailable", "TamperedData",
    "UnknownSession", "WrongPassphrase", "disable_core_dumps", "forget", "moved_aside", "passphrase_from_env",
    "resolve_data_dir", "store_path",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'dialoog.store' has no attribute '{name}'")
    return getattr(import_module(f"dialoog.store.{module}"), name)
