"""`rollback DEPLOYMENT`: put back what a past deployment changed, through the same engine.

The way back is a plan of its own — each step the deployment made that is not undone yet,
inverted from the journal and the snapshots — risk-assessed and confirmed like any other
plan, then applied as a new deployment (``kind: rollback``). An object someone else changed
since the deployment is refused unless forced; even then a field they changed is never
overwritten (the engine stops on it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cxgate.apply import api
from cxgate.apply.engine import DEFAULT_OPTIONS, ApplyOptions, DeploymentResult, Engine, steps_of
from cxgate.apply.hooks import DeploymentHooks
from cxgate.apply.steps import Step
from cxgate.client import GenesysClient
from cxgate.clock import Clock, SystemClock
from cxgate.errors import ApiError, ConfigError, PolicyError, TransportError
from cxgate.org.dependencies import CURRENT, index_status, read_consumers
from cxgate.org.flows.lookup import FLOWS
from cxgate.pipeline.deploying import Lease, OnResult, OnRow, record_for, recorded
from cxgate.plan.change import Action
from cxgate.plan.plan import Plan
from cxgate.plan.risk import RiskContext, assess_all, dependency_targets
from cxgate.records.recorder import Recorder
from cxgate.resource.flow import flow_token
from cxgate.resource.refs import Refs
from cxgate.resource.registry import KINDS
from cxgate.state.records import DeploymentRecord, DeploymentStatus, JournalEntry, Phase
from cxgate.state.store import StateStore

__all__ = ["Reversal", "plan_rollback", "rollback"]


@dataclass(frozen=True, slots=True)
class Reversal:
    """The plan that undoes ``target``, and the objects changed by others since it."""

    target: DeploymentRecord
    plan: Plan
    steps: tuple[Step, ...]
    changed_since: tuple[str, ...]
    origin: tuple[int, ...] = ()  # each step's index in the target deployment


def plan_rollback(
    client: GenesysClient,
    store: StateStore,
    deployment: str,
    refs: Refs,
    *,
    clock: Clock | None = None,
) -> Reversal:
    """The reviewed way back from ``deployment`` (ConfigError when there is none)."""
    time = clock or SystemClock()
    target = _finished(store, deployment)
    engine = Engine(client, store, time, refs, org=target.org)
    undo = engine.inverse_of(target, steps_of(Plan.from_dict(target.plan).changes))
    targets = dependency_targets(s.change for s in undo)
    status = index_status(client) if targets else CURRENT  # read first: the index may lag
    context = RiskContext(read_consumers(client, targets), index_status=status)
    assessed = assess_all([s.change for s in undo], context)
    steps = tuple(
        replace(step, index=i, change=change, resumed=False)
        for i, (step, change) in enumerate(zip(undo, assessed, strict=True))
    )
    changed = tuple(_changed_since(client, steps))
    stamp = dt.datetime.fromtimestamp(time.time(), dt.UTC).isoformat().replace("+00:00", "Z")
    plan = Plan(
        changes=tuple(assessed),
        existing={},
        bundle=target.bundle,
        env=target.env,
        org_id=target.org,
        created_at=stamp,
        warnings=changed,
    )
    return Reversal(target, plan, steps, changed, tuple(s.index for s in undo))


def rollback(
    reversal: Reversal,
    client: GenesysClient,
    store: StateStore,
    lease: Lease,
    refs: Refs,
    *,
    force: bool = False,
    options: ApplyOptions = DEFAULT_OPTIONS,
    clock: Clock | None = None,
    on_result: OnResult | None = None,
    on_row: OnRow | None = None,
    records: Recorder | None = None,
) -> DeploymentResult:
    """Apply the reversal as a new deployment (``kind: rollback``); with ``records``, both
    deployments' records say so (``deployment.rolled_back`` for the target)."""
    if reversal.changed_since and not force:
        listed = "".join(f"\n  - {line}" for line in reversal.changed_since)
        raise PolicyError(
            f"rolling back {reversal.target.id} would touch objects changed since by someone "
            f"else; review them, then re-run with --force (their fields are never "
            f"overwritten):{listed}"
        )
    reversal.plan.raise_if_unsafe(force)
    time = clock or SystemClock()
    record = replace(
        record_for(reversal.plan, client, lease, time, None),
        kind="rollback",
        rolls_back=reversal.target.id,
        commit=reversal.target.commit,
    )
    hooks, timing = recorded(records, client)
    engine = Engine(client, store, time, refs, org=lease.org, options=options, hooks=hooks)
    engine.on_result, engine.on_row = on_result, on_row
    with timing:
        result = engine.run(record, list(reversal.steps))
    if result.ok:
        _mark_undone(store, reversal, result, hooks)
    return result


def _mark_undone(
    store: StateStore,
    reversal: Reversal,
    result: DeploymentResult,
    hooks: DeploymentHooks | None = None,
) -> None:
    """The target's steps are undone now (by ``result``): its journal and status say so."""
    target = reversal.target
    with store.transaction():
        for step_result in result.results:
            step = reversal.steps[step_result.step.index]
            change = step.change
            store.append_journal(
                JournalEntry(
                    target.id,
                    reversal.origin[step.index],
                    Phase.UNDONE,
                    change.kind,
                    change.name,
                    change.action.value,
                    step_result.object_id,
                    {"by": result.deployment, "outcome": step_result.outcome.value},
                    store.clock.time(),
                )
            )
        summary = {**target.summary, "rolledBackBy": result.deployment}
        store.finish_deployment(target.id, DeploymentStatus.ROLLED_BACK, summary)
        if hooks is not None:
            hooks.rolled_back(target, result.deployment)


def _finished(store: StateStore, deployment: str) -> DeploymentRecord:
    record = store.deployment(deployment)
    if record is None:
        raise ConfigError(f"no deployment {deployment} in {store.location}; see `cxgate history`")
    if record.status is DeploymentStatus.RUNNING:
        raise ConfigError(
            f"deployment {deployment} is unfinished (a crash left it); run "
            f"`cxgate resume {deployment}` to roll it back or finish it"
        )
    return record


def _changed_since(client: GenesysClient, steps: Sequence[Step]) -> list[str]:
    """Objects whose token moved since the deployment's write (someone else changed them)."""
    found: list[str] = []
    for step in steps:
        change = step.change
        if change.action is Action.CREATE or change.token is None or not change.id:
            continue
        try:
            now = _token_now(client, change.kind, change.id)
        except (ApiError, TransportError) as error:
            found.append(f"{change.label}: could not be read ({error})")
            continue
        if now != change.token.value:
            found.append(f"{change.label} was changed by someone else since the deployment")
    return found


def _token_now(client: GenesysClient, kind: str, object_id: str) -> str | None:
    if kind == "flow":
        return flow_token(client.get(f"{FLOWS}/{object_id}")).value
    entity = api.read_fresh(client, kind, [object_id]).get(object_id)
    token = KINDS[kind].token(entity) if entity is not None else None
    return token.value if token else None
