"""A damaged write-ahead log found at start-up: the terminal app says so at once, in the user's language."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from dialoog.store import FAST_KDF, Store, moved_aside

from ._textual_harness import notifications
from .conftest import begin, make_app, until

PASS = "correct horse battery"
REPO = Path(__file__).resolve().parents[2]
CHILD = """
import os, signal, sys
from dialoog.store import Store
store = Store.open(sys.argv[1], sys.argv[2], create=False)
sid = store.new_session("tui", "h" * 64, "nl")
state = {"answers": {}, "history": [], "flow": "tui"}
for i in range(12):
    state["answers"][f"q{i}"] = f"answer {i}"
    store.save(sid, state)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _crashed_with_a_damaged_log(folder: Path) -> None:
    Store.open(folder, PASS, kdf=FAST_KDF).close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIALOOG_")}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, "-c", CHILD, str(folder), PASS], env=env, timeout=60)
    assert done.returncode == -signal.SIGKILL
    log = folder / "store.sqlite-wal"
    data = bytearray(log.read_bytes())
    data[len(data) // 2] ^= 0x10  # one bit, in the middle of the log
    log.write_bytes(bytes(data))


async def test_a_damaged_log_is_told_at_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _crashed_with_a_damaged_log(data)
    app = make_app("nl", use_store=True, data_dir=data, kdf=FAST_KDF, passphrase=PASS)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await until(pilot, lambda: any("beschadigd" in n.message for n in notifications(app)), "the notice")
        text = next(n.message for n in notifications(app) if "beschadigd" in n.message)
        assert "bewaarde stappen konden niet worden teruggelezen" in text
        assert "Er is een kopie bewaard als" in text and "store.corrupt-" in text
    assert len([p for p in moved_aside(data) if p.suffix == ".sqlite"]) == 1
