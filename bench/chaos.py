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
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import stamina

from cxgate.testing.chaos.canary import run_canaries
from cxgate.testing.chaos.commands import COMMANDS
from cxgate.testing.chaos.crash import CRASH_POINTS, CrashCase, run_crash_point
from cxgate.testing.chaos.editors import EDITS, TIMINGS, EditorCase, run_editor_case
from cxgate.testing.chaos.faultrun import FaultCase, run_fault_case
from cxgate.testing.chaos.hostile import (
    FILE_CASES,
    SERVER_CASES,
    Measured,
    run_file_case,
    run_server_case,
)
from cxgate.testing.chaos.load import LoadResult, run_load
from cxgate.testing.chaos.mixes import MIXES


def fault_matrix(seeds: int) -> list[FaultCase]:
    """Each command × each mix that bites it × ``seeds`` seeds."""
    cases = []
    for command, chosen in COMMANDS.items():
        for name, mix in MIXES.items():
            if mix.test_only or (mix.flows_only and not chosen.flows):
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
        if not case.converged or case.unexpected_429s or case.record_problems:
            print(f"  NOT CONVERGED: {case.as_dict()}")
    resumed = [c for c in cases if c.resumed_after]
    print(f"  left a deployment unfinished (ended by the next resume): {len(resumed)}")
    for case in resumed:
        print(f"    {case.command} {case.mix} seed {case.seed}: {case.error}")


def print_load(load: LoadResult) -> None:
    print(f"\nLoad: cxgate emulator serve, {load.clients} clients, {load.requests:,} requests")
    print(
        f"  p50 {load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f} ms, {load.figures()['load_rps']} req/s"
    )
    print(f"  errors {load.errors}, 5xx {load.unexpected_5xx}, state file consistent: ", end="")
    print(load.state_consistent)


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


def editor_matrix() -> list[EditorCase]:
    """Each edit (kind × disjoint/overlapping/same name) at each moment."""
    cases = [run_editor_case(edit, timing) for edit in EDITS for timing in TIMINGS]
    print(f"\nConcurrent editors: {len(cases)} runs")
    print(f"{'edit':<26}{'moment':<24}{'status':<13}{'outcome':<12}theirs kept / ours landed")
    for case in cases:
        print(
            f"{case.edit:<26}{case.timing:<24}{case.status[:12]:<13}{case.outcome:<12}"
            f"{case.theirs_kept!s:<6}/ {case.ours_landed!s:<6}{'  (race)' if case.race else ''}"
        )
    for case in cases:
        if not case.ok:
            print(f"  NOT AS EXPECTED: {case.as_dict()}")
    return cases


def hostile_matrix(quick: bool) -> list[Measured]:
    """The file corpus in a real apply; the server corpus under apply, plan and export."""
    files = list(FILE_CASES.values())[:: 3 if quick else 1]
    servers = [n for n in SERVER_CASES if not quick or n not in ("slow-drip", "never-answers")]
    commands = ("apply",) if quick else ("apply", "plan", "export")
    found = []
    for case in files:
        with tempfile.TemporaryDirectory() as tmp:
            found.append(run_file_case(case, Path(tmp)))
    for name in servers:
        for command in commands:
            with tempfile.TemporaryDirectory() as tmp:
                found.append(run_server_case(name, Path(tmp), command))
    print(f"\nHostile input: {len(found)} runs")
    print(f"{'case':<30}{'exit':>5}{'peak MB':>9}{'s':>7}  named  untouched")
    for m in found:
        untouched = m.exit_code == 0 or not (m.writes or m.deployments)
        print(
            f"{m.case:<30}{m.exit_code:>5}{m.peak_mb:>9.0f}{m.seconds:>7.2f}  "
            f"{m.named!s:<6} {untouched}"
        )
    for m in found:
        if not m.ok:
            print(f"  NOT CLEAN: {m.as_dict()}")
    return found


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
    editors = editor_matrix()
    hostile = hostile_matrix(args.quick)
    canary = run_canaries(verbosities=(("-vv",),), quick=True) if args.quick else run_canaries()
    print(
        f"\nCanaries: {canary.commands} commands, {canary.bytes_searched:,} bytes searched, "
        f"{canary.tokens} tokens, PostgreSQL store: {canary.database}; hits: {canary.hits or 0}"
    )
    load = run_load(10, 1_000) if args.quick else run_load(50, 10_000)
    print_load(load)
    file_runs = [m for m in hostile if "/" not in m.case]
    figures: dict[str, Any] = {
        "runs": len(faults) + len(crashes),
        "converged": sum(c.converged for c in faults) + sum(c.ok for c in crashes),
        "lost": sum(len(c.lost) for c in [*faults, *crashes]),
        "duplicated": sum(len(c.duplicated) for c in [*faults, *crashes]),
        "overwrites": sum(c.overwrites for c in editors),
        "tracebacks": sum(c.tracebacks for c in [*crashes, *hostile]) + canary.tracebacks,
        "canary_hits": canary.canary_hits,
        "emulator_p50_ms": round(load.p50_ms, 2),
        "emulator_p99_ms": round(load.p99_ms, 2),
        "editor_runs": len(editors),
        "editor_as_expected": sum(c.ok for c in editors),
        "editor_races_lost": sum(c.race for c in editors),
        "hostile_runs": len(hostile),
        "hostile_clean": sum(m.ok for m in hostile),
        "hostile_max_peak_mb": round(max(m.peak_mb for m in hostile), 1),
        "hostile_max_file_s": round(max(m.seconds for m in file_runs), 2),
        "canary_commands": canary.commands,
        "canary_bytes": canary.bytes_searched,
        **{k: v for k, v in load.figures().items() if not k.startswith("emulator_")},
        "unexpected_429s": sum(c.unexpected_429s for c in faults),
        "record_problems": sum(len(c.record_problems) for c in [*faults, *crashes]),
        "resumed_after_fault": sum(c.resumed_after for c in faults),
        "crash_points": len({c.point for c in crashes}),
        "crash_runs": len(crashes),
        "fault_runs": len(faults),
        "fault_seeds": seeds,
        "fault_mixes": sum(not m.test_only for m in MIXES.values()),
        "wall_s": round(time.monotonic() - started, 1),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
