"""The SQLite backend: migrations, upgrades in place, file errors, durability settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cxgate.clock import FakeClock
from cxgate.errors import ConfigError
from cxgate.state.schema import SQLITE_MIGRATIONS as MIGRATIONS
from cxgate.state.sqlite import SqliteStore as StateStore
from cxgate.state.store import open_store, state_dir


def test_new_store_runs_every_migration(tmp_path: Path) -> None:
    """A fresh file ends at the latest schema version."""
    with StateStore.open(tmp_path / "s") as store:
        assert store.schema_version == len(MIGRATIONS)


def test_old_store_upgrades_in_place(tmp_path: Path) -> None:
    """A store at schema 1 keeps its rows and gains the later tables."""
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    db.execute("INSERT INTO object_changes VALUES ('o', 'queue', 'Q', 5.0, NULL)")
    db.commit()
    db.close()
    with StateStore(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.last_changes("o", [("queue", "Q")]) == {("queue", "Q"): 5.0}
        assert store.owned("o") == frozenset()


def test_newer_store_is_refused(tmp_path: Path) -> None:
    """A store from a newer cxgate is not silently downgraded."""
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(ConfigError, match="newer cxgate"):
        StateStore(path)


def test_change_records_survive_reopening(tmp_path: Path) -> None:
    """Cooldown state holds across runs, per org."""
    clock = FakeClock(start=1000.0)
    with StateStore.open(tmp_path, clock) as store:
        store.record_change("org-1", "queue", "Sales")
        clock.advance(60)
        store.record_change("org-1", "queue", "Sales")
        store.record_change("org-2", "queue", "Sales")
    with StateStore.open(tmp_path) as store:
        assert store.last_changes("org-1", [("queue", "Sales"), ("queue", "Other")]) == {
            ("queue", "Sales"): 1060.0
        }


def test_owned_objects(tmp_path: Path) -> None:
    """Created objects are recorded per org and forgotten when deleted."""
    with StateStore.open(tmp_path) as store:
        store.record_owned("o", "queue", "q1", "Sales")
        store.record_owned("o", "skill", "s1", "Billing")
        store.forget_owned("o", "skill", "s1")
        assert store.owned("o") == {("queue", "q1")}
        assert store.owned("other") == frozenset()


def test_state_dir_precedence(tmp_path: Path) -> None:
    """--state-dir beats CXGATE_STATE_DIR beats ./.cxgate."""
    assert state_dir(tmp_path / "x", {"CXGATE_STATE_DIR": "/y"}) == tmp_path / "x"
    assert state_dir(None, {"CXGATE_STATE_DIR": "/y"}) == Path("/y")
    assert state_dir(None, {}) == Path.cwd() / ".cxgate"


def test_unwritable_location_is_a_config_error(tmp_path: Path) -> None:
    """A state dir that cannot be created says how to fix it."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="--state-dir"):
        StateStore.open(blocker / "sub")


def test_wal_and_full_sync(tmp_path: Path) -> None:
    """Committed journal rows must survive a kill -9: WAL mode, synchronous=FULL."""
    with StateStore.open(tmp_path) as store:
        assert store._db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert store._db.execute("PRAGMA synchronous").fetchone() == (2,)


def test_open_store_picks_sqlite_for_a_directory(tmp_path: Path) -> None:
    """A directory (or nothing, with CXGATE_STATE_DIR) means the local SQLite store."""
    with open_store(tmp_path / "a") as store:
        assert store.location == str(tmp_path / "a" / "state.sqlite3")
    with open_store(None, env={"CXGATE_STATE_DIR": str(tmp_path / "b")}) as store:
        assert store.location == str(tmp_path / "b" / "state.sqlite3")


def test_two_connections_see_each_others_commits(tmp_path: Path) -> None:
    """Two processes' stores on one file share the lock table (BEGIN IMMEDIATE)."""
    from cxgate.state.records import LockHolder

    one, two = StateStore.open(tmp_path), StateStore.open(tmp_path)
    with one, two:
        holder = LockHolder("org", "d1", "ann", "host", 1, 5.0)
        assert one.acquire_lock(holder) is None
        assert two.acquire_lock(LockHolder("org", "d2", "bob", "host", 2, 6.0)) == holder


def test_database_url_goes_to_the_postgres_backend(tmp_path: Path) -> None:
    """A postgresql:// location (or CXGATE_STATE_URL) never falls back to a local file."""
    url = "postgresql://cx@127.0.0.1:1/none"
    with pytest.raises(ConfigError, match=r"(?i)postgres"):
        open_store(url)
    with pytest.raises(ConfigError, match=r"(?i)postgres"):
        open_store(None, env={"CXGATE_STATE_URL": url, "CXGATE_STATE_DIR": str(tmp_path)})
    assert not (tmp_path / "state.sqlite3").exists()
