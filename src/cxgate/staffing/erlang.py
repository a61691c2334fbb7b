"""Erlang B and Erlang C (M/M/N) in floats: exact to ~1e-13, O(√A) steps, loads up to 10⁸ Erlangs.

Notation: ``A`` offered load in Erlangs (arrival rate × mean handle time), ``N`` agents,
``AHT`` mean handle time, ``T`` the service-level threshold, all times in seconds.

**Erlang B** by the stable recursion (Cooper, *Introduction to Queueing Theory*, 2nd ed., §3.5;
Jagerman, "Some properties of the Erlang loss function", BSTJ 1974)::

    B(0) = 1,    B(n) = A·B(n−1) / (n + A·B(n−1))

It never forms a factorial or a power of N. Unrolled, ``1/B(N) = Σ_{k=0..N} (A^k/k!)/(A^N/N!)``:
the terms are a Poisson(A) distribution seen from k = N. Starting the recursion at
``k₀ = ⌊min(N, A) − 10·√A⌋`` with ``B(k₀) = 1`` drops only the Poisson left tail below k₀,
less than e^(−50) ≈ 2·10⁻²² of the sum (Chernoff bound), far below double precision. So B costs
``N − k₀ ≈ 10·√A + (N − A)⁺`` steps instead of N: ~1,100 steps at A = 10,000, not 10,100.

**Erlang C** from B, never from factorials (same references)::

    C = N·B / (N − A·(1 − B))                 probability of waiting, Pw
    SL = P(wait ≤ T) = 1 − Pw·e^(−(N−A)·T/AHT)
    ASA = Pw·AHT / (N − A)                     average speed of answer
    Lq = Pw·A / (N − A)                        mean queue length
    occupancy = A / N

For N ≤ A the queue grows without bound: the result says ``overloaded`` with Pw = 1, SL = 0,
and ASA and Lq infinite; it never returns a number that looks fine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "MAX_LOAD",
    "QueueMetrics",
    "check_inputs",
    "erlang_b",
    "erlang_c",
    "erlang_c_from_b",
    "erlang_c_metrics",
    "idle_metrics",
]

MAX_LOAD = 1e8
"""Largest offered load accepted, in Erlangs: far above any single queue, and still ~0.1 s."""

_TAIL_SIGMAS = 10.0


@dataclass(frozen=True, slots=True)
class QueueMetrics:
    """What a queue with ``agents`` agents does under a load: the numbers a planner reads.

    ``abandon_rate`` is None for Erlang C (infinitely patient callers). ``overloaded`` means the
    queue has no steady state (Erlang C with N ≤ A): ``asa`` and ``queue_length`` are infinite.
    Fractions are in 0..1, times in seconds.
    """

    agents: int
    load: float
    prob_wait: float
    service_level: float
    asa: float
    queue_length: float
    occupancy: float
    abandon_rate: float | None = None
    overloaded: bool = False


def check_inputs(agents: int, load: float, aht: float, threshold: float) -> None:
    """Raise ValueError naming the argument when an input is outside what the formulas accept."""
    if isinstance(agents, bool) or not isinstance(agents, int) or agents < 0:
        raise ValueError(f"agents must be a whole number ≥ 0, got {agents!r}")
    if not math.isfinite(load) or load < 0:
        raise ValueError(f"offered load must be a finite number ≥ 0 Erlangs, got {load!r}")
    if load > MAX_LOAD:
        raise ValueError(f"offered load {load:g} Erlangs is above the supported {MAX_LOAD:g}")
    if not math.isfinite(aht) or aht <= 0:
        raise ValueError(f"average handle time must be a finite number > 0 s, got {aht!r}")
    if not math.isfinite(threshold) or threshold < 0:
        raise ValueError(
            f"service-level threshold must be a finite number ≥ 0 s, got {threshold!r}"
        )


def _recursion_start(agents: int, load: float) -> int:
    """Lowest k whose Poisson weight still matters for B(agents) in double precision."""
    return max(0, math.floor(min(agents, load) - _TAIL_SIGMAS * math.sqrt(load)))


def erlang_b(agents: int, load: float) -> float:
    """Blocking probability of an M/M/N/N loss system, by the recursion (see module docstring).

    Past A + 40·√A + 1000 agents B falls fast enough to reach 0.0 in floats within a few
    hundred more steps; from there the loop checks for it so that a huge N costs no more.
    """
    if not 0 <= load <= MAX_LOAD:  # also refuses NaN; keeps the cost bounded
        raise ValueError(f"offered load must be between 0 and {MAX_LOAD:g} Erlangs, got {load!r}")
    if load == 0:
        return 1.0 if agents == 0 else 0.0
    checked_from = min(agents, math.ceil(load + 40.0 * math.sqrt(load) + 1000.0))
    b = 1.0
    for n in range(_recursion_start(agents, load) + 1, checked_from + 1):
        ab = load * b
        b = ab / (n + ab)
    for n in range(checked_from + 1, agents + 1):
        if b == 0.0:
            break
        ab = load * b
        b = ab / (n + ab)
    return b


def erlang_c_from_b(agents: int, load: float, b: float) -> float:
    """Probability of waiting from Erlang B; 1.0 for an overloaded queue (N ≤ A)."""
    if load == 0:
        return 0.0
    if agents <= load:
        return 1.0
    return agents * b / (agents - load * (1.0 - b))


def erlang_c(agents: int, load: float) -> float:
    """Probability that a caller waits in an M/M/N queue (1.0 when N ≤ A: overloaded)."""
    return erlang_c_from_b(agents, load, erlang_b(agents, load))


def idle_metrics(agents: int) -> QueueMetrics:
    """No traffic: nobody waits, whatever the staffing (A = 0, N = 0 included)."""
    return QueueMetrics(agents, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0)


def erlang_c_metrics(agents: int, load: float, aht: float, threshold: float) -> QueueMetrics:
    """Service level within ``threshold`` s, ASA, queue length and occupancy of an M/M/N queue."""
    check_inputs(agents, load, aht, threshold)
    if load == 0:
        return idle_metrics(agents)
    if agents <= load:
        return QueueMetrics(agents, load, 1.0, 0.0, math.inf, math.inf, 1.0, overloaded=True)
    pw = erlang_c(agents, load)
    spare = agents - load
    return QueueMetrics(
        agents=agents,
        load=load,
        prob_wait=pw,
        service_level=1.0 - pw * math.exp(-spare * threshold / aht),
        asa=pw * aht / spare,
        queue_length=pw * load / spare,
        occupancy=load / agents,
    )
