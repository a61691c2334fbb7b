"""What the two SQL backends share: every statement that reads the same in both dialects.

``SqliteStore`` and ``PostgresStore`` supply the connection primitives (``transaction``,
``_read``, ``_write``, ``_write_many``, ``_insert_seq``) and what differs between them:
replacing a row (``_upsert``), locking an outbox endpoint's head, the deployment lock and the
migrations. Statements here use ``?`` parameters; the PostgreSQL backend turns them into
``%s``. One implementation of the rest keeps the two backends' behaviour identical.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Self

from cxgate.clock import Clock
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
from cxgate.state.schema import TABLES

__all__ = ["SqlStore", "columns", "marks"]

_EVENT_COLUMNS = ", ".join(TABLES["outbox"][:11])
_JOURNAL_COLUMNS = ", ".join(TABLES["journal"][1:])


def columns(table: str) -> str:
    """The table's columns in ``TABLES`` order, for SELECT and INSERT lists."""
    return ", ".join(TABLES[table])


def marks(count: int) -> str:
    """``?, ?, …``: one parameter mark per column."""
    return ", ".join("?" * count)


class SqlStore(ABC):
    """The ``StateStore`` methods both backends run unchanged; see the module docstring."""

    clock: Clock

    # -- what each backend supplies ---------------------------------------------------------

    @property
    @abstractmethod
    def location(self) -> str: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement in its own commit (or the open transaction); rows changed."""

    @abstractmethod
    def _write_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        """Run one statement per row of ``params``, all in one commit."""

    @abstractmethod
    def _insert_seq(self, table: str, names: str, params: Sequence[Any]) -> int:
        """Insert one row into a table keyed by ``seq``; the ``seq`` it got."""

    @abstractmethod
    def _upsert(self, table: str) -> str:
        """An INSERT of a whole row that replaces the row with the same key."""

    @abstractmethod
    def _order(self, table: str) -> str:
        """The ORDER BY giving the table's insertion order."""

    def _lock_head(self, seq: int) -> bool:
        """Hold an endpoint's oldest pending event for this claim; False if another has it."""
        return True

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- cooldowns and ownership ------------------------------------------------------------

    def record_change(self, org: str, kind: str, name: str, deployment: str | None = None) -> None:
        self._write(
            self._upsert("object_changes"), (org, kind, name, self.clock.time(), deployment)
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
        row = (org, kind, object_id, name, self.clock.time(), deployment)
        self._write(self._upsert("owned_objects"), row)

    def forget_owned(self, org: str, kind: str, object_id: str) -> None:
        self._write(
            "DELETE FROM owned_objects WHERE org = ? AND kind = ? AND object_id = ?",
            (org, kind, object_id),
        )

    def owned(self, org: str) -> frozenset[tuple[str, str]]:
        found = self._read("SELECT kind, object_id FROM owned_objects WHERE org = ?", (org,))
        return frozenset((kind, object_id) for kind, object_id in found)

    # -- the deployment lock (its taking differs per backend) -------------------------------

    def lock_holder(self, org: str) -> LockHolder | None:
        found = self._read(f"SELECT {columns('locks')} FROM locks WHERE org = ?", (org,))
        return rows.lock_from_row(found[0]) if found else None

    # -- deployments, snapshots, journal ----------------------------------------------------

    def begin_deployment(self, record: DeploymentRecord) -> None:
        self._write(
            f"INSERT INTO deployments ({columns('deployments')}) "
            f"VALUES ({marks(len(TABLES['deployments']))})",
            rows.deployment_row(record),
        )

    def finish_deployment(
        self, deployment: str, status: DeploymentStatus, summary: Mapping[str, object]
    ) -> None:
        self._write(
            "UPDATE deployments SET status = ?, finished_at = ?, summary = ? WHERE id = ?",
            (status.value, self.clock.time(), rows.dumps(dict(summary)), deployment),
        )

    def deployment(self, deployment: str) -> DeploymentRecord | None:
        found = self._deployments("WHERE id = ?", (deployment,))
        return found[0] if found else None

    def deployments(self, org: str | None = None, limit: int = 50) -> list[DeploymentRecord]:
        where, params = ("WHERE org = ?", (org,)) if org is not None else ("", ())
        order = "ORDER BY started_at DESC, rowid DESC LIMIT ?"
        return self._deployments(f"{where} {order}", (*params, limit))

    def unfinished_deployments(self, org: str) -> list[DeploymentRecord]:
        return self._deployments(
            "WHERE org = ? AND status = ? ORDER BY started_at, rowid",
            (org, DeploymentStatus.RUNNING.value),
        )

    def _deployments(self, clauses: str, params: Sequence[Any]) -> list[DeploymentRecord]:
        found = self._read(f"SELECT {columns('deployments')} FROM deployments {clauses}", params)
        return [rows.deployment_from_row(row) for row in found]

    def save_snapshots(self, snapshots: Sequence[Snapshot]) -> None:
        self._write_many(self._upsert("snapshots"), [rows.snapshot_row(s) for s in snapshots])

    def snapshots(self, deployment: str) -> list[Snapshot]:
        found = self._read(
            f"SELECT {columns('snapshots')} FROM snapshots WHERE deployment = ? ORDER BY rowid",
            (deployment,),
        )
        return [rows.snapshot_from_row(row) for row in found]

    def append_journal(self, entry: JournalEntry) -> JournalEntry:
        seq = self._insert_seq("journal", _JOURNAL_COLUMNS, rows.journal_row(entry))
        return rows.journal_from_row((seq, *rows.journal_row(entry)))

    def journal(self, deployment: str) -> list[JournalEntry]:
        found = self._read(
            f"SELECT {columns('journal')} FROM journal WHERE deployment = ? ORDER BY seq",
            (deployment,),
        )
        return [rows.journal_from_row(row) for row in found]

    # -- the webhook outbox -----------------------------------------------------------------

    def enqueue(self, events: Sequence[OutboxEvent]) -> None:
        self._write_many(
            f"INSERT INTO outbox ({', '.join(TABLES['outbox'][1:11])}) VALUES ({marks(10)})",
            [rows.event_row(e) for e in events],
        )

    def claim_events(
        self, now: float, *, limit: int, lease_s: float, claimer: str
    ) -> list[OutboxEvent]:
        with self.transaction():
            claimed: list[OutboxEvent] = []
            for endpoint, head in self._read(
                "SELECT endpoint, min(seq) FROM outbox WHERE status = 'pending' "
                "GROUP BY endpoint ORDER BY endpoint"
            ):
                if len(claimed) >= limit:
                    break
                if self._lock_head(head):
                    claimed += self._due_run(endpoint, now, limit - len(claimed), claimer)
            self._write_many(
                "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                [(claimer, now + lease_s, e.id) for e in claimed],
            )
            return claimed

    def _due_run(self, endpoint: str, now: float, limit: int, claimer: str) -> list[OutboxEvent]:
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
        return self._write(
            "UPDATE outbox SET status = 'pending', next_attempt_at = 0 "
            f"WHERE status = 'failed' {where}",
            params,
        )

    # -- checkpoints ------------------------------------------------------------------------

    def set_checkpoint(self, checkpoint: Checkpoint) -> None:
        self._write(self._upsert("checkpoints"), rows.checkpoint_row(checkpoint))

    def checkpoint(self, name: str) -> Checkpoint | None:
        found = self._read(
            f"SELECT {columns('checkpoints')} FROM checkpoints WHERE name = ?", (name,)
        )
        return rows.checkpoint_from_row(found[0]) if found else None

    # -- whole tables, for ``cxgate state migrate`` -----------------------------------------

    def count_rows(self, table: str) -> int:
        ((count,),) = self._read(f"SELECT count(*) FROM {table}")
        return int(count)

    def dump_table(self, table: str) -> list[tuple[Any, ...]]:
        """Every row, in ``TABLES`` column order and insertion order."""
        return self._read(f"SELECT {columns(table)} FROM {table} ORDER BY {self._order(table)}")

    def load_table(self, table: str, found: Sequence[Sequence[Any]], *, replace: bool) -> None:
        """Append rows as dumped (``replace``: delete the table's rows first)."""
        with self.transaction():
            if replace:
                self._write(f"DELETE FROM {table}")
            insert = f"INSERT INTO {table} ({columns(table)}) VALUES ({marks(len(TABLES[table]))})"
            self._write_many(insert, found)
