"""Apply benchmark: 500 queue updates + 50 creates + 20 deletes against the served emulator.

The emulator runs on a real loopback socket (``EmulatorServer``) with a rate budget per
minute; cxgate plans and applies through the pipeline, as ``cxgate apply --yes --force``
does. Beside it, the peer: a naive deployer that GETs then PUTs each queue, POSTs each
create and DELETEs each delete with plain httpx, retrying every 429 and 5xx blindly (what
scripts and blind-retry tools do).

Figures:

- calls per queue update: the queue PUTs plus the id-filtered re-reads, over 500;
- 429s received (the budget is never exceeded by a paced client);
- wall ÷ floor: the apply's time on the emulator's clock over the time the budget allows
  for the calls it made (calls ÷ budget per second);
- under faults (10% 5xx, 5% 429, 2% dropped connections, half of the failed writes applied
  before the failure), per seed: converged (the org ends fully as planned, or fully as it
  started after a rollback), lost changes (objects in neither state), duplicated creates.

The emulator's and the clients' clock run ``--speed`` times faster than real time, so
minute windows pass in seconds; ratios do not depend on it. The fault runs measure only
where the org ends, so they run faster still (``--fault-speed``).

Run: ``.venv/bin/python bench/apply.py`` (``--help`` for the knobs). Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import stamina

from cxgate.apply.engine import ApplyOptions, DeploymentResult
from cxgate.bundle.config import BundleConfig
from cxgate.bundle.desired import DesiredState
from cxgate.client import GenesysClient, RetryPolicy
from cxgate.clock import ScaledClock
from cxgate.emulator import Emulator, FaultPlan
from cxgate.emulator.serve import EmulatorServer
from cxgate.pipeline.deploying import apply
from cxgate.pipeline.live import read_org_side
from cxgate.pipeline.planning import make_plan
from cxgate.settings import Settings
from cxgate.state.sqlite import SqliteStore

QUEUES = "/api/v2/routing/queues"
UPDATES, CREATES, DELETES = 500, 50, 20
FAULTS = "5xx=0.1,429=0.05,drop=0.02,phase=mixed"


@dataclass(frozen=True)
class Job:
    """What to deploy: names updated, created and deleted, and the bodies before."""

    updated: list[str]
    created: list[str]
    deleted: list[str]
    before: dict[str, dict[str, Any]]

    def bundle(self) -> DesiredState:
        bodies = {n: {"name": n, "description": f"bench {n}"} for n in self.updated}
        bodies |= {n: {"name": n, "description": "created by the bench"} for n in self.created}
        config = BundleConfig.model_validate({"version": 1, "delete": {"queue": self.deleted}})
        return DesiredState.from_bodies({"queue": bodies}, config)


def new_org(budget: int, clock: ScaledClock, faults: str | None = None) -> tuple[Emulator, Job]:
    emulator = Emulator(
        seed=f"generated:queues={UPDATES + DELETES + 30}",
        rate_limit=budget,
        clock=clock,
        faults=faults,
    )
    names = sorted(q["name"] for q in emulator.store.table("queues").values())
    job = Job(
        updated=names[:UPDATES],
        created=[f"Bench New {i:03d}" for i in range(CREATES)],
        deleted=names[UPDATES : UPDATES + DELETES],
        before={q["name"]: dict(q) for q in emulator.store.table("queues").values()},
    )
    return emulator, job


def settings(url: str, workers: int) -> Settings:
    return Settings.for_url(url, "bench-apply", "bench-secret", max_workers=workers)


def cxgate_apply(
    emulator: Emulator,
    server: EmulatorServer,
    job: Job,
    clock: ScaledClock,
    *,
    workers: int,
    policy: RetryPolicy | None = None,
    faults: FaultPlan | None = None,
) -> tuple[DeploymentResult, int]:
    """Plan on a healthy org (not measured), turn ``faults`` on, apply; the result and the
    emulator's log length when the apply began."""
    retry = policy or RetryPolicy(attempts=6, total_s=600.0)
    with (
        tempfile.TemporaryDirectory() as tmp,
        GenesysClient(settings(server.url, workers), clock=clock, retry=retry) as client,
        SqliteStore.open(Path(tmp), clock) as store,
    ):
        desired = job.bundle()
        side = read_org_side(client, desired)
        plan = make_plan(desired, side, store)
        start = len(emulator.requests)
        emulator.faults = faults
        options = ApplyOptions(workers=workers)
        result = apply(plan, side, client, store, force=True, options=options, clock=clock)
        return result, start


def outcome(emulator: Emulator, job: Job) -> dict[str, int]:
    """Per object: as planned, as before, or neither; and names that exist twice."""
    queues = list(emulator.store.table("queues").values())
    by_name = Counter(q["name"] for q in queues)
    now = {q["name"]: q for q in queues}
    planned = before = 0
    for name in job.updated:
        description = now.get(name, {}).get("description")
        planned += description == f"bench {name}"
        before += description == job.before[name].get("description")
    planned += sum(name in now for name in job.created)
    before += sum(name not in now for name in job.created)
    planned += sum(name not in now for name in job.deleted)
    before += sum(name in now for name in job.deleted)
    total = len(job.updated) + len(job.created) + len(job.deleted)
    return {
        "as_planned": planned,
        "as_before": before,
        "lost": total - max(planned, before),
        "duplicated": sum(count - 1 for count in by_name.values() if count > 1),
    }


class Naive:
    """The peer: GET+PUT per update, POST per create, DELETE per delete, blind retries."""

    def __init__(self, url: str, clock: ScaledClock) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)
        self.clock = clock
        self.calls = self.rate_limited = 0
        token = self.http.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, auth=("naive", "x")
        ).json()["access_token"]
        self.http.headers["Authorization"] = f"Bearer {token}"

    def send(self, method: str, path: str, **kwargs: Any) -> Any:
        while True:
            try:
                response = self.http.request(method, path, **kwargs)
            except httpx.TransportError:
                self.calls += 1
                continue  # resend blindly
            self.calls += 1
            if response.status_code == 429:
                self.rate_limited += 1
                self.clock.sleep(float(response.headers.get("Retry-After", "1")))
                continue
            if response.status_code >= 500:
                continue
            return response.json() if response.content else None

    def deploy(self, emulator: Emulator, job: Job) -> None:
        ids = {q["name"]: q["id"] for q in emulator.store.table("queues").values()}
        for name in job.updated:
            body = self.send("GET", f"{QUEUES}/{ids[name]}")
            self.send("PUT", f"{QUEUES}/{ids[name]}", json={**body, "description": f"bench {name}"})
        for name in job.created:
            self.send("POST", QUEUES, json={"name": name, "description": "created by the bench"})
        for name in job.deleted:
            self.send("DELETE", f"{QUEUES}/{ids[name]}", params={"forceDelete": "true"})


def clean_run(budget: int, speed: float, workers: int) -> dict[str, Any]:
    """cxgate and the naive peer, no faults, the same budget."""
    clock = ScaledClock(speed)
    emulator, job = new_org(budget, clock)
    with EmulatorServer(emulator) as server:
        result, start = cxgate_apply(emulator, server, job, clock, workers=workers)
    log = emulator.requests[start:]
    # Queue PUTs and the id-filtered re-reads (snapshot and waves); each create's name
    # lookup is a GET of the same listing, counted against the creates, not the updates.
    counted = Counter((r.method, r.path) for r in log)
    update_calls = counted[("PUT", f"{QUEUES}/{{queueId}}")] + counted[("GET", QUEUES)] - CREATES
    apply_s = result.summary.wall_s
    floor_s = result.summary.calls / (budget / 60)
    clock = ScaledClock(speed)
    peer_emulator, peer_job = new_org(budget, clock)
    with EmulatorServer(peer_emulator) as server:
        naive = Naive(server.url, clock)
        started = clock.monotonic()
        naive.deploy(peer_emulator, peer_job)
        naive_s = clock.monotonic() - started
    return {
        "status": result.status.value,
        "calls": result.summary.calls,
        "calls_per_queue_update": update_calls / UPDATES,
        "responses_429": sum(1 for r in log if r.status == 429),
        "apply_s": apply_s,
        "floor_s": floor_s,
        "wall_over_floor": apply_s / floor_s,
        "naive_calls": naive.calls,
        "naive_429s": naive.rate_limited,
        "naive_s": naive_s,
        "naive_over_cxgate_s": naive_s / apply_s,
        **outcome(emulator, job),
    }


def fault_run(seed: int, budget: int, speed: float, workers: int) -> dict[str, Any]:
    """One seeded fault mix: does the org end as planned or as before, nothing lost?"""
    clock = ScaledClock(speed)
    emulator, job = new_org(budget, clock)
    with EmulatorServer(emulator) as server:
        faults = FaultPlan.parse(f"{FAULTS},seed={seed}")
        # Where the org ends is measured, not time: short real backoffs keep the runs
        # quick (the policy's attempts, and so what is retried, are the defaults).
        policy = RetryPolicy(total_s=600.0, backoff_initial_s=0.01, backoff_max_s=0.05)
        result, _ = cxgate_apply(
            emulator, server, job, clock, workers=workers, policy=policy, faults=faults
        )
    injected_429 = sum(1 for f in emulator.injected if f.kind == "429")
    seen_429 = sum(1 for r in emulator.requests if r.status == 429)
    found = outcome(emulator, job)
    total = UPDATES + CREATES + DELETES
    converged = found["as_planned"] == total or found["as_before"] == total
    return {
        "seed": seed,
        "status": result.status.value,
        "converged": converged and found["duplicated"] == 0,
        "faults": len(emulator.injected),
        "unexpected_429s": seen_429 - injected_429,
        **found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=300, help="requests per minute")
    parser.add_argument("--speed", type=float, default=20.0, help="clock speed-up")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seeds", type=int, default=20, help="fault seeds")
    parser.add_argument(
        "--fault-speed", type=float, default=200.0, help="clock speed-up of the fault runs"
    )
    args = parser.parse_args()
    stamina.instrumentation.set_on_retry_hooks([])  # retries are counted, not logged
    clean = clean_run(args.budget, args.speed, args.workers)
    print(
        f"Apply {UPDATES} updates + {CREATES} creates + {DELETES} deletes, budget {args.budget}/min"
    )
    print(f"{'':28}{'cxgate':>12}{'naive peer':>14}")
    print(f"{'API calls':28}{clean['calls']:>12}{clean['naive_calls']:>14}")
    print(f"{'429s received':28}{clean['responses_429']:>12}{clean['naive_429s']:>14}")
    print(f"{'time (emulated s)':28}{clean['apply_s']:>12.1f}{clean['naive_s']:>14.1f}")
    print(f"{'calls per queue update':28}{clean['calls_per_queue_update']:>12.3f}{2.0:>14.3f}")
    print(f"{'wall ÷ floor':28}{clean['wall_over_floor']:>12.3f}")
    runs = [
        fault_run(seed, args.budget, args.fault_speed, args.workers) for seed in range(args.seeds)
    ]
    print(f"\nUnder faults ({FAULTS}), {args.seeds} seeds")
    head = ("seed", "status", "faults", "planned", "before", "lost", "dup")
    print(f"{head[0]:>5} {head[1]:<16}" + "".join(f"{h:>8}" for h in head[2:]) + "  converged")
    for run in runs:
        cells = ("faults", "as_planned", "as_before", "lost", "duplicated")
        print(
            f"{run['seed']:>5} {run['status']:<16}"
            + "".join(f"{run[c]:>8}" for c in cells)
            + f"  {run['converged']}"
        )
    figures = {
        "calls_per_queue_update": round(clean["calls_per_queue_update"], 4),
        "responses_429": clean["responses_429"],
        "wall_over_floor": round(clean["wall_over_floor"], 4),
        "naive_calls_per_queue_update": 2.0,
        "naive_over_cxgate_time": round(clean["naive_over_cxgate_s"], 3),
        "fault_seeds": len(runs),
        "fault_converged": sum(r["converged"] for r in runs),
        "fault_lost": sum(r["lost"] for r in runs),
        "fault_duplicated": sum(r["duplicated"] for r in runs),
        "fault_rolled_back": sum(r["status"] == "rolled_back" for r in runs),
        "unexpected_429s": sum(r["unexpected_429s"] for r in runs),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
