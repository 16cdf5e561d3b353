"""Checking SQLite's write-ahead log before SQLite recovers it, so that damage to it is seen, kept and told.

SQLite reads the log (`store.sqlite-wal`) frame by frame when the first connection opens after a crash, and
treats the first frame that does not check (a wrong checksum or salt, a missing page number) as the end of
the log: every save after it is dropped without a word, and closing then checkpoints what is left and
deletes the log. That is by design (a torn write at a power cut looks the same), but for dialoog it means a
single damaged byte loses acknowledged answers silently. So before SQLite sees the log, `inspect` reads it
the way SQLite will (https://www.sqlite.org/fileformat2.html#walformat) and says what SQLite would drop:

- a 32-byte header: magic 0x377f0682 (checksums over little-endian words) or 0x377f0683 (big-endian), format
  3007000, page size, checkpoint sequence, two salts, and a checksum over the first 24 bytes;
- frames of a 24-byte header (page number, database size after a commit or 0, the two salts, a checksum that
  runs on from the previous frame over the first 8 header bytes and the page) and one page each;
- SQLite keeps the frames up to the last commit frame before the first frame that does not check.

Frames after that point that carry the log's current salts were written in this generation of the log, so
they are saves that will not be read back (older frames, left from before the log was restarted, carry other
salts and are not lost: they were copied into the database already). A frame cut short counts as at least
one lost save. The log's index (`-shm`), which a crashed process leaves behind, is a second witness: its
header (two equal copies with a checksum, in the machine's byte order) says how many frames the log held.
When the log has fewer valid frames than that (it was cut short or emptied), saves were lost even though the
frames themselves are gone.

This module reads files and computes; it changes nothing. `Store.open` keeps a copy and reports.
"""

from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAGIC_LE, MAGIC_BE = 0x377F0682, 0x377F0683
WAL_VERSION = 3007000
HEADER_BYTES = 32
FRAME_HEADER_BYTES = 24
SHM_HEADER_BYTES = 48
_MASK = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class WalLoss:
    """What SQLite would not read back from a damaged log."""

    lost: int
    """Saves (committed transactions: one per answer saved) that will not be read back."""
    exact: bool
    """False: frames are missing from the file, so at least `lost` saves (maybe more) are gone."""
    reason: str
    kept: Path | None = None
    """Where the copy of the damaged log (with its database) was kept."""

    @property
    def message(self) -> str:
        """English, for the command line; the terminal app says it in the user's language."""
        many = f"{'' if self.exact else 'at least '}{self.lost} saved step{'' if self.lost == 1 else 's'}"
        kept = f" A copy was kept as {self.kept}." if self.kept is not None else ""
        return (f"The log of the latest saves was damaged ({self.reason}): {many} could not be read back "
                f"and {'is' if self.lost == 1 and self.exact else 'are'} missing from your saved answers.{kept}")


def checksum(data: bytes | memoryview, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    """SQLite's WAL checksum of `data` (a multiple of 8 bytes), running on from (s0, s1)."""
    count = len(data) // 4
    words = struct.unpack(f"{'>' if big_endian else '<'}{count}I", data[: count * 4])
    for x0, x1 in zip(words[0::2], words[1::2], strict=True):
        s0 = (s0 + x0 + s1) & _MASK
        s1 = (s1 + x1 + s0) & _MASK
    return s0, s1


@dataclass(frozen=True, slots=True)
class _Header:
    big_endian: bool
    page_size: int
    salts: bytes
    s0: int
    s1: int


def _header(raw: bytes) -> _Header | None:
    if len(raw) < HEADER_BYTES:
        return None
    magic, version, page_size = struct.unpack(">III", raw[:12])
    if magic not in (MAGIC_LE, MAGIC_BE) or version != WAL_VERSION:
        return None
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return None
    big = magic == MAGIC_BE
    s0, s1 = struct.unpack(">II", raw[24:32])
    if checksum(raw[:24], big) != (s0, s1):
        return None
    return _Header(big, page_size, raw[16:24], s0, s1)


def pages(log: Path, max_frames: int) -> set[int] | None:
    """The page numbers of every frame in the log (valid or not: only the frame headers are read); an empty
    set for no log or an empty one, None when it cannot be read as a log or holds more than `max_frames`."""
    try:
        with open(log, "rb", buffering=0) as fh:  # a regular file: Store.open refused anything else
            raw = fh.read(HEADER_BYTES)
            if not raw:
                return set()
            if len(raw) < HEADER_BYTES or int.from_bytes(raw[:4], "big") not in (MAGIC_LE, MAGIC_BE):
                return None
            page_size = int.from_bytes(raw[8:12], "big")
            page_size = 65536 if page_size == 1 else page_size
            if page_size < 512 or page_size & (page_size - 1):
                return None
            frame_bytes = FRAME_HEADER_BYTES + page_size
            size = os.fstat(fh.fileno()).st_size
            if (size - HEADER_BYTES) // frame_bytes > max_frames:
                return None  # not worth reading frame by frame: the ordinary checks decide
            found = set()
            for offset in range(HEADER_BYTES, size - FRAME_HEADER_BYTES + 1, frame_bytes):
                fh.seek(offset)
                found.add(int.from_bytes(fh.read(4), "big"))  # a log cut meanwhile gives a short read
            return found
    except FileNotFoundError:
        return set()
    except OSError:
        return None


def _db_page_size(db: Path) -> int | None:
    try:
        with open(db, "rb") as fh:
            head = fh.read(18)
    except OSError:
        return None
    if len(head) < 18:
        return None
    size = struct.unpack(">H", head[16:18])[0]
    size = 65536 if size == 1 else size
    return size if 512 <= size <= 65536 and not size & (size - 1) else None


@dataclass(frozen=True, slots=True)
class _Witness:
    frames: int
    salts: bytes


def _witness(shm: Path) -> _Witness | None:
    """mxFrame and the salts from the log index a crashed process left, if its header is whole."""
    try:
        with open(shm, "rb") as fh:
            raw = fh.read(2 * SHM_HEADER_BYTES)
    except OSError:
        return None
    if len(raw) < 2 * SHM_HEADER_BYTES or raw[:SHM_HEADER_BYTES] != raw[SHM_HEADER_BYTES:]:
        return None
    order = "<" if sys.byteorder == "little" else ">"
    version, = struct.unpack(order + "I", raw[:4])
    is_init = raw[12]
    if version != WAL_VERSION or is_init != 1:
        return None
    cks = struct.unpack(order + "II", raw[40:48])
    count = 40 // 4
    words = struct.unpack(f"{order}{count}I", raw[:40])
    s0 = s1 = 0
    for x0, x1 in zip(words[0::2], words[1::2], strict=True):
        s0 = (s0 + x0 + s1) & _MASK
        s1 = (s1 + x1 + s0) & _MASK
    if (s0, s1) != cks:
        return None
    mx_frame, = struct.unpack(order + "I", raw[16:20])
    return _Witness(mx_frame, raw[32:40])


def inspect(db: Path) -> WalLoss | None:
    """What SQLite would drop from the log next to `db` when it recovers it; None when it drops no save.

    Call it only while no other process has the database open (the log may be growing otherwise).
    """
    wal = db.with_name(db.name + "-wal")
    shm = db.with_name(db.name + "-shm")
    try:
        size = wal.stat().st_size
    except OSError:
        size = 0
    witness = _witness(shm)
    if size == 0 and (witness is None or witness.frames == 0):
        return None
    try:
        with open(wal, "rb") as fh:
            head = fh.read(HEADER_BYTES)
            header = _header(head)
            page_size = header.page_size if header is not None else _db_page_size(db)
            if page_size is None:
                return _from_witness(witness, "the log's header is damaged") if witness else None
            return _scan(fh, size, header, page_size, witness)
    except FileNotFoundError:
        return _from_witness(witness, "the log is missing") if witness else None
    except OSError as exc:
        return WalLoss(1, False, f"the log cannot be read: {exc.strerror or exc}")


def _from_witness(witness: _Witness, reason: str) -> WalLoss | None:
    """No frame of the log can be read, but the index says it held `witness.frames` committed frames."""
    return WalLoss(1, False, reason) if witness.frames > 0 else None


def _scan(fh: BinaryIO, size: int, header: _Header | None, page_size: int, witness: _Witness | None) -> WalLoss | None:
    """Read the frames one by one as SQLite's recovery does; what it would drop."""
    frame_bytes = FRAME_HEADER_BYTES + page_size
    body = max(0, size - HEADER_BYTES)
    full = body // frame_bytes
    cut = body % frame_bytes  # bytes of a frame cut short at the end
    salts = header.salts if header is not None else None
    s0, s1 = (header.s0, header.s1) if header is not None else (0, 0)
    big = header.big_endian if header is not None else sys.byteorder == "big"
    kept = 0  # frames SQLite keeps (up to its last valid commit)
    failed: int | None = None if header is not None else 0  # index of the first frame that does not check
    last_current = -1  # the last frame written in this generation of the log
    commits: list[int] = []  # indexes of the commit frames
    for index in range(full):
        frame = fh.read(frame_bytes)
        if len(frame) < frame_bytes:  # pragma: no cover - the file shrank while being read
            full, cut = index, len(frame)
            break
        page_no, commit = struct.unpack(">II", frame[:8])
        frame_salts = frame[8:16]
        if salts is None:
            salts = frame_salts  # no valid header: the first frame says which generation is current
        if frame_salts[:4] == salts[:4] or frame_salts[4:] == salts[4:]:
            # this generation of the log: both salts equal, or one (a frame from before a restart of the log
            # has both different: the first salt goes up by one and the second is new; one equal is damage)
            last_current = index
        if failed is None:
            expected = struct.unpack(">II", frame[16:24])
            s0, s1 = checksum(frame[:8], big, s0, s1)
            s0, s1 = checksum(memoryview(frame)[FRAME_HEADER_BYTES:], big, s0, s1)
            if frame_salts != salts or page_no == 0 or (s0, s1) != expected:
                failed = index
            elif commit:
                kept = index + 1
        if commit:
            commits.append(index)
    if witness is not None and (salts is None or witness.salts == salts):
        # The index is the better witness: it knew the last commit. Anything after it was never acknowledged
        # (a transaction cut off by a crash or a full disk); anything up to it that SQLite will not keep is lost.
        if witness.frames <= kept:
            return None
        lost = sum(1 for i in commits if kept <= i < witness.frames)
        exact = witness.frames <= full
        if witness.frames > full:
            reason = "the log was cut short" if full or cut else "the log was emptied"
        elif header is None:
            reason = "the log's header is damaged"
        else:
            reason = "a saved step in the log does not check"
        return WalLoss(max(lost, 1), exact, reason)
    # No index to ask: frames of this generation of the log after the first one that does not check are lost.
    lost = sum(1 for i in commits if failed is not None and failed <= i <= last_current)
    damaged = failed is not None and failed <= last_current
    reason = "the log's header is damaged" if header is None else "a saved step in the log does not check"
    exact = True
    if cut and header is not None:  # SQLite writes whole frames: the file lost its end (or a write was torn)
        damaged, exact = True, False
        reason = "the log was cut short"
    if not damaged:
        return None
    return WalLoss(max(lost, 1), exact, reason)
