"""Limits of the live listener: request sizes, the rate per device and the number of participants."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_BODY_BYTES = 2048
"""The largest request body (a vote form is about 100 bytes); larger is refused with 413."""
MAX_FIELD_BYTES = 4096
"""The longest request line and header field; longer is refused by the HTTP parser (400/431)."""
MAX_HEADERS = 40
"""The most header fields in one request."""
DEFAULT_MAX_PARTICIPANTS = 300
"""Devices that may take part in one session (`--max-participants`)."""
MAX_PARTICIPANTS_LIMIT = 10_000
"""The largest cap one may ask for."""


@dataclass(frozen=True, slots=True)
class Rate:
    """A token bucket: `burst` requests at once, then `per_second` on average."""

    burst: float = 20.0
    per_second: float = 5.0


DEVICE_RATE = Rate(burst=20.0, per_second=5.0)
"""One device: a page refresh every few seconds and a few votes is far below it; 1,000 a second is not."""


class Bucket:
    __slots__ = ("level", "stamp")

    def __init__(self, level: float, stamp: float) -> None:
        self.level = level
        self.stamp = stamp


class RateLimiter:
    """Per-key token buckets; keys are device ids (no IP addresses are kept)."""

    def __init__(self, rate: Rate = DEVICE_RATE, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 20_000) -> None:
        self.rate = rate
        self._clock = clock
        self._buckets: dict[str, Bucket] = {}
        self._max_keys = max_keys

    def allow(self, key: str) -> bool:
        """Whether a request of `key` may go on now (and count it)."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self._max_keys:
                self._buckets.clear()  # bounded memory; the cap on participants keeps this rare
            bucket = self._buckets[key] = Bucket(self.rate.burst, now)
        bucket.level = min(self.rate.burst, bucket.level + (now - bucket.stamp) * self.rate.per_second)
        bucket.stamp = now
        if bucket.level < 1.0:
            return False
        bucket.level -= 1.0
        return True
