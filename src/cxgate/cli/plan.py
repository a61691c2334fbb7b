"""`cxgate plan`: every change and its risk, before anything is written.

The live side is the org (default) or another bundle (``--against``). Exit codes follow
``terraform plan -detailed-exitcode``: 0 no changes, 2 changes, 1 error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cxgate.bundle.load import load_or_raise
from cxgate.cli.bundle import AgainstOpt, BundleArg, FreezeOpt
from cxgate.cli.common import EXIT_CHANGES, check_out_file, print_json, writing
from cxgate.cli.live import live_side, store_for
from cxgate.cli.options import (
    EnvOpt,
    OutputFormat,
    OutputOpt,
    ProfileOpt,
    QuietOpt,
    RebuildDepsOpt,
    StateDirOpt,
)
from cxgate.cli.recording import reader_client, recorder_for
from cxgate.pipeline.checking import Overrides
from cxgate.pipeline.planning import make_plan
from cxgate.plan.plan import Plan
from cxgate.plan.render import render_json, render_markdown, render_text

__all__ = ["CooldownOpt", "plan", "show"]

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
    rebuild_dependencies: RebuildDepsOpt = False,
) -> None:
    """Show what apply would change, field by field, with the risk of each change."""
    check_out_file(out, "--out")
    desired, warnings = load_or_raise(bundle, env)
    overrides = Overrides(override_freeze, override_cooldown)
    with (
        live_side(desired, against=against, profile=profile, quiet=quiet) as side,
        store_for(state_dir, desired) as store,
    ):
        records = recorder_for(store, desired=desired, client=reader_client(side))
        result = make_plan(
            desired,
            side,
            store,
            overrides=overrides,
            warnings=warnings,
            records=records,
            rebuild_dependencies=rebuild_dependencies,
        )
    show(result, output)
    if out is not None:
        with writing(out, "--out"):
            out.write_text(json.dumps(render_json(result), indent=2, sort_keys=True) + "\n")
        console.print(f"Plan written to {out}")
    if result.has_changes:
        raise typer.Exit(EXIT_CHANGES)


def show(result: Plan, output: OutputFormat) -> None:
    """Print a plan in the chosen format."""
    if output is OutputFormat.json:
        print_json(render_json(result))
    elif output is OutputFormat.markdown:
        console.print(render_markdown(result), markup=False, soft_wrap=True)
    else:
        console.print(render_text(result), soft_wrap=True)
