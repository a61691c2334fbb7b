"""Pacing benchmark: list 5,000 queues and PUT 500 updates under a rate limit, with no 429.

Two clients do the same job against a fresh in-process emulator each, with the same number
of worker threads:

- ``paced``: ``cxgate.client.GenesysClient`` (pacer fed by ``inin-ratelimit-*``, list_all);
- ``naive``: plain httpx, no pacing, retries a 429 after its Retry-After (the peer).

Figures per client: API calls, 429s received, wall time, and wall time ÷ floor, where the
floor is calls ÷ allowed rate (the time a perfectly paced client needs at the budget).

Two scenarios run by default:

- ``long run``: the Genesys default budget, 300/min, over several one-minute windows. The
  emulator's windows are a minute long (like the real API's), so to keep the run short the
  clock of both emulator and clients runs ``--speed`` times faster than real time (it still
  sleeps for real: 60 emulated seconds are 6 real ones at x10). Ratios do not depend on it.
- ``short job``: 3,000/min, real time: the whole job fits in one window's budget.

Run: ``.venv/bin/python bench/ratelimit.py`` (``--help`` for the knobs). Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import httpx

from cxgate.client import GenesysClient, RetryPolicy
from cxgate.clock import ScaledClock
from cxgate.settings import Settings

if TYPE_CHECKING:
    from cxgate.emulator import Emulator

API = "https://api.bench.invalid"
QUEUES = "/api/v2/routing/queues"
CLIENT_ID, CLIENT_SECRET = "bench-client", "bench-secret"  # the emulator accepts any pair


@dataclass(frozen=True)
class Result:
    client: str
    calls: int
    rate_limited: int
    wall_s: float  # real seconds
    emulated_s: float  # seconds on the emulator's clock
    floor_s: float  # emulated seconds: calls / (budget / 60)
    ratio: float  # emulated_s / floor_s


@dataclass(frozen=True)
class Scenario:
    name: str
    budget: int  # requests per minute per token
    speed: float
    queues: int
    updates: int
    workers: int
    repeat: int  # runs per client, alternating; the median run is reported


def updated(queue: dict[str, Any]) -> dict[str, Any]:
    """The full queue body with a new description (queues take a full PUT, no PATCH)."""
    return {**queue, "description": f"benchmark update of {queue['name']}"}


def run_paced(scenario: Scenario, clock: ScaledClock, emulator: Emulator) -> tuple[int, int]:
    settings = Settings.for_url(API, CLIENT_ID, CLIENT_SECRET, max_workers=scenario.workers)
    policy = RetryPolicy(total_s=600.0)
    transport = httpx.MockTransport(emulator)
    with GenesysClient(settings, transport=transport, clock=clock, retry=policy) as client:
        queues = client.list_all(QUEUES)
        assert len(queues) == scenario.queues, len(queues)
        with ThreadPoolExecutor(scenario.workers) as pool:
            list(
                pool.map(
                    lambda q: client.put(f"{QUEUES}/{q['id']}", updated(q)),
                    queues[: scenario.updates],
                )
            )
        return client.stats.calls, client.stats.rate_limited


class NaiveClient:
    """The peer: fetch a token, fire requests, and on a 429 sleep Retry-After and resend."""

    def __init__(self, emulator: Emulator, clock: ScaledClock) -> None:
        self._http = httpx.Client(base_url=API, transport=httpx.MockTransport(emulator))
        self._clock = clock
        self._lock = threading.Lock()
        self.calls = self.rate_limited = 0
        token = self._http.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(CLIENT_ID, CLIENT_SECRET),
        ).json()["access_token"]
        self._http.headers["Authorization"] = f"Bearer {token}"

    def send(self, method: str, path: str, **kwargs: Any) -> Any:
        while True:
            response = self._http.request(method, path, **kwargs)
            with self._lock:
                self.calls += 1
                self.rate_limited += response.status_code == 429
            if response.status_code != 429:
                response.raise_for_status()
                return response.json()
            self._clock.sleep(float(response.headers.get("Retry-After", "1")))


def run_naive(scenario: Scenario, clock: ScaledClock, emulator: Emulator) -> tuple[int, int]:
    naive = NaiveClient(emulator, clock)
    first = naive.send("GET", QUEUES, params={"pageSize": 500})
    pages = range(2, first["pageCount"] + 1)
    with ThreadPoolExecutor(scenario.workers) as pool:
        rest = list(
            pool.map(
                lambda n: naive.send("GET", QUEUES, params={"pageSize": 500, "pageNumber": n}),
                pages,
            )
        )
        queues = [q for page in (first, *rest) for q in page["entities"]]
        assert len(queues) == scenario.queues, len(queues)
        list(
            pool.map(
                lambda q: naive.send("PUT", f"{QUEUES}/{q['id']}", json=updated(q)),
                queues[: scenario.updates],
            )
        )
    return naive.calls, naive.rate_limited


def measure(
    name: str,
    run: Callable[[Scenario, ScaledClock, Emulator], tuple[int, int]],
    scenario: Scenario,
) -> Result:
    from cxgate.emulator import Emulator  # the emulator lands on main in parallel

    clock = ScaledClock(scenario.speed)
    emulator = Emulator(
        seed=f"generated:queues={scenario.queues},skills=0,wrapupcodes=0,languages=0",
        rate_limit=scenario.budget,
        clock=clock,
    )
    started, emulated = time.monotonic(), clock.monotonic()
    calls, rate_limited = run(scenario, clock, emulator)
    wall, emulated = time.monotonic() - started, clock.monotonic() - emulated
    floor = calls / (scenario.budget / 60.0)
    return Result(
        name,
        calls,
        rate_limited,
        round(wall, 2),
        round(emulated, 1),
        round(floor, 1),
        round(emulated / floor, 3),
    )


def median_runs(scenario: Scenario) -> list[Result]:
    """Each client ``repeat`` times, alternating (a shared CI box is noisy); median by wall."""
    runs: dict[str, list[Result]] = {"paced": [], "naive": []}
    for _ in range(scenario.repeat):
        runs["paced"].append(measure("paced", run_paced, scenario))
        runs["naive"].append(measure("naive", run_naive, scenario))
    return [sorted(rs, key=lambda r: r.wall_s)[len(rs) // 2] for rs in runs.values()]


def table(scenario: Scenario, results: list[Result]) -> str:
    head = (
        f"{scenario.name}: {scenario.queues} queues listed, {scenario.updates} PUTs, "
        f"{scenario.budget}/min, {scenario.workers} workers, clock x{scenario.speed:g}"
    )
    rows = [
        f"  {'client':<7} {'calls':>6} {'429s':>5} {'wall s':>7} {'emulated s':>11} "
        f"{'floor s':>8} {'wall/floor':>10}"
    ]
    rows += [
        f"  {r.client:<7} {r.calls:>6} {r.rate_limited:>5} {r.wall_s:>7.2f} "
        f"{r.emulated_s:>11.1f} {r.floor_s:>8.1f} {r.ratio:>10.3f}"
        for r in results
    ]
    return "\n".join([head, *rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queues", type=int, default=5000)
    parser.add_argument("--updates", type=int, default=500)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--budget", type=int, default=300, help="long run: requests/min")
    parser.add_argument("--speed", type=float, default=10.0, help="long run: clock speed-up")
    parser.add_argument("--repeat", type=int, default=3, help="short job: runs per client")
    args = parser.parse_args()
    scenarios = [
        Scenario("long run", args.budget, args.speed, args.queues, args.updates, args.workers, 1),
        Scenario("short job", 3000, 1.0, args.queues, args.updates, args.workers, args.repeat),
    ]
    figures: dict[str, Any] = {}
    for scenario in scenarios:
        results = median_runs(scenario)
        paced, naive = results
        versus = round(paced.emulated_s / naive.emulated_s, 3)
        print(table(scenario, results))
        print(f"  paced wall / naive wall: {versus:.3f}", end="\n\n")
        key = scenario.name.replace(" ", "_")
        figures[key] = {
            "scenario": asdict(scenario),
            "paced": asdict(paced),
            "naive": asdict(naive),
            "paced_over_naive_wall": versus,
        }
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
