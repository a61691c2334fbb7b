"""Asynchronous flow operations: publish and check-in answer an Operation that runs later.

``POST /api/v2/flows/actions/publish`` and ``…/checkin`` return an ``Operation`` (WHL
``models/operation.py``) and the flow changes when it completes; a client polls
``GET /api/v2/flows/{flowId}`` and reads ``currentOperation`` (genesys-api.md §5). Here an
operation moves one ``actionStatus`` step per read of the flow, or per ``STEP_SECONDS`` of
clock time, whichever is further: STARTED → PENDING_GENERATION →
PENDING_BACKEND_NOTIFICATION → SUCCESS (or FAILURE, with ``errorMessage``).

Pending work is kept in the ``flow_operations`` table (flow id → what to do when done), so a
state file keeps it across restarts.
"""

from __future__ import annotations

import uuid
from typing import Any

from cxgate.emulator.architect.lifecycle import checkin_now, publish_now
from cxgate.emulator.architect.model import Actor
from cxgate.emulator.store import Store
from cxgate.emulator.wire import ReplyError

__all__ = ["STEPS", "STEP_SECONDS", "begin", "finished_operation", "settle"]

Entity = dict[str, Any]

STEPS = ("STARTED", "PENDING_GENERATION", "PENDING_BACKEND_NOTIFICATION")
STEP_SECONDS = 1.0


def _operation(action: str, actor: Actor, status: str, *, complete: bool) -> Entity:
    operation: Entity = {
        "id": str(uuid.uuid4()),
        "complete": complete,
        ("user" if actor.is_user else "client"): actor.ref,
        "actionName": action,
        "actionStatus": status,
    }
    return operation


def finished_operation(action: str, actor: Actor, status: str = "SUCCESS") -> Entity:
    """A completed operation, for synchronous actions (checkout shows LOCKED, etc.)."""
    return _operation(action, actor, status, complete=True)


def begin(
    store: Store, flow: Entity, action: str, actor: Actor, now: float, **effect: str
) -> Entity:
    """Start ``action`` (PUBLISH or CHECKIN) on ``flow``; 409 if one is still running."""
    pending = store.table("flow_operations")
    if flow["id"] in pending:
        running = pending[flow["id"]]["operation"]
        raise ReplyError(
            409,
            "flow.operation.in.progress",
            f"Flow '{flow['name']}' is busy: operation {running['actionName']} "
            f"({running['id']}) has not completed. Wait for it, then try again.",
        )
    operation = _operation(action, actor, STEPS[0], complete=False)
    pending[flow["id"]] = {
        "started": now,
        "reads": 0,
        "operation": operation,
        "actor": {"ref": actor.ref, "isUser": actor.is_user},
        "effect": effect,
    }
    flow["currentOperation"] = operation
    return operation


def settle(store: Store, flow: Entity, now: float) -> None:
    """Move the flow's pending operation on (called on each read of the flow)."""
    pending = store.table("flow_operations").get(flow["id"])
    if pending is None:
        return
    pending["reads"] += 1
    step = max(pending["reads"], int((now - pending["started"]) / STEP_SECONDS))
    operation = pending["operation"]
    if step < len(STEPS):
        operation["actionStatus"] = STEPS[step]
    else:
        error = _complete(store, flow, pending, now)
        operation.update({"complete": True, "actionStatus": "FAILURE" if error else "SUCCESS"})
        if error:
            operation.update({"errorMessage": error, "errorCode": "flow.operation.failed"})
        del store.table("flow_operations")[flow["id"]]
    flow["currentOperation"] = operation


def _complete(store: Store, flow: Entity, pending: Entity, now: float) -> str:
    actor = Actor(pending["actor"]["ref"], is_user=pending["actor"]["isUser"])
    effect = pending["effect"]
    if pending["operation"]["actionName"] == "PUBLISH":
        return publish_now(store, flow, effect["version"], actor, now)
    return checkin_now(store, flow, actor, now)
