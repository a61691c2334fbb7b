"""`cxgate org show` and `cxgate org queues`: a quick look at the org the settings reach.

Useful to check a profile works before planning, and what `make demo` starts with.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from cxgate.cli.common import print_json
from cxgate.cli.connect import open_client
from cxgate.cli.options import OutputFormat, OutputOpt, ProfileOpt

__all__ = ["queues", "show"]

console = Console(highlight=False)


def show(profile: ProfileOpt = None, output: OutputOpt = OutputFormat.text) -> None:
    """The organization: name, id, version and enabled features."""
    with open_client(profile) as client:
        org: dict[str, Any] = client.get("/api/v2/organizations/me")
    if output is OutputFormat.json:
        print_json(org)
        return
    enabled = sorted(name for name, on in (org.get("features") or {}).items() if on)
    name, org_id, version = (escape(str(org.get(key))) for key in ("name", "id", "version"))
    console.print(f"[bold]{name}[/bold]  id {org_id}  version {version}")
    console.print(f"features on: {', '.join(enabled) or 'none'}", markup=False)


def queues(profile: ProfileOpt = None, output: OutputOpt = OutputFormat.text) -> None:
    """Every routing queue, paged at the largest page size the API takes."""
    with open_client(profile) as client:
        entities = client.list_all("/api/v2/routing/queues")
        calls = client.stats.calls
    if output is OutputFormat.json:
        print_json([{"id": q.get("id"), "name": q.get("name")} for q in entities])
        return
    table = Table("queue", "skill evaluation", "members", "call SL target")
    for queue in entities:
        table.add_row(
            Text(str(queue.get("name", ""))),  # a name from the org, never markup
            str(queue.get("skillEvaluationMethod", "")),
            str(queue.get("memberCount", "")),
            _call_target(queue),
        )
    console.print(table)
    console.print(f"{len(entities)} queues in {calls} API call(s).")


def _call_target(queue: dict[str, Any]) -> str:
    level = ((queue.get("mediaSettings") or {}).get("call") or {}).get("serviceLevel") or {}
    if "percentage" not in level:
        return ""
    return f"{level['percentage']:.0%} in {level.get('durationMs', 0) / 1000:g}s"
