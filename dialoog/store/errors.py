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


class DamagedStore(StoreError):
    """The store file is damaged and was left exactly as it was (nothing moved, nothing changed).

    Raised instead of `CorruptStore` when dialoog may not set the file aside by itself: opened without a
    passphrase (`passphrase_checked` False, `key_readable` says whether a passphrase could be checked), or
    with one that cannot be checked because the key data itself is unreadable. `Store.set_aside` moves it
    aside once the user agrees.
    """

    def __init__(self, path: Path, reason: str, key_readable: bool, passphrase_given: bool) -> None:
        self.path = path
        self.reason = reason
        self.key_readable = key_readable
        self.passphrase_given = passphrase_given
        message = f"The saved answers in {path} are damaged ({reason}). Nothing was changed."
        if passphrase_given and not key_readable:
            message += (" Their key data cannot be read either, so dialoog cannot check that this passphrase is "
                        "theirs, and does not set them aside by itself.")
        super().__init__(message)


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


class SessionErased(UnknownSession):
    """The session being saved was erased meanwhile (`dialoog forget`, in another window)."""

    def __init__(self, session_id: str) -> None:
        super().__init__(session_id)
        self.message = (f"Session {session_id} was erased (by dialoog forget, or another dialoog) while it was "
                        "open here, so it is not saved again.")
        self.args = (self.message,)
