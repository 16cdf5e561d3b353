"""When the process began to start the conversation (imported first by `run`)."""

from __future__ import annotations

from time import perf_counter

START = perf_counter()
"""`perf_counter()` when this module was first imported."""
