"""The org's deployment lock: exclusive, stale holders taken over, others never broken silently."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from cxgate.apply.lock import acquire, holder_is_dead, me, process_start
from cxgate.clock import FakeClock
from cxgate.errors import DeploymentLockedError
from cxgate.state.records import LockHolder
from cxgate.state.sqlite import SqliteStore


def _dead_pid() -> int:
    """The pid of a process that has exited (reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_second_holder_is_refused_naming_the_first(store: SqliteStore, clock: FakeClock) -> None:
    """Who, where, which pid and deployment, since when; how to wait or break it."""
    acquire(store, me("org", "d-1", clock.time()), clock)
    with pytest.raises(DeploymentLockedError) as refused:
        acquire(store, me("org", "d-2", clock.time()), clock)
    text = str(refused.value)
    assert f"deployment d-1 by {me('org', 'x', 0).user} on {socket.gethostname()}" in text
    assert f"(pid {os.getpid()})" in text
    assert "--wait-lock" in text
    assert "--break-lock" in text


def test_waiting_gets_the_lock_when_released(store: SqliteStore, clock: FakeClock) -> None:
    """--wait-lock polls (on the injected clock) until the holder lets go."""
    acquire(store, me("org", "d-1", clock.time()), clock)
    polls: list[float] = []
    original = clock.sleep

    def sleep(seconds: float) -> None:
        polls.append(seconds)
        if len(polls) == 3:
            store.release_lock("org", "d-1")
        original(seconds)

    clock.sleep = sleep  # type: ignore[method-assign]
    got = acquire(store, me("org", "d-2", clock.time()), clock, wait_s=60)
    assert got.holder.deployment == "d-2"
    assert len(polls) == 3


def test_waiting_gives_up_at_the_deadline(store: SqliteStore, clock: FakeClock) -> None:
    """The wait is bounded; the message says how long it waited."""
    acquire(store, me("org", "d-1", clock.time()), clock)
    with pytest.raises(DeploymentLockedError, match=r"waited 10s"):
        acquire(store, me("org", "d-2", clock.time()), clock, wait_s=10)
    assert sum(clock.slept) == pytest.approx(10)


def test_dead_holder_on_this_host_is_taken_over(store: SqliteStore, clock: FakeClock) -> None:
    """A crashed run's lock (same host, process gone) is stale: taken over and reported."""
    dead = LockHolder("org", "d-crashed", "ci", socket.gethostname(), _dead_pid(), 1.0)
    assert store.acquire_lock(dead) is None
    got = acquire(store, me("org", "d-new", clock.time()), clock)
    assert got.replaced == dead
    assert store.lock_holder("org").deployment == "d-new"


def test_holder_on_another_host_needs_break_lock(store: SqliteStore, clock: FakeClock) -> None:
    """Nothing proves a remote holder dead; --break-lock takes it anyway, and says so."""
    remote = LockHolder("org", "d-remote", "ci", "runner-7.example", 4242, 1.0)
    store.acquire_lock(remote)
    with pytest.raises(DeploymentLockedError, match=r"runner-7\.example"):
        acquire(store, me("org", "d-new", clock.time()), clock)
    got = acquire(store, me("org", "d-new", clock.time()), clock, break_lock=True)
    assert got.replaced == remote


def test_liveness() -> None:
    """Alive: this process; dead: an exited pid; a reused pid (other start time) is dead."""
    host = socket.gethostname()
    assert not holder_is_dead(
        LockHolder("o", "d", "u", host, os.getpid(), 0, process_start(os.getpid()))
    )
    assert holder_is_dead(LockHolder("o", "d", "u", host, _dead_pid(), 0))
    reused = LockHolder("o", "d", "u", host, os.getpid(), 0, "not-my-start-time")
    assert holder_is_dead(reused) == bool(process_start(os.getpid()))
    assert not holder_is_dead(LockHolder("o", "d", "u", "elsewhere", 1, 0))
