"""The ``cxgate`` entry point: the root options and the table of every command.

A command is registered once, in ``COMMANDS``: its name, where it lives (``"module:attr"``)
and its one-line summary. Its module is imported only when it runs (``cxgate.cli.lazy``), so
``cxgate --help`` and ``cxgate flow check`` start without loading the HTTP client, the plan
engine or the bundle models. ``tests/cli/test_main.py`` checks each summary against the
command's own help.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cxgate import __version__
from cxgate.cli import helpstyle
from cxgate.cli.common import run_app
from cxgate.cli.lazy import Command, Group, LazyGroup, Table
from cxgate.cli.options import VerboseOpt

__all__ = ["COMMANDS", "app", "main"]

COMMANDS: Table = {
    "validate": Command(
        "cxgate.cli.bundle:validate",
        "Check the bundle: schema, names, references, routing sanity, staffing, change policy; "
        "with the org reachable also names in the org, limits, features and products.",
    ),
    "schema": Command(
        "cxgate.cli.bundle:schema",
        "Print (or write) the JSON Schema of the bundle files, for editor autocompletion.",
    ),
    "plan": Command(
        "cxgate.cli.plan:plan",
        "Show what apply would change, field by field, with the risk of each change.",
    ),
    "apply": Command(
        "cxgate.cli.apply:apply",
        "Apply the bundle to the org: lock, snapshot, write in order, verify, roll back on "
        "failure.",
    ),
    "resume": Command(
        "cxgate.cli.apply:resume",
        "Roll back (default) or finish a deployment a crash or a kill left unfinished.",
    ),
    "history": Command(
        "cxgate.cli.history:history",
        "The deployments in the state store, newest first: who, when, what commit, outcome.",
    ),
    "rollback": Command(
        "cxgate.cli.history:rollback",
        "Undo a past deployment through its own plan (shown, risk-assessed, confirmed).",
    ),
    "export": Command(
        "cxgate.cli.export:export",
        "Write the org (or the selected kinds and names) as a bundle in DIRECTORY.",
    ),
    "staffing": Command(
        "cxgate.cli.staffing:staffing",
        "Agents needed for a service level at peak, with SL, ASA, abandon and queue around it.",
    ),
    "flow": Group(
        "Architect flows (Archy YAML): check, trace and draw offline; deploy, list versions, "
        "switch and roll back in the org.",
        {
            "check": Command(
                "cxgate.cli.flow_check:check_command",
                "Check flows: references, reachability, dead ends, menus, failures, loops, names.",
            ),
            "trace": Command(
                "cxgate.cli.flow:trace_command",
                "Simulate callers through flows; check expectations; measure coverage.",
            ),
            "graph": Command(
                "cxgate.cli.flow:graph_command",
                "Draw a flow as Mermaid, Graphviz DOT or a self-contained HTML page.",
            ),
            "deploy": Command(
                "cxgate.cli.flow_org:deploy_command",
                "Check, then deploy flow files through Architect import jobs, as one unit.",
            ),
            "versions": Command(
                "cxgate.cli.flow_org:versions_command",
                "List a flow's versions: who made each, when, and which is published.",
            ),
            "switch": Command(
                "cxgate.cli.flow_org:switch_command",
                "Publish an existing version of a flow (after the policy and, with --check, "
                "flow check).",
            ),
            "rollback": Command(
                "cxgate.cli.flow_org:rollback_command",
                "Publish again the version that was published before the current one.",
            ),
        },
    ),
    "org": Group(
        "Look at the org the settings reach.",
        {
            "show": Command(
                "cxgate.cli.org:show", "The organization: name, id, version and enabled features."
            ),
            "queues": Command(
                "cxgate.cli.org:queues",
                "Every routing queue, paged at the largest page size the API takes.",
            ),
        },
    ),
    "state": Group(
        "The state store: copy a local store into a shared one.",
        {
            "migrate": Command(
                "cxgate.cli.state:migrate",
                "Copy every table (journal, snapshots, outbox, locks, ownership, cooldowns) "
                "verbatim.",
            ),
        },
    ),
    "emulator": Group(
        "A local Genesys Cloud emulator for trying cxgate safely.",
        {
            "serve": Command(
                "cxgate.cli.emulator:serve",
                "Serve a local Genesys Cloud org; point cxgate at it with GENESYSCLOUD_API_URL.",
            ),
        },
    ),
    "audit": Group(
        "The audit log: show, verify, and the org's own audit trail.",
        {
            "show": Command(
                "cxgate.cli.audit:show",
                "Show the audit log, filtered by time, object, deployment, outcome or type.",
            ),
            "verify": Command(
                "cxgate.cli.audit:verify",
                "Verify the audit chain and its checkpoint; name the first bad entry (exit 1).",
            ),
            "remote": Command(
                "cxgate.cli.audit:remote",
                "What the org's own audit trail recorded for the objects a deployment wrote.",
            ),
        },
    ),
    "webhooks": Group(
        "Webhook delivery: status, retry, and a signed test ping.",
        {
            "status": Command(
                "cxgate.cli.webhooks:status",
                "Pending, delivered and failed webhook events per endpoint, and why any wait.",
            ),
            "retry": Command(
                "cxgate.cli.webhooks:retry",
                "Put failed events back to pending and deliver every pending event now.",
            ),
            "test": Command(
                "cxgate.cli.webhooks:ping",
                "Send a signed ping to ENDPOINT now and show the answer (exit 1 unless 2xx).",
            ),
        },
    ),
    "report": Command(
        "cxgate.cli.report:report",
        "Deployments, success rate, latency percentiles, error, conflict and rollback rates.",
    ),
    "export-wfm": Command(
        "cxgate.cli.report:export_wfm",
        "Queues, media, service levels, skills, members, in-queue flows, staffing, as JSON.",
    ),
    "completion": Command(
        "cxgate.cli.completion:completion",
        "Print the shell completion script for bash, zsh or fish.",
    ),
}

MetricsFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--metrics-file",
        help="Write the run's Prometheus metrics here (node-exporter textfile format).",
    ),
]
PushgatewayOpt = Annotated[
    str | None,
    typer.Option("--pushgateway", help="Push the run's Prometheus metrics to this Pushgateway."),
]

helpstyle.install()
app = typer.Typer(
    name="cxgate",
    cls=LazyGroup.with_table(COMMANDS),
    help="Genesys Cloud configuration as reviewed files: validate, plan, apply, roll back.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cxgate {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    verbose: VerboseOpt = 0,
    metrics_file: MetricsFileOpt = None,
    pushgateway: PushgatewayOpt = None,
) -> None:
    """Genesys Cloud configuration as reviewed files: validate, plan, apply, roll back."""
    from cxgate.cli.logs import configure_logging

    configure_logging(verbose)
    if metrics_file is not None or pushgateway:
        from cxgate.cli import metricsrun

        metricsrun.configure(metrics_file, pushgateway, ctx.invoked_subcommand or "cxgate")
        ctx.call_on_close(metricsrun.export)


def main() -> None:
    """Console-script entry: run the app, turning cxgate errors into one clear line and exit 1."""
    run_app(app)
