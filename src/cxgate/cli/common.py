"""What every command shares: the console, JSON output, output files, and turning errors into
exit codes. The shared options live in ``cxgate.cli.options``."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from cxgate.errors import CxgateError, ValidationError

__all__ = [
    "EXIT_CHANGES",
    "EXIT_ERROR",
    "check_out_file",
    "err_console",
    "print_json",
    "run_app",
    "writing",
]

EXIT_ERROR = 1
EXIT_CHANGES = 2


err_console = Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """Print one JSON document on stdout, keys sorted so output diffs cleanly."""
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


def check_out_file(path: Path | None, option: str) -> None:
    """Before any work: an output file's folder must exist and the path must not be a folder
    (one line and exit 1, rather than a traceback after minutes of reading the org)."""
    if path is None:
        return
    if path.is_dir():
        raise _out_file_error(option, path, "is a folder; give a file name")
    if not path.parent.is_dir():
        raise _out_file_error(option, path, f"the folder {path.parent} does not exist; create it")


@contextmanager
def writing(path: Path, option: str) -> Iterator[None]:
    """Write an output file; a refusal from the file system is one line and exit 1."""
    try:
        yield
    except OSError as exc:
        raise _out_file_error(option, path, f"cannot write it ({exc.strerror})") from None


def _out_file_error(option: str, path: Path, reason: str) -> typer.Exit:
    err_console.print(f"[red]error[/red] {option} {escape(str(path))}: {reason}", soft_wrap=True)
    return typer.Exit(EXIT_ERROR)


def run_app(app: typer.Typer) -> None:
    """Run ``app``; a CxgateError becomes one message on stderr and exit 1, not a traceback.

    An OSError no command turned into a message (a file the system refused) is one line too.
    Usage errors, ``typer.Exit`` and Ctrl-C stay with typer's own standalone handling.
    """
    if os.environ.get("_CXGATE_COMPLETE"):  # the shell asks for completions
        from typer._completion_classes import completion_init

        completion_init()
    try:
        app()
    except CxgateError as exc:
        _report(exc)
        sys.exit(EXIT_ERROR)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        err_console.print(f"[red]error[/red] {escape(where)}{escape(exc.strerror or str(exc))}")
        sys.exit(EXIT_ERROR)


def _report(exc: CxgateError) -> None:
    if isinstance(exc, ValidationError):
        for problem in exc.problems:
            err_console.print(f"[red]error[/red] {escape(str(problem))}", soft_wrap=True)
        err_console.print(f"{len(exc.problems)} problem(s).")
        return
    err_console.print(f"[red]error[/red] {escape(str(exc))}", soft_wrap=True)
