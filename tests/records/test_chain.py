"""The audit chain: every kind of tampering is detected and the first bad entry is named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxgate.clock import FakeClock
from cxgate.records.chain import GENESIS, AuditLog
from cxgate.state.sqlite import SqliteStore


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    opened = SqliteStore.open(tmp_path / "state", FakeClock())
    yield opened  # type: ignore[misc]
    opened.close()


def _log(tmp_path: Path, store: SqliteStore | None = None, **kw: object) -> AuditLog:
    return AuditLog(tmp_path / "audit", store=store, clock=FakeClock(), fsync=False, **kw)  # type: ignore[arg-type]


def _fill(log: AuditLog, n: int) -> None:
    for i in range(n):
        log.append({"type": "step", "object": {"kind": "queue", "name": f"Q{i}"}})


def _lines(log: AuditLog) -> list[bytes]:
    return [line for f in log.files() for line in f.read_bytes().splitlines(keepends=True)]


def _rewrite(log: AuditLog, lines: list[bytes]) -> None:
    (file,) = log.files()
    file.write_bytes(b"".join(lines))


def test_a_clean_log_verifies_and_numbers_entries(tmp_path: Path, store: SqliteStore) -> None:
    log = _log(tmp_path, store)
    _fill(log, 5)
    verdict = log.verify()
    assert verdict.ok
    assert verdict.count == 5
    assert [e.seq for e in log.entries()] == [1, 2, 3, 4, 5]
    first = json.loads(_lines(log)[0])
    assert first["prev"] == GENESIS
    assert store.checkpoint("audit") is not None
    assert store.checkpoint("audit").count == 5  # type: ignore[union-attr]


def test_an_edited_entry_is_named(tmp_path: Path) -> None:
    log = _log(tmp_path)
    _fill(log, 5)
    lines = _lines(log)
    lines[2] = lines[2].replace(b"Q2", b"QX")
    _rewrite(log, lines)
    verdict = log.verify()
    assert not verdict.ok
    assert verdict.entry == 3
    assert verdict.line == 3
    assert "edited" in verdict.problem


@pytest.mark.parametrize(
    ("tamper", "bad"),
    [
        (lambda ls: ls[:2] + ls[3:], 3),  # deletion: entry 4 now sits third
        (lambda ls: [*ls[:2], ls[4], *ls[2:]], 3),  # insertion of a copy
        (lambda ls: [ls[0], ls[2], ls[1], *ls[3:]], 2),  # reordering
        (lambda ls: ls[1:], 1),  # the first entry removed
    ],
    ids=["delete", "insert", "reorder", "drop-first"],
)
def test_deletion_insertion_and_reordering_are_named(
    tmp_path: Path, tamper: object, bad: int
) -> None:
    log = _log(tmp_path)
    _fill(log, 5)
    _rewrite(log, tamper(_lines(log)))  # type: ignore[operator]
    verdict = log.verify()
    assert not verdict.ok
    assert verdict.entry == bad


def test_a_cut_tail_is_caught_by_the_checkpoint(tmp_path: Path, store: SqliteStore) -> None:
    log = _log(tmp_path, store)
    _fill(log, 5)
    _rewrite(log, _lines(log)[:3])
    verdict = log.verify()
    assert not verdict.ok
    assert verdict.entry == 4
    assert "cut off" in verdict.problem
    assert _log(tmp_path).verify().ok  # without the store the shorter chain is consistent


def test_a_recomputed_chain_disagrees_with_the_checkpoint(
    tmp_path: Path, store: SqliteStore
) -> None:
    log = _log(tmp_path, store)
    _fill(log, 3)
    forged = tmp_path / "forged"
    other = AuditLog(forged, clock=FakeClock(), fsync=False)
    other.append({"type": "step", "object": {"kind": "queue", "name": "Q0"}})
    other.append({"type": "step", "object": {"kind": "queue", "name": "forged"}})
    other.append({"type": "step", "object": {"kind": "queue", "name": "Q2"}})
    _rewrite(log, _lines(other))
    verdict = log.verify()
    assert not verdict.ok
    assert verdict.entry == 3
    assert "rewritten" in verdict.problem


def test_rotation_keeps_the_chain_across_files(tmp_path: Path, store: SqliteStore) -> None:
    log = _log(tmp_path, store, max_bytes=600)
    _fill(log, 12)
    files = log.files()
    assert len(files) >= 3
    assert log.verify().ok
    assert log.verify().count == 12
    fresh = _log(tmp_path, store, max_bytes=600)  # another process picks up the head
    fresh.append({"type": "later"})
    assert fresh.verify().count == 13
    assert log.verify().ok
    second = files[1].read_bytes().splitlines(keepends=True)
    files[1].unlink()
    verdict = log.verify()
    assert not verdict.ok
    assert verdict.file == files[2].name
    assert verdict.line == 1
    files[1].write_bytes(b"".join(second))
    assert log.verify().ok
    files[-1].write_bytes(b"")  # the newest file emptied: the checkpoint says entries are gone
    assert not log.verify().ok


def test_a_torn_line_is_named(tmp_path: Path) -> None:
    log = _log(tmp_path)
    _fill(log, 2)
    (file,) = log.files()
    file.write_bytes(file.read_bytes() + b'{"prev":"abc')
    verdict = log.verify()
    assert not verdict.ok
    assert verdict.entry == 3
    assert "partial write" in verdict.problem


def test_a_torn_last_line_is_cut_before_the_next_append(tmp_path: Path, store: SqliteStore) -> None:
    """A crash mid-write leaves half a line; the next run appends after the last whole one."""
    log = _log(tmp_path, store)
    _fill(log, 3)
    (file,) = log.files()
    file.write_bytes(file.read_bytes() + b'{"prev":"0000')
    fresh = _log(tmp_path, store)
    fresh.append({"type": "after the crash"})
    verdict = fresh.verify()
    assert verdict.ok
    assert verdict.count == 4
    assert [e.seq for e in fresh.entries()] == [1, 2, 3, 4]
    only = tmp_path / "only"
    only.mkdir()
    (only / "audit-000001.jsonl").write_bytes(b'{"prev":')  # nothing whole at all
    AuditLog(only, clock=FakeClock(), fsync=False).append({"type": "first"})
    assert AuditLog(only).verify().count == 1
