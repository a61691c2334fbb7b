"""The ``cxgate`` entry point: builds the typer app from each command group's ``register``."""

from __future__ import annotations

import typer

from cxgate import __version__
from cxgate.cli import (
    apply,
    bundle,
    emulator,
    flow,
    helpstyle,
    history,
    org,
    plan,
    staffing,
    state,
)
from cxgate.cli.common import run_app
from cxgate.cli.logs import configure_logging

__all__ = ["app", "main"]

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
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True, help="-v: retries and progress; -vv: HTTP detail."
    ),
) -> None:
    """Genesys Cloud configuration as reviewed files: validate, plan, apply, roll back."""
    configure_logging(verbose)


for _group in (org, emulator, flow, staffing, bundle, plan, apply, history, state):
    _group.register(app)


def main() -> None:
    """Console-script entry: run the app, turning cxgate errors into one clear line and exit 1."""
    run_app(app)
