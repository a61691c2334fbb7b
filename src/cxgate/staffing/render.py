"""Words and table cells for a projection: shared by the text and Markdown outputs of the CLI."""

from __future__ import annotations

import math

from cxgate.staffing.agents import OBSERVATIONS_QUERY, QueueAgents
from cxgate.staffing.erlang import QueueMetrics
from cxgate.staffing.project import StaffingProjection
from cxgate.staffing.units import format_duration

__all__ = ["HEADERS", "live_line", "markdown", "row_cells", "row_note", "summary_lines"]

HEADERS = ("agents", "SL", "P(wait)", "ASA", "abandon", "occupancy", "queue", "note")


def _pct(fraction: float) -> str:
    return f"{100 * fraction:.1f}%"


def _number(value: float, unit: str = "") -> str:
    return f"{value:.2f}{unit}" if math.isfinite(value) else "∞"


def _agents(count: int) -> str:
    return f"{count} agent{'' if count == 1 else 's'}"


def row_note(projection: StaffingProjection, row: QueueMetrics) -> str:
    """Why a row is worth a look: the requirement, the asked-about level, an overload."""
    notes = []
    if row.agents == projection.required_agents:
        notes.append("required")
    if row.agents == projection.agents:
        notes.append(projection.agents_source)
    if row.overloaded:
        notes.append("overloaded")
    return ", ".join(notes)


def row_cells(projection: StaffingProjection, row: QueueMetrics) -> list[str]:
    """One table row, in the order of :data:`HEADERS`."""
    return [
        str(row.agents),
        _pct(row.service_level),
        _pct(row.prob_wait),
        _number(row.asa, "s"),
        "—" if row.abandon_rate is None else _pct(row.abandon_rate),
        _pct(row.occupancy),
        _number(row.queue_length),
        row_note(projection, row),
    ]


def _describe_target(projection: StaffingProjection) -> str:
    target = projection.target
    parts = []
    if target.service_level is not None:
        parts.append(
            f"{_pct(target.service_level)} answered within {format_duration(target.threshold)}"
        )
    if target.max_asa is not None:
        parts.append(f"ASA ≤ {format_duration(target.max_asa)}")
    if target.max_abandon is not None:
        parts.append(f"abandon ≤ {_pct(target.max_abandon)}")
    if target.max_occupancy is not None:
        parts.append(f"occupancy ≤ {_pct(target.max_occupancy)}")
    return ", ".join(parts)


def summary_lines(projection: StaffingProjection) -> list[str]:
    """The answer in words: load, model, target, required and scheduled agents, the verdict."""
    traffic = projection.traffic
    model = (
        "Erlang C, callers never abandon"
        if traffic.patience is None
        else f"Erlang A, mean patience {format_duration(traffic.patience)}"
    )
    lines = [
        f"Offered load: {traffic.load:.4g} Erlangs (AHT {format_duration(traffic.aht)}; {model})",
        f"Target: {_describe_target(projection)}",
        f"Required: {_agents(projection.required_agents)} on queue; scheduled: "
        f"{projection.scheduled_agents} ({_pct(projection.shrinkage)} shrinkage)",
    ]
    asked = None if projection.agents is None else projection.row_for(projection.agents)
    if asked is not None:
        verdict = "meets" if projection.target.met_by(asked) else "misses"
        lines.append(
            f"With {_agents(asked.agents)}: service level {_pct(asked.service_level)}, "
            f"ASA {_number(asked.asa, 's')}: {verdict} the target"
        )
    if asked is not None and asked.overloaded:  # about the staffing asked for, not any row
        lines.append(
            f"overloaded: {_agents(asked.agents)} for {traffic.load:.4g} Erlangs offered, "
            "the queue grows without bound"
        )
    return lines


def live_line(queue_name: str, seen: QueueAgents) -> str:
    """Where a live agent count came from: the queue, the statuses summed, the API read."""
    statuses = ", ".join(f"{status} {count}" for status, count in seen.by_status.items())
    return (
        f"Live: {_agents(seen.on_queue)} on queue in {queue_name!r} now "
        f"({statuses or 'nobody on queue'}; {seen.active} logged in of {seen.members} members), "
        f"from POST {OBSERVATIONS_QUERY}"
    )


def markdown(projection: StaffingProjection, preface: tuple[str, ...] = ()) -> str:
    """Summary and table as Markdown, for a pull-request comment (``preface`` lines first)."""
    lines = [f"- {line}" for line in (*preface, *summary_lines(projection))]
    lines += ["", "| " + " | ".join(HEADERS) + " |"]
    lines.append("|" + " ---: |" * (len(HEADERS) - 1) + " --- |")
    lines += ["| " + " | ".join(row_cells(projection, row)) + " |" for row in projection.rows]
    return "\n".join(lines) + "\n"
