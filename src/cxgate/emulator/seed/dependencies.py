"""The demo org's Architect dependencies and queue wrap-up codes.

Three demo flows use demo queues, skills and wrap-up codes, so ``plan`` has something to find
when a change deletes, renames or re-routes an object a published flow consumes. An older,
checked-in but unpublished version of the main IVR still names a queue the published one no
longer uses: ``flowFilter=published`` must leave it out. A few queues offer wrap-up codes.
"""

from __future__ import annotations

from typing import Any

from cxgate.emulator.model import entity_id

__all__ = ["demo_dependency_tables"]

Entity = dict[str, Any]

_TYPES = {"queue": "QUEUE", "skill": "ACDSKILL", "wrapupcode": "ACDWRAPUPCODE"}

# (flow name, flow type, version, published, [(kind, name), ...])
_FLOWS: tuple[tuple[str, str, str, bool, tuple[tuple[str, str], ...]], ...] = (
    (
        "Acme Main IVR",
        "INBOUNDCALLFLOW",
        "3.0",
        True,
        (
            ("queue", "Sales - New Business"),
            ("queue", "Support - Tier 1"),
            ("queue", "Billing"),
            ("queue", "Spanish Support"),
            ("skill", "Spanish"),
        ),
    ),
    ("Acme Main IVR", "INBOUNDCALLFLOW", "2.0", False, (("queue", "Billing - Disputes"),)),
    (
        "Acme After Hours",
        "INBOUNDCALLFLOW",
        "1.0",
        True,
        (("queue", "After Hours"), ("queue", "Billing")),
    ),
    (
        "Acme Hold",
        "INQUEUECALLFLOW",
        "5.0",
        True,
        (("queue", "Support - Tier 1"), ("wrapupcode", "Callback Scheduled")),
    ),
)

_QUEUE_CODES = {
    "Sales - New Business": ("Sale Completed", "No Sale", "Callback Scheduled"),
    "Billing": ("Payment Taken", "Resolved", "Escalated"),
    "Support - Tier 1": ("Resolved", "Escalated", "Technical Issue"),
}


def _consumed(kind: str, name: str) -> Entity:
    return {"type": _TYPES[kind], "id": entity_id(kind, name), "name": name}


def demo_dependency_tables() -> dict[str, dict[str, Entity]]:
    """The ``flow_dependencies`` and ``queue_wrapupcodes`` store tables of the demo org."""
    rows: dict[str, Entity] = {}
    for flow, object_type, version, published, uses in _FLOWS:
        flow_id = entity_id("flow", flow)
        rows[f"{flow_id}:{version}"] = {
            "id": f"{flow_id}:{version}",
            "flowId": flow_id,
            "flowName": flow,
            "objectType": object_type,
            "version": version,
            "published": published,
            "checkedIn": True,
            "consumed": [_consumed(kind, name) for kind, name in uses],
        }
    codes = {
        entity_id("queue", queue): {
            "queueId": entity_id("queue", queue),
            "codeIds": [entity_id("wrapupcode", code) for code in names],
        }
        for queue, names in _QUEUE_CODES.items()
    }
    return {"flow_dependencies": rows, "queue_wrapupcodes": codes}
