"""Keys and sealed blobs.

Key hierarchy:

- passphrase --scrypt(n, r, p, salt)--> key-encryption key (KEK), never stored;
- a random *vault key*, stored sealed with the KEK. Its GCM tag is the key check:
  a wrong passphrase fails to open it and nothing else is touched. The scrypt
  parameters are bound into its associated data, so they cannot be altered either;
- from the vault key (HKDF): the key that wraps session keys and the key for
  trainer and practice records;
- one random *data key* per session, stored wrapped. From it (HKDF): the AES-GCM
  key for that session's answers and state, and an HMAC key that turns node ids
  into row tags, so even which questions were answered is not on disk in the clear.
  Erasing a session destroys its wrapped key (crypto-erasure) and its rows.

A sealed blob is `VERSION || nonce(12) || AES-256-GCM(ciphertext || tag)`; the
associated data starts with the same version byte and names what the blob is
(purpose, session id, node id, ...), so a blob moved to another place fails.
Plaintexts are padded to a multiple of a block size so that lengths do not tell
short answers apart ("yes" vs "no").
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
ROW_TAG_BYTES = 16

# scrypt bounds checked whenever parameters are read from a file: a planted store
# must not make opening take gigabytes or minutes, nor downgrade the derivation.
MIN_N, MAX_N = 2**14, 2**20
MAX_R, MAX_P = 16, 4
MAX_MEMORY = 256 * 1024 * 1024  # scrypt uses about 128 * n * r bytes
MAX_WORK = 2**22  # n * r * p: four times the default's work (an open of about 1.5 s), so a planted store
# cannot make opening take many seconds before it says "wrong passphrase"
SALT_BYTES, MIN_SALT, MAX_SALT = 16, 16, 64


class SealError(Exception):
    """A blob did not authenticate (or is malformed)."""


@dataclass(frozen=True, slots=True)
class KdfParams:
    """scrypt parameters. The defaults are OWASP's minimum for scrypt (N=2**17, r=8, p=1): 128 MiB, and
    about 0.3 s on the reference machine (bench/RESULTS.md), well inside the 1 s budget for opening."""

    n: int = 2**17
    r: int = 8
    p: int = 1
    salt: bytes = b""

    def with_new_salt(self) -> KdfParams:
        return KdfParams(self.n, self.r, self.p, os.urandom(SALT_BYTES))

    def validate(self) -> None:
        """Raise ValueError unless the parameters are within the caps."""
        for name in ("n", "r", "p"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"scrypt {name} must be a positive whole number")
        if self.n & (self.n - 1) or not MIN_N <= self.n <= MAX_N:
            raise ValueError(f"scrypt n={self.n} is not a power of two between 2**14 and 2**20")
        if self.r > MAX_R or self.p > MAX_P:
            raise ValueError(f"scrypt r={self.r}, p={self.p} exceed the limits r<={MAX_R}, p<={MAX_P}")
        if 128 * self.n * self.r > MAX_MEMORY or self.n * self.r * self.p > MAX_WORK:
            raise ValueError("scrypt parameters would need too much memory or time")
        if not isinstance(self.salt, bytes) or not MIN_SALT <= len(self.salt) <= MAX_SALT:
            raise ValueError("scrypt salt must be 16 to 64 bytes")

    def to_json(self) -> str:
        return json.dumps({"kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": self.salt.hex()},
                          sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> KdfParams:
        """Parse and check stored parameters; ValueError if malformed or beyond the caps."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("kdf") != "scrypt":
                raise ValueError("unknown key derivation")
            params = cls(data["n"], data["r"], data["p"], bytes.fromhex(data["salt"]))
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"malformed key derivation parameters: {exc}") from None
        params.validate()
        return params

    def derive(self, passphrase: str) -> bytes:
        self.validate()
        secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
        return Scrypt(salt=self.salt, length=KEY_BYTES, n=self.n, r=self.r, p=self.p).derive(secret)


FAST_KDF = KdfParams(n=MIN_N, r=8, p=1)
"""The cheapest parameters the caps allow (about 45 ms): for tests and the crash harness only."""


def aad(purpose: str, *parts: str | bytes) -> bytes:
    """Associated data: version byte, then length-prefixed fields (no two field lists collide)."""
    out = bytearray([VERSION])
    for part in (purpose, *parts):
        raw = part.encode("utf-8") if isinstance(part, str) else part
        out += len(raw).to_bytes(4, "big") + raw
    return bytes(out)


def pad(data: bytes, block: int) -> bytes:
    """ISO/IEC 7816-4 padding (0x80 then zeros) to a multiple of `block`."""
    size = len(data) + 1
    return data + b"\x80" + b"\x00" * ((-size) % block)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80"):
        raise SealError("bad padding")
    return stripped[:-1]


def subkey(key: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=f"dialoog {purpose}".encode()).derive(key)


def random_key() -> bytes:
    return os.urandom(KEY_BYTES)


class Sealer:
    """AES-256-GCM with the versioned blob format; a fresh random nonce per blob."""

    __slots__ = ("_aead",)

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, associated: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return bytes([VERSION]) + nonce + self._aead.encrypt(nonce, plaintext, associated)

    def open(self, blob: bytes, associated: bytes) -> bytes:
        if not isinstance(blob, bytes) or len(blob) < 1 + NONCE_BYTES + TAG_BYTES or blob[0] != VERSION:
            raise SealError("malformed blob")
        try:
            return self._aead.decrypt(blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :], associated)
        except InvalidTag:
            raise SealError("authentication failed") from None


def nonce_of(blob: bytes) -> bytes:
    return blob[1 : 1 + NONCE_BYTES]


class Vault:
    """The keys opened by the passphrase."""

    __slots__ = ("records", "wrapper")

    def __init__(self, vault_key: bytes) -> None:
        self.wrapper = Sealer(subkey(vault_key, "session keys"))
        self.records = Sealer(subkey(vault_key, "records"))

    @staticmethod
    def seal_vault_key(vault_key: bytes, kek: bytes, params: KdfParams) -> bytes:
        return Sealer(kek).seal(vault_key, aad("vault", params.to_json()))

    @classmethod
    def unlock(cls, sealed: bytes, kek: bytes, params: KdfParams) -> tuple[Vault, bytes]:
        """The vault and its raw key; SealError when the passphrase (KEK) is wrong."""
        vault_key = Sealer(kek).open(sealed, aad("vault", params.to_json()))
        if len(vault_key) != KEY_BYTES:
            raise SealError("malformed vault key")
        return cls(vault_key), vault_key


class SessionKeys:
    """One session's keys, from its data key."""

    __slots__ = ("_tag_key", "sealer")

    def __init__(self, data_key: bytes) -> None:
        self.sealer = Sealer(subkey(data_key, "session data"))
        self._tag_key = subkey(data_key, "row tags")

    def tag(self, node_id: str) -> bytes:
        """The row key of a node's answer: HMAC of the node id, so the id itself is not on disk."""
        return hmac.new(self._tag_key, node_id.encode("utf-8"), hashlib.sha256).digest()[:ROW_TAG_BYTES]
