"""The audit log: append-only JSON Lines, each entry chained to the one before by SHA-256.

Every line is ``{"prev":"<64 hex>","hash":"<64 hex>","entry":{…}}`` with ``hash =
sha256(prev + entry)`` over the exact bytes of the entry as written, so verifying needs no
JSON parsing and any edit, deletion, insertion or reordering breaks the chain at a named
entry. Files rotate by size (``audit-000001.jsonl``, ``audit-000002.jsonl``…) and the chain
runs on across them. The head (hash and count) is checkpointed in the state store after each
append, inside the caller's transaction when there is one (a journal step and its audit
entry commit together), so cutting entries off the tail is detected too.

Appends from several processes are serialised by ``flock`` on ``.lock`` in the directory. A
partial last line (a crash mid-write: its append never returned, so no checkpoint counts it) is
cut before the next append.
Events are scrubbed of secrets (``redact.py``) before they are written.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import hashlib
import json
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxgate.clock import Clock, SystemClock
from cxgate.records.redact import Redactor
from cxgate.state.records import Checkpoint
from cxgate.state.store import StateStore

__all__ = [
    "DEFAULT_MAX_BYTES",
    "GENESIS",
    "AuditEntry",
    "AuditLog",
    "Verdict",
    "epoch",
    "iso",
]

GENESIS = "0" * 64
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
_PREV = slice(9, 73)
_HASH = slice(83, 147)
_HEAD, _MID, _TAIL = b'{"prev":"', b'","hash":"', b'","entry":'
_ENTRY_AT = 157
_TAIL_READ = 65_536


@functools.lru_cache(maxsize=1024)
def _iso_ms(ms: int) -> str:
    stamp = dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def iso(seconds: float) -> str:
    """UTC ISO-8601 with milliseconds and ``Z``, as the log and the payloads write times."""
    return _iso_ms(int(seconds * 1000))


def epoch(stamp: str) -> float:
    """Seconds of an ``iso`` time (NaN when it is not one, so no range contains it)."""
    try:
        return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return float("nan")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One parsed entry: where it sits and what it says."""

    file: str
    line: int
    hash: str
    data: Mapping[str, Any]

    @property
    def seq(self) -> int:
        return int(self.data.get("seq", 0))


@dataclass(frozen=True, slots=True)
class Verdict:
    """What ``verify`` found: ``ok``, how many entries, the head, and the first bad entry."""

    ok: bool
    count: int
    head: str
    problem: str = ""
    file: str = ""
    line: int = 0
    entry: int = 0  # 1-based position in the chain of the first bad entry

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "count": self.count,
            "head": self.head,
            "problem": self.problem or None,
            "file": self.file or None,
            "line": self.line or None,
            "entry": self.entry or None,
        }


class AuditLog:
    """The hash-chained log in ``directory``; see the module docstring."""

    def __init__(
        self,
        directory: Path,
        *,
        store: StateStore | None = None,
        checkpoint: str = "audit",
        max_bytes: int = DEFAULT_MAX_BYTES,
        redactor: Redactor | None = None,
        clock: Clock | None = None,
        fsync: bool = True,
    ) -> None:
        self.directory = directory
        self.store = store
        self.checkpoint_name = checkpoint
        self.max_bytes = max_bytes
        self.redactor = redactor or Redactor()
        self.clock: Clock = clock or (store.clock if store is not None else SystemClock())
        self.fsync = fsync
        self._lock = threading.Lock()
        self._cache: tuple[Path, int, str, int] | None = None  # file, size, head, count
        self._fd = self._lock_handle = self._fd_ino = -1
        self._fd_path: Path | None = None
        self._fd_name = self._next_name = ""

    # -- writing -----------------------------------------------------------------------------

    def append(self, *events: Mapping[str, Any]) -> int:
        """Write ``events`` (scrubbed, numbered, stamped) at the end of the chain; the number
        (``seq``) of the last one."""
        if not events:
            return 0
        with self._lock:
            lock = self._lock_fd()
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                return self._append(events)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _append(self, events: Sequence[Mapping[str, Any]]) -> int:
        path, size, head, count = self._tail()
        chunk: list[bytes] = []
        pending = 0
        now = iso(self.clock.time())
        for event in events:
            count += 1
            raw = self.redactor.json({"seq": count, "at": now, **event})
            digest = hashlib.sha256(head.encode("ascii") + raw).hexdigest()
            line = b"".join(
                (_HEAD, head.encode("ascii"), _MID, digest.encode(), _TAIL, raw, b"}\n")
            )
            if size + pending and size + pending + len(line) > self.max_bytes:
                size = self._write(path, chunk, size)
                chunk, pending, path, size = [], 0, _next_file(path), 0
            chunk.append(line)
            pending += len(line)
            head = digest
        size = self._write(path, chunk, size)
        self._cache = (path, size, head, count)
        if self.store is not None:
            at = self.clock.time()
            self.store.set_checkpoint(Checkpoint(self.checkpoint_name, head, count, at))
        return count

    def sync(self) -> None:
        """Flush what was appended to disk (appends made with ``fsync=False``)."""
        if self._fd >= 0:
            os.fsync(self._fd)

    def close(self) -> None:
        """Close the open files (the log reopens them on the next append)."""
        with self._lock:
            for fd in (self._fd, self._lock_handle):
                if fd >= 0:
                    os.close(fd)
            self._fd = self._lock_handle = -1
            self._fd_path, self._cache = None, None

    def _lock_fd(self) -> int:
        if self._lock_handle < 0:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._lock_handle = os.open(self.directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        return self._lock_handle

    def _write(self, path: Path, chunk: Sequence[bytes], size: int) -> int:
        if not chunk:
            return size
        if self._fd_path != path:
            if self._fd >= 0:
                os.close(self._fd)
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            self._fd_path, self._fd_name = path, str(path)
            self._fd_ino = os.fstat(self._fd).st_ino
            self._next_name = str(_next_file(path))
        data = b"".join(chunk)
        os.write(self._fd, data)
        if self.fsync:
            os.fsync(self._fd)
        return size + len(data)

    def _tail(self) -> tuple[Path, int, str, int]:
        """The file to append to, its size, the head hash and the count (cached while no
        other process wrote: same file, same size, no newer file)."""
        cached = self._cache
        if cached is not None and cached[0] == self._fd_path:
            try:
                found = os.stat(self._fd_name)
            except FileNotFoundError:
                found = None
            if (
                found is not None
                and found.st_ino == self._fd_ino
                and found.st_size == cached[1]
                and not os.path.exists(self._next_name)
            ):
                return cached
        files = self.files()
        if not files:
            return self.directory / "audit-000001.jsonl", 0, GENESIS, 0
        path = files[-1]
        _drop_torn_tail(path)
        last = _last_line(path)
        if last is None:  # an empty file: the chain ends in the one before
            before = _last_line(files[-2]) if len(files) > 1 else None
            head, count = _head_of(before) if before else (GENESIS, 0)
            return path, _size(path), head, count
        head, count = _head_of(last)
        return path, _size(path), head, count

    # -- reading -----------------------------------------------------------------------------

    def files(self) -> list[Path]:
        """The log's files, oldest first."""
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob("audit-*.jsonl"))

    def entries(self) -> Iterator[AuditEntry]:
        """Every entry, parsed, in order (lines that are not JSON are skipped: verify says)."""
        for path in self.files():
            with path.open("rb") as handle:
                for number, line in enumerate(handle, 1):
                    try:
                        parsed = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(parsed, dict) and isinstance(parsed.get("entry"), dict):
                        yield AuditEntry(
                            path.name, number, str(parsed.get("hash")), parsed["entry"]
                        )

    def verify(self) -> Verdict:
        """Walk the whole chain and the checkpoint; the first bad entry, if any."""
        mark = self.store.checkpoint(self.checkpoint_name) if self.store is not None else None
        head, count = GENESIS, 0
        for path in self.files():
            with path.open("rb") as handle:
                for number, line in enumerate(handle, 1):
                    count += 1
                    problem = _check(line, head)
                    if problem:
                        return Verdict(False, count - 1, head, problem, path.name, number, count)
                    head = line[_HASH].decode("ascii")
                    if mark is not None and count == mark.count and head != mark.head:
                        problem = (
                            f"entry {count} is not the one the state store's checkpoint "
                            f"recorded (head {mark.head[:12]}…): the log was rewritten"
                        )
                        return Verdict(False, count, head, problem, path.name, number, count)
        if mark is not None and count < mark.count:
            problem = (
                f"the log ends at entry {count} but the state store's checkpoint records "
                f"{mark.count} entries: entries {count + 1}–{mark.count} were cut off"
            )
            return Verdict(False, count, head, problem, entry=count + 1)
        return Verdict(True, count, head)


def _check(line: bytes, head: str) -> str:
    """Why ``line`` does not continue a chain whose head is ``head`` ('' when it does)."""
    well_formed = (
        line.startswith(_HEAD)
        and line[73:83] == _MID
        and line[147:_ENTRY_AT] == _TAIL
        and line.endswith(b"}\n")
    )
    if not well_formed:
        return "the line is not an audit entry as written (edited, or a partial write)"
    raw = line[_ENTRY_AT:-2]
    prev = line[_PREV]
    if hashlib.sha256(prev + raw).hexdigest().encode("ascii") != line[_HASH]:
        return "its content does not match its hash (the entry was edited)"
    if prev.decode("ascii") != head:
        if head == GENESIS:
            return "the chain does not start here (entries before it were removed)"
        return (
            "it does not follow the entry before it (an entry was deleted, inserted or moved here)"
        )
    return ""


def _head_of(line: bytes) -> tuple[str, int]:
    parsed = json.loads(line)
    return str(parsed["hash"]), int(parsed["entry"]["seq"])


def _drop_torn_tail(path: Path) -> None:
    """Cut a partial last line (a write a crash or a full disk interrupted). Its append never
    returned, so no checkpoint counts it: removing it keeps the chain whole."""
    with path.open("rb+") as handle:
        end = handle.seek(0, os.SEEK_END)
        if end == 0:
            return
        handle.seek(end - 1)
        if handle.read(1) == b"\n":
            return
        back = min(end, _TAIL_READ)
        while True:
            handle.seek(end - back)
            cut = handle.read(back).rfind(b"\n")
            if cut >= 0 or back == end:
                handle.truncate(end - back + cut + 1 if cut >= 0 else 0)
                return
            back = min(end, back * 2)


def _last_line(path: Path) -> bytes | None:
    """The last complete line of ``path`` (None when empty)."""
    with path.open("rb") as handle:
        end = handle.seek(0, os.SEEK_END)
        back = min(end, _TAIL_READ)
        while True:
            handle.seek(end - back)
            data = handle.read(back)
            lines = data.rstrip(b"\n").split(b"\n")
            if len(lines) > 1 or back == end:
                return lines[-1] + b"\n" if lines[-1] else None
            back = min(end, back * 2)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _next_file(path: Path) -> Path:
    number = int(path.stem.split("-")[1]) + 1
    return path.with_name(f"audit-{number:06d}.jsonl")
