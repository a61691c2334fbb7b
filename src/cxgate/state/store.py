"""The state store interface: what outlives one run, whatever holds it.

Cooldown history, ownership of created objects, the per-org deployment lock, deployments with
their snapshots and journal, the webhook outbox and the audit chain's checkpoint. The engine
(``cxgate.apply``), the records (``cxgate.records``) and the policy checks see only this
``StateStore`` protocol; ``open_store`` picks the backend: SQLite in a local directory (the
default, zero setup) or PostgreSQL for teams (``postgresql://…``, ``cxgate.state.postgres``).

Every write method commits on its own; ``transaction()`` groups several into one commit (a
journal step and the webhook event it causes), and nests: an inner block is a savepoint, so a
failure inside it undoes its own writes and the outer block may go on if it catches it. A
store is shared by the threads of one run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import Protocol

from cxgate.clock import Clock
from cxgate.errors import ConfigError
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

__all__ = [
    "STATE_DIR_ENV",
    "STATE_URL_ENV",
    "StateStore",
    "is_database_url",
    "open_store",
    "state_dir",
    "state_location",
]

STATE_DIR_ENV = "CXGATE_STATE_DIR"
STATE_URL_ENV = "CXGATE_STATE_URL"
_DATABASE_SCHEMES = ("postgresql://", "postgres://")


class StateStore(Protocol):
    """One connection to the state; use as a context manager (see the module docstring)."""

    clock: Clock

    @property
    def location(self) -> str:
        """Where the state lives, fit to print (a path, or a URL without its password)."""
        ...

    @property
    def schema_version(self) -> int:
        """How many migrations have run."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """Group the writes inside into one commit (nested blocks are savepoints)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> StateStore: ...

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    # -- cooldowns and ownership ------------------------------------------------------------

    def record_change(self, org: str, kind: str, name: str, deployment: str | None = None) -> None:
        """Note that ``kind``/``name`` changed now (the cooldown rule reads it)."""
        ...

    def last_changes(
        self, org: str, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], float]:
        """When each (kind, name) last changed, for those that ever did."""
        ...

    def record_owned(
        self, org: str, kind: str, object_id: str, name: str, deployment: str | None = None
    ) -> None:
        """Note that cxgate created this object (the only undeclared ones it may delete)."""
        ...

    def forget_owned(self, org: str, kind: str, object_id: str) -> None: ...

    def owned(self, org: str) -> frozenset[tuple[str, str]]:
        """(kind, id) of every object cxgate created in ``org``."""
        ...

    # -- the deployment lock ----------------------------------------------------------------

    def acquire_lock(self, holder: LockHolder, *, replace: str | None = None) -> LockHolder | None:
        """Take ``holder.org``'s lock: None when taken, else the current holder (untouched).

        ``replace`` names a deployment whose lock may be taken over (its holder is dead, or
        the user broke the lock); any other holder still wins.
        """
        ...

    def lock_holder(self, org: str) -> LockHolder | None: ...

    def release_lock(self, org: str, deployment: str) -> None:
        """Give the lock back (only if ``deployment`` still holds it)."""
        ...

    # -- deployments, snapshots, journal ----------------------------------------------------

    def begin_deployment(self, record: DeploymentRecord) -> None: ...

    def finish_deployment(
        self, deployment: str, status: DeploymentStatus, summary: Mapping[str, object]
    ) -> None: ...

    def deployment(self, deployment: str) -> DeploymentRecord | None: ...

    def deployments(self, org: str | None = None, limit: int = 50) -> list[DeploymentRecord]:
        """Newest first."""
        ...

    def unfinished_deployments(self, org: str) -> list[DeploymentRecord]:
        """Deployments of ``org`` still ``running`` (a crash left them), oldest first."""
        ...

    def save_snapshots(self, snapshots: Sequence[Snapshot]) -> None: ...

    def snapshots(self, deployment: str) -> list[Snapshot]: ...

    def append_journal(self, entry: JournalEntry) -> JournalEntry:
        """Write one journal row durably; the entry with its ``seq``."""
        ...

    def journal(self, deployment: str) -> list[JournalEntry]:
        """Every row of a deployment, in the order written."""
        ...

    # -- the webhook outbox -----------------------------------------------------------------

    def enqueue(self, events: Sequence[OutboxEvent]) -> None: ...

    def claim_events(
        self, now: float, *, limit: int, lease_s: float, claimer: str
    ) -> list[OutboxEvent]:
        """Due pending events, oldest first per endpoint, leased to ``claimer`` so no other
        deliverer sends them; an endpoint whose oldest pending event is not due yet (or is
        leased) yields nothing, so order per endpoint holds."""
        ...

    def mark_delivered(self, event_id: str) -> None: ...

    def mark_retry(
        self, event_id: str, next_attempt_at: float, error: str, *, give_up: bool
    ) -> None:
        """Count a failed attempt; ``give_up`` turns it ``failed`` for good."""
        ...

    def release_claims(self, claimer: str) -> None:
        """Free every lease ``claimer`` holds (events it did not get to)."""
        ...

    def outbox_events(
        self, status: EventStatus | None = None, endpoint: str | None = None
    ) -> list[OutboxEvent]: ...

    def requeue_failed(self, endpoint: str | None = None) -> int:
        """Make failed events pending again; how many."""
        ...

    # -- checkpoints ------------------------------------------------------------------------

    def set_checkpoint(self, checkpoint: Checkpoint) -> None: ...

    def checkpoint(self, name: str) -> Checkpoint | None: ...


def state_dir(explicit: Path | None = None, env: Mapping[str, str] | None = None) -> Path:
    """``--state-dir``, else ``$CXGATE_STATE_DIR``, else ``./.cxgate``."""
    if explicit is not None:
        return explicit
    value = (os.environ if env is None else env).get(STATE_DIR_ENV)
    return Path(value) if value else Path.cwd() / ".cxgate"


def is_database_url(location: str | Path | None) -> bool:
    """True for a PostgreSQL URL (``postgresql://…``)."""
    return isinstance(location, str) and location.startswith(_DATABASE_SCHEMES)


def state_location(
    explicit: str | Path | None = None,
    configured: str | Path | None = None,
    env: Mapping[str, str] | None = None,
) -> str | Path:
    """Where the state lives: ``--state``, else ``$CXGATE_STATE_URL``, else ``state:`` in
    cxgate.yaml, else ``$CXGATE_STATE_DIR``, else ``./.cxgate``.

    A bundle's shared store outranks the local default's directory, so a stray
    ``$CXGATE_STATE_DIR`` never splits a team's lock; ``$CXGATE_STATE_URL`` may still redirect it.
    """
    environ = os.environ if env is None else env
    chosen = explicit or environ.get(STATE_URL_ENV) or configured
    return chosen if chosen else state_dir(None, environ)


def open_store(
    location: str | Path | None = None,
    clock: Clock | None = None,
    env: Mapping[str, str] | None = None,
    *,
    configured: str | Path | None = None,
) -> StateStore:
    """The store at ``location`` (see ``state_location``): a PostgreSQL URL, or a directory
    for SQLite. With a URL nothing is written locally."""
    chosen = state_location(location, configured, env)
    if is_database_url(chosen):
        try:
            from cxgate.state.postgres import PostgresStore  # only teams need the driver
        except ImportError:
            raise ConfigError(
                "a PostgreSQL state store needs the driver: pip install 'cxgate[postgres]'"
            ) from None
        return PostgresStore.connect(str(chosen), clock)
    from cxgate.state.sqlite import SqliteStore

    return SqliteStore.open(Path(chosen), clock)
