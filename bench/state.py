"""Benchmark: the state store on SQLite and on PostgreSQL, side by side.

Run alone: ``.venv/bin/python bench/state.py``. Each backend gets 10,000 journal steps, each
its own commit as apply writes them (``append_journal``), and 10,000 webhook events: each
enqueued in its own commit (as apply enqueues beside its step), then drained as a deliverer
does (``claim_events`` 100 at a time over 10 endpoints, ``mark_delivered`` each). Both are
durable: SQLite in WAL mode with ``synchronous=FULL``, PostgreSQL with ``fsync`` and
``synchronous_commit`` on, a throwaway server started here the way the tests start theirs
(``cxgate.state.pgserver``, Debian's binaries) on loopback, its data dir beside SQLite's file.
The last line is one JSON object of the figures.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cxgate.state.pgserver import PgServer
from cxgate.state.postgres import PostgresStore
from cxgate.state.records import DeploymentRecord, JournalEntry, OutboxEvent, Phase
from cxgate.state.sqlite import SqliteStore
from cxgate.state.store import StateStore

STEPS = EVENTS = 10_000
ENDPOINTS, BATCH = 10, 100


def _steps(store: StateStore) -> tuple[float, list[float]]:
    """Seconds for STEPS journal rows, and each row's latency."""
    store.begin_deployment(DeploymentRecord("d1", "org", None, "/b", "ann", "h", 1, "c", 1.0))
    latencies: list[float] = []
    start = time.perf_counter()
    for n in range(STEPS):
        began = time.perf_counter()
        store.append_journal(JournalEntry("d1", n, Phase.STARTED, "queue", f"Q{n}", "update"))
        latencies.append(time.perf_counter() - began)
    return time.perf_counter() - start, latencies


def _events(store: StateStore) -> float:
    """Seconds to enqueue EVENTS one commit each, then claim and deliver them all."""
    start = time.perf_counter()
    for n in range(EVENTS):
        endpoint = f"https://hooks.example.com/{n % ENDPOINTS}"
        store.enqueue([OutboxEvent(f"e{n}", endpoint, "change.applied", {"n": n}, 1.0)])
    delivered = 0
    while delivered < EVENTS:
        for event in store.claim_events(time.time(), limit=BATCH, lease_s=60.0, claimer="w"):
            store.mark_delivered(event.id)
            delivered += 1
    return time.perf_counter() - start


def _measure(name: str, open_store: Callable[[], StateStore]) -> dict[str, float]:
    with open_store() as store:
        steps_s, latencies = _steps(store)
    with open_store() as store:
        events_s = _events(store)
    ms = sorted(latency * 1000 for latency in latencies)
    return {
        f"{name}_steps_per_s": round(STEPS / steps_s, 1),
        f"{name}_step_p50_ms": round(statistics.median(ms), 3),
        f"{name}_step_p99_ms": round(ms[int(len(ms) * 0.99)], 3),
        f"{name}_events_per_s": round(EVENTS / events_s, 1),
    }


def main() -> None:
    """Both backends, one after the other on the same disk; print a table and the JSON line."""
    figures: dict[str, float] = {"steps": STEPS, "events": EVENTS}
    with tempfile.TemporaryDirectory(prefix="cxgate-bench-") as tmp:
        counter = iter(range(100))
        figures |= _measure("sqlite", lambda: SqliteStore.open(Path(tmp) / str(next(counter))))
    with PgServer.start(durable=True) as server:
        figures |= _measure("postgres", lambda: PostgresStore.connect(server.create_database()))
    figures["postgres_vs_sqlite_steps"] = round(
        figures["postgres_steps_per_s"] / figures["sqlite_steps_per_s"], 2
    )
    figures["postgres_vs_sqlite_events"] = round(
        figures["postgres_events_per_s"] / figures["sqlite_events_per_s"], 2
    )
    _print_table(figures)
    print(json.dumps(figures, sort_keys=True))


def _print_table(figures: dict[str, float]) -> None:
    print(f"state store: {STEPS:,} journal steps, {EVENTS:,} outbox events, durable commits")
    print(f"  {'':<28} {'SQLite':>12} {'PostgreSQL':>12}")
    for label, key in (
        ("journal steps/s", "steps_per_s"),
        ("step latency p50 (ms)", "step_p50_ms"),
        ("step latency p99 (ms)", "step_p99_ms"),
        ("events/s (enqueue+deliver)", "events_per_s"),
    ):
        print(f"  {label:<28} {figures[f'sqlite_{key}']:>12} {figures[f'postgres_{key}']:>12}")


if __name__ == "__main__":
    main()
