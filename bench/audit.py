"""Audit log and outbox throughput: the chain's appends and verify, and webhook delivery.

1. Append 100,000 events to a hash-chained audit log (redaction, SHA-256 chain, checkpoint in
   a SQLite state store, committed every 1,000 entries as a deployment's transactions do).
2. Verify a log of 1,000,000 entries (built with the same code, without the store).
3. Deliver 3,000 webhook events from the SQLite outbox to a receiver on loopback, in its own
   process (signed, each marked delivered in the store).

Targets: ≥ 20,000 appends/s, verify of 1,000,000 < 10 s, ≥ 500 deliveries/s.
Run: ``.venv/bin/python bench/audit.py``. Last line: one JSON object of the figures.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

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


class _Receiver(BaseHTTPRequestHandler):
    """Counts deliveries (POST) and says how many (GET); keep-alive, like a real receiver."""

    protocol_version = "HTTP/1.1"
    received = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received += 1
        self._answer(204, b"")

    def do_GET(self) -> None:
        self._answer(200, str(type(self).received).encode())

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def receive(port: int) -> None:
    """The receiver, in its own process (as receivers are): ``--receive PORT``."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _Receiver)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    server.serve_forever()


def outbox(root: Path) -> float:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    child = subprocess.Popen(
        [sys.executable, __file__, "--receive", str(port)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        url = f"http://127.0.0.1:{port}/hook"
        secret = "whsec_bench_0123456789"
        endpoints = {"bench": Endpoint("bench", url, "BENCH_SECRET", ("*",), secret)}
        with SqliteStore.open(root / "outbox") as store:
            with store.transaction():
                for i in range(DELIVERIES):
                    body = payload("deployment.succeeded", {"n": i}, at=store.clock.time())
                    emit(store, endpoints, "deployment.succeeded", body)
            with Deliverer(store, endpoints, batch=500) as deliverer:
                started = time.perf_counter()
                done = deliverer.drain(deadline_s=120)
                elapsed = time.perf_counter() - started
        got = int(httpx.get(f"http://127.0.0.1:{port}/count", timeout=10).text)
    finally:
        child.terminate()
        child.wait(10)
    assert len(done.delivered) == DELIVERIES == got, (len(done.delivered), got)
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
    if sys.argv[1:2] == ["--receive"]:
        receive(int(sys.argv[2]))
    else:
        main()
