"""Exact references for the staffing maths, in 50-digit arithmetic (mpmath), and a simulator.

They are written independently of the code under test: Erlang B from the Poisson distribution
(regularized incomplete gamma), Erlang A by brute-force summation of the birth–death chain with
per-caller probabilities from the incomplete beta function, and an event-driven M/M/N+M queue.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from dataclasses import dataclass

import mpmath


def exact_erlang_b(agents: int, load: float) -> mpmath.mpf:
    """B = P(Poisson(A) = N) / P(Poisson(A) ≤ N), via the upper incomplete gamma function."""
    with mpmath.workdps(50):
        a = mpmath.mpf(load)
        log_pmf = agents * mpmath.log(a) - a - mpmath.loggamma(agents + 1)
        cdf = mpmath.gammainc(agents + 1, a, mpmath.inf, regularized=True)
        return mpmath.exp(log_pmf) / cdf


@dataclass(frozen=True)
class ExactC:
    prob_wait: mpmath.mpf
    service_level: mpmath.mpf
    asa: mpmath.mpf
    queue_length: mpmath.mpf


def exact_erlang_c(agents: int, load: float, aht: float, threshold: float) -> ExactC:
    """Erlang C from the exact B, in 50 digits."""
    with mpmath.workdps(50):
        b = exact_erlang_b(agents, load)
        a, n = mpmath.mpf(load), mpmath.mpf(agents)
        pw = n * b / (n - a * (1 - b))
        spare = n - a
        return ExactC(
            prob_wait=pw,
            service_level=1 - pw * mpmath.exp(-spare * threshold / aht),
            asa=pw * aht / spare,
            queue_length=pw * a / spare,
        )


@dataclass(frozen=True)
class ExactA:
    prob_wait: mpmath.mpf
    abandon_rate: mpmath.mpf
    queue_length: mpmath.mpf
    service_level: mpmath.mpf
    asa: mpmath.mpf


def exact_erlang_a(
    agents: int, load: float, aht: float, patience: float, threshold: float
) -> ExactA:
    """Brute force over the chain's states; a caller finding j ahead is answered with
    probability x/(x+j+1) after Σ Exp(θ(x+i+1)) whose CDF is a regularized incomplete beta."""
    with mpmath.workdps(40):
        a = mpmath.mpf(load)
        lam, mu, theta = a / aht, 1 / mpmath.mpf(aht), 1 / mpmath.mpf(patience)
        lower = [mpmath.mpf(1)]
        for k in range(1, agents + 1):
            lower.append(lower[-1] * a / k)
        queue = [lower[-1]]
        while True:
            j = len(queue)
            queue.append(queue[-1] * lam / (agents * mu + j * theta))
            if j > (lam - agents * mu) / theta and queue[-1] < queue[0] * mpmath.mpf(10) ** -30:
                break
        total = sum(lower[:-1]) + sum(queue)
        x = agents * mu / theta
        w = 1 - mpmath.exp(-theta * threshold)
        abandon = theta * sum(j * q for j, q in enumerate(queue)) / total / lam
        late = wait_answered = harmonic = mpmath.mpf(0)
        for j, q in enumerate(queue):
            answered = x / (x + j + 1)
            harmonic += 1 / (theta * (x + j + 1))
            beyond = mpmath.betainc(j + 1, x + 1, w, 1, regularized=True) if threshold else 1
            late += q / total * answered * beyond
            wait_answered += q / total * answered * harmonic
        return ExactA(
            prob_wait=sum(queue) / total,
            abandon_rate=abandon,
            queue_length=abandon * lam / theta,
            service_level=1 - abandon - late,
            asa=wait_answered / (1 - abandon),
        )


@dataclass(frozen=True)
class Simulated:
    prob_wait: tuple[float, float]
    abandon_rate: tuple[float, float]
    service_level: tuple[float, float]
    asa: tuple[float, float]


def simulate_mmn_m(
    agents: int, load: float, patience: float, threshold: float, *, calls: int, seed: int
) -> Simulated:
    """M/M/N+M with AHT = 1, FCFS, in batches: (mean, standard error) of each measure.

    Only arrivals and service ends are events: a waiting caller whose patience ran out is
    dropped (counted as abandoned) when an agent reaches it, which is exactly when it matters.
    """
    rng = random.Random(seed)
    batches = 20
    per_batch = calls // batches
    sums = {"wait": [], "abandon": [], "sl": [], "asa": []}
    now, free, ends = 0.0, agents, []
    queue: deque[tuple[float, float]] = deque()
    answered_waits: list[float] = []
    counts = {"arrived": 0, "waited": 0, "abandoned": 0, "within": 0}

    def answer(arrival: float, at: float) -> None:
        answered_waits.append(at - arrival)
        counts["within"] += at - arrival <= threshold
        heapq.heappush(ends, at + rng.expovariate(1.0))

    next_arrival = rng.expovariate(load)
    while counts["arrived"] < per_batch * batches:
        if ends and ends[0] < next_arrival:
            now = heapq.heappop(ends)
            while queue and queue[0][1] < now:
                queue.popleft()
                counts["abandoned"] += 1
            if queue:
                answer(queue.popleft()[0], now)
            else:
                free += 1
            continue
        now = next_arrival
        next_arrival = now + rng.expovariate(load)
        counts["arrived"] += 1
        if free:
            free -= 1
            answer(now, now)
        else:
            counts["waited"] += 1
            queue.append((now, now + rng.expovariate(1.0 / patience)))
        if counts["arrived"] % per_batch == 0:
            _close_batch(sums, counts, answered_waits, per_batch)
    return Simulated(*(_mean_and_error(sums[k]) for k in ("wait", "abandon", "sl", "asa")))


def _close_batch(
    sums: dict[str, list[float]], counts: dict[str, int], waits: list[float], size: int
) -> None:
    sums["wait"].append(counts["waited"] / size)
    sums["abandon"].append(counts["abandoned"] / size)
    sums["sl"].append(counts["within"] / size)
    sums["asa"].append(sum(waits) / max(1, len(waits)))
    waits.clear()
    counts.update(waited=0, abandoned=0, within=0)


def _mean_and_error(values: list[float]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    return mean, math.sqrt(variance / len(values))
