"""`apply` and `resume`: a reviewed plan into the org as one unit, under the org's lock.

A deployment runs inside ``deployment_lock`` (one per org, in the state store). Before a
new plan is applied, any deployment of the org that a crash left ``running`` is recovered
(``recover``: rolled back by default, or finished). ``apply`` checks the plan is safe (or
forced), turns its changes into steps and hands them to the engine (``cxgate.apply``).

From Python::

    with GenesysClient(settings) as client, open_store(".cxgate") as store:
        desired, _ = load_or_raise(Path("bundle"))
        side = read_org_side(client, desired)
        plan = make_plan(desired, side, store)
        result = apply(plan, side, client, store)
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import secrets
import socket
import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from cxgate.apply.engine import (
    DEFAULT_OPTIONS,
    ApplyOptions,
    DeploymentResult,
    Engine,
    ResumeMode,
    steps_of,
)
from cxgate.apply.lock import acquire, me
from cxgate.apply.steps import StepResult
from cxgate.client import GenesysClient
from cxgate.clock import Clock, SystemClock
from cxgate.errors import PlanError
from cxgate.pipeline.live import LiveSide
from cxgate.plan.plan import Plan
from cxgate.records.deployment import DeploymentRecorder
from cxgate.records.recorder import Recorder
from cxgate.resource.live import LiveState
from cxgate.resource.refs import Refs
from cxgate.state.records import DeploymentRecord, JournalEntry, LockHolder
from cxgate.state.store import StateStore

__all__ = [
    "Lease",
    "OnResult",
    "OnRow",
    "apply",
    "bundle_commit",
    "deployment_lock",
    "new_deployment_id",
    "record_for",
    "recorded",
    "recover",
]

OnResult = Callable[[StepResult], None]
OnRow = Callable[[JournalEntry, StepResult | None], None]


@dataclass(frozen=True, slots=True)
class Lease:
    """The org's lock, held for ``deployment``; ``replaced``: a dead holder taken over."""

    org: str
    deployment: str
    replaced: LockHolder | None = None


def recorded(
    records: Recorder | None, client: GenesysClient
) -> tuple[DeploymentRecorder | None, AbstractContextManager[None]]:
    """The engine hooks that write ``records`` (audit, webhooks, metrics), and the block that
    times the client's calls for them; (None, a no-op) without records."""
    if records is None:
        return None, nullcontext()
    hooks = records.deployment_hooks(client)
    return hooks, hooks.observing()


def new_deployment_id(clock: Clock) -> str:
    """``d-20261204-174513-3f9a1c``: sortable by time, unique by chance."""
    stamp = dt.datetime.fromtimestamp(clock.time(), dt.UTC).strftime("%Y%m%d-%H%M%S")
    return f"d-{stamp}-{secrets.token_hex(3)}"


@contextmanager
def deployment_lock(
    store: StateStore,
    org: str,
    *,
    clock: Clock | None = None,
    wait_s: float = 0.0,
    break_lock: bool = False,
) -> Iterator[Lease]:
    """Hold ``org``'s deployment lock inside the block (DeploymentLockedError otherwise)."""
    time = clock or SystemClock()
    deployment = new_deployment_id(time)
    got = acquire(
        store, me(org, deployment, time.time()), time, wait_s=wait_s, break_lock=break_lock
    )
    try:
        yield Lease(org, deployment, got.replaced)
    finally:
        store.release_lock(org, deployment)


def recover(
    client: GenesysClient,
    store: StateStore,
    lease: Lease,
    refs: Refs,
    *,
    mode: ResumeMode = ResumeMode.ROLLBACK,
    deployment: str | None = None,
    clock: Clock | None = None,
    on_result: OnResult | None = None,
    on_row: OnRow | None = None,
    records: Recorder | None = None,
) -> list[DeploymentResult]:
    """Finish or roll back the org's deployments a crash left running (or just one)."""
    unfinished = store.unfinished_deployments(lease.org)
    if deployment is not None:
        unfinished = [r for r in unfinished if r.id == deployment]
    results = []
    hooks, timing = recorded(records, client)
    for record in unfinished:
        plan = Plan.from_dict(record.plan)
        engine = Engine(
            client,
            store,
            clock or SystemClock(),
            refs,
            org=lease.org,
            on_result=on_result,
            on_row=on_row,
            hooks=hooks,
        )
        with timing:
            results.append(engine.resume(record, steps_of(plan.changes), mode))
    return results


def apply(
    plan: Plan,
    side: LiveSide,
    client: GenesysClient,
    store: StateStore,
    *,
    lease: Lease | None = None,
    force: bool = False,
    options: ApplyOptions = DEFAULT_OPTIONS,
    clock: Clock | None = None,
    bundle: Path | None = None,
    on_result: OnResult | None = None,
    on_row: OnRow | None = None,
    records: Recorder | None = None,
) -> DeploymentResult:
    """Apply ``plan`` (made from ``side``) as one deployment; see the module docstring.

    Without ``lease`` the org's lock is taken (and released) here. With ``records`` the
    deployment writes its audit entries, webhook events and metrics (``cxgate.records``).
    """
    live = _applicable(plan, side)
    plan.raise_if_unsafe(force)
    time = clock or SystemClock()
    if lease is None:
        with deployment_lock(store, plan.org_id or "default", clock=time) as taken:
            return apply(
                plan,
                side,
                client,
                store,
                lease=taken,
                force=force,
                options=options,
                clock=time,
                bundle=bundle,
                on_result=on_result,
                on_row=on_row,
                records=records,
            )
    bases = {(o.kind, o.name): o.body for objs in live.objects.values() for o in objs.values()}
    hooks, timing = recorded(records, client)
    engine = Engine(
        client,
        store,
        time,
        live.refs.copy(),
        org=lease.org,
        options=options,
        on_result=on_result,
        on_row=on_row,
        hooks=hooks,
    )
    with timing:
        record = record_for(plan, client, lease, time, bundle)
        return engine.run(record, steps_of(plan.changes, bases))


def _applicable(plan: Plan, side: LiveSide) -> LiveState:
    """The live state the plan was made against; a plan against another bundle has no
    tokens and pseudo ids, so it can be reviewed but never applied."""
    live = side.live
    if live is None or (side.flows is not None and side.flows.from_bundle):
        raise PlanError(
            "a plan made --against another bundle cannot be applied; plan against the org"
        )
    if any(c.id and c.id.startswith("bundle:") for c in plan.changes):
        raise PlanError(
            "a plan made --against another bundle cannot be applied; plan against the org"
        )
    return live


def record_for(
    plan: Plan, client: GenesysClient, lease: Lease, clock: Clock, bundle: Path | None
) -> DeploymentRecord:
    """The deployment's record: who, where, what (the plan file form, to resume from)."""
    return DeploymentRecord(
        id=lease.deployment,
        org=lease.org,
        env=plan.env,
        bundle=plan.bundle,
        user=getpass.getuser(),
        host=socket.gethostname(),
        pid=os.getpid(),
        client_id=client.settings.client_id,
        started_at=clock.time(),
        plan_checksum=plan.checksum,
        commit=bundle_commit(bundle or Path(plan.bundle or ".")),
        plan=plan.to_dict(),
    )


def bundle_commit(path: Path) -> str | None:
    """The git commit of the work tree holding ``path`` (None outside git)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(path), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None
