"""The records a writing run leaves (audit chain, webhook outbox), checked after a fault or
a crash: the chain verifies, and every deployment in the journal has its start and its end
both in the audit log and in the outbox — no event lost, none twice.
"""

from __future__ import annotations

from pathlib import Path

from cxgate.bundle.config import BundleConfig
from cxgate.records.deployment import ending_event
from cxgate.records.recorder import Recorder, open_recorder
from cxgate.state.records import DeploymentStatus
from cxgate.state.store import StateStore

__all__ = ["HOOK_KEY", "chaos_recorder", "record_problems"]

HOOK_ENV, HOOK_KEY = "CHAOS_HOOK_KEY", "chaos-hook-key"
_CONFIG = {
    "version": 1,
    "webhooks": {"ci": {"url": "https://hooks.example.com/cxgate", "secretEnv": HOOK_ENV}},
}


def chaos_recorder(store: StateStore, audit: Path, secret: str) -> Recorder:
    """Records for one command: the audit log in ``audit``, one webhook endpoint (events
    wait in the outbox: nothing delivers them here)."""
    return open_recorder(
        store,
        config=BundleConfig.model_validate(_CONFIG),
        client_id="chaos",
        secrets=(secret,),
        environ={HOOK_ENV: HOOK_KEY},
        audit_dir=audit,
    )


def record_problems(store: StateStore, audit: Path, secret: str, org: str) -> list[str]:
    """What is wrong with the records of ``org``'s deployments (empty: consistent)."""
    log = chaos_recorder(store, audit, secret).audit
    verdict = log.verify()
    problems = [] if verdict.ok else [f"audit chain: {verdict.problem} ({verdict.file})"]
    entries = [e.data for e in log.entries()]
    events = store.outbox_events()
    for record in store.deployments(org, 10_000):
        ends = _ends(record.status)
        for kind, webhook in (("deployment.started", "deployment.started"), *ends):
            logged = sum(1 for e in entries if (e["type"], e["deployment"]) == (kind, record.id))
            queued = sum(
                1 for e in events if (e.type, e.payload.get("deployment")) == (webhook, record.id)
            )
            if (logged, queued) != (1, 1):
                problems.append(
                    f"{record.id} ({record.status.value}): {kind} logged {logged}×, "
                    f"{webhook} queued {queued}×"
                )
    return problems


def _ends(status: DeploymentStatus) -> tuple[tuple[str, str], ...]:
    """The end a deployment in ``status`` must have recorded (none while running)."""
    if status is DeploymentStatus.RUNNING:
        return ()
    return (("deployment.finished", ending_event(status)),)
