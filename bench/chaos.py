"""Reliability matrix: every writing command under every fault mix and many seeds, crash
points, concurrent editors, hostile input, canary secrets and a load test on the served
emulator. The CI slice of each part is in tests/chaos/; this runs all of it.

Targets: every run converged (the org as planned or as it started, object by object),
0 lost, 0 duplicated, 0 overwrites, 0 tracebacks, 0 canary hits.

Run: ``.venv/bin/python bench/chaos.py`` (``--quick``: a few seeds of each part). Last line:
one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from typing import Any

import stamina

from cxgate.testing.chaos.commands import COMMANDS
from cxgate.testing.chaos.faultrun import FaultCase, run_fault_case
from cxgate.testing.chaos.mixes import MIXES


def fault_matrix(seeds: int) -> list[FaultCase]:
    """Each command × each mix that bites it × ``seeds`` seeds."""
    cases = []
    for command, chosen in COMMANDS.items():
        for name, mix in MIXES.items():
            if mix.flows_only and not chosen.flows:
                continue
            cases += [run_fault_case(command, name, seed) for seed in range(seeds)]
    return cases


def print_faults(cases: list[FaultCase]) -> None:
    print(f"Faults: {len(cases)} runs")
    head = f"{'command':<15}{'mix':<26}{'runs':>5}{'conv':>6}{'desired':>8}{'orig':>6}"
    print(head + f"{'lost':>6}{'dup':>5}{'u429':>6}{'faults':>8}")
    groups: dict[tuple[str, str], list[FaultCase]] = {}
    for case in cases:
        groups.setdefault((case.command, case.mix), []).append(case)
    for (command, mix), runs in groups.items():
        ends = Counter(r.where for r in runs)
        print(
            f"{command:<15}{mix:<26}{len(runs):>5}{sum(r.converged for r in runs):>6}"
            f"{ends['desired']:>8}{ends['original']:>6}{sum(len(r.lost) for r in runs):>6}"
            f"{sum(len(r.duplicated) for r in runs):>5}{sum(r.unexpected_429s for r in runs):>6}"
            f"{sum(r.faults for r in runs):>8}"
        )
    for case in cases:
        if not case.converged or case.unexpected_429s:
            print(f"  NOT CONVERGED: {case.as_dict()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few seeds of each part")
    parser.add_argument("--seeds", type=int, default=20, help="fault seeds per mix and command")
    args = parser.parse_args()
    seeds = 2 if args.quick else args.seeds
    stamina.instrumentation.set_on_retry_hooks([])  # retries are counted, not logged
    started = time.monotonic()
    faults = fault_matrix(seeds)
    print_faults(faults)
    figures: dict[str, Any] = {
        "runs": len(faults),
        "converged": sum(c.converged for c in faults),
        "lost": sum(len(c.lost) for c in faults),
        "duplicated": sum(len(c.duplicated) for c in faults),
        "unexpected_429s": sum(c.unexpected_429s for c in faults),
        "fault_runs": len(faults),
        "fault_seeds": seeds,
        "fault_mixes": len(MIXES),
        "wall_s": round(time.monotonic() - started, 1),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
