"""Prometheus metrics of one run, in its own registry (never the process-global one).

Request latency histograms by method, endpoint template and status class (``2xx``…,
``error`` when no answer came); counts of requests, 429s and retries; steps by kind, action
and outcome (conflicts and rebases among them); rollbacks; deployment duration by status.
``write_textfile`` writes the node-exporter textfile collector format (atomically, so the
collector never reads half a file); ``push`` sends to a Pushgateway.
"""

from __future__ import annotations

from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import generate_latest, push_to_gateway, write_to_textfile

__all__ = ["Metrics", "status_class"]

_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_DEPLOY_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)


def status_class(status: int | None) -> str:
    """``2xx``, ``4xx``… or ``error`` (no answer: timeout, connection refused)."""
    return "error" if status is None else f"{status // 100}xx"


class Metrics:
    """The run's metrics; ``observe`` is a client ``ResponseObserver``."""

    def __init__(self, operation: str = "cxgate") -> None:
        self.operation = operation
        self.registry = CollectorRegistry()
        labels = ("operation", "method", "endpoint", "status_class")
        self.latency = Histogram(
            "cxgate_request_duration_seconds",
            "Genesys Cloud API request latency.",
            labels,
            registry=self.registry,
            buckets=_LATENCY_BUCKETS,
        )
        self.requests = Counter(
            "cxgate_requests", "API requests by outcome.", labels, registry=self.registry
        )
        self.rate_limited = Counter(
            "cxgate_rate_limited", "429 answers.", ("operation",), registry=self.registry
        )
        self.retries = Counter(
            "cxgate_retries", "Requests retried.", ("operation",), registry=self.registry
        )
        self.steps = Counter(
            "cxgate_steps",
            "Deployment steps by kind, action and outcome (conflicted, rebased among them).",
            ("kind", "action", "outcome"),
            registry=self.registry,
        )
        self.conflicts = Counter(
            "cxgate_conflicts", "Steps stopped by another editor's change.", registry=self.registry
        )
        self.rebases = Counter(
            "cxgate_rebases", "Steps applied onto another editor's change.", registry=self.registry
        )
        self.rollbacks = Counter(
            "cxgate_rollbacks", "Deployments rolled back.", registry=self.registry
        )
        self.deployments = Counter(
            "cxgate_deployments",
            "Deployments by final status.",
            ("status",),
            registry=self.registry,
        )
        self.deployment_seconds = Histogram(
            "cxgate_deployment_duration_seconds",
            "Wall time of a deployment.",
            ("status",),
            registry=self.registry,
            buckets=_DEPLOY_BUCKETS,
        )

    def observe(self, method: str, path_template: str, status: int | None, seconds: float) -> None:
        """One request on the wire (the client calls this)."""
        values = (self.operation, method, path_template, status_class(status))
        self.latency.labels(*values).observe(seconds)
        self.requests.labels(*values).inc()
        if status == 429:
            self.rate_limited.labels(self.operation).inc()

    def retried(self, count: int) -> None:
        if count > 0:
            self.retries.labels(self.operation).inc(count)

    def step(self, kind: str, action: str, outcome: str) -> None:
        self.steps.labels(kind, action, outcome).inc()
        if outcome == "conflicted":
            self.conflicts.inc()
        elif outcome == "rebased":
            self.rebases.inc()

    def deployment(self, status: str, seconds: float) -> None:
        self.deployments.labels(status).inc()
        self.deployment_seconds.labels(status).observe(seconds)
        if status == "rolled_back":
            self.rollbacks.inc()

    def exposition(self) -> bytes:
        """The text exposition format."""
        return bytes(generate_latest(self.registry))

    def write_textfile(self, path: Path) -> None:
        """Write the metrics for node-exporter's textfile collector (atomic rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        write_to_textfile(str(path), self.registry)

    def push(self, url: str, job: str = "cxgate") -> None:
        """Send the metrics to a Pushgateway (replacing this job's previous push)."""
        push_to_gateway(url, job=job, registry=self.registry, timeout=10)
