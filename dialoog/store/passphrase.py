"""The passphrase from the environment, for use without a UI (`dialoog play --data-dir`)."""

from __future__ import annotations

import os
from collections.abc import Mapping

ENV_PASSPHRASE = "DIALOOG_PASSPHRASE"


def passphrase_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """`DIALOOG_PASSPHRASE`, or None when it is unset or empty."""
    value = (os.environ if environ is None else environ).get(ENV_PASSPHRASE)
    return value or None
