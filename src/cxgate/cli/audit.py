"""``cxgate audit show|verify|remote``: the audit log, its chain, and the org's own trail.

``show`` filters the log (time range, object, deployment, outcome, type); ``verify`` walks the
chain and the state store's checkpoint and names the first bad entry (exit 1, and an
``audit.verify_failed`` webhook is queued); ``remote DEPLOYMENT`` asks Genesys' audit trail
what it recorded for the objects that deployment wrote.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

import typer

from cxgate.cli import connect
from cxgate.cli.common import EXIT_ERROR, print_json
from cxgate.cli.live import store_for
from cxgate.cli.options import OutputFormat, OutputOpt, ProfileOpt, StateDirOpt
from cxgate.cli.recording import HooksBundleOpt as BundleOpt
from cxgate.cli.recording import bundle_config, parse_since, recorder_for
from cxgate.records.chain import AuditEntry, epoch
from cxgate.records.remote import RemoteAudit, remote_audit

__all__ = ["remote", "show", "verify"]


def show(
    *,
    since: Annotated[
        str | None, typer.Option("--since", help="Only entries this recent (7d, 12h, 30m).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only entries at least this old (1d, 2h).")
    ] = None,
    obj: Annotated[
        str | None,
        typer.Option("--object", help="KIND/NAME (queue/Sales), a name, or an object id."),
    ] = None,
    deployment: Annotated[
        str | None, typer.Option("--deployment", help="Only this deployment's entries.")
    ] = None,
    outcome: Annotated[
        str | None, typer.Option("--outcome", help="applied, failed, conflicted, invalid, …")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--type", help="step, deployment.started, validate, plan, …")
    ] = None,
    output: OutputOpt = OutputFormat.text,
    state_dir: StateDirOpt = None,
) -> None:
    """Show the audit log, filtered by time, object, deployment, outcome or type."""
    now = time.time()
    low = now - parse_since(since) if since else None
    high = now - parse_since(until, "--until") if until else None
    with store_for(state_dir) as store:
        entries = recorder_for(store).audit.entries()
        chosen = [
            e.data
            for e in entries
            if _wanted(e, low=low, high=high, obj=obj, deployment=deployment)
            and (outcome is None or e.data.get("outcome") == outcome)
            and (kind is None or e.data.get("type") == kind)
        ]
    if output is OutputFormat.json:
        print_json(chosen)
        return
    if not chosen:
        typer.echo("No audit entries match.")
    for data in chosen:
        typer.echo(_line(data))


def verify(
    *,
    bundle: BundleOpt = None,
    output: OutputOpt = OutputFormat.text,
    state_dir: StateDirOpt = None,
) -> None:
    """Verify the audit chain and its checkpoint; name the first bad entry (exit 1)."""
    config = bundle_config(bundle)
    with store_for(state_dir) as store:
        recorder = recorder_for(store, config=config)
        verdict = recorder.audit.verify()
        recorder.verified(verdict)
        recorder.flush()
        where = recorder.audit.directory
    if output is OutputFormat.json:
        print_json({**verdict.to_dict(), "directory": str(where)})
    elif verdict.ok:
        typer.echo(f"Audit log OK: {verdict.count} entries, head {verdict.head[:16]}… ({where})")
    else:
        at = f"{verdict.file} line {verdict.line}, " if verdict.file else ""
        typer.echo(
            f"Audit log FAILED at {at}entry {verdict.entry}: {verdict.problem} ({where})",
            err=True,
        )
    if not verdict.ok:
        raise typer.Exit(EXIT_ERROR)


def remote(
    deployment: Annotated[str, typer.Argument(help="The deployment (see `cxgate history`).")],
    *,
    profile: ProfileOpt = None,
    output: OutputOpt = OutputFormat.text,
    state_dir: StateDirOpt = None,
) -> None:
    """What the org's own audit trail recorded for the objects a deployment wrote."""
    with store_for(state_dir) as store, connect.open_client(profile) as client:
        found = remote_audit(client, store, deployment)
    if output is OutputFormat.json:
        print_json(found.to_dict())
        return
    for line in remote_lines(found):
        typer.echo(line)


def remote_lines(found: RemoteAudit) -> list[str]:
    """The text form of ``audit remote``."""
    lines = [f"Deployment {found.deployment}: the org's audit trail over {found.interval}"]
    if not found.objects:
        lines.append("  (the deployment wrote no objects)")
    for obj in found.objects:
        note = f" — not in Genesys' record: {', '.join(obj.missing)}" if obj.missing else ""
        lines.append(f"  {obj.kind} '{obj.name}' ({obj.action}): {obj.verdict}{note}")
        for other in obj.others:
            who = other.who or f"client {other.client}"
            props = ", ".join(other.properties) or "no property details"
            lines.append(f"    changed by {who} at {other.at}: {other.action} ({props})")
    lines.append(
        "All changes confirmed, nobody else changed these objects."
        if found.ok
        else "Review the lines above: Genesys' record differs from ours or others changed them."
    )
    return lines


def _wanted(
    entry: AuditEntry,
    *,
    low: float | None,
    high: float | None,
    obj: str | None,
    deployment: str | None,
) -> bool:
    data = entry.data
    if deployment is not None and data.get("deployment") != deployment:
        return False
    if low is not None or high is not None:
        at = epoch(str(data.get("at", "")))
        if (low is not None and at < low) or (high is not None and at > high):
            return False
    return obj is None or _matches(data.get("object"), obj)


def _matches(found: Any, wanted: str) -> bool:
    if not isinstance(found, Mapping):
        return False
    kind, _, name = wanted.partition("/")
    if name:
        return bool(found.get("kind") == kind and str(found.get("name")) == name)
    return wanted in (found.get("name"), found.get("id"))


def _line(data: Mapping[str, Any]) -> str:
    obj = data.get("object")
    what = f"{obj.get('kind')}/{obj.get('name')}" if isinstance(obj, Mapping) else ""
    who = data.get("who") or {}
    latency = f" {data['latencyMs']:.0f} ms" if isinstance(data.get("latencyMs"), float) else ""
    parts: Iterable[str] = (
        str(data.get("at", "")),
        f"#{data.get('seq')}",
        str(data.get("type", "")),
        str(data.get("outcome", "")),
        what,
        str(data.get("deployment") or ""),
        f"by {who.get('user', '?')}" + (f" ({who['clientId']})" if who.get("clientId") else ""),
    )
    return "  ".join(p for p in parts if p) + latency
