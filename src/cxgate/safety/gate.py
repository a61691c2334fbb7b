"""The staffing gate: a queue's ``forecast:`` projected against its own call service level.

A queue file may carry a forecast (``cxgate.staffing.forecast.Forecast``: peak calls per
interval, AHT, patience, agents or ``live``). ``validate`` projects it with the queue's
``mediaSettings.call.serviceLevel`` (the bundle's, else the org's: a field left out is not
managed, so the org's value is the one that stays) and reports an error with the numbers when
the projection misses (rule ``staffing``), or when it cannot project (``staffing-input``; only
a warning when the org was not read). Pure: the caller supplies on-queue agents for
``agents: live`` (``cxgate.org.observations``, read by validate and plan).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cxgate.bundle.desired import DesiredObject, DesiredState
from cxgate.errors import Problem
from cxgate.resource.live import LiveState
from cxgate.staffing.forecast import Forecast
from cxgate.staffing.target import call_target, project_queue

__all__ = [
    "forecast_problems",
    "live_forecast_queues",
]

_OFFLINE_FIX = "validate against the org (without --offline or --against), or write a number"
_NEW_QUEUE_FIX = "write the number of agents you expect (forecast.agents: 25)"


def live_forecast_queues(desired: DesiredState) -> list[DesiredObject]:
    """Queues whose forecast says ``agents: live`` (their on-queue agents must be read)."""
    return [
        obj
        for obj in desired.objects.get("queue", {}).values()
        if obj.body.get("forecast") is not None
        and Forecast.model_validate(obj.body["forecast"]).agents == "live"
    ]


def forecast_problems(
    desired: DesiredState, live: LiveState | None, live_agents: Mapping[str, int] | None = None
) -> list[Problem]:
    """An error for every queue whose forecast misses its target (or cannot be projected).

    ``live_agents`` maps queue names to agents on queue now (read for ``agents: live``);
    None means the org was not read, so ``live`` forecasts cannot be projected.
    """
    found: list[Problem] = []
    for obj in desired.objects.get("queue", {}).values():
        raw = obj.body.get("forecast")
        if raw is not None:
            found += _check_queue(obj, Forecast.model_validate(raw), live, live_agents)
    return found


def _live_body(obj: DesiredObject, live: LiveState | None) -> Mapping[str, Any] | None:
    if live is None:
        return None
    current = live.get("queue", obj.name) or live.get("queue", obj.renamed_from or "")
    return current.body if current is not None else None


def _check_queue(
    obj: DesiredObject,
    forecast: Forecast,
    live: LiveState | None,
    live_agents: Mapping[str, int] | None,
) -> list[Problem]:
    target = call_target(obj.body, _live_body(obj, live))
    if target is None:
        where = "in the bundle" if live is None else "in the bundle or the org"
        return [
            obj.problem(
                ("forecast",),
                f"queue '{obj.name}' has a forecast but no call service-level target {where}",
                "set mediaSettings.call.serviceLevel {percentage, durationMs}",
                rule="staffing-input",
            )
        ]
    agents = forecast.agents if forecast.agents != "live" else (live_agents or {}).get(obj.name)
    if agents is None:
        offline = live_agents is None  # not checkable here: a warning, not a bundle error
        why = "needs the org's on-queue agents" if offline else "is new: nobody is on it yet"
        return [
            obj.problem(
                ("forecast", "agents"),
                f"queue '{obj.name}' (agents: live) {why}",
                _OFFLINE_FIX if offline else _NEW_QUEUE_FIX,
                severity="warning" if offline else "error",
                rule="staffing-input",
            )
        ]
    result = project_queue(forecast, target, agents)
    if result.ok:
        return []
    fix = f"staff at least {result.required_agents} agents, or change the target or the forecast"
    return [
        obj.problem(("forecast",), f"queue '{obj.name}': {result.message}", fix, rule="staffing")
    ]
