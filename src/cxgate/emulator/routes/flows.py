"""``/api/v2/flows``: list with the real filters, create, get, metadata PUT, delete, versions.

WHL ``architect_api.py``; PYDOC ArchitectApi.md; genesys-api.md §5. Reading a flow moves its
pending operation on (``emulator/architect/operations.py``), so polling works as it does
against the real API. The actions and jobs live in ``flow_actions.py`` and ``flow_jobs.py``.
"""

from __future__ import annotations

import uuid
from typing import Any

from cxgate.emulator.architect import locks
from cxgate.emulator.architect.dependencies import drop_rows
from cxgate.emulator.architect.exports import configuration
from cxgate.emulator.architect.flowlist import filtered_flows
from cxgate.emulator.architect.lifecycle import present
from cxgate.emulator.architect.model import (
    client_actor,
    flow_entity,
    version_record,
    versions_of,
)
from cxgate.emulator.architect.operations import settle
from cxgate.emulator.paging import listing, read_page
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import division_for, no_content, ok, require
from cxgate.emulator.schema import BodySpec, validate
from cxgate.emulator.wire import Reply, ReplyError, bad_request

__all__ = ["FLOW_BODY", "FLOW_TYPES", "routes", "settled"]

routes = RouteGroup()

LIST = "/api/v2/flows"
ONE = "/api/v2/flows/{flowId}"
VERSIONS = "/api/v2/flows/{flowId}/versions"
VERSION = "/api/v2/flows/{flowId}/versions/{versionId}"
Entity = dict[str, Any]

# WHL models/flow.py type allowed_values.
FLOW_TYPES = (
    "BOT", "BUSINESSPROCESS", "COMMONMODULE", "DIGITALBOT", "EMAILSEND", "INBOUNDCALL",
    "INBOUNDCHAT", "INBOUNDEMAIL", "INBOUNDSHORTMESSAGE", "INQUEUECALL", "INQUEUEEMAIL",
    "INQUEUESHORTMESSAGE", "OUTBOUNDCALL", "SECURECALL", "SPEECH", "SURVEYINVITE", "VOICE",
    "VOICEMAIL", "VOICESURVEY", "WORKFLOW", "WORKITEM",
)  # fmt: skip

FLOW_BODY = BodySpec(
    model="Flow",
    required=("name", "type"),
    types={"name": "string", "division": "object", "description": "string", "type": "string"},
    readonly=(
        "id",
        "lockedUser",
        "lockedClient",
        "active",
        "system",
        "deleted",
        "publishedVersion",
        "savedVersion",
        "checkedInVersion",
        "debugVersion",
        "publishedBy",
        "currentOperation",
        "selfUri",
    ),
    enums={"type": FLOW_TYPES},
)


def settled(request: ApiRequest, flow_id: str) -> Entity:
    """The stored flow, its pending operation moved on by this read; 404 when absent."""
    flow = require(request, "flows", flow_id, "flow")
    settle(request.store, flow, request.now)
    return flow


@routes.get(LIST)
def list_flows(request: ApiRequest) -> Reply:
    """Flows filtered as PYDOC get_flows describes, sorted by ``sortBy`` (default id)."""
    page = read_page(request, LIST)
    for flow in list(request.store.table("flows").values()):
        settle(request.store, flow, request.now)
    flows = [present(request.store, f) for f in filtered_flows(request)]
    return ok(listing(request, flows, page))


@routes.post(LIST)
def create_flow(request: ApiRequest) -> Reply:
    """Create an empty flow (no version until one is checked in or imported)."""
    body = validate(request.json_body(), FLOW_BODY)
    _unique_name(request, body["name"], body["type"], own_id="")
    division = division_for(request, _division_id(body))
    flow = flow_entity(
        str(uuid.uuid4()), body["name"], body["type"], division, body.get("description", "")
    )
    request.store.table("flows")[flow["id"]] = flow
    return ok(present(request.store, flow))


@routes.get(ONE)
def get_flow(request: ApiRequest) -> Reply:
    """One flow with its versions and ``currentOperation``."""
    return ok(present(request.store, settled(request, request.params["flowId"])))


@routes.put(ONE)
def put_flow(request: ApiRequest) -> Reply:
    """Update name, description and division; the type cannot change (modelled: 409 when
    another user or client holds the lock, as for every other write)."""
    flow = settled(request, request.params["flowId"])
    body = validate(request.json_body(), FLOW_BODY)
    locks.refuse_if_locked(flow, client_actor(request.caller), "update")
    if body["type"] != flow["type"]:
        raise bad_request(
            f"A flow's type cannot change (it is {flow['type']}, not {body['type']}).", "type"
        )
    _unique_name(request, body["name"], flow["type"], own_id=flow["id"])
    given = _division_id(body)
    if given:
        division = division_for(request, given)
        flow["division"] = {k: division[k] for k in ("id", "name", "selfUri")}
    flow["name"] = body["name"]
    flow["description"] = body.get("description", "")
    return ok(present(request.store, flow))


@routes.delete(ONE)
def delete_flow(request: ApiRequest) -> Reply:
    """Delete a flow and its versions; 409 while someone else holds its lock."""
    flow = settled(request, request.params["flowId"])
    locks.refuse_if_locked(flow, client_actor(request.caller), "delete")
    store = request.store
    for record in versions_of(store, flow["id"]):
        del store.table("flow_versions")[f"{flow['id']}:{record['version']['id']}"]
    store.table("flow_operations").pop(flow["id"], None)
    drop_rows(store, flow["id"])
    del store.table("flows")[flow["id"]]
    return no_content()


@routes.get(VERSIONS)
def list_versions(request: ApiRequest) -> Reply:
    """Checked-in versions, newest first (a saved draft is not a version yet)."""
    page = read_page(request, LIST)  # the flow list's limit (no documented maximum)
    flow = require(request, "flows", request.params["flowId"], "flow")
    records = [r for r in versions_of(request.store, flow["id"]) if r["version"]["type"] != "SAVE"]
    return ok(listing(request, [r["version"] for r in reversed(records)], page))


@routes.get(VERSION)
def get_version(request: ApiRequest) -> Reply:
    """One version (a saved draft too)."""
    flow_id = request.params["flowId"]
    require(request, "flows", flow_id, "flow")
    return ok(version_record(request.store, flow_id, request.params["versionId"])["version"])


@routes.get(f"{VERSION}/configuration")
def get_version_configuration(request: ApiRequest) -> Reply:
    """The version's configuration object."""
    flow = require(request, "flows", request.params["flowId"], "flow")
    record = version_record(request.store, flow["id"], request.params["versionId"])
    return ok(configuration(flow, record))


@routes.get("/api/v2/flows/{flowId}/latestconfiguration")
def get_latest_configuration(request: ApiRequest) -> Reply:
    """The configuration of the saved draft, else of the newest version."""
    flow = require(request, "flows", request.params["flowId"], "flow")
    records = versions_of(request.store, flow["id"])
    if not records:
        raise ReplyError(404, "not.found", f"Flow '{flow['name']}' has no configuration yet.")
    return ok(configuration(flow, records[-1]))


def _unique_name(request: ApiRequest, name: str, api_type: str, own_id: str) -> None:
    for other in request.store.table("flows").values():
        same = other["name"].casefold() == name.casefold() and other["type"] == api_type
        if same and other["id"] != own_id:
            raise ReplyError(
                409,
                "general.conflict",
                f"A {api_type} flow named '{name}' already exists (id {other['id']}).",
            )


def _division_id(body: Entity) -> str | None:
    division = body.get("division")
    if isinstance(division, dict) and division.get("id"):
        return str(division["id"])
    return None
