"""The random words of a live session: the join code, device tokens and form tokens.

- The join code is short and easy to read aloud or type: 6 letters from an alphabet without look-alikes
  (no B/8, G/6, I/L/1, O/Q/0, S/5, Z/2).
- A device token is random and signed with the session's secret, so the listener keeps nothing for a
  device until it comes back with a token it made: a request without a cookie costs no memory.
- A form token is derived from the device token (HMAC), so a page on another site, which cannot read the
  participant's cookie, cannot make one.

Nothing here is a person's data: the tokens say nothing about who holds them, and they end with the session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

JOIN_ALPHABET = "ACDEFHJKMNPRTUVWXY"
JOIN_LENGTH = 6
_ID_BYTES = 16
_SIG_CHARS = 22


def new_join_code(length: int = JOIN_LENGTH) -> str:
    """A random join code such as 'KXRMTA' (about 25 bits: enough for a session of an hour)."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(length))


def normal_code(text: str) -> str:
    """A join code as typed (any case) in the form it was made in."""
    return text.strip().upper()


def same(a: str, b: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(a.encode("utf-8", "surrogateescape"), b.encode("utf-8", "surrogateescape"))


class Signer:
    """Makes and checks the session's device and form tokens with one random secret."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    @property
    def secret(self) -> bytes:
        return self._secret

    def _mac(self, purpose: str, value: str) -> str:
        digest = hmac.new(self._secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
        return digest[:_SIG_CHARS]

    def new_device(self) -> str:
        """A new device token: a random id and its signature."""
        device = secrets.token_hex(_ID_BYTES)
        return f"{device}.{self._mac('device', device)}"

    def device_of(self, token: str | None) -> str | None:
        """The device id of a token this session made, else None."""
        if not token or len(token) != 2 * _ID_BYTES + 1 + _SIG_CHARS:
            return None
        device, _, sig = token.partition(".")
        if not device or not same(sig, self._mac("device", device)):
            return None
        return device

    def form_token(self, device: str) -> str:
        return self._mac("form", device)

    def form_ok(self, device: str, token: str | None) -> bool:
        return bool(token) and same(token or "", self.form_token(device))
