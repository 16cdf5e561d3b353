"""My scans: the saved sessions of a store as the start screen lists them, once the passphrase opened it.

    scan_rows(keeper, root, lang) -> [ScanRow]   (newest first)

A row says when the session was last saved, which flow (its title) and which role the person chose (the intake's
answer in words: decrypted, so only after the passphrase), and whether it is finished. A session whose saved
state cannot be read back (changed outside dialoog, or made by content that no longer has its flow) is listed as
damaged and never offered. No UI here; the terminal app draws the rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialoog.flow.model import Flow
    from dialoog.keeping.keeper import Keeper


@dataclass(frozen=True, slots=True)
class ScanRow:
    id: str
    flow: str
    title: str
    """The flow's title in the language asked (its id when the content no longer has it)."""
    role: str
    """The role the person chose, in words ("" when not answered, or declined)."""
    updated: dt.datetime
    finished: bool
    damaged: bool = False
    previous: str | None = None
    """The previous finished scan this one is a repeat of (`Session.previous`), if any."""

    @property
    def when(self) -> str:
        """The date and time it was last saved, in local time."""
        return self.updated.astimezone().strftime("%Y-%m-%d %H:%M")


def scan_rows(keeper: Keeper, root: Path | None, lang: str) -> list[ScanRow]:
    """Every saved session of the keeper's store, the most recently saved first (decrypts each one's state)."""
    from dialoog.flow.library import load_library
    from dialoog.locations import content_root
    from dialoog.render import texts_for

    lib: Any = None
    flows: dict[str, Flow | None] = {}
    texts = texts_for(lang, root)
    rows: list[ScanRow] = []
    for info in keeper.sessions():
        flow = flows.get(info.flow)
        if info.flow not in flows:
            try:
                lib = lib or load_library(root or content_root())
                flow = lib.flow(info.flow)
            except Exception:  # noqa: BLE001 - content without that flow (or broken): the row cannot be opened
                flow = None
            flows[info.flow] = flow
        title = texts.t(flow.title) if flow is not None else info.flow
        if info.damaged or flow is None:
            rows.append(ScanRow(info.id, info.flow, title, "", info.updated, info.finished, damaged=True))
            continue
        try:
            state = keeper.store.load(info.id)
        except Exception:  # noqa: BLE001 - TamperedData and the like: shown as damaged, not offered
            rows.append(ScanRow(info.id, info.flow, title, "", info.updated, info.finished, damaged=True))
            continue
        previous = state.get("previous")
        rows.append(ScanRow(info.id, info.flow, title, _role(flow, state, texts.t), info.updated, info.finished,
                            previous=previous if isinstance(previous, str) and previous else None))
    return rows


def _role(flow: Flow, state: dict[str, Any], t: Any) -> str:
    answers = state.get("answers")
    node = flow.nodes.get(flow.role_question)
    if node is None or not isinstance(answers, dict):
        return ""
    value = answers.get(node.id)
    option = node.option(value) if isinstance(value, str) else None
    return str(t(option.label)) if option is not None else ""


__all__ = ["ScanRow", "scan_rows"]
