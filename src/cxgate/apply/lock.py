"""One deployment per org at a time: the lock in the state store, and who holds it.

A second ``apply`` against the same org fails at once naming the holder (user, host, pid,
deployment) and since when, or waits with ``--wait-lock``. A holder that is provably dead —
on this host, its process gone (or its pid reused by another process) — is stale: the lock is
taken over and the caller recovers its deployment. A lock held from another host can only be
broken on purpose (``--break-lock``).
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from cxgate.clock import Clock
from cxgate.errors import DeploymentLockedError
from cxgate.state.records import LockHolder
from cxgate.state.store import StateStore

__all__ = ["Acquired", "acquire", "holder_is_dead", "me", "process_start"]

_POLL_S = 2.0


@dataclass(frozen=True, slots=True)
class Acquired:
    """The lock is ours; ``replaced`` is a dead or broken holder we took it from."""

    holder: LockHolder
    replaced: LockHolder | None = None


def process_start(pid: int) -> str:
    """When process ``pid`` started (clock ticks since boot), '' where /proc is absent."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return ""
    return fields[19] if len(fields) > 19 else ""


def me(org: str, deployment: str, since: float) -> LockHolder:
    """This process as a lock holder."""
    pid = os.getpid()
    return LockHolder(
        org, deployment, getpass.getuser(), socket.gethostname(), pid, since, process_start(pid)
    )


def holder_is_dead(holder: LockHolder) -> bool:
    """True only when provably dead: same host, and the pid is gone or now another process."""
    if holder.host != socket.gethostname():
        return False
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    started = process_start(holder.pid)
    return bool(holder.process_start and started and started != holder.process_start)


def acquire(
    store: StateStore,
    holder: LockHolder,
    clock: Clock,
    *,
    wait_s: float = 0.0,
    break_lock: bool = False,
) -> Acquired:
    """Take the org's lock (see the module docstring); DeploymentLockedError otherwise."""
    deadline = clock.monotonic() + wait_s
    while True:
        current = store.acquire_lock(holder)
        if current is None:
            return Acquired(holder)
        if holder_is_dead(current) or break_lock:
            if store.acquire_lock(holder, replace=current.deployment) is None:
                return Acquired(holder, current)
            continue
        if clock.monotonic() >= deadline:
            raise DeploymentLockedError(_locked_message(current, wait_s))
        clock.sleep(min(_POLL_S, max(0.0, deadline - clock.monotonic())))


def _locked_message(current: LockHolder, wait_s: float) -> str:
    since = dt.datetime.fromtimestamp(current.since, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    waited = f" (waited {wait_s:g}s)" if wait_s else ""
    return (
        f"org {current.org} is being deployed by {current.describe()} since {since}{waited}; "
        "wait for it (--wait-lock 10m), or if that run is gone for good, --break-lock"
    )
