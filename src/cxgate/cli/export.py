"""`cxgate export DIR`: the live org written as a bundle that `plan` reports as zero changes.

Output is deterministic (sorted keys and lists, file names from object names), so a daily
export into a git working copy diffs cleanly. Reading costs the paging minimum (see
``cxgate.org.export``); ``--queue-wrapup-codes`` adds one call per queue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from cxgate.bundle.writer import Selector
from cxgate.cli import connect
from cxgate.cli.common import err_console, print_json
from cxgate.cli.options import OutputFormat, OutputOpt, ProfileOpt, QuietOpt
from cxgate.cli.progress import ReadProgress
from cxgate.org.export import ExportResult, export_org

__all__ = ["export"]

console = Console(highlight=False)

SelectOpt = Annotated[
    list[str] | None,
    typer.Option(
        help="KIND or KIND:NAME (shell pattern, e.g. queue:Sales*); repeat for more.",
        show_default=False,
    ),
]


def export(
    directory: Annotated[Path, typer.Argument(help="Where to write the bundle.")],
    *,
    include: SelectOpt = None,
    exclude: SelectOpt = None,
    queue_wrapup_codes: Annotated[
        bool,
        typer.Option(
            "--queue-wrapup-codes",
            help="Also export each queue's wrap-up codes (one more API call per queue).",
        ),
    ] = False,
    profile: ProfileOpt = None,
    output: OutputOpt = OutputFormat.text,
    quiet: QuietOpt = False,
) -> None:
    """Write the org (or the selected kinds and names) as a bundle in DIRECTORY."""
    chosen = [Selector.parse(text) for text in include or ()]
    dropped = [Selector.parse(text) for text in exclude or ()]
    with connect.open_client(profile) as client:
        with ReadProgress(client, err_console, quiet=quiet) as progress:
            result = export_org(
                progress, directory, chosen, dropped, queue_wrapup_codes=queue_wrapup_codes
            )
        calls = client.stats.calls
    _show(result, calls, output)


def _show(result: ExportResult, calls: int, output: OutputFormat) -> None:
    objects = sum(result.counts.values())
    if output is OutputFormat.json:
        print_json(
            {
                "directory": str(result.root),
                "files": [str(path) for path in result.files],
                "objects": dict(sorted(result.counts.items())),
                "apiCalls": calls,
                "warnings": list(result.warnings),
                "removed": [str(path) for path in result.removed],
            }
        )
        return
    for warning in result.warnings:
        err_console.print(f"[yellow]warning[/yellow] {escape(warning)}", soft_wrap=True)
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.counts.items()))
    console.print(
        f"Exported {objects} objects ({kinds}) to {result.root}: "
        f"{len(result.files)} files, {calls} API calls.",
        markup=False,
    )
    if result.removed:
        console.print(f"Removed {len(result.removed)} file(s) of objects no longer in the org:")
        for path in result.removed:
            console.print(f"  - {path}", markup=False, soft_wrap=True)
