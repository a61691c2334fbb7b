"""The ``cxgate`` entry point: builds the typer app from each command group's ``register``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cxgate import __version__
from cxgate.cli import (
    apply,
    audit,
    bundle,
    emulator,
    flow,
    helpstyle,
    history,
    org,
    plan,
    recording,
    report,
    staffing,
    state,
    webhooks,
)
from cxgate.cli.common import run_app
from cxgate.cli.logs import configure_logging

__all__ = ["app", "main"]

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
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True, help="-v: retries and progress; -vv: HTTP detail."
    ),
    metrics_file: MetricsFileOpt = None,
    pushgateway: PushgatewayOpt = None,
) -> None:
    """Genesys Cloud configuration as reviewed files: validate, plan, apply, roll back."""
    configure_logging(verbose)
    recording.configure_metrics(metrics_file, pushgateway, ctx.invoked_subcommand or "cxgate")
    ctx.call_on_close(recording.export_metrics)


for _group in (
    org,
    emulator,
    flow,
    staffing,
    bundle,
    plan,
    apply,
    history,
    state,
    audit,
    webhooks,
    report,
):
    _group.register(app)


def main() -> None:
    """Console-script entry: run the app, turning cxgate errors into one clear line and exit 1."""
    run_app(app)
