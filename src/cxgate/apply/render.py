"""A deployment's result and the deployment history, for people and for programs. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from cxgate.apply.engine import DeploymentResult
from cxgate.apply.steps import Outcome, StepResult
from cxgate.state.records import DeploymentRecord

__all__ = ["history_dict", "history_rows", "result_dict", "result_lines", "step_line"]

_SIGN = {
    Outcome.APPLIED: "✓",
    Outcome.REBASED: "✓",
    Outcome.SKIPPED: "=",
    Outcome.CONFLICTED: "!",
    Outcome.FAILED: "✗",
    Outcome.UNVERIFIED: "✗",
    Outcome.UNCERTAIN: "?",
    Outcome.NOT_RUN: "·",
}
_COUNTS = ("applied", "rebased", "skipped", "conflicted", "failed", "notRun", "rolledBack")


def step_line(result: StepResult, *, undo: bool = False) -> str:
    """``✓ update queue 'Sales': applied (rebased onto …)``."""
    what = f"undo {result.step.label}" if undo else result.step.label
    note = f" ({result.message})" if result.message else ""
    return f"{_SIGN[result.outcome]} {what}: {result.outcome.value}{note}"


def result_lines(result: DeploymentResult) -> list[str]:
    """Every step that did something or went wrong, the rollback, the summary table."""
    lines = [step_line(r) for r in result.results if r.outcome is not Outcome.NOT_RUN]
    skipped = sum(r.outcome is Outcome.NOT_RUN for r in result.results)
    if skipped:
        lines.append(f"· {skipped} step(s) not run: the deployment stopped first")
    if result.undo:
        lines.append("Rolled back:" if not result.leftovers else "Rollback (incomplete):")
        lines += [f"  {step_line(r, undo=True)}" for r in result.undo]
    lines += [f"needs a person: {line}" for line in result.leftovers]
    summary = result.summary.to_dict()
    counts = ", ".join(f"{summary[key]} {key}" for key in _COUNTS if summary[key])
    lines.append(
        f"Deployment {result.deployment}: {result.status.value}"
        f"{' (interrupted)' if result.interrupted else ''} — {counts or 'nothing to do'}; "
        f"{summary['wallSeconds']:.1f}s, {summary['apiCalls']} API calls, "
        f"{summary['responses429']} × 429"
    )
    return lines


def result_dict(result: DeploymentResult) -> dict[str, Any]:
    """The ``--output json`` document of an apply, rollback or resume."""
    return {
        "deployment": result.deployment,
        "status": result.status.value,
        "interrupted": result.interrupted,
        "summary": result.summary.to_dict(),
        "steps": [_step_dict(r) for r in result.results],
        "rollback": [_step_dict(r) for r in result.undo],
        "leftovers": list(result.leftovers),
    }


def _step_dict(result: StepResult) -> dict[str, Any]:
    change = result.step.change
    return {
        "step": result.step.index,
        "action": change.action.value,
        "kind": change.kind,
        "name": change.name,
        "id": result.object_id,
        "outcome": result.outcome.value,
        "message": result.message,
        "theirs": list(result.theirs),
        "seconds": round(result.seconds, 3),
    }


def history_rows(records: Sequence[DeploymentRecord]) -> list[list[str]]:
    """Table rows: id, started, who, commit, env, kind, outcome, counts."""
    return [
        [
            r.id,
            _when(r.started_at),
            f"{r.user}@{r.host} ({r.client_id})",
            (r.commit or "-")[:10],
            r.env or "-",
            r.kind if not r.rolls_back else f"rollback of {r.rolls_back}",
            r.status.value,
            _counts(r.summary),
        ]
        for r in records
    ]


def history_dict(records: Sequence[DeploymentRecord]) -> list[dict[str, Any]]:
    """``history --output json``: one object per deployment (no plan bodies)."""
    return [
        {
            "id": r.id,
            "org": r.org,
            "env": r.env,
            "bundle": r.bundle,
            "user": r.user,
            "host": r.host,
            "clientId": r.client_id,
            "commit": r.commit,
            "kind": r.kind,
            "rollsBack": r.rolls_back,
            "status": r.status.value,
            "startedAt": _when(r.started_at),
            "finishedAt": _when(r.finished_at) if r.finished_at else None,
            "planChecksum": r.plan_checksum,
            "summary": dict(r.summary),
        }
        for r in records
    ]


def _when(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _counts(summary: Any) -> str:
    parts = [f"{summary.get(key)} {key}" for key in _COUNTS if summary.get(key)]
    return ", ".join(parts) or "-"
