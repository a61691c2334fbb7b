"""`make_plan`: check, diff, look up what the changes touch, project staffing, assess.

The plan is refused (``ValidationError``) when any check finds an error; warnings, notes and
policy overrides travel on the plan for review. Pure given the live side: the only calls are
Architect dependency lookups for the objects the changes touch (one per object).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cxgate.bundle.desired import DesiredState
from cxgate.client import GenesysClient
from cxgate.clock import Clock, SystemClock
from cxgate.errors import ConfigError, Problem, ValidationError
from cxgate.org.dependencies import index_status, read_consumers, rebuild_index
from cxgate.pipeline.checking import (
    NO_OVERRIDES,
    Overrides,
    bundle_problems,
    cooldown_history,
    draft_changes,
    online_problems,
    staffing_problems,
)
from cxgate.pipeline.flows import flow_problems, planned_flow_changes
from cxgate.pipeline.live import LiveSide, org_key
from cxgate.plan.change import Change
from cxgate.plan.ownership import Ownership
from cxgate.plan.plan import Plan, build_plan
from cxgate.plan.risk import RiskContext, dependency_targets
from cxgate.plan.staffing import staffing_projections
from cxgate.records.recorder import Recorder
from cxgate.safety.validate import policy_problems
from cxgate.state.store import StateStore

__all__ = ["make_plan"]


def make_plan(
    desired: DesiredState,
    side: LiveSide,
    store: StateStore,
    *,
    clock: Clock | None = None,
    overrides: Overrides = NO_OVERRIDES,
    warnings: Sequence[object] = (),
    records: Recorder | None = None,
    rebuild_dependencies: bool = False,
) -> Plan:
    """The reviewed unit of work: every change with its risk and the safety verdict.

    ``warnings`` (e.g. the loader's) are listed first on the plan. With ``records`` the plan
    (or why there is none) is written to the audit log. ``rebuild_dependencies`` rebuilds
    Architect's dependency index (and waits) before reading it.
    """
    try:
        plan = _make_plan(
            desired,
            side,
            store,
            clock=clock,
            overrides=overrides,
            rebuild_dependencies=rebuild_dependencies,
        )
    except ValidationError as error:
        if records is not None:
            records.planned(
                {"errors": len(error.problems)}, bundle=str(desired.root), outcome="invalid"
            )
        raise
    plan = replace(plan, warnings=(*map(str, warnings), *plan.warnings))
    if records is not None:
        outcome = "unsafe" if plan.unsafe_reasons() else "ok"
        summary = {**plan.summary(), "checksum": plan.checksum}
        records.planned(summary, bundle=str(desired.root), outcome=outcome)
    return plan


def _make_plan(
    desired: DesiredState,
    side: LiveSide,
    store: StateStore,
    *,
    clock: Clock | None,
    overrides: Overrides,
    rebuild_dependencies: bool,
) -> Plan:
    live = side.live
    if live is None:
        raise ConfigError(
            "plan needs the org: set the GENESYSCLOUD_* variables or --profile "
            "(or compare with an exported bundle: --against DIR)"
        )
    org = org_key(desired, live)
    changes = draft_changes(desired, live, store, org)
    problems = [*bundle_problems(desired, live), *online_problems(desired, side, changes)]
    problems += flow_problems(desired, live, side.flows)
    changes += planned_flow_changes(desired, side.flows)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationError(errors)
    now = (clock or SystemClock()).time()
    policy = policy_problems(
        desired,
        changes,
        now=now,
        history=cooldown_history(store, org, changes),
        override_freeze=overrides.freeze,
        override_cooldown=overrides.cooldown,
    )
    refusals = tuple(str(p) for p in policy if p.severity == "error")
    allowed = [p for p in policy if p.severity != "error"]
    notes = [*side.notes, *problems, *_staffing_notes(desired, side), *allowed]
    ownership = Ownership.of(store.owned(org), desired.deletes)
    context = _risk_context(desired, side, changes, rebuild=rebuild_dependencies)
    if not context.dependencies_current:
        notes.append(_stale_index_note(context.index_status))
    plan = build_plan(
        live,
        desired,
        ownership,
        context,
        now=now,
        extra_warnings=[str(p) for p in notes],
        changes=changes,
    )
    return replace(plan, refusals=refusals)


def _staffing_notes(desired: DesiredState, side: LiveSide) -> list[Problem]:
    """Forecasts plan cannot project, as warnings (a miss shows in the projection and the
    change's risk instead; validate is the gate that fails)."""
    return [
        replace(p, severity="warning")
        for p in staffing_problems(desired, side)
        if p.rule == "staffing-input"
    ]


def _risk_context(
    desired: DesiredState, side: LiveSide, changes: list[Change], *, rebuild: bool
) -> RiskContext:
    """Consuming flows (the index's status first, then one call per object that needs it)
    and staffing projections."""
    assert side.live is not None
    projections = staffing_projections(changes, desired, side.live, side.live_agents)
    targets = dependency_targets(changes)
    if side.reader is None or not targets:
        return RiskContext({}, projections)
    if rebuild and isinstance(side.reader, GenesysClient):
        status = rebuild_index(side.reader)
    else:
        status = index_status(side.reader)
    return RiskContext(read_consumers(side.reader, targets), projections, status)


def _stale_index_note(status: str) -> Problem:
    return Problem(
        "org",
        "",
        f"Architect's dependency index is {status}, not current (a recent publish): which "
        "flows use what is unverified, and deletes it guards are refused without --force",
        "re-run with --rebuild-dependencies to rebuild it and wait (a few minutes at most)",
        severity="warning",
        rule="dependencies-stale",
    )
