"""One fault case: a writing command under a seeded fault mix, against the served emulator.

The expected end state comes from the same command on a healthy org (the reference run);
every object of the faulted org is then compared with that and with where it started.
Faults are on for the whole command (reads included); a command that gives up must leave
the org where it started.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cxgate.clock import Clock, ScaledClock, SystemClock
from cxgate.emulator import Emulator
from cxgate.emulator.serve import EmulatorServer
from cxgate.errors import CxgateError
from cxgate.testing.chaos.commands import COMMANDS, Command, Org
from cxgate.testing.chaos.mixes import MIXES, Mix
from cxgate.testing.chaos.orgview import View, names, org_view, verdict
from cxgate.testing.chaos.records import record_problems

__all__ = ["FaultCase", "run_fault_case", "served_org"]

SPEED = 500.0  # the org's and the clients' clock: Retry-After, jobs, deadlines pass fast


@dataclass(frozen=True, slots=True)
class FaultCase:
    """What one (command, mix, seed) did to the org."""

    command: str
    mix: str
    seed: int
    where: str  # desired, original or split
    converged: bool
    touched: int
    lost: tuple[str, ...]
    duplicated: tuple[str, ...]
    faults: int
    unexpected_429s: int
    error: str | None
    record_problems: tuple[str, ...] = ()
    resumed_after: bool = False  # it left a deployment unfinished: a clean resume ended it

    def as_dict(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


@contextmanager
def served_org(seed: str = "demo", *, speed: float = SPEED) -> Iterator[Org]:
    """A fresh demo org on a loopback socket, with its own state directory; its clock runs
    ``speed`` times faster than real time (1: real processes against it keep real time)."""
    clock: Clock = ScaledClock(speed) if speed != 1.0 else SystemClock()
    emulator = Emulator(seed=seed, rate_limit=0, clock=clock)
    with (
        tempfile.TemporaryDirectory(prefix="cxgate-chaos-") as tmp,
        EmulatorServer(emulator) as server,
    ):
        yield Org(emulator, server.url, clock, Path(tmp) / "state")


@cache
def reference_view(command: str) -> View:
    """Where ``command`` leaves a healthy org: the desired end state."""
    chosen = COMMANDS[command]
    with served_org() as org:
        if chosen.prepare is not None:
            chosen.prepare(org)
        with org.client() as client:
            chosen.run(org, client)
        return org_view(org.emulator.store)


def run_fault_case(command: str, mix: str, seed: int) -> FaultCase:
    """Run ``command`` under ``mix`` with ``seed``; compare every object with both ends."""
    chosen, trouble = COMMANDS[command], MIXES[mix]
    desired = reference_view(command)
    with served_org() as org:
        store = org.emulator.store
        baseline = org_view(store)
        if chosen.prepare is not None:
            chosen.prepare(org)
        start = org_view(store)
        original = baseline if chosen.original_before_prepare else start
        before = names(store)
        calls = len(org.emulator.requests)
        error = _faulted(org, chosen, trouble, seed)
        org.emulator.faults = None
        resumed = not chosen.flows and _resume_if_unfinished(org)
        found = verdict(original, desired, org_view(store), before, names(store), start=start)
        injected = org.emulator.injected
        problems = _records(org) if not chosen.flows else []
        seen_429 = sum(1 for r in org.emulator.requests[calls:] if r.status == 429)
    return FaultCase(
        command=command,
        mix=mix,
        seed=seed,
        where=found.where,
        converged=found.converged,
        touched=found.touched,
        lost=found.lost,
        duplicated=found.duplicated,
        faults=len(injected),
        unexpected_429s=seen_429 - sum(1 for f in injected if f.kind == "429"),
        error=error,
        record_problems=tuple(problems),
        resumed_after=resumed,
    )


def _resume_if_unfinished(org: Org) -> bool:
    """A command that gave up with a deployment still running in the journal (a resume that
    could not reach the org) has lost nothing: the next resume ends it. Run that resume,
    fault-free, so the comparison sees where the org ends."""
    with org.store() as store:
        unfinished = store.unfinished_deployments(str(org.emulator.store.organization["id"]))
    if not unfinished:
        return False
    with org.client() as client:
        COMMANDS["resume"].run(org, client)
    return True


def _records(org: Org) -> list[str]:
    """The audit chain and the outbox agree with the journal (deployment commands)."""
    with org.store() as store:
        org_id = str(org.emulator.store.organization["id"])
        return record_problems(store, org.audit, org.secret, org_id)


def _faulted(org: Org, command: Command, mix: Mix, seed: int) -> str | None:
    """The command under the mix; the error it ended with, if any (cxgate's own kinds)."""
    org.emulator.faults = mix.plan(seed)
    if mix.arm is not None:
        mix.arm(org.emulator, org.clock)
    try:
        with org.client() as client:
            command.run(org, client)
    except CxgateError as failed:
        return f"{type(failed).__name__}: {failed}"
    return None
