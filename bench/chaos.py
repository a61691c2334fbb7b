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
from cxgate.testing.chaos.crash import CRASH_POINTS, CrashCase, run_crash_point
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


def crash_matrix(quick: bool) -> list[CrashCase]:
    """Each crash point, recovered by resume and by apply --resume finish."""
    points = list(CRASH_POINTS.values())[:: 3 if quick else 1]
    return [run_crash_point(p, recovery) for p in points for recovery in ("resume", "finish")]


def print_crashes(cases: list[CrashCase]) -> None:
    print(f"\nCrashes: kill -9 of cxgate apply, {len(cases)} runs")
    print(f"{'point':<32}{'recovery':<9}{'killed':>7}{'ends':>10}{'lost':>6}{'dup':>5}  clean")
    for case in cases:
        clean = not (case.unfinished or case.lock_held or case.tracebacks)
        print(
            f"{case.point:<32}{case.recovery:<9}{case.killed!s:>7}{case.where:>10}"
            f"{len(case.lost):>6}{len(case.duplicated):>5}  {clean}"
        )
    for case in cases:
        if not case.ok:
            print(f"  NOT RECOVERED: {case.as_dict()}")


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
    crashes = crash_matrix(args.quick)
    print_crashes(crashes)
    figures: dict[str, Any] = {
        "runs": len(faults) + len(crashes),
        "converged": sum(c.converged for c in faults) + sum(c.ok for c in crashes),
        "lost": sum(len(c.lost) for c in [*faults, *crashes]),
        "duplicated": sum(len(c.duplicated) for c in [*faults, *crashes]),
        "tracebacks": sum(c.tracebacks for c in crashes),
        "unexpected_429s": sum(c.unexpected_429s for c in faults),
        "crash_points": len({c.point for c in crashes}),
        "crash_runs": len(crashes),
        "fault_runs": len(faults),
        "fault_seeds": seeds,
        "fault_mixes": len(MIXES),
        "wall_s": round(time.monotonic() - started, 1),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
