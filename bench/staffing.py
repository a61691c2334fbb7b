"""Agents required at 80/20 for 10, 1,000 and 10,000 Erlangs: cxgate against its peers.

Peers, side by side in one run: pyworkforce's ErlangC (the best-known Python package; install
it with ``pip install -c constraints.txt -e '.[bench]'``) and the textbook loop (Erlang B by the
recursion from zero at every candidate N, as tutorials write it). Every answer is checked against
an exact reference in 50-digit arithmetic (mpmath). Times are medians of 15 rounds in which
the peers take turns (each timing ~20 ms of calls), so a busy machine slows them alike.

Run: ``.venv/bin/python bench/staffing.py``. The last line is one JSON object of the figures.
"""

from __future__ import annotations

import json
import math
import statistics
import timeit
from collections.abc import Callable
from dataclasses import dataclass, field

import mpmath

from cxgate.staffing.required import Target, required_agents
from cxgate.staffing.traffic import Traffic

LOADS = (10.0, 1_000.0, 10_000.0)
AHT = 180.0
THRESHOLD = 20.0
TARGET = 0.8
INTERVAL_MINUTES = 30


@dataclass
class Figures:
    """One peer's answers and median seconds per call, one entry per load."""

    agents: list[int] = field(default_factory=list)
    median_seconds: list[float] = field(default_factory=list)


def exact_required(load: float) -> int:
    """The smallest N with SL ≥ 80%, in 50-digit arithmetic (B recursion from 0, then stepping)."""
    with mpmath.workdps(50):
        a = mpmath.mpf(load)
        b = mpmath.mpf(1)
        n = 0
        while True:
            n += 1
            b = a * b / (n + a * b)
            if n <= a:
                continue
            pw = n * b / (n - a * (1 - b))
            if 1 - pw * mpmath.exp(-(n - a) * THRESHOLD / AHT) >= TARGET:
                return n


def cxgate_required(load: float) -> int:
    return required_agents(Traffic(load / AHT, AHT), Target(TARGET, THRESHOLD))


def textbook_required(load: float) -> int:
    """Erlang B by the recursion from zero, re-run for every candidate N."""
    n = math.floor(load) + 1
    while True:
        b = 1.0
        for k in range(1, n + 1):
            b = load * b / (k + load * b)
        pw = n * b / (n - load * (1 - b))
        if 1 - pw * math.exp(-(n - load) * THRESHOLD / AHT) >= TARGET:
            return n
        n += 1


def pyworkforce_peer() -> Callable[[float], int] | None:
    try:
        from pyworkforce.queuing import ErlangC
    except ImportError:
        return None

    def required(load: float) -> int:
        calls = load / AHT * INTERVAL_MINUTES * 60
        erlang = ErlangC(
            transactions=calls, aht=AHT / 60, asa=THRESHOLD / 60, interval=INTERVAL_MINUTES
        )
        return int(erlang.required_positions(service_level=TARGET)["raw_positions"])

    return required


def _calls_per_round(fn: Callable[[float], int], load: float) -> int:
    """Enough calls that one timing takes ~20 ms, so clock noise does not matter."""
    number, took = timeit.Timer(lambda: fn(load)).autorange()
    return max(1, round(number * 0.02 / took))


def measure(peers: dict[str, Callable[[float], int]], rounds: int = 15) -> dict[str, Figures]:
    """Time the peers in turn, round after round, so a busy machine slows them all alike."""
    figures = {name: Figures() for name in peers}
    for load in LOADS:
        numbers = {name: _calls_per_round(fn, load) for name, fn in peers.items()}
        times: dict[str, list[float]] = {name: [] for name in peers}
        for _ in range(rounds):
            for name, fn in peers.items():
                took = timeit.Timer(lambda fn=fn, load=load: fn(load)).timeit(numbers[name])
                times[name].append(took / numbers[name])
        for name, fn in peers.items():
            figures[name].agents.append(fn(load))
            figures[name].median_seconds.append(statistics.median(times[name]))
    return figures


def main() -> None:
    peers: dict[str, Callable[[float], int]] = {
        "cxgate": cxgate_required,
        "textbook": textbook_required,
    }
    pyworkforce = pyworkforce_peer()
    if pyworkforce is None:
        print("pyworkforce not installed: pip install -c constraints.txt -e '.[bench]'")
    else:
        peers["pyworkforce"] = pyworkforce
    exact = [exact_required(load) for load in LOADS]
    figures = measure(peers)
    ours = figures["cxgate"].median_seconds
    speedups = {
        name: [theirs / mine for theirs, mine in zip(f.median_seconds, ours, strict=True)]
        for name, f in figures.items()
        if name != "cxgate"
    }
    print(f"Agents required for {TARGET:.0%} within {THRESHOLD:g}s, AHT {AHT:g}s (Erlang C)\n")
    header = f"{'Erlangs':>8} {'exact':>6}" + "".join(f" {n:>12} {'time':>10}" for n in figures)
    print(header + "".join(f" {'× ' + n:>14}" for n in speedups))
    for i, load in enumerate(LOADS):
        line = f"{load:>8g} {exact[i]:>6}"
        for f in figures.values():
            line += f" {f.agents[i]:>12} {f.median_seconds[i] * 1e6:>8.1f}µs"
        line += "".join(f" {s[i]:>13.1f}×" for s in speedups.values())
        print(line)
    identical = {n: f.agents == exact for n, f in figures.items()}
    print(f"\nidentical to the exact reference: {identical}")
    result = {
        "loads_erlangs": list(LOADS),
        "exact_agents": exact,
        "identical_to_exact": identical,
        **{f"{n}_agents": f.agents for n, f in figures.items()},
        **{f"{n}_median_seconds": f.median_seconds for n, f in figures.items()},
        **{f"speedup_vs_{n}": s for n, s in speedups.items()},
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
