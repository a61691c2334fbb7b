"""Benchmark: plan (diff + risk) of a synthetic org of 5,000 queues, 500 skills, 200 codes.

Run alone: ``.venv/bin/python bench/plan.py``. The desired state is the org's own export with
5% of queues edited, 1% renamed-by-hand away (deleted, owned) and 50 new ones. Peer, in the same
run: DeepDiff (if installed: ``pip install -e '.[bench]'``) diffing the same body pairs. The
export + API-call half of the issue's benchmark needs the emulator and comes with it.
The last line is one JSON object of the figures.
"""

from __future__ import annotations

import json
import resource
import time
from typing import Any

from cxgate.bundle.desired import DesiredState
from cxgate.plan.diff import diff_fields
from cxgate.plan.plan import build_plan
from cxgate.resource.live import LiveState
from cxgate.resource.synth import synth_entities
from cxgate.safety.ownership import Ownership

QUEUES, SKILLS, CODES = 5_000, 500, 200


def _desired(live: LiveState) -> tuple[dict[str, dict[str, Any]], Ownership]:
    bodies = {k: {n: dict(o.body) for n, o in objs.items()} for k, objs in live.objects.items()}
    queues = bodies["queue"]
    names = sorted(queues)
    for name in names[::20]:  # 5% edited
        sl = queues[name]["mediaSettings"]["call"]["serviceLevel"]
        queues[name]["mediaSettings"] = {
            **queues[name]["mediaSettings"],
            "call": {"serviceLevel": {**sl, "percentage": 0.7}},
        }
        queues[name]["skillEvaluationMethod"] = "NONE"
    gone = names[1::100]
    for name in gone:  # 1% removed from the bundle, owned by cxgate → deletes
        del queues[name]
    for index in range(50):
        queues[f"New {index}"] = {"name": f"New {index}", "description": "new"}
    owned = [("queue", live.objects["queue"][n].id or "") for n in gone]
    return bodies, Ownership.of(owned)


def _cpu() -> float:
    return time.process_time()


def main() -> None:
    """Build the org, time plan and the peer, print a table and the JSON line."""
    entities = synth_entities(queues=QUEUES, skills=SKILLS, wrapup_codes=CODES)
    live = LiveState.from_entities(entities)
    bodies, ownership = _desired(live)
    desired = DesiredState.from_bodies(bodies)
    start = _cpu()
    plan = build_plan(live, desired, ownership)
    plan_cpu = _cpu() - start
    pairs = [
        (live.objects["queue"][n].body, b)
        for n, b in bodies["queue"].items()
        if n in live.objects["queue"]
    ]
    start = _cpu()
    ours = sum(len(diff_fields(a, b)) for a, b in pairs)
    ours_cpu = _cpu() - start
    peer_cpu, peer = _peer(pairs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "objects": QUEUES + SKILLS + CODES,
        "changes": len(plan.changes),
        "plan_cpu_s": round(plan_cpu, 3),
        "queue_diff_cpu_s": round(ours_cpu, 3),
        "peer": peer,
        "peer_queue_diff_cpu_s": round(peer_cpu, 3) if peer_cpu else None,
        "peer_over_ours": round(peer_cpu / ours_cpu, 1) if peer_cpu else None,
        "peak_rss_mb": round(peak_mb, 1),
        "target_plan_cpu_s": 2.0,
        "field_changes": ours,
    }
    _table(figures)
    print(json.dumps(figures, sort_keys=True))


def _peer(pairs: list[tuple[Any, Any]]) -> tuple[float | None, str]:
    try:
        from deepdiff import DeepDiff
    except ImportError:
        return None, "deepdiff not installed"
    start = _cpu()
    for a, b in pairs:
        DeepDiff(a, b)
    return _cpu() - start, "deepdiff"


def _table(f: dict[str, Any]) -> None:
    print(f"plan of {f['objects']:,} objects ({f['changes']} changes)")
    print(f"  {'plan (diff + risk), CPU':<34} {f['plan_cpu_s']:>8.3f} s  (target < 2 s)")
    print(f"  {'queue body diffs, cxgate':<34} {f['queue_diff_cpu_s']:>8.3f} s")
    if f["peer_queue_diff_cpu_s"] is not None:
        print(
            f"  {'queue body diffs, deepdiff':<34} {f['peer_queue_diff_cpu_s']:>8.3f} s"
            f"  ({f['peer_over_ours']}x cxgate)"
        )
    else:
        print(f"  peer: {f['peer']}")
    print(f"  {'peak RSS (whole process)':<34} {f['peak_rss_mb']:>8.1f} MB")


if __name__ == "__main__":
    main()
