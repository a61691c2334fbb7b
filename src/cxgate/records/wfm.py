"""``cxgate export-wfm``: what a workforce-management system needs to know about routing.

One JSON document (schema ``cxgate.wfm-export/v1``, ``schemas/wfm-export-v1.schema.json``): per
queue its id, division, media types with their service-level targets, member groups, member
count, the in-queue flow per media type, and — when the bundle declares a forecast — the
staffing projection (required agents, projected service level against the call target); the
org's skills and languages beside. Built from the bundle as loaded (what will be) and the org
as read (ids, member counts, values the bundle leaves out).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from cxgate.bundle.desired import DesiredState
from cxgate.records.chain import iso
from cxgate.resource.live import LiveState
from cxgate.staffing.forecast import Forecast
from cxgate.staffing.target import call_target, project_queue

__all__ = ["WFM_SCHEMA", "wfm_export"]

WFM_SCHEMA = "cxgate.wfm-export/v1"
_FLOW_FIELDS = {"call": "queueFlow", "email": "emailInQueueFlow", "message": "messageInQueueFlow"}


def wfm_export(
    desired: DesiredState,
    live: LiveState | None,
    *,
    at: float,
    member_counts: Mapping[str, int] | None = None,
    live_agents: Mapping[str, int] | None = None,
    org_name: str | None = None,
) -> dict[str, Any]:
    """The export document (see the module docstring); ``member_counts`` and ``live_agents``
    are by queue name."""
    counts = member_counts or {}
    queues = []
    for name, obj in sorted(desired.objects.get("queue", {}).items()):
        current = live.get("queue", name) if live is not None else None
        body = {**(current.body if current else {}), **obj.body}
        queues.append(
            {
                "name": name,
                "id": current.id if current else None,
                "division": body.get("division"),
                "mediaTypes": _media(body),
                "memberGroups": [
                    {"name": g.get("name"), "type": g.get("type")}
                    for g in body.get("memberGroups") or []
                ],
                "memberCount": counts.get(name),
                "inQueueFlows": {
                    media: body[field] for media, field in _FLOW_FIELDS.items() if body.get(field)
                },
                "staffing": _staffing(obj.body, current.body if current else None, live_agents),
            }
        )
    return {
        "schema": WFM_SCHEMA,
        "generatedAt": iso(at),
        "org": {"id": live.org_id if live is not None else None, "name": org_name},
        "env": desired.env,
        "bundle": str(desired.root),
        "queues": queues,
        "skills": sorted(_names(desired, live, "skill")),
        "languages": sorted(_names(desired, live, "language")),
    }


def _media(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = []
    for media, settings in sorted((body.get("mediaSettings") or {}).items()):
        if not isinstance(settings, Mapping):
            continue
        level = settings.get("serviceLevel") or {}
        found.append(
            {
                "type": media,
                "serviceLevel": {
                    "percentage": level.get("percentage"),
                    "durationMs": level.get("durationMs"),
                }
                if level
                else None,
                "alertingTimeoutSeconds": settings.get("alertingTimeoutSeconds"),
            }
        )
    return found


def _staffing(
    body: Mapping[str, Any],
    live_body: Mapping[str, Any] | None,
    live_agents: Mapping[str, int] | None,
) -> dict[str, Any] | None:
    """The forecast's projection against the call target (None without a forecast)."""
    declared = body.get("forecast")
    if declared is None:
        return None
    forecast = Forecast.model_validate(declared)
    agents = (
        forecast.agents
        if forecast.agents != "live"
        else (live_agents or {}).get(str(body.get("name")))
    )
    target = call_target(body, live_body)
    projection: dict[str, Any] = {
        "forecast": {
            "calls": forecast.calls,
            "perSeconds": forecast.per_seconds,
            "ahtSeconds": forecast.aht_seconds,
            "patienceSeconds": forecast.patience_seconds,
            "agents": agents,
        },
        "target": None,
        "requiredAgents": None,
        "projectedServiceLevel": None,
        "meetsTarget": None,
    }
    if target is None or agents is None:
        return projection
    result = project_queue(forecast, target, int(agents))
    projection.update(
        target={"percentage": target.percentage, "seconds": target.seconds},
        requiredAgents=result.required_agents,
        projectedServiceLevel=_finite(result.projected_sl),
        meetsTarget=result.ok,
    )
    return projection


def _names(desired: DesiredState, live: LiveState | None, kind: str) -> set[str]:
    names = set(desired.objects.get(kind, {}))
    if live is not None:
        names |= set(live.objects.get(kind, {}))
    return names


def _finite(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 4)
