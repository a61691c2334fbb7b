"""`cxgate history` and `cxgate rollback DEPLOYMENT`: what was deployed, and the way back."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from cxgate.apply.engine import ApplyOptions
from cxgate.apply.render import history_dict, history_rows
from cxgate.cli import connect
from cxgate.cli.apply import ForceOpt, YesOpt, confirmed, report
from cxgate.cli.apply_progress import ApplyProgress
from cxgate.cli.common import EXIT_CHANGES, err_console, print_json
from cxgate.cli.deploy_session import (
    BreakLockOpt,
    WaitLockOpt,
    org_refs,
    session,
    terminated_as_interrupt,
)
from cxgate.cli.live import store_for
from cxgate.cli.options import OutputFormat, OutputOpt, ProfileOpt, StateDirOpt
from cxgate.cli.plan import show as show_plan
from cxgate.cli.recording import config_for_deployments, recorder_for
from cxgate.pipeline.reverting import plan_rollback
from cxgate.pipeline.reverting import rollback as roll_back

__all__ = ["history", "rollback"]

console = Console(highlight=False)
_COLUMNS = ("deployment", "started", "who", "commit", "env", "kind", "outcome", "steps")


def history(
    *,
    output: OutputOpt = OutputFormat.text,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many, newest first.")] = 20,
    org: Annotated[str | None, typer.Option("--org", help="Only this org's (its id).")] = None,
    state_dir: StateDirOpt = None,
) -> None:
    """The deployments in the state store, newest first: who, when, what commit, outcome."""
    with store_for(state_dir) as store:
        records = store.deployments(org, limit)
    if output is OutputFormat.json:
        print_json(history_dict(records))
        return
    if not records:
        console.print(f"No deployments yet in {store.location}.")
        return
    rows = [list(_COLUMNS), *history_rows(records)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS))]
    for row in rows:
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        console.print(line.rstrip(), soft_wrap=True, markup=False)


def rollback(
    deployment: Annotated[str, typer.Argument(help="The deployment to undo (see history).")],
    *,
    profile: ProfileOpt = None,
    output: OutputOpt = OutputFormat.text,
    yes: YesOpt = False,
    force: ForceOpt = False,
    wait_lock: WaitLockOpt = "0s",
    break_lock: BreakLockOpt = False,
    state_dir: StateDirOpt = None,
) -> None:
    """Undo a past deployment through its own plan (shown, risk-assessed, confirmed)."""
    with (
        store_for(state_dir) as store,
        connect.open_client(profile) as client,
        session(store, client, wait_lock, break_lock) as lease,
        terminated_as_interrupt(),
    ):
        refs = org_refs(client)
        target = store.deployment(deployment)
        config = config_for_deployments([target] if target is not None else [])
        records = recorder_for(store, config=config, client=client, org=lease.org)
        reversal = plan_rollback(client, store, deployment, refs)
        if output is not OutputFormat.json:
            show_plan(reversal.plan, output)
        if not reversal.plan.has_changes:
            console.print(f"Nothing to roll back: {deployment} left nothing that is not undone.")
            return
        if not (yes or confirmed(reversal.plan)):
            err_console.print("Not rolled back: re-run with --yes to apply this plan.")
            raise typer.Exit(EXIT_CHANGES)
        with (
            records.delivering(),
            ApplyProgress(reversal.plan.changes, client, err_console) as shown,
        ):
            result = roll_back(
                reversal,
                client,
                store,
                lease,
                refs,
                force=force,
                options=ApplyOptions(),
                on_result=shown.update,
                records=records,
            )
    report(result, output)
