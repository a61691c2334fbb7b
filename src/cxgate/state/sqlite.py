"""The default state store: one SQLite file in ``.cxgate/``, zero setup.

WAL mode with ``synchronous=FULL``: a committed journal row survives a kill -9 or a power cut,
which is what crash recovery relies on. Writes take the database's write lock at once
(``BEGIN IMMEDIATE``), so two processes never interleave a read-then-write (the deployment
lock, outbox leases). One connection is shared by the threads of a run, behind a lock.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cxgate.clock import Clock, SystemClock
from cxgate.errors import ConfigError
from cxgate.state import rows
from cxgate.state.records import LockHolder
from cxgate.state.schema import SQLITE_MIGRATIONS, TABLES
from cxgate.state.sql import SqlStore, marks
from cxgate.state.store import STATE_DIR_ENV

__all__ = ["DB_NAME", "SqliteStore"]

DB_NAME = "state.sqlite3"
_BUSY_TIMEOUT_S = 30.0


class SqliteStore(SqlStore):
    """The state in one SQLite file; see the module docstring and ``StateStore``."""

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = path
        self.clock: Clock = clock or SystemClock()
        self._lock = threading.RLock()
        self._depth = 0
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"cannot open the state store {path}: {exc} "
                f"(fix: pass a writable --state-dir or set {STATE_DIR_ENV})"
            ) from exc

    @classmethod
    def open(cls, directory: Path, clock: Clock | None = None) -> SqliteStore:
        """The store in ``directory`` (created if needed)."""
        return cls(directory / DB_NAME, clock)

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def schema_version(self) -> int:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        return int(version)

    def _migrate(self) -> None:
        with self.transaction():
            version = self.schema_version
            if version > len(SQLITE_MIGRATIONS):
                raise ConfigError(
                    f"{self.path} was written by a newer cxgate (schema {version}); upgrade cxgate"
                )
            for number, script in enumerate(SQLITE_MIGRATIONS[version:], start=version + 1):
                for statement in _statements(script):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One commit for the writes inside; nested blocks are savepoints of the outer one."""
        with self._lock:
            savepoint = f"s{self._depth}"
            outer = self._depth == 0
            self._db.execute("BEGIN IMMEDIATE" if outer else f"SAVEPOINT {savepoint}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                for undo in (
                    ["ROLLBACK"] if outer else [f"ROLLBACK TO {savepoint}", f"RELEASE {savepoint}"]
                ):
                    self._db.execute(undo)
                raise
            self._depth -= 1
            self._db.execute("COMMIT" if outer else f"RELEASE {savepoint}")

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._db.execute(sql, params))

    def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self.transaction():
            return self._db.execute(sql, params).rowcount

    def _write_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        with self.transaction():
            self._db.executemany(sql, params)

    def _insert_seq(self, table: str, names: str, params: Sequence[Any]) -> int:
        with self.transaction():
            insert = f"INSERT INTO {table} ({names}) VALUES ({marks(len(params))})"
            cursor = self._db.execute(insert, params)
        return int(cursor.lastrowid or 0)

    def _upsert(self, table: str) -> str:
        return f"INSERT OR REPLACE INTO {table} VALUES ({marks(len(TABLES[table]))})"

    def _order(self, table: str) -> str:
        return "rowid"

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- the deployment lock ----------------------------------------------------------------

    def acquire_lock(self, holder: LockHolder, *, replace: str | None = None) -> LockHolder | None:
        with self.transaction():
            current = self.lock_holder(holder.org)
            if current is not None and current.deployment not in (replace, holder.deployment):
                return current
            self._db.execute(self._upsert("locks"), rows.lock_row(holder))
            return None

    def release_lock(self, org: str, deployment: str) -> None:
        self._write("DELETE FROM locks WHERE org = ? AND deployment = ?", (org, deployment))


def _statements(script: str) -> list[str]:
    """A migration split into statements (``executescript`` would commit on its own)."""
    return [part.strip() for part in script.split(";") if part.strip()]
