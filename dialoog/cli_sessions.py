"""`dialoog sessions [--data-dir D] [--json]`: the saved sessions of a store, headless, so that one can be named to
`dialoog forget SESSION` (or `report`, `share`). Needs no passphrase: what it lists is what the store shows without
one (id, date, flow, finished; no role, no answers, no counts)."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO

EXIT_OK, EXIT_PROBLEMS = 0, 1


def cmd_sessions(args: Any) -> int:
    return sessions_command(args.sessions_data_dir or args.data_dir, args.json)


def sessions_command(data_dir: str | os.PathLike[str] | None, as_json: bool, stdout: TextIO | None = None,
                     stderr: TextIO | None = None) -> int:
    """List the sessions of the store at `data_dir`, the most recently saved first."""
    from dialoog.i18n import UI, resolve_language
    from dialoog.store.errors import StoreError
    from dialoog.store.paths import resolve_data_dir
    from dialoog.store.store import Store
    from dialoog.terminal import safe_json, safe_text

    out, err = stdout or sys.stdout, stderr or sys.stderr
    ui = UI(resolve_language())
    infos: list[Any] = []
    if Store.exists(data_dir):
        try:
            with Store.open(data_dir, None, create=False) as store:
                infos = sorted(store.sessions(), key=lambda i: (-i.updated.timestamp(), i.id))
        except StoreError as exc:
            print(safe_text(exc.message), file=err)
            return EXIT_PROBLEMS
    if as_json:
        rows = [{"id": i.id, "date": i.updated.isoformat(timespec="seconds"), "flow": i.flow,
                 "finished": i.finished, "damaged": i.damaged} for i in infos]
        print(safe_json(json.dumps({"sessions": rows}, ensure_ascii=False, indent=2)), file=out)
        return EXIT_OK
    if not infos:
        print(ui._("Nothing is saved in {folder}.", folder=resolve_data_dir(data_dir)), file=out)
        return EXIT_OK
    head = (ui._("session"), ui._("date"), ui._("flow"), ui._("finished"))
    rows_text = [
        (i.id, i.updated.astimezone().strftime("%Y-%m-%d %H:%M"), i.flow,
         ui._("damaged") if i.damaged else ui._("yes") if i.finished else ui._("no"))
        for i in infos
    ]
    widths = [max(len(str(r[c])) for r in [head, *rows_text]) for c in range(4)]
    for row in [head, *rows_text]:
        print(safe_text("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()), file=out)
    return EXIT_OK
