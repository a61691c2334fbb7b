"""``POST /api/v2/flows/actions/*``: checkout, checkin, publish, revert, unlock, deactivate.

The flow id is the ``flow`` query parameter and there is no body (WHL ``architect_api.py``).
Checkout takes the lock; checkin and publish answer an asynchronous ``Operation``
(genesys-api.md §5); revert, unlock and deactivate answer the Flow. Anyone but the lock's
holder gets 409 ``flow.locked`` — except unlock, which is what an Architect admin uses to
break someone else's lock.
"""

from __future__ import annotations

from typing import Any

from cxgate.emulator.architect import locks
from cxgate.emulator.architect.lifecycle import deactivate_now, present, revert_now, unlock_now
from cxgate.emulator.architect.model import client_actor, version_record, versions_of
from cxgate.emulator.architect.operations import begin, finished_operation
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import ok
from cxgate.emulator.routes.flows import settled
from cxgate.emulator.wire import Reply, ReplyError, bad_request

__all__ = ["routes"]

routes = RouteGroup()

ACTIONS = "/api/v2/flows/actions/"  # + checkout, checkin, publish…
Entity = dict[str, Any]


def _flow(request: ApiRequest) -> Entity:
    flow_id = request.query_value("flow")
    if not flow_id:
        raise bad_request("The query parameter [flow] is required.", "flow")
    return settled(request, flow_id)


@routes.post(f"{ACTIONS}checkout")
def checkout(request: ApiRequest) -> Reply:
    """Take the lock (again, if the caller already holds it)."""
    flow = _flow(request)
    actor = client_actor(request.caller)
    locks.refuse_if_locked(flow, actor, "check out")
    locks.take(flow, actor)
    flow["currentOperation"] = finished_operation("CHECKOUT", actor, "LOCKED")
    return ok(present(request.store, flow))


@routes.post(f"{ACTIONS}checkin")
def checkin(request: ApiRequest) -> Reply:
    """Start checking in the caller's saved draft (it fails if there is none)."""
    flow = _flow(request)
    actor = client_actor(request.caller)
    locks.refuse_if_locked(flow, actor, "check in")
    if locks.holder(flow) is None:
        raise ReplyError(
            400,
            "flow.not.checked.out",
            f"Flow '{flow['name']}' is not checked out; check it out and save it first.",
        )
    return ok(begin(request.store, flow, "CHECKIN", actor, request.now))


@routes.post(f"{ACTIONS}publish")
def publish(request: ApiRequest) -> Reply:
    """Start publishing ``version`` (default: the latest checked-in version). An older
    version is republished in place unless the ``in-place-publish=off`` behaviour is set."""
    flow = _flow(request)
    actor = client_actor(request.caller)
    locks.refuse_if_locked(flow, actor, "publish")
    latest = _latest(request, flow)
    version = request.query_value("version") or latest
    record = version_record(request.store, flow["id"], version)
    if record["version"]["type"] == "SAVE":
        raise bad_request(
            f"Version {version} of flow '{flow['name']}' is a saved draft; check it in first.",
            "version",
        )
    if version != latest and not request.behaviour.republishes_in_place:
        # Whether the API republishes an older version in place is not documented
        # (genesys-api.md §5); under in-place-publish=off it refuses, as it might.
        raise ReplyError(
            400,
            "flow.republish.in.place.refused",
            f"Version {version} of flow '{flow['name']}' is not its latest version; "
            "export it and import it as a new version to publish it again.",
        )
    return ok(begin(request.store, flow, "PUBLISH", actor, request.now, version=version))


def _latest(request: ApiRequest, flow: Entity) -> str:
    checked_in = [
        r["version"]["id"]
        for r in versions_of(request.store, flow["id"])
        if r["version"]["type"] != "SAVE"
    ]
    if not checked_in:
        raise bad_request(f"Flow '{flow['name']}' has no checked-in version to publish.", "flow")
    return str(checked_in[-1])


@routes.post(f"{ACTIONS}revert")
def revert(request: ApiRequest) -> Reply:
    """Discard the saved draft and release the lock."""
    flow = _flow(request)
    actor = client_actor(request.caller)
    locks.refuse_if_locked(flow, actor, "revert")
    revert_now(request.store, flow)
    flow["currentOperation"] = finished_operation("REVERT", actor)
    return ok(present(request.store, flow))


@routes.post(f"{ACTIONS}unlock")
def unlock(request: ApiRequest) -> Reply:
    """Break the lock, whoever holds it (a saved draft is checked in first)."""
    flow = _flow(request)
    actor = client_actor(request.caller)
    unlock_now(request.store, flow, actor, request.now)
    flow["currentOperation"] = finished_operation("CHECKIN", actor, "UNLOCKED")
    return ok(present(request.store, flow))


@routes.post(f"{ACTIONS}deactivate")
def deactivate(request: ApiRequest) -> Reply:
    """Take the published flow out of service."""
    flow = _flow(request)
    actor = client_actor(request.caller)
    locks.refuse_if_locked(flow, actor, "deactivate")
    deactivate_now(request.store, flow, request.now)
    flow["currentOperation"] = finished_operation("STATE_CHANGE", actor)
    return ok(present(request.store, flow))
