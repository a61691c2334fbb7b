"""The SQLite state store: migrations, cooldown records, ownership records."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cxgate.clock import FakeClock
from cxgate.errors import ConfigError
from cxgate.state.store import MIGRATIONS, StateStore, state_dir


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
