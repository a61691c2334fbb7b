"""The engine's hooks (``cxgate.apply.hooks``) that record a deployment as it runs.

Each hook writes an audit entry — deployment started (and any freeze or cooldown overridden),
one per step's ending (forward and undo) with the change's old and new values, outcome,
latency and the write's Genesys correlation id, the deployment's end with its request
latencies per endpoint — and enqueues the webhook events receivers asked for, inside the
store transaction of the journal write it follows. A hook never raises: a failure is logged
and the deployment goes on (its journal is what recovery needs).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from cxgate.apply.steps import Outcome, Step, StepResult
from cxgate.state.records import DeploymentRecord, DeploymentStatus, JournalEntry, Phase

if TYPE_CHECKING:
    from cxgate.client import GenesysClient
    from cxgate.records.recorder import Recorder

__all__ = ["DeploymentRecorder", "ending_event"]

log = logging.getLogger(__name__)

_UNDO = (Phase.UNDO_STARTED, Phase.UNDONE, Phase.UNDO_FAILED)
_ENDINGS = {
    DeploymentStatus.SUCCEEDED: "deployment.succeeded",
    DeploymentStatus.ROLLED_BACK: "deployment.rolled_back",
    DeploymentStatus.FAILED: "deployment.failed",
    DeploymentStatus.ROLLBACK_FAILED: "deployment.failed",
}


def ending_event(status: DeploymentStatus) -> str:
    """The webhook event a deployment's final status announces."""
    return _ENDINGS.get(status, "deployment.failed")


def _guarded(hook: Callable[..., None]) -> Callable[..., None]:
    def safe(self: DeploymentRecorder, *args: Any) -> None:
        try:
            hook(self, *args)
        except Exception as exc:  # a record lost is logged; a deployment is never broken
            log.warning("could not record %s: %s", hook.__name__, exc)

    safe.__name__ = hook.__name__
    safe.__doc__ = hook.__doc__
    return safe


class DeploymentRecorder:
    """Implements ``DeploymentHooks`` for one ``Recorder`` (see the module docstring)."""

    def __init__(self, recorder: Recorder, client: GenesysClient | None = None) -> None:
        self.recorder = recorder
        self.client = client
        self._records: dict[str, DeploymentRecord] = {}
        self._latencies: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    # -- request timings (a client observer) -------------------------------------------------

    def observe(self, method: str, path_template: str, status: int | None, seconds: float) -> None:
        """Keep each call's latency by endpoint for the deployment's last entry."""
        with self._lock:
            self._latencies.setdefault(f"{method} {path_template}", []).append(seconds)

    @contextmanager
    def observing(self) -> Iterator[None]:
        """Time the client's calls (and feed the metrics) inside the block."""
        client = self.client
        if client is None:
            yield
            return
        with client.observing(self.observe), self.recorder.observing(client):
            yield

    def _requests(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            taken, self._latencies = self._latencies, {}
        return {
            endpoint: {"count": len(values), "ms": [round(v * 1000, 1) for v in values]}
            for endpoint, values in sorted(taken.items())
        }

    # -- the hooks ---------------------------------------------------------------------------

    def _record(self, deployment: str) -> DeploymentRecord | None:
        found = self._records.get(deployment)
        if found is None:
            found = self.recorder.store.deployment(deployment)
            if found is not None:
                self._records[deployment] = found
        return found

    @_guarded
    def started(self, record: DeploymentRecord, steps: Sequence[Step]) -> None:
        """deployment.started (and policy.overridden when the plan overrode a rule)."""
        self._records[record.id] = record
        data = {"kind": record.kind, "rollsBack": record.rolls_back, "changes": len(steps)}
        self.recorder.record(
            "deployment.started",
            outcome="running",
            deployment=record.id,
            org=record.org,
            bundle=record.bundle,
            commit=record.commit,
            planChecksum=record.plan_checksum,
            host=record.host,
            webhook="deployment.started",
            data=data,
            **data,
        )
        warnings = record.plan.get("warnings", ()) if isinstance(record.plan, Mapping) else ()
        overrides = [str(w) for w in warnings if "overridden" in str(w)]
        if overrides:
            self.recorder.record(
                "policy.overridden",
                outcome="overridden",
                deployment=record.id,
                org=record.org,
                overrides=overrides,
                webhook="policy.overridden",
                data={"overrides": overrides},
            )

    @_guarded
    def row(self, entry: JournalEntry, result: StepResult | None) -> None:
        """One entry per step's ending (forward or undo); conflict.detected on a conflict."""
        if result is None:
            return
        change = result.step.change
        record = self._record(entry.deployment)
        obj = {"kind": change.kind, "name": change.name, "id": result.object_id or change.id}
        fields = [
            {"path": f.path_text, "op": f.op.value, "old": f.old, "new": f.new}
            for f in change.fields
        ]
        correlation = str(result.detail.get("correlationId") or "")
        if not correlation and self.client is not None and result.outcome.wrote:
            correlation = self.client.stats.last_write_correlation
        conflict = result.outcome is Outcome.CONFLICTED
        data = {"object": obj, "theirs": list(result.theirs), "message": result.message}
        self.recorder.record(
            "undo" if entry.phase in _UNDO else "step",
            outcome=result.outcome.value,
            deployment=entry.deployment,
            org=record.org if record else None,
            step=entry.step,
            object=obj,
            change={"action": change.action.value, "fields": fields},
            latencyMs=round(result.seconds * 1000, 1),
            correlationId=correlation or None,
            theirs=list(result.theirs) or None,
            message=result.message or None,
            webhook="conflict.detected" if conflict else None,
            data=data,
        )
        if self.recorder.metrics is not None:
            self.recorder.metrics.step(change.kind, change.action.value, result.outcome.value)

    @_guarded
    def finished(
        self,
        deployment: str,
        status: DeploymentStatus,
        summary: Mapping[str, Any],
        results: Sequence[StepResult],
    ) -> None:
        """The deployment's end: status, summary, request latencies; its webhook."""
        record = self._record(deployment)
        data = {
            "status": status.value,
            "summary": dict(summary),
            "kind": record.kind if record else "apply",
            "rollsBack": record.rolls_back if record else None,
        }
        self.recorder.record(
            "deployment.finished",
            outcome=status.value,
            deployment=deployment,
            org=record.org if record else None,
            summary=dict(summary),
            requests=self._requests(),
            kind=data["kind"],
            rollsBack=data["rollsBack"],
            webhook=ending_event(status),
            data=data,
        )
        if self.recorder.metrics is not None:
            self.recorder.metrics.deployment(status.value, float(summary.get("wallSeconds", 0)))

    @_guarded
    def rolled_back(self, target: DeploymentRecord, by: str) -> None:
        """A later rollback deployment restored ``target``."""
        self.recorder.record(
            "deployment.rolled_back",
            outcome="rolled_back",
            deployment=target.id,
            org=target.org,
            rolledBackBy=by,
            webhook="deployment.rolled_back",
            data={"status": "rolled_back", "rolledBackBy": by, "kind": target.kind},
        )
