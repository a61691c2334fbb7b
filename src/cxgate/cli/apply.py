"""`cxgate apply` and `cxgate resume`: write a reviewed plan to the org as one unit.

``apply`` takes the org's deployment lock, recovers any deployment a crash left unfinished,
plans (or checks that ``--plan FILE`` still matches), shows the plan and asks. Without
``--yes`` and with no terminal to ask on, it only plans: exit 2 when there are changes
(octoDNS's dry-run default). Exit codes: 0 applied (or nothing to do), 1 error or failed
deployment (rolled back), 2 changes not applied.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cxgate.apply.engine import ApplyOptions, DeploymentResult, ResumeMode
from cxgate.apply.render import result_dict, result_lines
from cxgate.bundle.load import load_or_raise
from cxgate.cli import connect
from cxgate.cli.apply_progress import ApplyProgress
from cxgate.cli.bundle import BundleArg, FreezeOpt
from cxgate.cli.common import EXIT_CHANGES, EXIT_ERROR, err_console, print_json
from cxgate.cli.deploy_session import (
    BreakLockOpt,
    WaitLockOpt,
    org_refs,
    session,
    terminated_as_interrupt,
)
from cxgate.cli.live import store_for
from cxgate.cli.options import (
    EnvOpt,
    OutputFormat,
    OutputOpt,
    ProfileOpt,
    QuietOpt,
    RebuildDepsOpt,
    StateDirOpt,
)
from cxgate.cli.plan import CooldownOpt
from cxgate.cli.plan import show as show_plan
from cxgate.cli.progress import ReadProgress
from cxgate.cli.recording import config_for_deployments, recorder_for
from cxgate.client import GenesysClient
from cxgate.errors import ChecksumMismatchError, PlanError
from cxgate.pipeline.checking import Overrides
from cxgate.pipeline.deploying import Lease, recover
from cxgate.pipeline.deploying import apply as apply_plan
from cxgate.pipeline.live import read_org_side
from cxgate.pipeline.planning import make_plan
from cxgate.plan.compare import plan_differences
from cxgate.plan.plan import Plan
from cxgate.records.recorder import Recorder
from cxgate.state.store import StateStore

__all__ = ["ForceOpt", "YesOpt", "apply", "confirmed", "report", "resume"]

console = Console(highlight=False)

YesOpt = Annotated[
    bool,
    typer.Option("--yes", "-y", help="Apply without asking (CI). Without it: ask, or dry run."),
]
PlanFileOpt = Annotated[
    Path | None,
    typer.Option("--plan", help="Apply exactly this reviewed plan file (refused if it moved)."),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Apply an unsafe plan (every reason is listed first).")
]
NoRollbackOpt = Annotated[
    bool,
    typer.Option("--no-rollback", help="On failure, leave what was applied (default: undo it)."),
]
ResumeOpt = Annotated[
    ResumeMode,
    typer.Option(
        "--resume", help="An unfinished deployment found first: roll it back or finish it."
    ),
]


def apply(
    bundle: BundleArg = Path("."),
    *,
    env: EnvOpt = None,
    profile: ProfileOpt = None,
    output: OutputOpt = OutputFormat.text,
    yes: YesOpt = False,
    plan_file: PlanFileOpt = None,
    force: ForceOpt = False,
    override_freeze: FreezeOpt = None,
    override_cooldown: CooldownOpt = None,
    wait_lock: WaitLockOpt = "0s",
    break_lock: BreakLockOpt = False,
    no_rollback: NoRollbackOpt = False,
    resume: ResumeOpt = ResumeMode.ROLLBACK,
    state_dir: StateDirOpt = None,
    quiet: QuietOpt = False,
    rebuild_dependencies: RebuildDepsOpt = False,
) -> None:
    """Apply the bundle to the org: lock, snapshot, write in order, verify, roll back on failure."""
    desired, warnings = load_or_raise(bundle, env)
    reviewed = _reviewed(plan_file) if plan_file else None
    with (
        store_for(state_dir, desired) as store,
        connect.open_client(profile) as client,
        session(store, client, wait_lock, break_lock) as lease,
        terminated_as_interrupt(),
    ):
        records = recorder_for(store, desired=desired, client=client, org=lease.org)
        _recover_first(client, store, lease, resume, go=yes, records=records)
        with ReadProgress(client, err_console, quiet=quiet) as progress:
            side = read_org_side(client, desired, progress)
        overrides = Overrides(override_freeze, override_cooldown)
        plan = make_plan(
            desired,
            side,
            store,
            overrides=overrides,
            warnings=warnings,
            records=records,
            rebuild_dependencies=rebuild_dependencies,
        )
        if reviewed is not None:
            _same_as_reviewed(reviewed, plan, plan_file)
        if output is not OutputFormat.json:
            show_plan(plan, output)
        if not plan.has_changes:
            _no_changes(output)
            return
        plan.raise_if_unsafe(force)
        if not (yes or confirmed(plan)):
            _dry_run(plan, output)
        options = ApplyOptions(rollback=not no_rollback)
        with (
            records.delivering(),
            ApplyProgress(plan.changes, client, err_console, quiet=quiet) as shown,
        ):
            result = apply_plan(
                plan,
                side,
                client,
                store,
                lease=lease,
                force=force,
                options=options,
                bundle=bundle,
                on_result=shown.update,
                records=records,
            )
    report(result, output)


def resume(
    deployment: Annotated[
        str | None, typer.Argument(help="The deployment (default: every unfinished one).")
    ] = None,
    *,
    finish: Annotated[
        bool, typer.Option("--finish", help="Finish it instead of rolling it back.")
    ] = False,
    profile: ProfileOpt = None,
    output: OutputOpt = OutputFormat.text,
    wait_lock: WaitLockOpt = "0s",
    break_lock: BreakLockOpt = False,
    state_dir: StateDirOpt = None,
) -> None:
    """Roll back (default) or finish a deployment a crash or a kill left unfinished."""
    mode = ResumeMode.FINISH if finish else ResumeMode.ROLLBACK
    with (
        store_for(state_dir) as store,
        connect.open_client(profile) as client,
        session(store, client, wait_lock, break_lock) as lease,
        terminated_as_interrupt(),
    ):
        config = config_for_deployments(store.unfinished_deployments(lease.org))
        records = recorder_for(store, config=config, client=client, org=lease.org)
        with records.delivering():
            found = recover(
                client,
                store,
                lease,
                org_refs(client),
                mode=mode,
                deployment=deployment,
                records=records,
            )
    if not found:
        target = f"deployment {deployment} is not" if deployment else "no deployment is"
        err_console.print(f"Nothing to resume: {target} unfinished in {store.location}.")
        return
    for result in found:
        report(result, output, exit_on_failure=False)
    if not all(r.ok or r.status.value == "rolled_back" for r in found):
        raise typer.Exit(EXIT_ERROR)


def _recover_first(
    client: GenesysClient,
    store: StateStore,
    lease: Lease,
    mode: ResumeMode,
    *,
    go: bool,
    records: Recorder | None = None,
) -> None:
    """Deployments a crash left running are recovered before anything new is planned."""
    unfinished = store.unfinished_deployments(lease.org)
    if not unfinished:
        return
    names = ", ".join(r.id for r in unfinished)
    if not go:
        raise PlanError(
            f"deployment(s) {names} were interrupted and left the org part-changed; run "
            f"`cxgate resume` (rolls back; --finish to finish), or apply with --yes to "
            f"{mode.value} them first"
        )
    err_console.print(f"Recovering interrupted deployment(s) {names} ({mode.value})…")
    for result in recover(client, store, lease, org_refs(client), mode=mode, records=records):
        for line in result_lines(result):
            err_console.print(line, soft_wrap=True, markup=False)


def _reviewed(path: Path) -> Plan:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PlanError(f"cannot read the plan file {path}: {exc}") from exc
    return Plan.from_dict(data)


def _same_as_reviewed(reviewed: Plan, plan: Plan, path: Path | None) -> None:
    if reviewed.checksum == plan.checksum:
        return
    differences = "".join(f"\n  - {d}" for d in plan_differences(reviewed, plan))
    raise ChecksumMismatchError(
        f"{path} no longer matches what the files and the org give now "
        f"({reviewed.checksum} reviewed, {plan.checksum} now); re-run plan and review it "
        f"again:{differences}"
    )


def confirmed(plan: Plan) -> bool:
    """Ask on a terminal; never block a pipeline."""
    if not sys.stdin.isatty():
        return False
    summary = plan.summary()
    question = (
        f"Apply {summary['create']} create(s), {summary['update']} update(s), "
        f"{summary['delete']} delete(s) (risk {summary['risk']})?"
    )
    return typer.confirm(question, default=False, err=True)


def _no_changes(output: OutputFormat) -> None:
    if output is OutputFormat.json:
        print_json({"deployment": None, "status": "no_changes"})


def _dry_run(plan: Plan, output: OutputFormat) -> None:
    if output is OutputFormat.json:
        print_json({"deployment": None, "status": "not_applied", "checksum": plan.checksum})
    err_console.print("Not applied: re-run with --yes (or answer yes on a terminal) to apply.")
    raise typer.Exit(EXIT_CHANGES)


def report(result: DeploymentResult, output: OutputFormat, *, exit_on_failure: bool = True) -> None:
    """Print how a deployment ended; exit 1 when it did not succeed."""
    if output is OutputFormat.json:
        print_json(result_dict(result))
    else:
        for line in result_lines(result):
            console.print(line, soft_wrap=True, markup=False)
    if exit_on_failure and not result.ok:
        raise typer.Exit(EXIT_ERROR)
