"""One command's records: audit entries and webhook events written together, metrics beside.

``Recorder.record`` appends an audit entry and, when the event is one receivers hear of,
enqueues the webhook in the same store transaction (the audit checkpoint commits with it).
``open_recorder`` finds the audit directory for a store: beside the SQLite database, or for a
database store ``$CXGATE_STATE_DIR`` / ``$XDG_STATE_HOME/cxgate`` (``~/.local/state/cxgate``).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxgate.bundle.config import BundleConfig
from cxgate.errors import ConfigError
from cxgate.records.chain import AuditLog, Verdict
from cxgate.records.events import Actor, payload
from cxgate.records.metrics import Metrics
from cxgate.records.outbox import Deliverer, background, emit
from cxgate.records.redact import Redactor
from cxgate.records.webhooks import Endpoint, endpoints_of
from cxgate.state.store import STATE_DIR_ENV, StateStore, is_database_url

if TYPE_CHECKING:
    from cxgate.client import GenesysClient
    from cxgate.records.deployment import DeploymentRecorder

__all__ = ["Recorder", "audit_directory", "open_recorder"]

log = logging.getLogger(__name__)


def audit_directory(store: StateStore, env: Mapping[str, str] | None = None) -> Path:
    """Where the audit log of ``store`` lives (see the module docstring)."""
    if not is_database_url(store.location):
        return Path(store.location).parent / "audit"
    environ = os.environ if env is None else env
    if environ.get(STATE_DIR_ENV):
        return Path(environ[STATE_DIR_ENV]) / "audit"
    base = environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "cxgate" / "audit"


class Recorder:
    """Writes audit entries and webhook events for one command (see the module docstring)."""

    def __init__(
        self,
        store: StateStore,
        audit: AuditLog,
        *,
        endpoints: Mapping[str, Endpoint] | None = None,
        actor: Actor | None = None,
        org: str | None = None,
        env: str | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.audit = audit
        self.endpoints = dict(endpoints or {})
        self.actor = actor or Actor.current()
        self.org = org
        self.env = env
        self.metrics = metrics

    @property
    def redactor(self) -> Redactor:
        return self.audit.redactor

    def record(
        self,
        event: str,
        *,
        outcome: str = "ok",
        deployment: str | None = None,
        webhook: str | None = None,
        data: Mapping[str, Any] | None = None,
        org: str | None = None,
        **fields: Any,
    ) -> int:
        """Append one audit entry (``fields`` beside who/when/where) and, with ``webhook``,
        enqueue that event with ``data``, in one transaction; the entry's number."""
        where = org or self.org
        entry = {
            "type": event,
            "who": self.actor.to_dict(),
            "org": where,
            "env": self.env,
            "deployment": deployment,
            "outcome": outcome,
            **{k: v for k, v in fields.items() if v is not None},
        }
        with self.store.transaction():
            seq = self.audit.append(entry)
            if webhook is not None:
                self.notify(webhook, data or {}, deployment=deployment, org=where)
        return seq

    def notify(
        self,
        event: str,
        data: Mapping[str, Any],
        *,
        deployment: str | None = None,
        org: str | None = None,
    ) -> None:
        """Enqueue webhook ``event`` for the endpoints that want it (inside a savepoint: a
        failure here is logged and never undoes the caller's write)."""
        if not any(e.wants(event) for e in self.endpoints.values()):
            return
        body = payload(
            event,
            {"who": self.actor.to_dict(), **data},
            at=self.store.clock.time(),
            org=org or self.org,
            env=self.env,
            deployment=deployment,
        )
        try:
            with self.store.transaction():
                emit(self.store, self.endpoints, event, body, redactor=self.redactor)
        except Exception as exc:  # the outbox never breaks what it reports on
            log.warning("could not queue webhook %s: %s", event, exc)

    def send_to(self, endpoint: str, event: str, data: Mapping[str, Any]) -> None:
        """Audit ``event`` and queue it for the one ``endpoint`` named (``export-wfm --to``);
        ConfigError when it is not configured or not subscribed."""
        chosen = self.endpoints.get(endpoint)
        if chosen is None or not chosen.wants(event):
            known = ", ".join(self.endpoints) or "none configured"
            raise ConfigError(
                f"webhook endpoint '{endpoint}' does not take {event} (endpoints: {known}); "
                f"add it under webhooks: in cxgate.yaml with events: [{event}]"
            )
        body = payload(
            event,
            {"who": self.actor.to_dict(), **data},
            at=self.store.clock.time(),
            org=self.org,
            env=self.env,
        )
        with self.store.transaction():
            self.audit.append(
                {
                    "type": event,
                    "who": self.actor.to_dict(),
                    "org": self.org,
                    "env": self.env,
                    "outcome": "queued",
                    "endpoint": endpoint,
                }
            )
            emit(self.store, {endpoint: chosen}, event, body, redactor=self.redactor)

    # -- what commands record ----------------------------------------------------------------

    def validated(self, errors: int, warnings: int, *, bundle: str) -> None:
        """A validate run (its outcome: ok or invalid)."""
        self.record(
            "validate",
            outcome="invalid" if errors else "ok",
            bundle=bundle,
            problems={"errors": errors, "warnings": warnings},
        )

    def planned(self, plan_summary: Mapping[str, Any], *, bundle: str, outcome: str) -> None:
        """A plan: its counts and risk, or why it was refused."""
        self.record("plan", outcome=outcome, bundle=bundle, plan=dict(plan_summary))

    def flow_switched(self, result: Mapping[str, Any], *, rollback: bool) -> None:
        """``flow switch``/``flow rollback`` published another version."""
        data = {
            "flow": result.get("name"),
            "fromVersion": result.get("from_version"),
            "toVersion": result.get("to_version"),
            "message": str(result.get("reason") or ""),
            "object": {"kind": "flow", "name": result.get("name"), "id": result.get("flow_id")},
        }
        self.record(
            "flow.rollback" if rollback else "flow.switch",
            outcome="applied" if result.get("changed") else "skipped",
            object=data["object"],
            change={"fromVersion": data["fromVersion"], "toVersion": data["toVersion"]},
            reason=data["message"] or None,
            webhook="flow.version_switched" if result.get("changed") else None,
            data=data,
        )

    def verified(self, verdict: Verdict) -> None:
        """A failed ``audit verify`` is announced (receivers may page someone)."""
        if verdict.ok:
            return
        data = {"problem": verdict.problem, "entry": verdict.entry, "file": verdict.file}
        self.notify("audit.verify_failed", data)

    def deployment_hooks(self, client: GenesysClient | None = None) -> DeploymentRecorder:
        """The engine hooks that record a deployment (``cxgate.apply.hooks``)."""
        from cxgate.records.deployment import DeploymentRecorder

        return DeploymentRecorder(self, client)

    @contextmanager
    def observing(self, client: GenesysClient) -> Iterator[None]:
        """Metrics see every call ``client`` makes inside the block."""
        if self.metrics is None:
            yield
            return
        before = client.stats.retries
        with client.observing(self.metrics.observe):
            try:
                yield
            finally:
                self.metrics.retried(client.stats.retries - before)

    def flush(self, *, deadline_s: float = 1.0) -> None:
        """Deliver what is due now, for at most ``deadline_s`` (never raises)."""
        if not self.endpoints:
            return
        try:
            with Deliverer(self.store, self.endpoints, timeout_s=deadline_s) as deliverer:
                deliverer.drain(deadline_s=deadline_s)
        except Exception as exc:  # the events stay queued for `cxgate webhooks retry`
            log.warning("webhook delivery failed: %s", exc)

    @contextmanager
    def delivering(self, *, final_s: float = 1.0, **options: Any) -> Iterator[None]:
        """Send webhooks in the background while the block runs (at most ``final_s`` more
        at its end); nothing to do without endpoints."""
        if not self.endpoints:
            yield
            return
        with (
            Deliverer(self.store, self.endpoints, **options) as deliverer,
            background(deliverer, final_s=final_s),
        ):
            yield


def open_recorder(
    store: StateStore,
    *,
    config: BundleConfig | None = None,
    client_id: str = "",
    secrets: tuple[str | None, ...] = (),
    env: str | None = None,
    org: str | None = None,
    metrics: Metrics | None = None,
    environ: Mapping[str, str] | None = None,
    audit_dir: Path | None = None,
) -> Recorder:
    """A recorder for ``store``: its audit log, the bundle's webhook endpoints, and a redactor
    that knows ``secrets`` (the client secret) and every endpoint's signing key."""
    endpoints = endpoints_of(config, environ)
    redactor = Redactor([*secrets, *(e.secret for e in endpoints.values())])
    directory = audit_dir or audit_directory(store, environ)
    name = "audit"
    if is_database_url(store.location):  # one store, many machines: one chain each
        name = f"audit:{socket.gethostname()}:{directory.resolve()}"
    audit = AuditLog(directory, store=store, checkpoint=name, redactor=redactor)
    actor = Actor.current(client_id)
    return Recorder(
        store, audit, endpoints=endpoints, actor=actor, org=org, env=env, metrics=metrics
    )
