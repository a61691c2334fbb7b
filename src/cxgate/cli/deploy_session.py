"""What every command that writes to the org shares: the lock options and the session.

``session`` holds the org's deployment lock for the command (``--wait-lock``,
``--break-lock``) and says when it took over a dead holder's lock. ``terminated_as_interrupt``
makes SIGTERM (a CI job cancelled) stop a deployment the way Ctrl-C does: writes in flight
finish, the rest is rolled back.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Annotated

import typer

from cxgate.apply.api import ORG_PATH
from cxgate.cli.common import err_console
from cxgate.client import GenesysClient
from cxgate.clock import SystemClock
from cxgate.errors import ConfigError
from cxgate.org.live import read_live
from cxgate.pipeline.deploying import Lease, deployment_lock
from cxgate.resource.refs import Refs
from cxgate.staffing.units import parse_duration
from cxgate.state.store import StateStore

__all__ = ["BreakLockOpt", "WaitLockOpt", "org_refs", "session", "terminated_as_interrupt"]

WaitLockOpt = Annotated[
    str,
    typer.Option(
        "--wait-lock",
        metavar="DURATION",
        help="Wait this long for another deployment's lock (e.g. 10m); default: fail at once.",
    ),
]
BreakLockOpt = Annotated[
    bool,
    typer.Option(
        "--break-lock", help="Take the lock from a holder on another host (only if it is gone)."
    ),
]


@contextmanager
def session(
    store: StateStore, client: GenesysClient, wait_lock: str, break_lock: bool
) -> Iterator[Lease]:
    """The org's deployment lock, held for the block."""
    try:
        wait_s = parse_duration(wait_lock)
    except ValueError as exc:
        raise ConfigError(f"--wait-lock: {exc}") from None
    org = str(client.get(ORG_PATH)["id"])
    with deployment_lock(
        store, org, clock=SystemClock(), wait_s=wait_s, break_lock=break_lock
    ) as lease:
        if lease.replaced is not None:
            how = "broke the lock of" if break_lock else "took over the stale lock of"
            err_console.print(
                f"{how} {lease.replaced.describe()} (its process is gone)", markup=False
            )
        yield lease


def org_refs(client: GenesysClient) -> Refs:
    """The org's names and ids (what restoring an object by name needs)."""
    return read_live(client).refs


@contextmanager
def terminated_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt in the main thread for the block."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
