"""``/api/v2/architect/dependencytracking/consum{ing,ed}resources``: which flows use what.

WHL ``architect_api.py`` (``get_architect_dependencytracking_consumingresources``: ``id`` and
``objectType`` required, ``resourceType[]``, ``version``, ``flowFilter`` checkedIn|published,
paging; ``..._consumedresources``: ``id``, ``version``, ``objectType`` required). Both answer a
``*EntityListing`` of ``Dependency{id, name, version, type, deleted, updated, stateUnknown,
selfUri}`` (WHL models/dependency.py).

The emulator keeps one row per flow version in the store table ``flow_dependencies``::

    {"id": "<flowId>:<version>", "flowId", "flowName", "objectType": "INBOUNDCALLFLOW",
     "version": "2.0", "published": bool, "checkedIn": bool,
     "consumed": [{"type": "QUEUE", "id": "...", "name": "Billing"}, ...]}

Seeds, the emulated flow import job and tests add rows with ``add_flow_dependencies``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cxgate.emulator.architect.dependencies import build_status, index_rows, start_build
from cxgate.emulator.paging import MAX_PAGE_SIZE, listing, read_page
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import no_content, ok
from cxgate.emulator.store import Store
from cxgate.emulator.wire import Reply, bad_request

__all__ = ["TABLE", "add_flow_dependencies", "routes"]

routes = RouteGroup()

TABLE = "flow_dependencies"
CONSUMING = "/api/v2/architect/dependencytracking/consumingresources"
CONSUMED = "/api/v2/architect/dependencytracking/consumedresources"
BUILD = "/api/v2/architect/dependencytracking/build"
# The SDK documents no maximum page size for these; 100 is what cxgate's client asks for.
MAX_PAGE_SIZE.update({CONSUMING: 100, CONSUMED: 100})
_FLOW_FILTERS = ("checkedIn", "published")
Entity = dict[str, Any]


def add_flow_dependencies(
    store: Store,
    *,
    flow_id: str,
    flow_name: str,
    version: str,
    consumed: Iterable[Mapping[str, str]],
    object_type: str = "INBOUNDCALLFLOW",
    published: bool = True,
    checked_in: bool = True,
) -> Entity:
    """Record what one flow version uses (``consumed``: ``{type, id, name}`` each)."""
    row: Entity = {
        "id": f"{flow_id}:{version}",
        "flowId": flow_id,
        "flowName": flow_name,
        "objectType": object_type,
        "version": version,
        "published": published,
        "checkedIn": checked_in,
        "consumed": [dict(item) for item in consumed],
    }
    with store.lock:
        store.table(TABLE)[row["id"]] = row
    return row


def _required(request: ApiRequest, name: str) -> str:
    value = request.query_value(name)
    if not value:
        raise bad_request(f"The query parameter [{name}] is required.", name)
    return value


def _dependency(row: Entity) -> Entity:
    """A flow version as a consuming Dependency."""
    return {
        "id": row["flowId"],
        "name": row["flowName"],
        "version": row["version"],
        "type": row["objectType"],
        "deleted": False,
        "updated": False,
        "stateUnknown": False,
        "selfUri": f"/api/v2/flows/{row['flowId']}",
    }


def _wanted(row: Entity, flow_filter: str | None, types: list[str]) -> bool:
    if (
        flow_filter is not None
        and not row["published" if flow_filter == "published" else "checkedIn"]
    ):
        return False
    return not types or row["objectType"] in types


@routes.get(CONSUMING)
def consuming_resources(request: ApiRequest) -> Reply:
    """Flow versions that use the object ``id`` of type ``objectType``."""
    page = read_page(request, CONSUMING)
    object_id, object_type = _required(request, "id"), _required(request, "objectType")
    flow_filter = request.query_value("flowFilter") or None
    if flow_filter is not None and flow_filter not in _FLOW_FILTERS:
        raise bad_request(
            f"Value [{flow_filter}] is not valid for field [flowFilter]. "
            f"Allowable values are: {', '.join(_FLOW_FILTERS)}",
            "flowFilter",
            code="invalid.value",
        )
    types = request.query_values("resourceType")
    rows = [
        row
        for row in index_rows(request.store).values()
        if _wanted(row, flow_filter, types)
        and any(c["type"] == object_type and c["id"] == object_id for c in row["consumed"])
    ]
    rows.sort(key=lambda r: (r["flowName"].casefold(), r["version"]))
    return ok(listing(request, [_dependency(row) for row in rows], page))


@routes.get(CONSUMED)
def consumed_resources(request: ApiRequest) -> Reply:
    """What one flow version (``id``, ``version``, ``objectType``) uses, by ``resourceType``."""
    page = read_page(request, CONSUMED)
    flow_id, version = _required(request, "id"), _required(request, "version")
    _required(request, "objectType")
    row = index_rows(request.store).get(f"{flow_id}:{version}")
    types = request.query_values("resourceType")
    items = [
        {
            "id": c["id"],
            "name": c["name"],
            "type": c["type"],
            "deleted": False,
            "updated": False,
            "stateUnknown": False,
        }
        for c in (row["consumed"] if row else ())
        if not types or c["type"] in types
    ]
    items.sort(key=lambda c: (c["type"], c["name"].casefold()))
    return ok(listing(request, items, page))


@routes.get(BUILD)
def get_build(request: ApiRequest) -> Reply:
    """The index's build status (DependencyStatus); a running build moves on per read."""
    return ok(build_status(request.store, request.now))


@routes.post(BUILD)
def post_build(request: ApiRequest) -> Reply:
    """Start a rebuild of the index; no content (the SDK types no answer; which 2xx the API
    sends is not documented, and cxgate reads none)."""
    polls = request.behaviour.dependency_build_polls
    start_build(request.store, request.caller, request.now, polls)
    return no_content()
