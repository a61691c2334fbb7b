"""Metrics: the exposition (textfile and Pushgateway) parsed back with prometheus-client."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from cxgate.client import GenesysClient
from cxgate.records.metrics import Metrics, status_class


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_exposition_parses_back(tmp_path: Path) -> None:
    metrics = Metrics("apply")
    metrics.observe("PUT", "/api/v2/routing/queues/{id}", 200, 0.12)
    metrics.observe("PUT", "/api/v2/routing/queues/{id}", 200, 0.03)
    metrics.observe("GET", "/api/v2/routing/queues", 429, 0.01)
    metrics.observe("GET", "/api/v2/routing/queues", None, 5.0)
    metrics.retried(2)
    metrics.step("queue", "update", "rebased")
    metrics.step("queue", "update", "conflicted")
    metrics.deployment("rolled_back", 42.0)
    path = tmp_path / "textfile" / "cxgate.prom"
    metrics.write_textfile(path)
    samples = _samples(path.read_text())
    put = (
        ("endpoint", "/api/v2/routing/queues/{id}"),
        ("method", "PUT"),
        ("operation", "apply"),
        ("status_class", "2xx"),
    )
    assert samples[("cxgate_request_duration_seconds_count", put)] == 2
    assert samples[("cxgate_request_duration_seconds_sum", put)] == 0.15
    assert samples[("cxgate_requests_total", put)] == 2
    assert samples[("cxgate_rate_limited_total", (("operation", "apply"),))] == 1
    assert samples[("cxgate_retries_total", (("operation", "apply"),))] == 2
    assert samples[("cxgate_conflicts_total", ())] == 1
    assert samples[("cxgate_rebases_total", ())] == 1
    assert samples[("cxgate_rollbacks_total", ())] == 1
    assert samples[("cxgate_deployment_duration_seconds_count", (("status", "rolled_back"),))] == 1
    errors = [k for k in samples if ("status_class", "error") in k[1]]
    assert errors
    assert status_class(503) == "5xx"


def test_client_calls_are_observed(client: GenesysClient) -> None:
    metrics = Metrics("plan")
    with client.observing(metrics.observe):
        client.get("/api/v2/organizations/me")
    client.get("/api/v2/organizations/me")  # after the block: not observed
    samples = _samples(metrics.exposition().decode())
    count = [
        v
        for (n, labels), v in samples.items()
        if n == "cxgate_requests_total" and ("endpoint", "/api/v2/organizations/me") in labels
    ]
    assert count == [1.0]


def test_push_to_a_gateway() -> None:
    got: list[tuple[str, str, bytes]] = []

    class Gateway(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((self.command, self.path, body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        metrics = Metrics("apply")
        metrics.deployment("succeeded", 3.0)
        metrics.push(f"http://127.0.0.1:{server.server_address[1]}", job="cxgate-ci")
    finally:
        server.shutdown()
        server.server_close()
    (method, path, body) = got[0]
    assert (method, path) == ("PUT", "/metrics/job/cxgate-ci")
    assert _samples(body.decode())[("cxgate_deployments_total", (("status", "succeeded"),))] == 1
