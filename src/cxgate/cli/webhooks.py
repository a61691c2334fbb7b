"""``cxgate webhooks status|retry|test``: the outbox, per endpoint, and a signed ping.

``status`` lists pending, delivered and failed events per endpoint and why nothing is sent
(an endpoint not configured in this bundle, its secret's variable unset); ``retry`` puts failed
events back to pending and delivers every pending one now, backoff or not; ``test ENDPOINT``
sends one signed ping straight away (not through the outbox) and says what the receiver
answered.
"""

from __future__ import annotations

import uuid
from typing import Annotated

import typer

from cxgate.cli.common import EXIT_ERROR, print_json
from cxgate.cli.live import store_for
from cxgate.cli.options import OutputFormat, OutputOpt, StateDirOpt
from cxgate.cli.recording import HooksBundleOpt as BundleOpt
from cxgate.cli.recording import bundle_config
from cxgate.errors import ConfigError
from cxgate.records.chain import iso
from cxgate.records.events import payload
from cxgate.records.outbox import Deliverer, outbox_status
from cxgate.records.webhooks import endpoints_of

__all__ = ["ping", "retry", "status"]


def status(
    *,
    bundle: BundleOpt = None,
    output: OutputOpt = OutputFormat.text,
    state_dir: StateDirOpt = None,
) -> None:
    """Pending, delivered and failed webhook events per endpoint, and why any wait."""
    endpoints = endpoints_of(bundle_config(bundle))
    with store_for(state_dir) as store:
        rows = outbox_status(store, endpoints)
    if output is OutputFormat.json:
        print_json(rows)
        return
    if not rows:
        typer.echo("No webhook endpoints configured and no events in the outbox.")
    for name, row in rows.items():
        typer.echo(
            f"{name}: {row['pending']} pending, {row['delivered']} delivered, "
            f"{row['failed']} failed" + (f"  ({row['url']})" if row["url"] else "")
        )
        if row["oldestPending"] is not None:
            typer.echo(f"  oldest pending since {iso(row['oldestPending'])}")
        if row["lastError"]:
            typer.echo(f"  last error: {row['lastError']}")
        if row["blocked"]:
            typer.echo(f"  not sent: {row['blocked']}")


def retry(
    *,
    bundle: BundleOpt = None,
    output: OutputOpt = OutputFormat.text,
    state_dir: StateDirOpt = None,
) -> None:
    """Put failed events back to pending and deliver every pending event now."""
    endpoints = endpoints_of(bundle_config(bundle))
    with store_for(state_dir) as store:
        requeued = store.requeue_failed()
        with Deliverer(store, endpoints) as deliverer:
            done = deliverer.drain(deadline_s=60, early=True)
        rows = outbox_status(store, endpoints)
    pending = sum(r["pending"] for r in rows.values())
    if output is OutputFormat.json:
        print_json(
            {
                "requeued": requeued,
                "delivered": len(done.delivered),
                "pending": pending,
                "endpoints": rows,
            }
        )
    else:
        typer.echo(
            f"Re-queued {requeued} failed event(s); delivered {len(done.delivered)}; "
            f"{pending} still pending."
        )
        for name, row in rows.items():
            if row["pending"] and (row["lastError"] or row["blocked"]):
                typer.echo(f"  {name}: {row['blocked'] or row['lastError']}")
    if pending:
        raise typer.Exit(EXIT_ERROR)


def ping(
    endpoint: Annotated[str, typer.Argument(help="The endpoint's name under webhooks:.")],
    *,
    bundle: BundleOpt = None,
    output: OutputOpt = OutputFormat.text,
    state_dir: StateDirOpt = None,
) -> None:
    """Send a signed ping to ENDPOINT now and show the answer (exit 1 unless 2xx)."""
    endpoints = endpoints_of(bundle_config(bundle))
    chosen = endpoints.get(endpoint)
    if chosen is None:
        known = ", ".join(endpoints) or "none configured in cxgate.yaml"
        raise ConfigError(f"no webhook endpoint '{endpoint}' (endpoints: {known})")
    event_id = str(uuid.uuid4())
    with store_for(state_dir) as store, Deliverer(store, endpoints) as deliverer:
        body = payload("ping", {"message": "cxgate webhooks test"}, at=store.clock.time())
        sent = deliverer.send(chosen, {**body, "id": event_id}, event_id=event_id, event="ping")
    if output is OutputFormat.json:
        print_json(
            {
                "endpoint": endpoint,
                "eventId": event_id,
                "ok": sent.ok,
                "status": sent.status,
                "error": sent.error or None,
            }
        )
    elif sent.ok:
        typer.echo(f"{endpoint}: HTTP {sent.status} (signed ping {event_id} accepted)")
    else:
        typer.echo(f"{endpoint}: not delivered: {sent.error}", err=True)
    if not sent.ok:
        raise typer.Exit(EXIT_ERROR)
