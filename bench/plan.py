"""Benchmark: export and plan an emulated org of 5,000 queues, 500 skills, 200 wrap-up codes.

Run alone: ``.venv/bin/python bench/plan.py``. Everything goes through cxgate's real client
against the in-process emulator (``httpx.MockTransport``), so the figures include JSON,
paging and the client's thread pool. The emulator's rate limit is raised to 1,000,000/min so
the run measures cxgate, not the 300/min default budget (the ~20 listing calls would fit in
that budget anyway; the dependency lookups would not).

Steps: export the org to a temporary bundle; edit it on disk (5% of queues re-routed with a
lower call target, 1% removed and listed under ``delete:``, 50 new queues); load it; read the
org again as plan does; diff and assess (the plan's CPU, the issue's "< 2 s" target); look up
consuming flows for the objects that need it (one call each). Figures: API calls against the
paging minimum (ceil(N / max page size) per listing + 1 for the org), wall times, plan CPU,
peak RSS of the whole process (emulator included). Peer, in the same run: DeepDiff on the
same queue body pairs (``pip install -c constraints.txt -e '.[bench]'``). The last line is one
JSON object of the figures.
"""

from __future__ import annotations

import json
import math
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

from cxgate.bundle.load import load_or_raise
from cxgate.client import GenesysClient
from cxgate.emulator import Emulator
from cxgate.org.dependencies import read_consumers
from cxgate.org.export import export_org
from cxgate.org.live import read_live
from cxgate.plan.diff import diff_fields, diff_states
from cxgate.plan.ownership import Ownership
from cxgate.plan.plan import build_plan
from cxgate.plan.risk import RiskContext, dependency_targets
from cxgate.resource.live import LiveState
from cxgate.settings import Settings

QUEUES, SKILLS, CODES, LANGUAGES = 5_000, 500, 200, 6
PAGE = {"queue": 500, "skill": 100, "wrapup_code": 100, "language": 100}
T = TypeVar("T")


def _timed(step: Callable[[], T]) -> tuple[T, float, float]:
    """(result, wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _paging_minimum() -> int:
    counts = {"queue": QUEUES, "skill": SKILLS, "wrapup_code": CODES, "language": LANGUAGES}
    return 1 + sum(math.ceil(n / PAGE[kind]) for kind, n in counts.items())


def _edit(root: Path) -> int:
    """Re-route 5% of the queues, remove 1% (listed under delete:), add 50; files on disk."""
    files = sorted((root / "queues").glob("*.yaml"))
    for path in files[::20]:
        text = path.read_text().replace("skillEvaluationMethod: ALL", "skillEvaluationMethod: BEST")
        path.write_text(text.replace("percentage: 0.8", "percentage: 0.7"))
    gone = [path.read_text().splitlines()[0].removeprefix("name: ") for path in files[1::100]]
    for path in files[1::100]:
        path.unlink()
    for index in range(50):
        (root / "queues" / f"new-{index}.yaml").write_text(f"name: New {index}\n")
    listed = "".join(f"  - {name}\n" for name in gone)
    config = root / "cxgate.yaml"
    config.write_text(config.read_text() + f"delete:\n  queue:\n{listed}")
    return len(gone)


def _session(emulator: Emulator) -> GenesysClient:
    settings = Settings.for_url("https://api.emulator.test", "bench", "bench-secret")
    return GenesysClient(settings, transport=httpx.MockTransport(emulator))


def main() -> None:
    """Export, edit, plan; print a table and the JSON line."""
    seed = f"generated:queues={QUEUES},skills={SKILLS},wrapupcodes={CODES},languages={LANGUAGES}"
    emulator = Emulator(seed=seed, rate_limit=1_000_000)
    root = Path(tempfile.mkdtemp(prefix="cxgate-bench-"))
    try:
        figures = _run(emulator, root)
    finally:
        shutil.rmtree(root)
    _table(figures)
    print(json.dumps(figures, sort_keys=True))


def _run(emulator: Emulator, root: Path) -> dict[str, Any]:
    with _session(emulator) as client:
        exported, export_wall, _ = _timed(lambda: export_org(client, root / "bundle"))
        export_calls = client.stats.calls
    removed = _edit(root / "bundle")
    (desired, _), load_wall, _ = _timed(lambda: load_or_raise(root / "bundle"))
    with _session(emulator) as client:
        live, read_wall, _ = _timed(lambda: read_live(client))
        read_calls = client.stats.calls
        (plan, changes), _, plan_cpu = _timed(lambda: _plan(live, desired))
        consumers, lookup_wall, _ = _timed(
            lambda: read_consumers(client, dependency_targets(changes))
        )
        lookups = client.stats.calls - read_calls
    peer_cpu, ours_cpu, peer = _peer_comparison(live, desired)
    minimum = _paging_minimum()
    return {
        "objects": sum(exported.counts.values()),
        "files": len(exported.files),
        "export_api_calls": export_calls,
        "plan_read_api_calls": read_calls,
        "paging_minimum": minimum,
        "calls_over_minimum": round(max(export_calls, read_calls) / minimum, 2),
        "dependency_lookups": lookups,
        "flows_consumers_found": len(consumers),
        "export_wall_s": round(export_wall, 2),
        "load_wall_s": round(load_wall, 2),
        "plan_read_wall_s": round(read_wall, 2),
        "lookup_wall_s": round(lookup_wall, 2),
        "plan_cpu_s": round(plan_cpu, 3),
        "changes": len(plan.changes),
        "removed": removed,
        "queue_diff_cpu_s": round(ours_cpu, 3),
        "peer": peer,
        "peer_queue_diff_cpu_s": round(peer_cpu, 3) if peer_cpu else None,
        "peer_over_ours": round(peer_cpu / ours_cpu, 1) if peer_cpu else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "targets": {"calls_over_minimum": 1.2, "plan_cpu_s": 2.0, "peak_rss_mb": 300},
    }


def _plan(live: LiveState, desired: Any) -> tuple[Any, list[Any]]:
    """Diff and assess: what the < 2 s CPU target covers."""
    ownership = Ownership.of((), desired.deletes)
    changes = diff_states(live, desired, ownership)
    return build_plan(live, desired, ownership, RiskContext(), changes=changes), changes


def _peer_comparison(live: LiveState, desired: Any) -> tuple[float | None, float, str]:
    pairs = [
        (live.objects["queue"][name].body, obj.body)
        for name, obj in desired.objects["queue"].items()
        if name in live.objects["queue"]
    ]
    start = time.process_time()
    for old, new in pairs:
        diff_fields(old, new)
    ours = time.process_time() - start
    try:
        from deepdiff import DeepDiff
    except ImportError:
        return None, ours, "deepdiff not installed"
    start = time.process_time()
    for old, new in pairs:
        DeepDiff(old, new)
    return time.process_time() - start, ours, "deepdiff"


def _table(f: dict[str, Any]) -> None:
    rows = [
        ("objects exported / files", f"{f['objects']:,} / {f['files']:,}"),
        ("export: API calls", f"{f['export_api_calls']} (paging minimum {f['paging_minimum']})"),
        ("plan read: API calls", f"{f['plan_read_api_calls']}"),
        ("calls / paging minimum", f"{f['calls_over_minimum']:.2f}x  (target ≤ 1.2x)"),
        ("dependency lookups", f"{f['dependency_lookups']} (one per deleted/re-routed object)"),
        ("export wall", f"{f['export_wall_s']:.2f} s"),
        ("load bundle wall", f"{f['load_wall_s']:.2f} s"),
        ("plan read wall", f"{f['plan_read_wall_s']:.2f} s"),
        ("dependency lookups wall", f"{f['lookup_wall_s']:.2f} s"),
        (
            "plan (diff + risk) CPU",
            f"{f['plan_cpu_s']:.3f} s  (target < 2 s; {f['changes']} changes)",
        ),
        ("queue body diffs, cxgate CPU", f"{f['queue_diff_cpu_s']:.3f} s"),
    ]
    if f["peer_queue_diff_cpu_s"] is not None:
        rows.append(
            (
                "queue body diffs, deepdiff CPU",
                f"{f['peer_queue_diff_cpu_s']:.3f} s  ({f['peer_over_ours']}x cxgate)",
            )
        )
    else:
        rows.append(("peer", f["peer"]))
    rows.append(("peak RSS (whole process)", f"{f['peak_rss_mb']:.1f} MB  (target < 300 MB)"))
    print("export and plan through the client against the in-process emulator")
    for label, value in rows:
        print(f"  {label:<32} {value}")


if __name__ == "__main__":
    main()
