"""The rows of the state store, as values: what every backend reads and writes.

Pure data (frozen dataclasses); JSON-shaped fields (bodies, details, payloads) are plain
dicts the backends store as JSON text. Nothing here may ever hold a secret: snapshots are API
bodies, journal details are ids and tokens of objects, never credentials.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Checkpoint",
    "DeploymentRecord",
    "DeploymentStatus",
    "EventStatus",
    "JournalEntry",
    "LockHolder",
    "OutboxEvent",
    "Phase",
    "Snapshot",
]


class DeploymentStatus(enum.StrEnum):
    """Where a deployment stands; only ``running`` is unfinished."""

    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # stopped and left as it was (--no-rollback)
    ROLLED_BACK = "rolled_back"
    ROLLBACK_FAILED = "rollback_failed"  # a person must finish it (the journal says what)

    @property
    def finished(self) -> bool:
        return self is not DeploymentStatus.RUNNING


class Phase(enum.StrEnum):
    """A journal row's moment: written before the API call (``*_started``) and after it."""

    STARTED = "started"  # the write is about to be sent
    DONE = "done"  # the API answered and the result is verified
    FAILED = "failed"  # the API refused, or verification failed: nothing to undo
    UNCERTAIN = "uncertain"  # no answer: the write may or may not have landed
    SKIPPED = "skipped"  # already in the desired state (a resumed run, a retried create)
    UNDO_STARTED = "undo_started"
    UNDONE = "undone"
    UNDO_FAILED = "undo_failed"


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds an org's deployment lock, and since when (for the other runner's message)."""

    org: str
    deployment: str
    user: str
    host: str
    pid: int
    since: float
    process_start: str = ""  # the holder's process start time, so a reused pid is not alive

    def describe(self) -> str:
        return f"deployment {self.deployment} by {self.user} on {self.host} (pid {self.pid})"


@dataclass(frozen=True, slots=True)
class DeploymentRecord:
    """One apply (or rollback) run: who, what, how it ended."""

    id: str
    org: str
    env: str | None
    bundle: str
    user: str
    host: str
    pid: int
    client_id: str
    started_at: float
    status: DeploymentStatus = DeploymentStatus.RUNNING
    finished_at: float | None = None
    plan_checksum: str = ""
    commit: str | None = None  # the bundle's git commit when it sits in a work tree
    kind: str = "apply"  # apply | rollback
    rolls_back: str | None = None  # the deployment a rollback restores
    summary: Mapping[str, Any] = field(default_factory=dict)
    plan: Mapping[str, Any] = field(default_factory=dict)  # the plan file form, to resume


@dataclass(frozen=True, slots=True)
class Snapshot:
    """An object as read before the first write: the full API body and its token."""

    deployment: str
    kind: str
    name: str
    object_id: str | None
    body: Mapping[str, Any] | None  # None: the object did not exist (a create)
    token: str | None
    taken_at: float


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One step's moment: ``step`` numbers the change in the plan, ``phase`` the moment."""

    deployment: str
    step: int
    phase: Phase
    kind: str
    name: str
    action: str
    object_id: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)
    at: float = 0.0
    seq: int = 0  # assigned by the store: total order of the journal


class EventStatus(enum.StrEnum):
    """An outbox event's delivery state."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after the retry budget; ``webhooks retry`` re-queues it


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    """A webhook event waiting for (or past) delivery to one endpoint."""

    id: str  # the idempotency key receivers see on every attempt
    endpoint: str
    type: str
    payload: Mapping[str, Any]
    created_at: float
    status: EventStatus = EventStatus.PENDING
    attempts: int = 0
    next_attempt_at: float = 0.0
    last_error: str = ""
    delivered_at: float | None = None
    seq: int = 0  # assigned by the store: delivery order per endpoint


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The head of a hash chain (the audit log), so truncating its tail is detected."""

    name: str
    head: str
    count: int
    at: float
