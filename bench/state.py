"""Benchmark: the state store on SQLite and on PostgreSQL, side by side.

Run alone: ``.venv/bin/python bench/state.py``. Each backend gets 10,000 journal steps, each
its own commit as apply writes them (``append_journal``), and 10,000 webhook events: each
enqueued in its own commit (as apply enqueues beside its step), then drained as a deliverer
does (``claim_events`` 100 at a time over 10 endpoints, ``mark_delivered`` each). Both are
durable: SQLite in WAL mode with ``synchronous=FULL``, PostgreSQL with ``fsync`` and
``synchronous_commit`` on, a throwaway server started here the way the tests start theirs
(``cxgate.testing.postgres``, Debian's binaries) on loopback, its data dir beside SQLite's file.
The two take turns in rounds of 1,000, so the noise of a shared machine falls on both alike.
The last line is one JSON object of the figures.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from cxgate.state.postgres import PostgresStore
from cxgate.state.records import DeploymentRecord, JournalEntry, OutboxEvent, Phase
from cxgate.state.sqlite import SqliteStore
from cxgate.state.store import StateStore
from cxgate.testing.postgres import PgServer

STEPS = EVENTS = 10_000
ROUNDS = 10  # the backends take turns, 1,000 at a time, so a load spike hits both alike
ENDPOINTS, BATCH = 10, 100


def _steps(store: StateStore, first: int, count: int) -> list[float]:
    """Each journal row's latency (seconds), one commit each."""
    latencies: list[float] = []
    for n in range(first, first + count):
        began = time.perf_counter()
        store.append_journal(JournalEntry("d1", n, Phase.STARTED, "queue", f"Q{n}", "update"))
        latencies.append(time.perf_counter() - began)
    return latencies


def _events(store: StateStore, first: int, count: int) -> float:
    """Seconds to enqueue ``count`` events one commit each, then claim and deliver them."""
    start = time.perf_counter()
    for n in range(first, first + count):
        endpoint = f"https://hooks.example.com/{n % ENDPOINTS}"
        store.enqueue([OutboxEvent(f"e{n}", endpoint, "change.applied", {"n": n}, 1.0)])
    delivered = 0
    while delivered < count:
        for event in store.claim_events(time.time(), limit=BATCH, lease_s=60.0, claimer="w"):
            store.mark_delivered(event.id)
            delivered += 1
    return time.perf_counter() - start


def _measure(stores: dict[str, StateStore]) -> dict[str, float]:
    """Both workloads on every store, in alternating rounds; figures per backend."""
    latencies: dict[str, list[float]] = {name: [] for name in stores}
    events_s = dict.fromkeys(stores, 0.0)
    size = STEPS // ROUNDS
    for store in stores.values():
        store.begin_deployment(DeploymentRecord("d1", "org", None, "/b", "ann", "h", 1, "c", 1.0))
    for round_ in range(ROUNDS):
        for name, store in stores.items():
            latencies[name] += _steps(store, round_ * size, size)
            events_s[name] += _events(store, round_ * size, size)
    figures: dict[str, float] = {}
    for name, found in latencies.items():
        ms = sorted(latency * 1000 for latency in found)
        figures[f"{name}_steps_per_s"] = round(STEPS / sum(found), 1)
        figures[f"{name}_step_p50_ms"] = round(statistics.median(ms), 3)
        figures[f"{name}_step_p99_ms"] = round(ms[int(len(ms) * 0.99)], 3)
        figures[f"{name}_events_per_s"] = round(EVENTS / events_s[name], 1)
    return figures


def main() -> None:
    """Both backends side by side on the same disk; print a table and the JSON line."""
    with (
        tempfile.TemporaryDirectory(prefix="cxgate-bench-") as tmp,
        PgServer.start(durable=True) as server,
        SqliteStore.open(Path(tmp)) as lite,
        PostgresStore.connect(server.create_database()) as shared,
    ):
        figures: dict[str, float] = {"steps": STEPS, "events": EVENTS}
        figures |= _measure({"sqlite": lite, "postgres": shared})
    for what in ("steps", "events"):
        ratio = figures[f"postgres_{what}_per_s"] / figures[f"sqlite_{what}_per_s"]
        figures[f"postgres_vs_sqlite_{what}"] = round(ratio, 2)
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
