"""Audit log and outbox throughput: the chain's appends and verify, and webhook delivery.

1. Append 100,000 events to a hash-chained audit log (redaction, SHA-256 chain, checkpoint in
   a SQLite state store, committed every 1,000 entries as a deployment's transactions do).
2. Verify a log of 1,000,000 entries (built with the same code, without the store).
3. Deliver 3,000 webhook events from the SQLite outbox to a loopback receiver (signed, each
   marked delivered in the store).

Targets: ≥ 20,000 appends/s, verify of 1,000,000 < 10 s, ≥ 500 deliveries/s.
Run: ``.venv/bin/python bench/audit.py``. Last line: one JSON object of the figures.
"""

from __future__ import annotations

import json
import socket
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cxgate.records.chain import AuditLog
from cxgate.records.events import payload
from cxgate.records.outbox import Deliverer, emit
from cxgate.records.redact import Redactor
from cxgate.records.webhooks import Endpoint
from cxgate.state.sqlite import SqliteStore

APPENDS = 100_000
VERIFY = 1_000_000
DELIVERIES = 3_000
BATCH = 1_000


def event(i: int) -> dict[str, Any]:
    """A step entry the size of a real one."""
    return {
        "type": "step",
        "who": {"user": "ci", "clientId": "0f6c2a4e-3b1d-4e8f-9a7c-5d2e1f0b3c4a"},
        "org": "6a1d8e2c-4b3f-4c5d-8e9f-0a1b2c3d4e5f",
        "env": "prod",
        "deployment": "d-20261205-080000-abc123",
        "outcome": "applied",
        "step": i,
        "object": {"kind": "queue", "name": f"Queue {i}", "id": f"q-{i:08d}"},
        "change": {
            "action": "update",
            "fields": [{"path": "description", "op": "modify", "old": "before", "new": "after"}],
        },
        "latencyMs": 41.7,
        "correlationId": "3c9d1f2a-8b7e-4d6c-a5f4-e3d2c1b0a9f8",
    }


def appends(root: Path) -> float:
    redactor = Redactor(["gKx9-Qw2ErT5yU8iO1pA3sD6fG7hJ0kLzXcVbNm"])
    with SqliteStore.open(root / "state") as store:
        log = AuditLog(root / "audit", store=store, redactor=redactor, fsync=False)
        started = time.perf_counter()
        for start in range(0, APPENDS, BATCH):
            with store.transaction():
                for i in range(start, start + BATCH):
                    log.append(event(i))
            log.sync()
        elapsed = time.perf_counter() - started
        assert log.verify().count == APPENDS
    return APPENDS / elapsed


def verify(root: Path) -> float:
    log = AuditLog(root / "big", fsync=False)
    for start in range(0, VERIFY, 10_000):
        log.append(*(event(i) for i in range(start, start + 10_000)))
    started = time.perf_counter()
    verdict = log.verify()
    elapsed = time.perf_counter() - started
    assert verdict.ok, verdict
    assert verdict.count == VERIFY, verdict
    return elapsed


def outbox(root: Path) -> float:
    received = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    endpoints = {"bench": Endpoint("bench", url, "BENCH_SECRET", ("*",), "whsec_bench_0123456789")}
    with SqliteStore.open(root / "outbox") as store:
        with store.transaction():
            for i in range(DELIVERIES):
                body = payload("deployment.succeeded", {"n": i}, at=store.clock.time())
                emit(store, endpoints, "deployment.succeeded", body)
        with Deliverer(store, endpoints, batch=500) as deliverer:
            started = time.perf_counter()
            done = deliverer.drain(deadline_s=120)
            elapsed = time.perf_counter() - started
    server.shutdown()
    assert len(done.delivered) == DELIVERIES == len(received), (len(done.delivered), len(received))
    return DELIVERIES / elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rate = appends(root)
        seconds = verify(root)
        sent = outbox(root)
    print(f"{'figure':<36}{'value':>12}{'target':>12}")
    print(f"{'appends/s (chain, checkpoint)':<36}{rate:>12,.0f}{'>= 20,000':>12}")
    print(f"{'verify 1,000,000 entries (s)':<36}{seconds:>12.2f}{'< 10':>12}")
    print(f"{'outbox deliveries/s (loopback)':<36}{sent:>12,.0f}{'>= 500':>12}")
    print(
        json.dumps(
            {
                "appends_per_s": round(rate),
                "verify_1m_s": round(seconds, 3),
                "outbox_per_s": round(sent),
                "appends": APPENDS,
                "verified": VERIFY,
                "deliveries": DELIVERIES,
            }
        )
    )


if __name__ == "__main__":
    socket.setdefaulttimeout(30)
    main()
