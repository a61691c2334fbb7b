"""kill -9 of a real `cxgate apply` at points tests/apply/test_crash.py does not cover (a
flow import job running, the last write landed, a recovery killed in turn, a webhook being
delivered), then `resume` or `apply --resume finish`: every object as it started or as
planned, no deployment left running, the lock free, no traceback, the audit chain verified
and every deployment's start and end both in the audit log and in the webhook outbox.
All points: ``.venv/bin/python bench/chaos.py``.
"""

from __future__ import annotations

import pytest

from cxgate.testing.chaos.crash import CRASH_POINTS, run_crash_point


@pytest.mark.parametrize(
    ("point", "recovery"),
    [
        ("flow-import-job-running", "resume"),
        ("last-write-landed", "finish"),
        ("during-recovery", "resume"),
        ("during-outbox-delivery", "resume"),
    ],
)
def test_a_killed_apply_recovers_whole(point: str, recovery: str) -> None:
    case = run_crash_point(CRASH_POINTS[point], recovery)
    assert case.killed, case.output
    assert case.recovered, case.output
    assert case.where == ("original" if recovery == "resume" else "desired"), case.as_dict()
    assert (case.lost, case.duplicated) == ((), ()), case.as_dict()
    assert (case.unfinished, case.lock_held, case.tracebacks) == (0, False, 0), case.as_dict()
    assert case.audit_verified, case.output  # `cxgate audit verify` passes
    assert case.record_problems == (), case.as_dict()  # every start and end logged and queued


def test_there_are_at_least_ten_crash_points() -> None:
    """The issue's floor: before the first write, mid-batch, between a write and its
    journal row, during rollback, during a flow import job, ..."""
    assert len(CRASH_POINTS) >= 10
    shapes = {
        (p.method, p.path, p.nth, p.landed, p.fail, p.kill_recovery) for p in CRASH_POINTS.values()
    }
    assert len(shapes) == len(CRASH_POINTS)
