"""Child process of the kill -9 harness: open the store, then save answers until killed.

    crash_child.py DATA_DIR WORKER RUN [create]

Prints `ready SID` once the store is open (and the session loaded and checked), then
`ack SID KEY` after each `save` has returned. The parent kills it with SIGKILL.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_helpers import PASS, crash_value, make_state

from dialoog.store import FAST_KDF, Store

MAX_ANSWERS = 120


def main() -> int:
    data_dir, worker, run = sys.argv[1:4]
    create = sys.argv[4:5] == ["create"]  # a first start: the store may not be there yet
    flow = f"crash{worker}"
    store = Store.open(data_dir, PASS, create=create, kdf=FAST_KDF if create else None)
    mine = [i for i in store.sessions(unfinished_only=True) if i.flow == flow]
    if mine:
        sid = mine[0].id
        state = store.load(sid)
        for key, value in state["answers"].items():
            if value != crash_value(key):
                print(f"answer {key} of {sid} came back wrong", file=sys.stderr)
                return 3
    else:
        sid = store.new_session(flow, "h" * 64, "nl")
        state = make_state(flow=flow, flow_hash="h" * 64)
    print(f"ready {sid}", flush=True)
    i = 0
    while True:
        key = f"r{run}-{i}"
        state["answers"][key] = crash_value(key)
        state["history"].append([key, "answer", None, None])
        state["drafts"] = {"next": f"draft after {key}"}
        state["node"] = key
        state["finished"] = len(state["answers"]) >= MAX_ANSWERS
        store.save(sid, state)
        sys.stdout.write(f"ack {sid} {key}\n")
        sys.stdout.flush()
        if state["finished"]:
            sid = store.new_session(flow, "h" * 64, "nl")
            state = make_state(flow=flow, flow_hash="h" * 64)
        i += 1


if __name__ == "__main__":
    sys.exit(main())
