"""``cxgate state``: the state store itself (``migrate`` a local store into a shared one)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from cxgate.cli.common import print_json
from cxgate.cli.options import OutputFormat, OutputOpt
from cxgate.state.copy import copy_store, open_tables

__all__ = ["migrate"]

console = Console(highlight=False)

FromOpt = Annotated[
    str, typer.Option("--from", help="The store to copy: a directory such as .cxgate (or a URL).")
]
ToOpt = Annotated[
    str, typer.Option("--to", help="The store to fill: a postgresql:// URL (or a directory).")
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Replace the target's state if it already holds some.")
]


def migrate(
    source: FromOpt, target: ToOpt, force: ForceOpt = False, output: OutputOpt = OutputFormat.text
) -> None:
    """Copy every table (journal, snapshots, outbox, locks, ownership, cooldowns) verbatim.

    A target that already holds state is refused unless --force replaces it.
    """
    with open_tables(source, existing=True) as read, open_tables(target) as write:
        copied = copy_store(read, write, force=force)
        where = (read.location, write.location)
    if output is OutputFormat.json:
        print_json({"from": where[0], "to": where[1], "rows": copied})
        return
    table = Table("table", "rows", box=box.SIMPLE)
    for name, count in copied.items():
        table.add_row(name, str(count))
    console.print(table)
    console.print(f"Copied {sum(copied.values())} rows from {where[0]} into {where[1]}.")
