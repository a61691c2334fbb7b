"""The staffing projection before and after a plan, for queues whose routing changes.

For each created queue, or updated queue whose routing, media settings or service level
change, and which carries a ``forecast:`` with a known agent count, the forecast is projected
against the call service-level target the org has now (before) and the one it will have
(after: the bundle's, over the org's). Reviewers see what the change does to the queue's
service level; a projection that misses after the change makes the change HIGH risk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cxgate.bundle.desired import DesiredState
from cxgate.plan.change import Action, Change
from cxgate.plan.risk import ROUTING_FIELDS
from cxgate.resource.live import LiveState
from cxgate.staffing.forecast import Forecast
from cxgate.staffing.target import CallTarget, call_target, project_queue

__all__ = ["ProjectionSide", "QueueProjection", "routing_changed", "staffing_projections"]

_WATCHED = frozenset(ROUTING_FIELDS) | {"mediaSettings"}


@dataclass(frozen=True, slots=True)
class ProjectionSide:
    """One side of the projection: the target, what the forecast achieves, the verdict."""

    target: str
    service_level: float
    required_agents: int
    ok: bool
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The plan-file form (fractions, not percentages)."""
        return {
            "target": self.target,
            "serviceLevel": self.service_level,
            "requiredAgents": self.required_agents,
            "ok": self.ok,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class QueueProjection:
    """A changed queue's projection with its forecast's agents, before and after."""

    queue: str
    agents: int
    before: ProjectionSide | None
    after: ProjectionSide

    def to_dict(self) -> dict[str, Any]:
        """The plan-file form."""
        return {
            "queue": self.queue,
            "agents": self.agents,
            "before": self.before.to_dict() if self.before else None,
            "after": self.after.to_dict(),
        }


def routing_changed(change: Change) -> bool:
    """A created queue, or an update that touches routing, media settings or service level."""
    if change.kind != "queue" or change.action is Action.DELETE:
        return False
    return change.action is Action.CREATE or any(str(f.path[0]) in _WATCHED for f in change.fields)


def _side(forecast: Forecast, target: CallTarget | None, agents: int) -> ProjectionSide | None:
    if target is None:
        return None
    result = project_queue(forecast, target, agents)
    return ProjectionSide(
        str(target), result.projected_sl, result.required_agents, result.ok, result.message
    )


def _project(
    change: Change, desired: DesiredState, live: LiveState, live_agents: Mapping[str, int]
) -> QueueProjection | None:
    obj = desired.get("queue", change.name) if routing_changed(change) else None
    if obj is None or obj.body.get("forecast") is None:
        return None
    forecast = Forecast.model_validate(obj.body["forecast"])
    agents = forecast.agents if forecast.agents != "live" else live_agents.get(obj.name)
    if agents is None:
        return None  # validate reports it: the count is unknown
    current = live.get("queue", change.renamed_from or change.name)
    before_body = current.body if current is not None else None
    after = _side(forecast, call_target(obj.body, before_body), agents)
    if after is None:
        return None  # no target anywhere: validate reports it
    before = _side(forecast, call_target(before_body), agents) if before_body else None
    return QueueProjection(change.name, agents, before, after)


def staffing_projections(
    changes: Iterable[Change],
    desired: DesiredState,
    live: LiveState,
    live_agents: Mapping[str, int] | None = None,
) -> dict[str, QueueProjection]:
    """Queue name → projection, for the changed queues that can be projected."""
    found: dict[str, QueueProjection] = {}
    for change in changes:
        projection = _project(change, desired, live, live_agents or {})
        if projection is not None:
            found[change.name] = projection
    return found
