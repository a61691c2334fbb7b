"""Both backends' migrations create exactly the tables and columns of ``schema.TABLES``."""

from __future__ import annotations

from pathlib import Path

from cxgate.state.postgres import PostgresStore
from cxgate.state.schema import POSTGRES_MIGRATIONS, ROWID_TABLES, SQLITE_MIGRATIONS, TABLES
from cxgate.state.sqlite import SqliteStore


def test_same_number_of_migrations() -> None:
    """Every migration exists in both dialects (append to both lists)."""
    assert len(SQLITE_MIGRATIONS) == len(POSTGRES_MIGRATIONS)


def test_sqlite_tables_match(tmp_path: Path) -> None:
    """PRAGMA table_info of every table lists TABLES' columns, in order."""
    with SqliteStore.open(tmp_path) as store:
        found = {
            table: tuple(row[1] for row in store._read(f"PRAGMA table_info({table})"))
            for table in TABLES
        }
        names = {name for (name,) in store._read("SELECT name FROM sqlite_master")}
    assert found == TABLES
    assert {n for n in names if not n.startswith("sqlite_")} - set(TABLES) == {
        "deployments_org",
        "journal_deployment",
        "outbox_pending",
    }


def test_postgres_tables_match(pg_url: str) -> None:
    """information_schema lists TABLES' columns, in order (plus ``rowid`` where SQLite's is
    implicit), and the schema version table besides."""
    with PostgresStore.connect(pg_url) as store:
        rows = store._read(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        )
    found: dict[str, tuple[str, ...]] = {}
    for table, column in rows:
        found[table] = (*found.get(table, ()), column)
    assert found.pop("cxgate_schema") == ("version", "applied_at")
    for table in ROWID_TABLES:
        assert found[table][-1] == "rowid"
        found[table] = found[table][:-1]
    assert found == TABLES
