"""Copy one state store into another, table by table (``cxgate state migrate``).

Rows are copied verbatim in ``TABLES`` column order and insertion order (journal and outbox
keep their ``seq``), in one transaction on each side: the source is read as of one moment,
the target gets all of it or nothing. A target that already holds state is refused unless
``force`` replaces it.
"""

from __future__ import annotations

from pathlib import Path

from cxgate.errors import ConfigError
from cxgate.state.schema import TABLES
from cxgate.state.sql import SqlStore
from cxgate.state.sqlite import DB_NAME, SqliteStore
from cxgate.state.store import is_database_url

__all__ = ["copy_store", "open_tables"]


def open_tables(location: str, *, existing: bool = False) -> SqlStore:
    """The store at a URL or directory; ``existing``: refuse a directory holding no store."""
    if is_database_url(location):
        from cxgate.state.postgres import PostgresStore  # only teams need the driver

        return PostgresStore.connect(location)
    if existing and not (Path(location) / DB_NAME).is_file():
        raise ConfigError(
            f"{location}: no state store here (no {DB_NAME}; fix: --from the .cxgate directory)"
        )
    return SqliteStore.open(Path(location))


def copy_store(source: SqlStore, target: SqlStore, *, force: bool = False) -> dict[str, int]:
    """Copy every table of ``source`` into ``target``; the rows copied, per table."""
    filled = [table for table in TABLES if target.count_rows(table)]
    if filled and not force:
        raise ConfigError(
            f"{target.location} already holds state ({', '.join(filled)}); "
            "fix: pass --force to replace it"
        )
    copied: dict[str, int] = {}
    with source.transaction(), target.transaction():
        for table in TABLES:
            found = source.dump_table(table)
            target.load_table(table, found, replace=force)
            copied[table] = len(found)
    return copied
