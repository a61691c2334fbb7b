"""The report's figures, checked against a known set of deployments and audit entries."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.records.chain import AuditEntry, iso
from cxgate.records.report import build_report, percentile
from cxgate.records.report_html import report_html
from cxgate.state.records import DeploymentRecord, DeploymentStatus

DAY = 86_400.0
T0 = 1_780_000_000.0


def _deployment(
    n: int,
    status: DeploymentStatus,
    *,
    start: float,
    seconds: float,
    kind: str = "apply",
    summary: dict[str, Any] | None = None,
) -> DeploymentRecord:
    return DeploymentRecord(
        id=f"d-{n}",
        org="org",
        env=None,
        bundle=".",
        user="ci",
        host="h",
        pid=1,
        client_id="c",
        started_at=start,
        status=status,
        finished_at=start + seconds,
        kind=kind,
        summary=summary or {},
    )


def _entry(**data: Any) -> AuditEntry:
    return AuditEntry("audit-000001.jsonl", 1, "h", data)


def test_percentiles_interpolate_between_ranks() -> None:
    values = [10.0, 20.0, 30.0, 40.0, 50.0]
    assert percentile(values, 50) == 30.0
    assert percentile(values, 95) == pytest.approx(48.0)
    assert percentile(values, 99) == pytest.approx(49.6)
    assert percentile([7.0], 99) == 7.0
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)


def test_figures_from_a_known_set_of_deployments() -> None:
    """Ten applies: 6 succeeded, 2 rolled back automatically (one after a conflict), one
    failed, one rolled back later by a rollback deployment; one run outside the window."""
    runs = [
        *(
            _deployment(i, DeploymentStatus.SUCCEEDED, start=T0 + i * 60, seconds=30)
            for i in range(6)
        ),
        _deployment(6, DeploymentStatus.ROLLED_BACK, start=T0 + DAY, seconds=40),
        _deployment(7, DeploymentStatus.ROLLED_BACK, start=T0 + DAY + 100, seconds=80),
        _deployment(8, DeploymentStatus.FAILED, start=T0 + DAY + 200, seconds=10),
        _deployment(
            9,
            DeploymentStatus.ROLLED_BACK,
            start=T0 + DAY + 300,
            seconds=20,
            summary={"rolledBackBy": "d-10"},
        ),
        _deployment(
            10, DeploymentStatus.SUCCEEDED, start=T0 + DAY + 600, seconds=30, kind="rollback"
        ),
        _deployment(11, DeploymentStatus.SUCCEEDED, start=T0 - 40 * DAY, seconds=5),
    ]
    at = iso(T0 + 10)
    entries = [
        _entry(
            type="step",
            at=at,
            deployment="d-7",
            outcome="conflicted",
            latencyMs=5.0,
            object={"kind": "queue"},
        ),
        *(
            _entry(
                type="step",
                at=at,
                deployment="d-0",
                outcome="applied",
                latencyMs=float(ms),
                object={"kind": "queue"},
            )
            for ms in (100, 200, 300, 400)
        ),
        _entry(
            type="step",
            at=at,
            deployment="d-1",
            outcome="applied",
            latencyMs=50.0,
            object={"kind": "skill"},
        ),
        _entry(
            type="deployment.finished",
            at=at,
            requests={"PUT /api/v2/routing/queues/{id}": {"count": 3, "ms": [10, 20, 30]}},
        ),
        _entry(type="validate", at=at, outcome="ok"),
        _entry(type="validate", at=at, outcome="invalid"),
        _entry(type="plan", at=at, outcome="ok"),
        _entry(type="plan", at=at, outcome="ok"),
        _entry(type="validate", at=iso(T0 - 40 * DAY), outcome="invalid"),  # outside
    ]
    report = build_report(runs, entries, since=T0 - DAY, until=T0 + 2 * DAY)
    assert report.deployments == 10
    assert report.by_status == {"failed": 1, "rolled_back": 3, "succeeded": 6}
    assert report.rollbacks_run == 1
    assert report.success_rate == 0.6
    assert report.conflict_rate == 0.1
    assert report.rollback_rate == 0.3
    assert report.validation_runs == 4
    assert report.validation_error_rate == 0.25
    # automatic: 40 s and 80 s from start; later: the rollback ended 600+30-300-20 = 310 s after
    assert report.mean_time_to_rollback_s == pytest.approx((40 + 80 + 310) / 3, abs=0.001)
    queue = report.latency_by_kind["queue"]
    assert (queue.count, queue.p50, queue.p95, queue.p99) == (5, 200.0, 380.0, 396.0)
    assert report.latency_by_endpoint["PUT /api/v2/routing/queues/{id}"].p50 == 20.0
    assert sum(sum(d.values()) for d in report.per_day.values()) == 10
    data = report.to_dict()
    assert data["successRate"] == 0.6
    assert "latencyByKind" in data
    assert any("success rate       60.0%" in line for line in report.lines())


def test_the_html_page_is_self_contained() -> None:
    runs = [_deployment(1, DeploymentStatus.SUCCEEDED, start=T0, seconds=3)]
    entries = [_entry(type="step", at=iso(T0), latencyMs=12.0, object={"kind": "<queue>"})]
    page = report_html(build_report(runs, entries, since=T0 - 1, until=T0 + 1))
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 2  # per day and per kind (no endpoint timings here)
    assert "<script" not in page
    assert "src=" not in page
    assert "href=" not in page
    assert "&lt;queue&gt;" in page
    assert "<queue>" not in page
    empty = report_html(build_report([], [], since=T0, until=T0 + 1))
    assert "No deployments in this period" in empty
