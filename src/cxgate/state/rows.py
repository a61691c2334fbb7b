"""Records ↔ table rows, in ``schema.TABLES`` column order: shared by every backend.

JSON fields are stored as canonical JSON text, so SQLite and PostgreSQL hold the same bytes
and a migration between them copies rows verbatim.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from cxgate.state.records import (
    Checkpoint,
    DeploymentRecord,
    DeploymentStatus,
    EventStatus,
    JournalEntry,
    LockHolder,
    OutboxEvent,
    Phase,
    Snapshot,
)

__all__ = [
    "checkpoint_from_row",
    "checkpoint_row",
    "deployment_from_row",
    "deployment_row",
    "dumps",
    "event_from_row",
    "event_row",
    "journal_from_row",
    "journal_row",
    "loads",
    "lock_from_row",
    "lock_row",
    "snapshot_from_row",
    "snapshot_row",
]

Row = Sequence[Any]


def dumps(value: Any) -> str:
    """Canonical JSON text (sorted keys, no spaces)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def deployment_row(r: DeploymentRecord) -> tuple[Any, ...]:
    return (
        r.id,
        r.org,
        r.env,
        r.bundle,
        r.user,
        r.host,
        r.pid,
        r.client_id,
        r.started_at,
        r.status.value,
        r.finished_at,
        r.plan_checksum,
        r.commit,
        r.kind,
        r.rolls_back,
        dumps(dict(r.summary)),
        dumps(dict(r.plan)),
    )


def deployment_from_row(row: Row) -> DeploymentRecord:
    (id_, org, env, bundle, user, host, pid, client, started, status, finished) = row[:11]
    (checksum, commit, kind, rolls_back, summary, plan) = row[11:]
    return DeploymentRecord(
        id=id_,
        org=org,
        env=env,
        bundle=bundle,
        user=user,
        host=host,
        pid=int(pid),
        client_id=client,
        started_at=float(started),
        status=DeploymentStatus(status),
        finished_at=None if finished is None else float(finished),
        plan_checksum=checksum,
        commit=commit,
        kind=kind,
        rolls_back=rolls_back,
        summary=loads(summary) or {},
        plan=loads(plan) or {},
    )


def snapshot_row(s: Snapshot) -> tuple[Any, ...]:
    body = None if s.body is None else dumps(dict(s.body))
    return (s.deployment, s.kind, s.name, s.object_id, body, s.token, s.taken_at)


def snapshot_from_row(row: Row) -> Snapshot:
    deployment, kind, name, object_id, body, token, taken_at = row
    return Snapshot(deployment, kind, name, object_id, loads(body), token, float(taken_at))


def journal_row(e: JournalEntry) -> tuple[Any, ...]:
    """Without ``seq``: the store assigns it."""
    return (
        e.deployment,
        e.step,
        e.phase.value,
        e.kind,
        e.name,
        e.action,
        e.object_id,
        dumps(dict(e.detail)),
        e.at,
    )


def journal_from_row(row: Row) -> JournalEntry:
    seq, deployment, step, phase, kind, name, action, object_id, detail, at = row
    return JournalEntry(
        deployment,
        int(step),
        Phase(phase),
        kind,
        name,
        action,
        object_id,
        loads(detail) or {},
        float(at),
        int(seq),
    )


def lock_row(h: LockHolder) -> tuple[Any, ...]:
    return (h.org, h.deployment, h.user, h.host, h.pid, h.since, h.process_start)


def lock_from_row(row: Row) -> LockHolder:
    org, deployment, user, host, pid, since, process_start = row
    return LockHolder(org, deployment, user, host, int(pid), float(since), process_start)


def event_row(e: OutboxEvent) -> tuple[Any, ...]:
    """Without ``seq`` and the lease columns: the store assigns those."""
    return (
        e.id,
        e.endpoint,
        e.type,
        dumps(dict(e.payload)),
        e.created_at,
        e.status.value,
        e.attempts,
        e.next_attempt_at,
        e.last_error,
        e.delivered_at,
    )


def event_from_row(row: Row) -> OutboxEvent:
    """From ``seq, id, endpoint, type, payload, created_at, status, attempts,
    next_attempt_at, last_error, delivered_at`` (the lease columns are not selected)."""
    seq, id_, endpoint, type_, payload, created, status, attempts, next_at, error, done = row
    return OutboxEvent(
        id=id_,
        endpoint=endpoint,
        type=type_,
        payload=_mapping(loads(payload)),
        created_at=float(created),
        status=EventStatus(status),
        attempts=int(attempts),
        next_attempt_at=float(next_at),
        last_error=error,
        delivered_at=None if done is None else float(done),
        seq=int(seq),
    )


def checkpoint_row(c: Checkpoint) -> tuple[Any, ...]:
    return (c.name, c.head, c.count, c.at)


def checkpoint_from_row(row: Row) -> Checkpoint:
    name, head, count, at = row
    return Checkpoint(name, head, int(count), float(at))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}
