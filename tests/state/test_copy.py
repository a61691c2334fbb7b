"""Copying a store table by table (``cxgate state migrate``): verbatim, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgate.errors import ConfigError
from cxgate.state.copy import copy_store, open_tables
from cxgate.state.records import (
    Checkpoint,
    DeploymentRecord,
    JournalEntry,
    LockHolder,
    OutboxEvent,
    Phase,
    Snapshot,
)
from cxgate.state.schema import TABLES
from cxgate.state.sql import SqlStore


def fill(store: SqlStore) -> None:
    """One or more rows in every table, in an order worth keeping."""
    store.record_change("o", "queue", "Q", "d2")
    store.record_owned("o", "queue", "q1", "Q", "d2")
    for n, started in ((2, 5.0), (1, 5.0)):  # same start: insertion order decides
        store.begin_deployment(
            DeploymentRecord(f"d{n}", "o", None, "/b", "ann", "h", n, "c", started, plan={"n": n})
        )
    store.save_snapshots(
        [Snapshot("d2", "queue", name, None, {"name": name}, "t", 1.0) for name in "ZA"]
    )
    store.append_journal(JournalEntry("d2", 0, Phase.STARTED, "queue", "Q", "create"))
    store.append_journal(JournalEntry("d2", 0, Phase.DONE, "queue", "Q", "create", "q1"))
    store.acquire_lock(LockHolder("o", "d2", "ann", "h", 2, 5.0, "st"))
    store.enqueue([OutboxEvent(f"e{n}", "https://a", "t", {"n": n}, 1.0) for n in range(3)])
    store.claim_events(2.0, limit=1, lease_s=60.0, claimer="w")
    store.set_checkpoint(Checkpoint("audit", "sha256:x", 7, 3.0))


def dumps(store: SqlStore) -> dict[str, list[tuple[object, ...]]]:
    return {table: store.dump_table(table) for table in TABLES}


def test_round_trip_sqlite_postgres_sqlite(tmp_path: Path, pg_url: str) -> None:
    """Every row survives both ways, in order, journal and outbox seq included."""
    with open_tables(str(tmp_path / "a")) as local:
        fill(local)
        original = dumps(local)
    with open_tables(str(tmp_path / "a"), existing=True) as local, open_tables(pg_url) as shared:
        copied = copy_store(local, shared)
        assert dumps(shared) == original
        assert [d.id for d in shared.deployments()] == ["d1", "d2"]
        assert (
            shared.append_journal(JournalEntry("d2", 1, Phase.STARTED, "queue", "R", "create")).seq
            == 3
        )  # the counter moved past the copied rows
    assert copied == {table: len(found) for table, found in original.items()}
    assert all(copied.values())
    with open_tables(pg_url) as shared, open_tables(str(tmp_path / "b")) as back:
        copy_store(shared, back)
        assert dumps(back)["outbox"] == original["outbox"]
        assert len(dumps(back)["journal"]) == 3


def test_non_empty_target_needs_force(tmp_path: Path) -> None:
    """A target holding state is refused; --force replaces every table."""
    with open_tables(str(tmp_path / "a")) as source, open_tables(str(tmp_path / "b")) as target:
        fill(source)
        target.record_change("x", "skill", "S")
        with pytest.raises(ConfigError, match=r"already holds state \(object_changes\).*--force"):
            copy_store(source, target)
        assert target.last_changes("x", [("skill", "S")])
        copy_store(source, target, force=True)
        assert dumps(target) == dumps(source)


def test_missing_source_is_refused(tmp_path: Path) -> None:
    """--from a directory with no store is an error, not an empty copy."""
    with pytest.raises(ConfigError, match="no state store here"):
        open_tables(str(tmp_path / "nothing"), existing=True)
    assert not (tmp_path / "nothing").exists()
