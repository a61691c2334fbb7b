"""What outlives one run: the ``StateStore`` interface and its backends (SQLite, PostgreSQL)."""

from __future__ import annotations

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
from cxgate.state.store import StateStore, open_store, state_dir

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
    "StateStore",
    "open_store",
    "state_dir",
]
