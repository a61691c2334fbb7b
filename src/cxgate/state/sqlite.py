"""The default state store: one SQLite file in ``.cxgate/``, zero setup.

WAL mode with ``synchronous=FULL``: a committed journal row survives a kill -9 or a power cut,
which is what crash recovery relies on. Writes take the database's write lock at once
(``BEGIN IMMEDIATE``), so two processes never interleave a read-then-write (the deployment
lock, outbox leases). One connection is shared by the threads of a run, behind a lock.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from cxgate.clock import Clock, SystemClock
from cxgate.errors import ConfigError
from cxgate.state import rows
from cxgate.state.records import (
    Checkpoint,
    DeploymentRecord,
    DeploymentStatus,
    EventStatus,
    JournalEntry,
    LockHolder,
    OutboxEvent,
    Snapshot,
)
from cxgate.state.schema import SQLITE_MIGRATIONS, TABLES
from cxgate.state.store import STATE_DIR_ENV

__all__ = ["DB_NAME", "SqliteStore"]

DB_NAME = "state.sqlite3"
_BUSY_TIMEOUT_S = 30.0
_EVENT_COLUMNS = ", ".join(TABLES["outbox"][:11])


class SqliteStore:
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
        """One commit for the writes inside; nested blocks join the outer one."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outer:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._db.execute("COMMIT")

    def _write(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self.transaction():
            return self._db.execute(sql, params)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._db.execute(sql, params))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- cooldowns and ownership ------------------------------------------------------------

    def record_change(self, org: str, kind: str, name: str, deployment: str | None = None) -> None:
        self._write(
            "INSERT OR REPLACE INTO object_changes VALUES (?, ?, ?, ?, ?)",
            (org, kind, name, self.clock.time(), deployment),
        )

    def last_changes(
        self, org: str, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], float]:
        wanted = set(keys)
        found = self._read(
            "SELECT kind, name, changed_at FROM object_changes WHERE org = ?", (org,)
        )
        return {(k, n): float(t) for k, n, t in found if (k, n) in wanted}

    def record_owned(
        self, org: str, kind: str, object_id: str, name: str, deployment: str | None = None
    ) -> None:
        self._write(
            "INSERT OR REPLACE INTO owned_objects VALUES (?, ?, ?, ?, ?, ?)",
            (org, kind, object_id, name, self.clock.time(), deployment),
        )

    def forget_owned(self, org: str, kind: str, object_id: str) -> None:
        self._write(
            "DELETE FROM owned_objects WHERE org = ? AND kind = ? AND object_id = ?",
            (org, kind, object_id),
        )

    def owned(self, org: str) -> frozenset[tuple[str, str]]:
        found = self._read("SELECT kind, object_id FROM owned_objects WHERE org = ?", (org,))
        return frozenset((kind, object_id) for kind, object_id in found)

    # -- the deployment lock ----------------------------------------------------------------

    def acquire_lock(self, holder: LockHolder, *, replace: str | None = None) -> LockHolder | None:
        with self.transaction():
            current = self.lock_holder(holder.org)
            if current is not None and current.deployment not in (replace, holder.deployment):
                return current
            self._db.execute(
                "INSERT OR REPLACE INTO locks VALUES (?, ?, ?, ?, ?, ?, ?)", rows.lock_row(holder)
            )
            return None

    def lock_holder(self, org: str) -> LockHolder | None:
        found = self._read("SELECT * FROM locks WHERE org = ?", (org,))
        return rows.lock_from_row(found[0]) if found else None

    def release_lock(self, org: str, deployment: str) -> None:
        self._write("DELETE FROM locks WHERE org = ? AND deployment = ?", (org, deployment))

    # -- deployments, snapshots, journal ----------------------------------------------------

    def begin_deployment(self, record: DeploymentRecord) -> None:
        marks = ", ".join("?" * len(TABLES["deployments"]))
        self._write(f"INSERT INTO deployments VALUES ({marks})", rows.deployment_row(record))

    def finish_deployment(
        self, deployment: str, status: DeploymentStatus, summary: Mapping[str, object]
    ) -> None:
        self._write(
            "UPDATE deployments SET status = ?, finished_at = ?, summary = ? WHERE id = ?",
            (status.value, self.clock.time(), rows.dumps(dict(summary)), deployment),
        )

    def deployment(self, deployment: str) -> DeploymentRecord | None:
        found = self._read("SELECT * FROM deployments WHERE id = ?", (deployment,))
        return rows.deployment_from_row(found[0]) if found else None

    def deployments(self, org: str | None = None, limit: int = 50) -> list[DeploymentRecord]:
        where, params = ("WHERE org = ?", (org,)) if org is not None else ("", ())
        found = self._read(
            f"SELECT * FROM deployments {where} ORDER BY started_at DESC, rowid DESC LIMIT ?",
            (*params, limit),
        )
        return [rows.deployment_from_row(row) for row in found]

    def unfinished_deployments(self, org: str) -> list[DeploymentRecord]:
        found = self._read(
            "SELECT * FROM deployments WHERE org = ? AND status = ? ORDER BY started_at, rowid",
            (org, DeploymentStatus.RUNNING.value),
        )
        return [rows.deployment_from_row(row) for row in found]

    def save_snapshots(self, snapshots: Sequence[Snapshot]) -> None:
        with self.transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?)",
                [rows.snapshot_row(s) for s in snapshots],
            )

    def snapshots(self, deployment: str) -> list[Snapshot]:
        found = self._read(
            "SELECT * FROM snapshots WHERE deployment = ? ORDER BY rowid", (deployment,)
        )
        return [rows.snapshot_from_row(row) for row in found]

    def append_journal(self, entry: JournalEntry) -> JournalEntry:
        with self.transaction():
            cursor = self._db.execute(
                "INSERT INTO journal (deployment, step, phase, kind, name, action, object_id, "
                "detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows.journal_row(entry),
            )
        return rows.journal_from_row((cursor.lastrowid, *rows.journal_row(entry)))

    def journal(self, deployment: str) -> list[JournalEntry]:
        found = self._read("SELECT * FROM journal WHERE deployment = ? ORDER BY seq", (deployment,))
        return [rows.journal_from_row(row) for row in found]

    # -- the webhook outbox -----------------------------------------------------------------

    def enqueue(self, events: Sequence[OutboxEvent]) -> None:
        with self.transaction():
            self._db.executemany(
                f"INSERT INTO outbox ({', '.join(TABLES['outbox'][1:11])}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [rows.event_row(e) for e in events],
            )

    def claim_events(
        self, now: float, *, limit: int, lease_s: float, claimer: str
    ) -> list[OutboxEvent]:
        with self.transaction():
            claimed: list[OutboxEvent] = []
            for (endpoint,) in self._read(
                "SELECT DISTINCT endpoint FROM outbox WHERE status = 'pending' ORDER BY endpoint"
            ):
                if len(claimed) >= limit:
                    break
                claimed += self._claim_head(endpoint, now, limit - len(claimed), claimer)
            self._db.executemany(
                "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                [(claimer, now + lease_s, e.id) for e in claimed],
            )
            return claimed

    def _claim_head(self, endpoint: str, now: float, limit: int, claimer: str) -> list[OutboxEvent]:
        """The endpoint's due run of pending events, up to the first one that must wait."""
        found = self._read(
            f"SELECT {_EVENT_COLUMNS}, claimed_by, claimed_until FROM outbox "
            "WHERE status = 'pending' AND endpoint = ? ORDER BY seq LIMIT ?",
            (endpoint, limit),
        )
        run: list[OutboxEvent] = []
        for row in found:
            claimed_by, until = row[11], row[12]
            leased = until is not None and until > now and claimed_by != claimer
            event = rows.event_from_row(row[:11])
            if leased or event.next_attempt_at > now:
                break
            run.append(event)
        return run

    def mark_delivered(self, event_id: str) -> None:
        self._write(
            "UPDATE outbox SET status = 'delivered', delivered_at = ?, attempts = attempts + 1, "
            "claimed_by = NULL, claimed_until = NULL WHERE id = ?",
            (self.clock.time(), event_id),
        )

    def mark_retry(
        self, event_id: str, next_attempt_at: float, error: str, *, give_up: bool
    ) -> None:
        status = EventStatus.FAILED if give_up else EventStatus.PENDING
        self._write(
            "UPDATE outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?, "
            "last_error = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
            (status.value, next_attempt_at, error, event_id),
        )

    def release_claims(self, claimer: str) -> None:
        self._write(
            "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?",
            (claimer,),
        )

    def outbox_events(
        self, status: EventStatus | None = None, endpoint: str | None = None
    ) -> list[OutboxEvent]:
        clauses = [(c, v) for c, v in (("status", status), ("endpoint", endpoint)) if v is not None]
        where = " AND ".join(f"{c} = ?" for c, _ in clauses) or "1 = 1"
        found = self._read(
            f"SELECT {_EVENT_COLUMNS} FROM outbox WHERE {where} ORDER BY seq",
            [str(v) for _, v in clauses],
        )
        return [rows.event_from_row(row) for row in found]

    def requeue_failed(self, endpoint: str | None = None) -> int:
        where, params = ("AND endpoint = ?", (endpoint,)) if endpoint else ("", ())
        cursor = self._write(
            "UPDATE outbox SET status = 'pending', next_attempt_at = 0 "
            f"WHERE status = 'failed' {where}",
            params,
        )
        return cursor.rowcount

    # -- checkpoints ------------------------------------------------------------------------

    def set_checkpoint(self, checkpoint: Checkpoint) -> None:
        self._write(
            "INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?, ?)",
            rows.checkpoint_row(checkpoint),
        )

    def checkpoint(self, name: str) -> Checkpoint | None:
        found = self._read("SELECT * FROM checkpoints WHERE name = ?", (name,))
        return rows.checkpoint_from_row(found[0]) if found else None


def _statements(script: str) -> list[str]:
    """A migration split into statements (``executescript`` would commit on its own)."""
    return [part.strip() for part in script.split(";") if part.strip()]
