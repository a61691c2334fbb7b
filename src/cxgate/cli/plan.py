"""`cxgate plan`: every change and its risk, before anything is written.

Exit codes follow ``terraform plan -detailed-exitcode``: 0 no changes, 2 changes, 1 error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cxgate.bundle.load import load_or_raise
from cxgate.cli.bundle import AgainstOpt, BundleArg, FreezeOpt
from cxgate.cli.common import EXIT_CHANGES, EnvOpt, OutputFormat, OutputOpt, StateDirOpt, print_json
from cxgate.cli.planning import bundle_problems, live_state, open_store, org_key
from cxgate.clock import SystemClock
from cxgate.errors import ValidationError
from cxgate.plan.plan import Plan, build_plan
from cxgate.plan.render import render_json, render_markdown, render_text
from cxgate.safety.ownership import Ownership
from cxgate.safety.validate import policy_problems

__all__ = ["register"]

console = Console(highlight=False)


def plan(
    bundle: BundleArg = Path("."),
    *,
    env: EnvOpt = None,
    output: OutputOpt = OutputFormat.text,
    against: AgainstOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the plan file (with checksum).")
    ] = None,
    state_dir: StateDirOpt = None,
    override_freeze: FreezeOpt = None,
    override_cooldown: Annotated[
        str | None,
        typer.Option("--override-cooldown", help="Reason for changing within a cooldown."),
    ] = None,
) -> None:
    """Show what apply would change, field by field, with the risk of each change."""
    clock = SystemClock()
    desired, warnings = load_or_raise(bundle, env)
    live = live_state(against, env)
    _, problems = bundle_problems(desired, against)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationError(errors)
    with open_store(state_dir) as store:
        org = org_key(desired, live)
        ownership = Ownership.of(store.owned(org), desired.deletes)
        draft = build_plan(live, desired, ownership, now=clock.time())
        policy = policy_problems(
            desired,
            draft.changes,
            now=clock.time(),
            store=store,
            org=org,
            override_freeze=override_freeze,
            override_cooldown=override_cooldown,
        )
    notes = [str(p) for p in (*warnings, *problems, *policy)]
    result = build_plan(live, desired, ownership, now=clock.time(), extra_warnings=notes)
    _show(result, output)
    if out is not None:
        out.write_text(json.dumps(render_json(result), indent=2, sort_keys=True) + "\n")
        console.print(f"Plan written to {out}")
    if result.has_changes:
        raise typer.Exit(EXIT_CHANGES)


def _show(result: Plan, output: OutputFormat) -> None:
    if output is OutputFormat.json:
        print_json(render_json(result))
    elif output is OutputFormat.markdown:
        console.print(render_markdown(result), markup=False, soft_wrap=True)
    else:
        console.print(render_text(result), soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add `plan` to the root app."""
    app.command()(plan)
