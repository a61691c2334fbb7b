"""What every command shares: output formats, the console, and turning errors into exit codes."""

from __future__ import annotations

import enum
import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from cxgate.errors import CxgateError, ValidationError

__all__ = [
    "EXIT_CHANGES",
    "EXIT_ERROR",
    "EnvOpt",
    "OutputFormat",
    "OutputOpt",
    "StateDirOpt",
    "err_console",
    "print_json",
    "run_app",
]

EXIT_ERROR = 1
EXIT_CHANGES = 2


class OutputFormat(enum.StrEnum):
    """``--output``: text for people, json for programs, markdown for pull-request comments."""

    text = "text"
    json = "json"
    markdown = "markdown"


err_console = Console(stderr=True, highlight=False)

# The options every command shares (issue 3's command conventions).
EnvOpt = Annotated[str | None, typer.Option("--env", help="Environment from cxgate.yaml.")]
OutputOpt = Annotated[OutputFormat, typer.Option("--output", "-o", help="text, json or markdown.")]
StateDirOpt = Annotated[
    str | None,
    typer.Option(
        "--state",
        "--state-dir",
        help="The state: a directory (default .cxgate/) or a postgresql:// URL shared by a team "
        "(else $CXGATE_STATE_URL, state: in cxgate.yaml, $CXGATE_STATE_DIR).",
    ),
]


def print_json(data: Any) -> None:
    """Print one JSON document on stdout, keys sorted so output diffs cleanly."""
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


def run_app(app: typer.Typer) -> None:
    """Run ``app``; a CxgateError becomes one message on stderr and exit 1, not a traceback.

    Usage errors, ``typer.Exit`` and Ctrl-C stay with typer's own standalone handling.
    """
    try:
        app()
    except CxgateError as exc:
        _report(exc)
        sys.exit(EXIT_ERROR)


def _report(exc: CxgateError) -> None:
    if isinstance(exc, ValidationError):
        for problem in exc.problems:
            err_console.print(f"[red]error[/red] {escape(str(problem))}", soft_wrap=True)
        err_console.print(f"{len(exc.problems)} problem(s).")
        return
    err_console.print(f"[red]error[/red] {escape(str(exc))}", soft_wrap=True)
