"""Queue projections: required and scheduled agents, and what each staffing level around them does.

This is what ``cxgate staffing`` prints and what the validate/plan gate reports: pure, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from cxgate.staffing.erlang import QueueMetrics
from cxgate.staffing.required import Target, required_agents, scheduled_agents
from cxgate.staffing.traffic import Traffic

__all__ = ["StaffingProjection", "agent_counts", "metrics_json", "project"]


@dataclass(frozen=True, slots=True)
class StaffingProjection:
    """Required agents for a target, the schedule after shrinkage, and rows of metrics.

    ``agents`` is a staffing level asked about, and ``agents_source`` says where it came from
    (``--agents``, or ``live`` when it was read from the org): the tables mark its row so.
    """

    traffic: Traffic
    target: Target
    required_agents: int
    scheduled_agents: int
    shrinkage: float
    rows: tuple[QueueMetrics, ...]
    agents: int | None = None
    agents_source: str = "--agents"

    def row_for(self, agents: int) -> QueueMetrics | None:
        """The row for ``agents`` agents, if projected."""
        return next((row for row in self.rows if row.agents == agents), None)

    def to_json(self) -> dict[str, Any]:
        """The ``--output json`` document: fractions (not percentages), null where undefined."""
        return {
            "required_agents": self.required_agents,
            "scheduled_agents": self.scheduled_agents,
            "offered_load_erlangs": self.traffic.load,
            "rows": [metrics_json(row) for row in self.rows],
        }


def metrics_json(row: QueueMetrics) -> dict[str, Any]:
    """One row as JSON: unbounded ASA or queue length (overloaded) become null."""
    return {
        "agents": row.agents,
        "service_level": row.service_level,
        "prob_wait": row.prob_wait,
        "asa_seconds": _finite_or_none(row.asa),
        "abandon_rate": row.abandon_rate,
        "occupancy": row.occupancy,
        "queue_length": _finite_or_none(row.queue_length),
    }


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def agent_counts(required: int, agents: int | None = None, span: int = 3) -> list[int]:
    """``required ± span``, plus ``agents ± 1`` when a staffing level was asked about."""
    if span < 0:
        raise ValueError(f"span must be ≥ 0, got {span}")
    counts = set(range(required - span, required + span + 1))
    if agents is not None:
        counts.update((agents - 1, agents, agents + 1))
    return sorted(n for n in counts if n >= 0)


def project(
    traffic: Traffic,
    target: Target,
    *,
    shrinkage: float = 0.0,
    agents: int | None = None,
    span: int = 3,
) -> StaffingProjection:
    """Project ``traffic`` against ``target``; ``agents`` is a staffing level to show as well."""
    if agents is not None and agents < 0:
        raise ValueError(f"agents must be ≥ 0, got {agents}")
    required = required_agents(traffic, target)
    rows = tuple(traffic.metrics(n, target.threshold) for n in agent_counts(required, agents, span))
    return StaffingProjection(
        traffic=traffic,
        target=target,
        required_agents=required,
        scheduled_agents=scheduled_agents(required, shrinkage),
        shrinkage=shrinkage,
        rows=rows,
        agents=agents,
    )
