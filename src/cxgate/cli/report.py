"""``cxgate report`` and ``cxgate export-wfm``: what the records add up to, and what a WFM
system needs to know about routing.

``report`` reads the state store and the audit log over ``--since`` (default 30 days): text,
``-o json``, or ``--html FILE`` (one self-contained page). ``export-wfm`` reads the bundle and
the org into the WFM document: printed, written with ``--output-file``, or sent signed through
the outbox to the webhook endpoint ``--to`` names.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from cxgate.bundle.load import load_or_raise
from cxgate.cli import connect
from cxgate.cli.bundle import BundleArg
from cxgate.cli.common import print_json, writing
from cxgate.cli.live import store_for
from cxgate.cli.options import EnvOpt, OutputFormat, OutputOpt, ProfileOpt, StateDirOpt
from cxgate.cli.recording import parse_since, recorder_for
from cxgate.pipeline.wfm import wfm_document
from cxgate.records.outbox import Deliverer
from cxgate.records.report import build_report
from cxgate.records.report_html import report_html

__all__ = ["export_wfm", "report"]


def report(
    *,
    since: Annotated[
        str, typer.Option("--since", help="How far back: 30d, 7d, 12h (default 30d).")
    ] = "30d",
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write a self-contained HTML page here.")
    ] = None,
    output: OutputOpt = OutputFormat.text,
    state_dir: StateDirOpt = None,
) -> None:
    """Deployments, success rate, latency percentiles, error, conflict and rollback rates."""
    until = time.time()
    start = until - parse_since(since)
    with store_for(state_dir) as store:
        entries = list(recorder_for(store).audit.entries())
        found = build_report(store.deployments(limit=1_000_000), entries, since=start, until=until)
    if html is not None:
        with writing(html, "--html"):
            html.write_text(report_html(found), encoding="utf-8")
    if output is OutputFormat.json:
        print_json(found.to_dict())
        return
    for line in found.lines():
        typer.echo(line)
    if html is not None:
        typer.echo(f"\nWrote {html}")


def export_wfm(
    bundle: BundleArg = Path("."),
    *,
    env: EnvOpt = None,
    profile: ProfileOpt = None,
    output_file: Annotated[
        Path | None, typer.Option("--output-file", help="Write the document here.")
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Send it, signed, to this webhook endpoint (cxgate.yaml)."),
    ] = None,
    output: OutputOpt = OutputFormat.text,
    state_dir: StateDirOpt = None,
) -> None:
    """Queues, media, service levels, skills, members, in-queue flows, staffing, as JSON."""
    desired, _ = load_or_raise(bundle, env)
    with connect.open_client(profile) as client:
        document = wfm_document(client, desired)
        if to is not None:
            with store_for(state_dir, desired) as store:
                recorder = recorder_for(store, desired=desired, client=client)
                recorder.send_to(to, "wfm.export", {"export": document})
                with Deliverer(store, recorder.endpoints) as deliverer:
                    done = deliverer.drain(deadline_s=30)
            state = "delivered" if done.delivered else "queued (see `cxgate webhooks status`)"
            typer.echo(f"WFM export for {len(document['queues'])} queue(s) {state} to {to}.")
    if output_file is not None:
        with writing(output_file, "--output-file"):
            output_file.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        typer.echo(f"Wrote {output_file} ({len(document['queues'])} queue(s)).", err=True)
    if output is OutputFormat.json:
        print_json(document)
    elif output_file is None and to is None:
        for line in wfm_lines(document):
            typer.echo(line)


def wfm_lines(document: Mapping[str, Any]) -> list[str]:
    """The export in short, one line per queue (``-o json`` prints the document)."""
    lines = [f"WFM export of {len(document['queues'])} queue(s) ({document['schema']}):"]
    for queue in document["queues"]:
        media = ", ".join(_media_text(m) for m in queue["mediaTypes"])
        staffing = queue.get("staffing") or {}
        needs = (
            f", needs {staffing['requiredAgents']} agents" if staffing.get("requiredAgents") else ""
        )
        members = queue["memberCount"] if queue["memberCount"] is not None else "?"
        lines.append(f"  {queue['name']}: {media or 'no media'}; {members} members{needs}")
    return lines


def _media_text(media: Mapping[str, Any]) -> str:
    """``call 80%/20s`` (the service-level target, when both parts are set)."""
    level = media.get("serviceLevel") or {}
    if level.get("percentage") is None or level.get("durationMs") is None:
        return str(media["type"])
    return f"{media['type']} {level['percentage']:.0%}/{level['durationMs'] / 1000:g}s"
