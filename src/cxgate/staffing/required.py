"""The fewest agents that meet a staffing target, found without re-evaluating from scratch.

Erlang C walks N upward from the first stable count (⌊A⌋ + 1, or the occupancy bound) with one
Erlang B recursion step per agent, so the whole search costs about as much as one B evaluation:
O(√A + (N − A)). Erlang A has no such recursion in N, so it brackets the answer by doubling steps
from N ≈ A and bisects; every criterion it checks improves with each agent added (service level
rises; ASA, abandonment and occupancy fall), which the property tests check.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from cxgate.staffing.erlang import QueueMetrics, erlang_b
from cxgate.staffing.traffic import Traffic

__all__ = ["Target", "required_agents", "scheduled_agents"]

_ROUNDING = 1e-9


@dataclass(frozen=True, slots=True)
class Target:
    """What the queue must achieve; every criterion given must hold.

    ``service_level`` is a fraction of offered calls answered within ``threshold`` seconds
    (80/20 is ``Target(0.8, 20)``); ``max_asa`` in seconds; ``max_abandon`` a fraction (needs a
    patience); ``max_occupancy`` caps the fraction of time agents are busy.
    """

    service_level: float | None = None
    threshold: float = 20.0
    max_asa: float | None = None
    max_abandon: float | None = None
    max_occupancy: float | None = None

    def __post_init__(self) -> None:
        if self.service_level is None and self.max_asa is None and self.max_abandon is None:
            raise ValueError("give a target: a service level, a maximum ASA or a maximum abandon")
        _check_open_fraction("service level", self.service_level)
        _check_open_fraction("maximum abandon rate", self.max_abandon)
        if not (math.isfinite(self.threshold) and self.threshold >= 0):
            raise ValueError(f"threshold must be ≥ 0 s, got {self.threshold!r}")
        if self.max_asa is not None and not (math.isfinite(self.max_asa) and self.max_asa > 0):
            raise ValueError(f"maximum ASA must be > 0 s, got {self.max_asa!r}")
        occ = self.max_occupancy
        if occ is not None and not 0 < occ <= 1:
            raise ValueError(f"maximum occupancy must be in (0, 1], got {occ!r}")

    def met_by(self, metrics: QueueMetrics) -> bool:
        """True when ``metrics`` (computed at this target's threshold) meet every criterion."""
        if metrics.overloaded:
            return False
        return (
            (self.service_level is None or metrics.service_level >= self.service_level)
            and (self.max_asa is None or metrics.asa <= self.max_asa)
            and (self.max_abandon is None or (metrics.abandon_rate or 0.0) <= self.max_abandon)
            and (self.max_occupancy is None or metrics.occupancy <= self.max_occupancy)
        )


def _check_open_fraction(what: str, value: float | None) -> None:
    if value is not None and not 0 < value < 1:
        raise ValueError(f"{what} must be a fraction strictly between 0 and 1, got {value!r}")


def required_agents(traffic: Traffic, target: Target) -> int:
    """The smallest number of agents on the queue that meets ``target`` (0 without traffic)."""
    if target.max_abandon is not None and traffic.patience is None:
        raise ValueError("a maximum abandon rate needs the callers' mean patience")
    if traffic.load == 0:
        return 0
    if traffic.patience is None:
        return _erlang_c_required(traffic, target)
    return _bracket_and_bisect(
        lambda n: target.met_by(traffic.metrics(n, target.threshold)),
        guess=max(1, math.ceil(traffic.load)),
        limit=_search_limit(traffic.load),
    )


def scheduled_agents(required: int, shrinkage: float) -> int:
    """Agents to schedule so that ``required`` are on queue after ``shrinkage`` (0 ≤ s < 1)."""
    if not 0 <= shrinkage < 1:
        raise ValueError(f"shrinkage must be in [0, 1), got {shrinkage!r}")
    return math.ceil(required / (1.0 - shrinkage) - _ROUNDING)


def _search_limit(load: float) -> int:
    """No sane target needs more: SL 1 − 1e-15 at T = 0 is reached near A + 8·√A."""
    return math.ceil(load + 100.0 * math.sqrt(load) + 1000.0)


def _erlang_c_required(traffic: Traffic, target: Target) -> int:
    """Walk N up from the first stable count, one Erlang B recursion step per agent."""
    load, aht = traffic.load, traffic.aht
    level = -math.inf if target.service_level is None else target.service_level
    max_asa = math.inf if target.max_asa is None else target.max_asa
    decay = target.threshold / aht
    first = math.floor(load) + 1
    if target.max_occupancy is not None:
        first = max(first, math.ceil(load / target.max_occupancy - _ROUNDING))
    b = erlang_b(first, load)
    for agents in range(first, _search_limit(load) + 1):
        spare = agents - load
        pw = agents * b / (spare + load * b)  # Erlang C from B
        if 1.0 - pw * math.exp(-spare * decay) >= level and pw * aht / spare <= max_asa:
            return agents
        ab = load * b
        b = ab / (agents + 1 + ab)
    raise ValueError(f"no staffing up to {_search_limit(load)} agents meets the target")


def _bracket_and_bisect(meets: Callable[[int], bool], guess: int, limit: int) -> int:
    """Smallest n ≥ 0 with meets(n), for a ``meets`` that stays true once true."""
    step = 1
    if meets(guess):
        good, bad = guess, -1
        while good > 0:
            probe = max(0, good - step)
            if not meets(probe):
                bad = probe
                break
            good, step = probe, step * 2
    else:
        bad, good = guess, -1
        while good < 0:
            probe = min(bad + step, limit)
            if probe <= bad:
                raise ValueError(f"no staffing up to {limit} agents meets the target")
            if meets(probe):
                good = probe
            else:
                bad, step = probe, step * 2
    while good - bad > 1:
        middle = (good + bad) // 2
        good, bad = (middle, bad) if meets(middle) else (good, middle)
    return good
