"""Where the content (flows, prompts, locales) and the user's data live."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def content_root() -> Path:
    """The folder holding `flows/`, `prompts/` and `locales/`.

    `DIALOOG_CONTENT` wins; then a checkout (the package's parent folder); then
    the copy that a built wheel carries inside the package.
    """
    env = os.environ.get("DIALOOG_CONTENT")
    if env:
        return Path(env)
    return program_root()


def program_root() -> Path:
    """The folder of the program's own files (its catalogs), whatever content is used."""
    checkout = _PACKAGE.parent
    if (checkout / "flows").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE / "_content"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's data folder: `--data-dir`, then `DIALOOG_DATA_DIR`, then platformdirs."""
    if override:
        return Path(override)
    env = os.environ.get("DIALOOG_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("dialoog", appauthor=False))


def state_dir() -> Path:
    """The user's state folder (crash logs): `XDG_STATE_HOME/dialoog`, on Linux `~/.local/state/dialoog`."""
    from platformdirs import user_state_dir

    return Path(user_state_dir("dialoog", appauthor=False))
