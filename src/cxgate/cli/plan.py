"""`cxgate plan`: every change and its risk, before anything is written.

The live side is the org (default) or another bundle (``--against``). Exit codes follow
``terraform plan -detailed-exitcode``: 0 no changes, 2 changes, 1 error.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cxgate.bundle.desired import DesiredState
from cxgate.bundle.load import load_or_raise
from cxgate.cli import export
from cxgate.cli.bundle import AgainstOpt, BundleArg, FreezeOpt, QuietOpt
from cxgate.cli.common import (
    EXIT_CHANGES,
    EnvOpt,
    OutputFormat,
    OutputOpt,
    StateDirOpt,
    check_out_file,
    print_json,
    writing,
)
from cxgate.cli.connect import ProfileOpt
from cxgate.cli.flow_bundle import flow_problems, planned_flow_changes
from cxgate.cli.planning import (
    LiveSide,
    bundle_problems,
    draft_changes,
    live_side,
    online_problems,
    open_store,
    org_key,
    staffing_problems,
)
from cxgate.clock import SystemClock
from cxgate.errors import ConfigError, Problem, ValidationError
from cxgate.plan.change import Change
from cxgate.plan.plan import Plan, build_plan
from cxgate.plan.render import render_json, render_markdown, render_text
from cxgate.plan.risk import RiskContext, dependency_targets
from cxgate.plan.staffing import staffing_projections
from cxgate.resource.dependencies import read_consumers
from cxgate.safety.ownership import Ownership
from cxgate.safety.validate import policy_problems
from cxgate.state.store import StateStore

__all__ = ["register"]

console = Console(highlight=False)

CooldownOpt = Annotated[
    str | None,
    typer.Option("--override-cooldown", help="Reason for changing within a cooldown."),
]
OutFileOpt = Annotated[
    Path | None, typer.Option("--out", help="Write the plan file (with checksum).")
]


def plan(
    bundle: BundleArg = Path("."),
    *,
    env: EnvOpt = None,
    output: OutputOpt = OutputFormat.text,
    against: AgainstOpt = None,
    profile: ProfileOpt = None,
    out: OutFileOpt = None,
    state_dir: StateDirOpt = None,
    override_freeze: FreezeOpt = None,
    override_cooldown: CooldownOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Show what apply would change, field by field, with the risk of each change."""
    check_out_file(out, "--out")
    desired, warnings = load_or_raise(bundle, env)
    with (
        live_side(desired, against=against, profile=profile, quiet=quiet) as side,
        open_store(state_dir) as store,
    ):
        result = _plan(desired, side, store, (override_freeze, override_cooldown))
    result = replace(result, warnings=(*map(str, warnings), *result.warnings))
    _show(result, output)
    if out is not None:
        with writing(out, "--out"):
            out.write_text(json.dumps(render_json(result), indent=2, sort_keys=True) + "\n")
        console.print(f"Plan written to {out}")
    if result.has_changes:
        raise typer.Exit(EXIT_CHANGES)


def _plan(
    desired: DesiredState, side: LiveSide, store: StateStore, overrides: tuple[str | None, ...]
) -> Plan:
    """Check, diff, look up the flows the changes touch, project staffing, assess."""
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
    now = SystemClock().time()
    freeze, cooldown = overrides
    policy = policy_problems(
        desired,
        changes,
        now=now,
        store=store,
        org=org,
        override_freeze=freeze,
        override_cooldown=cooldown,
    )
    notes = [*side.notes, *problems, *_staffing_notes(desired, side), *policy]
    ownership = Ownership.of(store.owned(org), desired.deletes)
    context = _risk_context(desired, side, changes)
    warnings = [str(p) for p in notes]
    return build_plan(
        live, desired, ownership, context, now=now, extra_warnings=warnings, changes=changes
    )


def _staffing_notes(desired: DesiredState, side: LiveSide) -> list[Problem]:
    """Forecasts plan cannot project, as warnings (a miss shows in the projection and the
    change's risk instead; validate is the gate that fails)."""
    return [
        replace(p, severity="warning")
        for p in staffing_problems(desired, side)
        if p.rule == "staffing-input"
    ]


def _risk_context(desired: DesiredState, side: LiveSide, changes: list[Change]) -> RiskContext:
    """Consuming flows (one call per object that needs it) and staffing projections."""
    assert side.live is not None
    consumers = read_consumers(side.reader, dependency_targets(changes)) if side.reader else {}
    projections = staffing_projections(changes, desired, side.live, side.live_agents)
    return RiskContext(consumers, projections)


def _show(result: Plan, output: OutputFormat) -> None:
    if output is OutputFormat.json:
        print_json(render_json(result))
    elif output is OutputFormat.markdown:
        console.print(render_markdown(result), markup=False, soft_wrap=True)
    else:
        console.print(render_text(result), soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add `plan` and `export` to the root app."""
    app.command()(plan)
    export.register(app)
