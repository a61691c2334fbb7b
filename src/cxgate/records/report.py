"""``cxgate report``: how deployments went, from the state store and the audit log.

Deployments (applies; rollbacks counted apart) and their success rate; p50/p95/p99 of step
latency per object kind and of request latency per endpoint (from the audit log); the
validation error rate (validate and plan runs that found errors); the conflict rate
(deployments with a step stopped by another editor); the rollback rate (applies that ended
rolled back, automatically or by a later ``cxgate rollback``); and the mean time to roll back:
from a deployment's start to its automatic rollback's end, or from its end to the end of the
rollback deployment that restored it. Percentiles interpolate linearly between ranks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cxgate.records.chain import AuditEntry, epoch
from cxgate.state.records import DeploymentRecord, DeploymentStatus

__all__ = ["Latency", "Report", "build_report", "percentile"]

_VALIDATING = ("validate", "plan")


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) of ``values``, interpolating between ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True, slots=True)
class Latency:
    """Percentiles of one group's latencies, in milliseconds."""

    count: int
    p50: float
    p95: float
    p99: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Latency:
        return cls(
            len(values),
            round(percentile(values, 50), 1),
            round(percentile(values, 95), 1),
            round(percentile(values, 99), 1),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "p50": self.p50, "p95": self.p95, "p99": self.p99}


@dataclass(frozen=True, slots=True)
class Report:
    """Every figure of the report (rates are 0–1; None when nothing to divide)."""

    since: float
    until: float
    deployments: int
    by_status: Mapping[str, int]
    rollbacks_run: int
    success_rate: float | None
    conflict_rate: float | None
    rollback_rate: float | None
    validation_runs: int
    validation_error_rate: float | None
    mean_time_to_rollback_s: float | None
    latency_by_kind: Mapping[str, Latency] = field(default_factory=dict)
    latency_by_endpoint: Mapping[str, Latency] = field(default_factory=dict)
    per_day: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": _iso(self.since),
            "until": _iso(self.until),
            "deployments": self.deployments,
            "byStatus": dict(self.by_status),
            "rollbacksRun": self.rollbacks_run,
            "successRate": self.success_rate,
            "conflictRate": self.conflict_rate,
            "rollbackRate": self.rollback_rate,
            "validationRuns": self.validation_runs,
            "validationErrorRate": self.validation_error_rate,
            "meanTimeToRollbackSeconds": self.mean_time_to_rollback_s,
            "latencyByKind": {k: v.to_dict() for k, v in self.latency_by_kind.items()},
            "latencyByEndpoint": {k: v.to_dict() for k, v in self.latency_by_endpoint.items()},
            "perDay": {k: dict(v) for k, v in self.per_day.items()},
        }

    def lines(self) -> list[str]:
        """The text form."""
        out = [
            f"Report {_iso(self.since)} – {_iso(self.until)}",
            f"  deployments        {self.deployments}"
            + (f" ({_counts(self.by_status)})" if self.by_status else ""),
            f"  success rate       {_pct(self.success_rate)}",
            f"  conflict rate      {_pct(self.conflict_rate)}",
            f"  rollback rate      {_pct(self.rollback_rate)} "
            f"({self.rollbacks_run} rollback deployment(s) run)",
            f"  mean time to roll back  {_secs(self.mean_time_to_rollback_s)}",
            f"  validation errors  {_pct(self.validation_error_rate)} of "
            f"{self.validation_runs} validate/plan run(s)",
        ]
        for title, table in (
            ("Step latency by kind (ms)", self.latency_by_kind),
            ("Request latency by endpoint (ms)", self.latency_by_endpoint),
        ):
            if not table:
                continue
            out += ["", f"{title}:", f"  {'':48} {'n':>6} {'p50':>9} {'p95':>9} {'p99':>9}"]
            out += [
                f"  {name[:48]:48} {lat.count:>6} {lat.p50:>9.1f} {lat.p95:>9.1f} {lat.p99:>9.1f}"
                for name, lat in table.items()
            ]
        return out


def build_report(
    deployments: Iterable[DeploymentRecord],
    entries: Iterable[AuditEntry],
    *,
    since: float,
    until: float,
) -> Report:
    """The report over ``[since, until]`` (see the module docstring)."""
    runs = [d for d in deployments if since <= d.started_at <= until]
    applies = [d for d in runs if d.kind == "apply" and d.status.finished]
    rollbacks = [d for d in runs if d.kind == "rollback"]
    by_id = {d.id: d for d in runs}
    kinds: dict[str, list[float]] = {}
    endpoints: dict[str, list[float]] = {}
    conflicted: set[str] = set()
    checks = errors = 0
    for entry in entries:
        data = entry.data
        if not since <= epoch(str(data.get("at", ""))) <= until:
            continue
        kind = data.get("type")
        if kind == "step" and isinstance(data.get("latencyMs"), int | float):
            obj = data.get("object") or {}
            kinds.setdefault(str(obj.get("kind")), []).append(float(data["latencyMs"]))
            if data.get("outcome") == "conflicted":
                conflicted.add(str(data.get("deployment")))
        elif kind == "deployment.finished":
            for endpoint, timing in (data.get("requests") or {}).items():
                endpoints.setdefault(endpoint, []).extend(float(v) for v in timing.get("ms", []))
        elif kind in _VALIDATING:
            checks += 1
            errors += data.get("outcome") == "invalid"
    counts: dict[str, int] = {}
    for run in applies:
        counts[run.status.value] = counts.get(run.status.value, 0) + 1
    rolled = [d for d in applies if d.status is DeploymentStatus.ROLLED_BACK]
    return Report(
        since=since,
        until=until,
        deployments=len(applies),
        by_status=dict(sorted(counts.items())),
        rollbacks_run=len(rollbacks),
        success_rate=_rate(counts.get("succeeded", 0), len(applies)),
        conflict_rate=_rate(sum(d.id in conflicted for d in applies), len(applies)),
        rollback_rate=_rate(len(rolled), len(applies)),
        validation_runs=checks,
        validation_error_rate=_rate(errors, checks),
        mean_time_to_rollback_s=_mean([t for d in rolled if (t := _to_rollback(d, by_id))]),
        latency_by_kind={k: Latency.of(v) for k, v in sorted(kinds.items())},
        latency_by_endpoint={k: Latency.of(v) for k, v in sorted(endpoints.items()) if v},
        per_day=_per_day(applies),
    )


def _to_rollback(record: DeploymentRecord, by_id: Mapping[str, DeploymentRecord]) -> float | None:
    """Seconds until ``record`` was back where it started (see the module docstring)."""
    later = record.summary.get("rolledBackBy") if isinstance(record.summary, Mapping) else None
    if later:
        undo = by_id.get(str(later))
        if undo is None or undo.finished_at is None or record.finished_at is None:
            return None
        return max(0.0, undo.finished_at - record.finished_at)
    if record.finished_at is None:
        return None
    return max(0.0, record.finished_at - record.started_at)


def _per_day(applies: Sequence[DeploymentRecord]) -> dict[str, dict[str, int]]:
    days: dict[str, dict[str, int]] = {}
    for run in applies:
        day = dt.datetime.fromtimestamp(run.started_at, dt.UTC).strftime("%Y-%m-%d")
        row = days.setdefault(day, {})
        row[run.status.value] = row.get(run.status.value, 0) + 1
    return dict(sorted(days.items()))


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def _iso(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _pct(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate * 100:.1f}%"


def _secs(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} s"


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {status}" for status, n in counts.items())
