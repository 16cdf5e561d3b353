"""Helpers for the serve tests: a free loopback port, and `dialoog serve` as a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(*args: str, data: Path, env: dict[str, str] | None = None) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`dialoog serve ARGS` running on a free loopback port; yields the process and its address."""
    port = free_port()
    environ = {**os.environ, "DIALOOG_DATA_DIR": str(data), "DIALOOG_LANG": "nl", **(env or {})}
    proc = subprocess.Popen([sys.executable, "-m", "dialoog", "serve", "--port", str(port), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url, timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"dialoog serve did not start: {proc.communicate()}") from None
                time.sleep(0.1)
        yield proc, url
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
