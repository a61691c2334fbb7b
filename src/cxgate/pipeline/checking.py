"""`check`: every problem a bundle has, against whatever live side there is, at once.

The offline rules (schema, references, routing sanity), the rules against the org (names,
limits, features and products), every flow's ``flow check`` findings, the staffing gate and
the change policy (freeze windows, cooldowns). ``make_plan`` runs the same rules and refuses
on errors; ``validate`` prints them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cxgate.bundle.desired import DesiredState
from cxgate.clock import Clock, SystemClock
from cxgate.errors import Problem
from cxgate.pipeline.flows import flow_problems
from cxgate.pipeline.live import LiveSide, org_key
from cxgate.plan.change import Change
from cxgate.plan.diff import diff_states
from cxgate.plan.ownership import Ownership
from cxgate.records.recorder import Recorder
from cxgate.resource.live import LiveState
from cxgate.safety import gate, limits, requirements, validate
from cxgate.state.store import StateStore

__all__ = [
    "NO_OVERRIDES",
    "Overrides",
    "bundle_problems",
    "check",
    "cooldown_history",
    "draft_changes",
    "online_problems",
    "staffing_problems",
]


@dataclass(frozen=True, slots=True)
class Overrides:
    """Reasons given to change anyway (``--override-freeze``, ``--override-cooldown``)."""

    freeze: str | None = None
    cooldown: str | None = None


NO_OVERRIDES = Overrides()


def check(
    desired: DesiredState,
    side: LiveSide,
    store: StateStore,
    *,
    clock: Clock | None = None,
    overrides: Overrides = NO_OVERRIDES,
    records: Recorder | None = None,
) -> list[Problem]:
    """Every problem of the bundle (errors and warnings), none raised; with ``records`` the
    run and its counts are written to the audit log."""
    problems = _check(desired, side, store, clock=clock, overrides=overrides)
    if records is not None:
        errors = sum(p.severity == "error" for p in problems)
        records.validated(errors, len(problems) - errors, bundle=str(desired.root))
    return problems


def _check(
    desired: DesiredState,
    side: LiveSide,
    store: StateStore,
    *,
    clock: Clock | None,
    overrides: Overrides,
) -> list[Problem]:
    problems = [*side.notes, *bundle_problems(desired, side.live)]
    problems += flow_problems(desired, side.live, side.flows)
    problems += staffing_problems(desired, side)
    org = org_key(desired, side.live)
    changes = draft_changes(desired, side.live, store, org)
    problems += online_problems(desired, side, changes)
    known = changes if side.live is not None else None
    problems += validate.policy_problems(
        desired,
        known,
        now=(clock or SystemClock()).time(),
        history=cooldown_history(store, org, changes),
        override_freeze=overrides.freeze,
    )
    return problems


def bundle_problems(desired: DesiredState, live: LiveState | None) -> list[Problem]:
    """Offline rules, plus the rules against the live side when there is one."""
    problems = validate.offline(desired, references=live is None)
    if live is not None:
        problems += validate.against_live(desired, live)
    return problems


def draft_changes(
    desired: DesiredState, live: LiveState | None, store: StateStore, org: str
) -> list[Change]:
    """The plan's changes (no risk yet): what limits, requirements and policy look at."""
    if live is None:
        return []
    return diff_states(live, desired, Ownership.of(store.owned(org), desired.deletes))


def cooldown_history(
    store: StateStore, org: str, changes: Sequence[Change]
) -> dict[tuple[str, str], float]:
    """When each changed object last changed (the cooldown rule's input)."""
    return store.last_changes(org, [(c.kind, c.renamed_from or c.name) for c in changes])


def staffing_problems(desired: DesiredState, side: LiveSide) -> list[Problem]:
    """The staffing gate: every queue forecast projected against its call target."""
    return gate.forecast_problems(desired, side.live, side.live_agents)


def online_problems(desired: DesiredState, side: LiveSide, changes: list[Change]) -> list[Problem]:
    """Org limits and the features/products changes rely on (only with the org's facts)."""
    if side.live is None or side.facts is None:
        return []
    found: list[Problem] = []
    policy = desired.config.policy
    settings = limits.limit_settings(policy.limits)
    after = limits.counts_after(side.live, changes)
    found += limits.limit_problems(desired, changes, after, settings, side.facts.limits)
    features = {**side.facts.features, **_planned_features(desired)}
    needs = requirements.requirements_for(policy.requirements)
    found += requirements.requirement_problems(
        desired, changes, features, side.facts.products, needs
    )
    return found


def _planned_features(desired: DesiredState) -> dict[str, bool]:
    """Feature flags as the plan leaves them (the bundle may switch some)."""
    return {n: bool(o.body.get("enabled")) for n, o in desired.objects.get("feature", {}).items()}
