"""What the store raises. Messages are plain and never contain an answer."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class of every store error; `message` is fit to show to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WrongPassphrase(StoreError):
    """The passphrase does not open this store. Nothing was changed."""

    def __init__(self, message: str = "That passphrase does not open the saved answers. Nothing was changed.") -> None:
        super().__init__(message)


class TamperedData(StoreError):
    """Saved data failed its authenticity check: changed, moved or damaged outside dialoog."""

    def __init__(
        self, session_id: str | None, node_id: str | None, detail: str = "", record: str | None = None
    ) -> None:
        self.session_id = session_id
        self.node_id = node_id
        self.record = record
        if record is not None:
            what = f"The saved record {record}"
        elif node_id is not None:
            what = f"The saved answer to '{node_id}' in session {session_id}"
        else:
            what = f"Session {session_id}"
        message = f"{what} has been changed or damaged outside dialoog and cannot be trusted"
        super().__init__(f"{message} ({detail})." if detail else f"{message}.")


class CorruptStore(StoreError):
    """The store file was unreadable; it was moved aside (never deleted) to `moved_to`."""

    def __init__(self, moved_to: Path, reason: str) -> None:
        self.moved_to = moved_to
        self.reason = reason
        super().__init__(
            f"The saved answers could not be read ({reason}). The damaged file was kept as {moved_to}; "
            "a new, empty store can be created."
        )


class StoreUnavailable(StoreError):
    """The store cannot be used right now (disk full, read-only folder, locked, ...).

    The caller can go on with a `MemoryStore`: nothing will then be kept after quitting.
    """


class StoreNotFound(StoreError):
    """There is no store yet and `create=False` was asked."""


class StoreLocked(StoreError):
    """The store was opened without a passphrase: only listing and erasing are possible."""


class UnknownSession(StoreError):
    """No saved session has this id."""

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(f"There is no saved session '{session_id}'.")
