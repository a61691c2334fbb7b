"""Load on ``cxgate emulator serve``: many clients at once, latency percentiles, errors,
and a state file that agrees with the last write of every client.

The server is the real command in its own process (``--port 0 --ready-file``,
``--rate-limit 0``, ``--state FILE``). Each client thread keeps one connection, takes a
token, and loops: list queues, read its own queue, write its own queue's description with
a counter. Afterwards the server is stopped (SIGINT, its normal way out) and the state file
must hold, for every client's queue, the last description that client wrote.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from cxgate.emulator.store import Store
from cxgate.errors import ConfigError

__all__ = ["LoadResult", "run_load"]

CXGATE = Path(sys.executable).parent / "cxgate"
QUEUES = "/api/v2/routing/queues"


@dataclass
class LoadResult:
    """What the load run measured."""

    clients: int
    requests: int
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    statuses: Counter[int] = field(default_factory=Counter)
    transport_errors: int = 0
    state_consistent: bool = False
    wall_s: float = 0.0

    @property
    def p50_ms(self) -> float:
        return _percentile(self.latencies_ms, 50)

    @property
    def p99_ms(self) -> float:
        return _percentile(self.latencies_ms, 99)

    @property
    def unexpected_5xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def errors(self) -> int:
        """Answers that were not 2xx, and calls that got no answer."""
        return self.transport_errors + sum(n for s, n in self.statuses.items() if s >= 300)

    def figures(self) -> dict[str, Any]:
        return {
            "load_clients": self.clients,
            "load_requests": len(self.latencies_ms) + self.transport_errors,
            "load_rps": round(len(self.latencies_ms) / self.wall_s, 1) if self.wall_s else 0.0,
            "emulator_p50_ms": round(self.p50_ms, 2),
            "emulator_p99_ms": round(self.p99_ms, 2),
            "load_errors": self.errors,
            "load_unexpected_5xx": self.unexpected_5xx,
            "load_state_consistent": self.state_consistent,
        }


def _percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def run_load(clients: int = 50, requests: int = 10_000) -> LoadResult:
    """``clients`` threads share ``requests`` calls against a served emulator."""
    result = LoadResult(clients, requests)
    with tempfile.TemporaryDirectory(prefix="cxgate-load-") as tmp:
        state, ready = Path(tmp) / "org.json", Path(tmp) / "ready"
        server = _serve(state, ready, queues=clients + 8)
        try:
            url = _wait_ready(server, ready)
            queues = _queue_ids(url)[:clients]
            shared = _Shared(result)
            per_client = max(1, requests // clients)
            started = time.monotonic()
            threads = [
                threading.Thread(
                    target=_client,
                    args=(url, queues[i], per_client, shared),
                )
                for i in range(clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            result.wall_s = time.monotonic() - started
        finally:
            server.send_signal(signal.SIGINT)
            server.communicate(timeout=60)
        result.state_consistent = _consistent(state, shared.last)
    return result


def _serve(state: Path, ready: Path, *, queues: int) -> subprocess.Popen[str]:
    """The real command: its own process, a free port, no rate limit, a state file; one
    queue per client, so each queue's last write is known."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GENESYSCLOUD_", "CXGATE_"))}
    args = ["emulator", "serve", "--port", "0", "--rate-limit", "0"]
    args += ["--seed", f"generated:queues={queues}"]
    args += ["--state", str(state), "--ready-file", str(ready)]
    return subprocess.Popen(
        [str(CXGATE), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_ready(server: subprocess.Popen[str], ready: Path, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready.exists() and ready.read_text().strip():
            return ready.read_text().strip()
        if server.poll() is not None:
            raise RuntimeError(
                f"cxgate emulator serve exited: {server.stderr.read() if server.stderr else ''}"
            )
        time.sleep(0.05)
    raise RuntimeError("cxgate emulator serve was not ready in time")


def _token(http: httpx.Client) -> str:
    answer = http.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=("load", "x")
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def _queue_ids(url: str) -> list[str]:
    with httpx.Client(base_url=url, timeout=30) as http:
        http.headers["Authorization"] = f"Bearer {_token(http)}"
        page = http.get(QUEUES, params={"pageSize": 500}).json()
        return sorted(q["id"] for q in page["entities"])


@dataclass
class _Shared:
    """What the client threads hand back: the result, each queue's last write, a lock."""

    result: LoadResult
    last: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client(url: str, queue: str, calls: int, shared: _Shared) -> None:
    """List, read, write in turn; each write's description counts up."""
    latencies, statuses, failed = [], Counter[int](), 0
    written: str | None = None
    with httpx.Client(base_url=url, timeout=30) as http:
        http.headers["Authorization"] = f"Bearer {_token(http)}"
        body = _writable(http.get(f"{QUEUES}/{queue}").json())
        for n in range(calls):
            began = time.perf_counter()
            try:
                if n % 3 == 0:
                    answer = http.get(QUEUES, params={"pageSize": 25})
                elif n % 3 == 1:
                    answer = http.get(f"{QUEUES}/{queue}")
                else:
                    text = f"load {threading.get_ident()} {n}"
                    answer = http.put(f"{QUEUES}/{queue}", json={**body, "description": text})
                    written = text if answer.status_code == 200 else written
            except httpx.TransportError:
                failed += 1
                continue
            latencies.append((time.perf_counter() - began) * 1000)
            statuses[answer.status_code] += 1
    with shared.lock:
        shared.result.latencies_ms += latencies
        shared.result.statuses.update(statuses)
        shared.result.transport_errors += failed
        if written is not None:
            shared.last[queue] = written


def _writable(body: dict[str, Any]) -> dict[str, Any]:
    """What a PUT sends back: the object without the fields the server owns."""
    owned = {"id", "selfUri", "dateCreated", "dateModified", "createdBy", "modifiedBy"}
    owned |= {"memberCount", "userMemberCount", "joinedMemberCount"}
    return {k: v for k, v in body.items() if k not in owned}


def _consistent(state: Path, last: dict[str, str]) -> bool:
    """The saved org loads (as the emulator loads it on restart) and holds each client's
    last write."""
    try:
        queues = Store.load(state).table("queues")
    except (OSError, ValueError, ConfigError):
        return False
    return bool(last) and all(queues.get(q, {}).get("description") == t for q, t in last.items())
