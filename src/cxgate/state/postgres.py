"""The shared state store on PostgreSQL: one journal, lock and outbox for every CI runner.

psycopg 3 on one autocommit connection, shared by the threads of a run behind a lock (as the
SQLite store): each write commits on its own, ``transaction()`` is psycopg's transaction block
and nested blocks are savepoints. Migrations run under a transaction-level advisory lock, so
two runners starting at once do not race; their count is recorded in ``cxgate_schema``.

The deployment lock is a session-level advisory lock keyed by the org, held on this
connection, plus the ``locks`` row saying who holds it and since when. A crashed runner's
session ends, PostgreSQL frees its advisory lock, and the next ``acquire_lock`` replaces the
stale row; a live holder cannot be replaced (``replace`` only helps against a dead one).
Server-side TCP keepalives end the session of a runner whose machine vanished within a minute.

Outbox claims take each endpoint's oldest pending event ``FOR UPDATE SKIP LOCKED``: an
endpoint another deliverer is claiming is skipped, so no event is claimed twice and order per
endpoint holds. The password comes from the URL, ``PGPASSWORD`` or ``~/.pgpass`` (libpq reads
the last two, see ``pgconnect``); ``location`` and every error name host, port and database,
never the password.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import pq

from cxgate.clock import Clock, SystemClock
from cxgate.errors import ConfigError, StateStoreError
from cxgate.state import rows
from cxgate.state.pgconnect import Target, closing_on_error, open_connection, reason
from cxgate.state.records import LockHolder
from cxgate.state.schema import KEYS, POSTGRES_MIGRATIONS, ROWID_TABLES, TABLES
from cxgate.state.sql import SqlStore, columns, marks

__all__ = ["PostgresStore"]

# First key of cxgate's advisory locks (the second is the org's hash, or 0).
_SCHEMA_SPACE = 0x63786700  # migrations (transaction level)
_LOCK_SPACE = 0x63786701  # the deployment lock (session level, held by the deploying runner)
_ROW_SPACE = 0x63786702  # serialises taking the lock with writing its row (transaction level)


class PostgresStore(SqlStore):
    """The state in a PostgreSQL database; see the module docstring and ``StateStore``."""

    def __init__(self, conn: psycopg.Connection[Any], clock: Clock | None = None) -> None:
        self._db = conn
        self._target = Target.of(conn)
        self.clock: Clock = clock or SystemClock()
        self._lock = threading.RLock()
        self._held: set[str] = set()  # orgs whose advisory lock this session holds
        with closing_on_error(conn):
            try:
                self._migrate()
            except psycopg.Error as exc:
                raise ConfigError(
                    f"cannot prepare the PostgreSQL state store ({self._target}): "
                    f"{reason(exc)} (fix: the user needs CREATE on the database's schema)"
                ) from None

    @classmethod
    def connect(cls, url: str, clock: Clock | None = None) -> PostgresStore:
        """Connect to ``url`` (password from it, ``PGPASSWORD`` or ``~/.pgpass``) and migrate."""
        return cls(open_connection(url), clock)

    @property
    def location(self) -> str:
        return self._target.url

    @property
    def schema_version(self) -> int:
        ((version,),) = self._read("SELECT coalesce(max(version), 0) FROM cxgate_schema")
        return int(version)

    def _migrate(self) -> None:
        with self.transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(%s, 0)", (_SCHEMA_SPACE,))
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS cxgate_schema "
                "(version integer PRIMARY KEY, applied_at double precision NOT NULL)"
            )
            version = self.schema_version
            if version > len(POSTGRES_MIGRATIONS):
                raise ConfigError(
                    f"{self.location} was written by a newer cxgate (schema {version}); "
                    "upgrade cxgate"
                )
            for number, script in enumerate(POSTGRES_MIGRATIONS[version:], start=version + 1):
                self._db.execute(script)
                self._write("INSERT INTO cxgate_schema VALUES (?, ?)", (number, self.clock.time()))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One commit for the writes inside; nested blocks are savepoints of the outer one."""
        with self._lock, self._guard(), self._db.transaction():
            yield

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """A lost connection becomes one clear error naming the server (never the password)."""
        try:
            yield
        except psycopg.OperationalError as exc:
            raise StateStoreError(
                f"the PostgreSQL state store ({self._target}) failed: {reason(exc)}; "
                "the rows already committed stand (fix: check the server, then run again)"
            ) from None

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._guard():
            return self._db.execute(_dialect(sql), params).fetchall()

    @contextmanager
    def _statement(self) -> Iterator[None]:
        """One statement's scope: alone it commits on its own (autocommit, one round trip);
        inside a transaction it is a savepoint, so its failure leaves the outer block usable."""
        with self._lock, self._guard():
            if self._db.info.transaction_status is pq.TransactionStatus.IDLE:
                yield
                return
            with self._db.transaction():
                yield

    def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._statement():
            return self._db.execute(_dialect(sql), params).rowcount

    def _write_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if len(params) == 1:
            self._write(sql, params[0])
            return
        with self.transaction():
            self._db.cursor().executemany(_dialect(sql), params)

    def _insert_seq(self, table: str, names: str, params: Sequence[Any]) -> int:
        insert = f"INSERT INTO {table} ({names}) VALUES ({marks(len(params))}) RETURNING seq"
        with self._statement():
            row = self._db.execute(_dialect(insert), params).fetchone()
        return int(row[0]) if row else 0

    def _upsert(self, table: str) -> str:
        return _upsert(table)

    def _order(self, table: str) -> str:
        if table in ROWID_TABLES:
            return "rowid"
        return "seq" if "seq" in TABLES[table] else ", ".join(KEYS[table])

    def _lock_head(self, seq: int) -> bool:
        return bool(
            self._read(
                "SELECT seq FROM outbox WHERE seq = ? AND status = 'pending' "
                "FOR UPDATE SKIP LOCKED",
                (seq,),
            )
        )

    def load_table(self, table: str, found: Sequence[Sequence[Any]], *, replace: bool) -> None:
        """As the base, then move the ``seq`` counter past the copied rows."""
        with self.transaction():
            super().load_table(table, found, replace=replace)
            if "seq" in TABLES[table]:
                self._read(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'seq'), "
                    f"coalesce(max(seq), 0) + 1, false) FROM {table}"
                )

    def close(self) -> None:
        with self._lock:
            self._db.close()
            self._held.clear()

    # -- the deployment lock ----------------------------------------------------------------

    def acquire_lock(self, holder: LockHolder, *, replace: str | None = None) -> LockHolder | None:
        with self.transaction():
            self._serialise(holder.org)
            fresh = holder.org not in self._held
            if fresh and not self._try_lock(holder.org):
                return self.lock_holder(holder.org) or _unknown(holder.org, self.clock.time())
            # Freshly taken, any row left is a dead session's: replace it.
            current = None if fresh else self.lock_holder(holder.org)
            if current is not None and current.deployment not in (replace, holder.deployment):
                return current
            self._write(self._upsert("locks"), rows.lock_row(holder))
            return None

    def release_lock(self, org: str, deployment: str) -> None:
        with self.transaction():
            self._serialise(org)
            held = org in self._held
            if not held and not self._try_lock(org):
                return  # a live session holds it: only it, or its end, gives it back
            deleted = self._write(
                "DELETE FROM locks WHERE org = ? AND deployment = ?", (org, deployment)
            )
            if deleted or not held:
                self._read("SELECT pg_advisory_unlock(?, hashtext(?))", (_LOCK_SPACE, org))
                self._held.discard(org)

    def _serialise(self, org: str) -> None:
        """Wait for another session's lock-and-row change on ``org`` to commit."""
        self._read("SELECT pg_advisory_xact_lock(?, hashtext(?))", (_ROW_SPACE, org))

    def _try_lock(self, org: str) -> bool:
        ((taken,),) = self._read("SELECT pg_try_advisory_lock(?, hashtext(?))", (_LOCK_SPACE, org))
        if taken:
            self._held.add(org)
        return bool(taken)


@functools.cache
def _dialect(sql: str) -> str:
    """A statement written with ``?`` parameters, in psycopg's ``%s`` style."""
    return sql.replace("?", "%s")


@functools.cache
def _upsert(table: str) -> str:
    """INSERT … ON CONFLICT DO UPDATE: SQLite's INSERT OR REPLACE, new ``rowid`` included."""
    keys = KEYS[table]
    updates = [f"{c} = EXCLUDED.{c}" for c in TABLES[table] if c not in keys]
    updates += ["rowid = DEFAULT"] if table in ROWID_TABLES else []
    return (
        f"INSERT INTO {table} ({columns(table)}) VALUES ({marks(len(TABLES[table]))}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(updates)}"
    )


def _unknown(org: str, now: float) -> LockHolder:
    """A live session holds the lock but left no row (it was deleted by hand)."""
    return LockHolder(org, "unknown", "unknown", "unknown", 0, now)
