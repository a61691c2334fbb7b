"""Benchmark: how long the ``cxgate`` command takes to start, beside ``python -c pass``.

A pre-commit hook runs on every commit, so startup is what a user feels. Each command runs
as a fresh process several times; the median wall time is reported beside the floor any
Python command pays (``python -c pass``), measured in the same run on the same machine.
Targets (issue 14): ``cxgate --help`` < 0.3 s, ``cxgate flow check`` on a 200-node flow
< 0.5 s, ``cxgate validate --offline`` on the demo bundle < 0.8 s.

Run: ``.venv/bin/python bench/startup.py``; the last line is one JSON object of the figures.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cxgate.testing.flows import synthetic_flow

REPEATS = 7
ROOT = Path(__file__).resolve().parent.parent
CXGATE = Path(sys.executable).parent / "cxgate"
ANY_VERDICT = frozenset({0, 1})  # flow check exits 1 when a finding is an error
TARGETS = {"help_s": 0.3, "flow_check_s": 0.5, "validate_offline_s": 0.8}


def median_run(argv: list[str], ok: frozenset[int] = frozenset({0})) -> float:
    """Median wall time of ``REPEATS`` fresh runs of ``argv`` (one warm-up run first, which
    also leaves the bytecode cache written)."""
    # Bytecode is cached as on any installed copy (a CI box may set PYTHONDONTWRITEBYTECODE,
    # which would time the compiler instead): the warm-up run writes it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    times = []
    for i in range(REPEATS + 1):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, env=env, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode not in ok:
            raise SystemExit(f"{argv} exited {done.returncode}: {done.stderr.decode()[-500:]}")
        if i:
            times.append(elapsed)
    return statistics.median(times)


def main() -> None:
    """Measure the floor and each command, print the table, then the JSON line."""
    with tempfile.TemporaryDirectory() as tmp:
        flow = Path(tmp) / "ivr.yaml"
        flow.write_text(synthetic_flow(200), encoding="utf-8")
        state = Path(tmp) / "state"
        figures = {
            "python_floor_s": median_run([sys.executable, "-c", "pass"]),
            "help_s": median_run([str(CXGATE), "--help"]),
            "flow_check_s": median_run([str(CXGATE), "flow", "check", str(flow)], ANY_VERDICT),
            "validate_offline_s": median_run(
                [
                    str(CXGATE),
                    "validate",
                    str(ROOT / "examples" / "bundle"),
                    "--offline",
                    "--state-dir",
                    str(state),
                ]
            ),
        }
    figures = {k: round(v, 3) for k, v in figures.items()}
    print(f"{'command':<22} {'median s':>9} {'target s':>9} {'over floor s':>13}")
    for key, value in figures.items():
        target = TARGETS.get(key)
        over = value - figures["python_floor_s"]
        print(f"{key:<22} {value:>9.3f} {target or '':>9} {over:>13.3f}")
    figures["repeats"] = REPEATS
    figures["met"] = all(figures[k] < t for k, t in TARGETS.items())
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
