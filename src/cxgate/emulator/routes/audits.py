"""``/api/v2/audits/query``: the org's audit trail as an asynchronous query (a transaction).

WHL ``audit_api.py``; genesys-api.md §8. ``POST`` takes an AuditQueryRequest (``interval``
required; ``serviceName``; ``filters`` [{property, value}] with property one of UserId,
TrusteeOrganizationId, ClientId, Action, EntityType, EntityId; ``sort`` [{name: Timestamp,
sortOrder}]) and answers an AuditQueryExecutionStatusResponse in state ``Queued``; the first
look at it (its status or its results) finds it ``Succeeded``; the results page with an
opaque ``cursor`` (absent on the last page), ``pageSize`` default 25, at most 500.
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import ok
from cxgate.emulator.schema import AUDIT_QUERY_REQUEST, validate
from cxgate.emulator.wire import Reply, bad_request, ms_from_iso, not_found

__all__ = ["routes"]

routes = RouteGroup()

QUERY = "/api/v2/audits/query"
TABLE, QUERIES = "audits", "audit_queries"
FILTER_PROPERTIES = (
    "UserId",
    "TrusteeOrganizationId",
    "ClientId",
    "Action",
    "EntityType",
    "EntityId",
)
SORT_ORDERS = ("ascending", "descending")
DEFAULT_PAGE, MAX_PAGE = 25, 500
_PUBLIC = ("id", "state", "startDate", "interval", "serviceName", "filters", "sort")
Entity = dict[str, Any]


@routes.post(QUERY)
def start_query(request: ApiRequest) -> Reply:
    """Queue an audit query over ``interval``; its id is the transaction id."""
    body = validate(request.json_body(), AUDIT_QUERY_REQUEST)
    start, end = _interval(str(body["interval"]))
    filters = body.get("filters") or []
    for item in filters:
        if not isinstance(item, dict) or item.get("property") not in FILTER_PROPERTIES:
            raise bad_request(
                f"Value [{item.get('property') if isinstance(item, dict) else item}] is not "
                f"valid for field [property]. Allowable values are: {', '.join(FILTER_PROPERTIES)}",
                "filters",
            )
    descending = any(
        isinstance(s, dict) and str(s.get("sortOrder", "")).lower() == "descending"
        for s in body.get("sort") or []
    )
    matches = [
        m["id"]
        for m in request.store.table(TABLE).values()
        if start <= ms_from_iso(m["eventDate"]) < end
        and (not body.get("serviceName") or m["serviceName"] == body["serviceName"])
        and all(_matches(m, f) for f in filters)
    ]
    if descending:
        matches.reverse()
    execution: Entity = {
        "id": str(uuid.uuid4()),
        "state": "Queued",
        "startDate": request.now_iso(),
        "interval": body["interval"],
        "serviceName": body.get("serviceName"),
        "filters": filters,
        "sort": body.get("sort") or [],
        "results": matches,
    }
    request.store.table(QUERIES)[execution["id"]] = execution
    return ok(_public(execution))


@routes.get(f"{QUERY}/{{transactionId}}")
def query_status(request: ApiRequest) -> Reply:
    """The query's state: Queued when started, Succeeded once looked at."""
    execution = _execution(request)
    execution["state"] = "Succeeded"
    return ok(_public(execution))


@routes.get(f"{QUERY}/{{transactionId}}/results")
def query_results(request: ApiRequest) -> Reply:
    """One page of a finished query's messages; ``cursor`` resumes (absent at the end)."""
    execution = _execution(request)
    execution["state"] = "Succeeded"
    size = _page_size(request.query_value("pageSize"))
    offset = _offset(request.query_value("cursor"))
    ids = execution["results"]
    page = [request.store.table(TABLE)[i] for i in ids[offset : offset + size]]
    answer: Entity = {"id": execution["id"], "pageSize": size, "entities": page}
    if offset + size < len(ids):
        answer["cursor"] = base64.urlsafe_b64encode(str(offset + size).encode()).decode()
    return ok(answer)


def _execution(request: ApiRequest) -> Entity:
    found = request.store.table(QUERIES).get(request.params["transactionId"])
    if found is None:
        raise not_found(f"Audit query {request.params['transactionId']} not found")
    return found


def _public(execution: Entity) -> Entity:
    return {k: execution[k] for k in _PUBLIC if execution.get(k) is not None}


def _interval(text: str) -> tuple[int, int]:
    try:
        first, _, last = text.partition("/")
        start, end = ms_from_iso(first), ms_from_iso(last)
    except (ValueError, TypeError):
        raise bad_request(
            f"Value [{text}] is not valid for field [interval]: use ISO-8601 start/end, "
            "e.g. 2026-01-01T00:00:00Z/2026-01-02T00:00:00Z",
            "interval",
        ) from None
    if end <= start:
        raise bad_request("The interval must end after it starts.", "interval")
    return start, end


def _matches(message: Entity, item: Entity) -> bool:
    value = str(item.get("value", ""))
    got = {
        "UserId": (message.get("user") or {}).get("id"),
        "ClientId": (message.get("client") or {}).get("id"),
        "Action": message.get("action"),
        "EntityType": message.get("entityType"),
        "EntityId": (message.get("entity") or {}).get("id"),
        "TrusteeOrganizationId": None,
    }[str(item["property"])]
    return got == value


def _page_size(text: str | None) -> int:
    if text is None:
        return DEFAULT_PAGE
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
        raise bad_request(f"pageSize must be between 1 and {MAX_PAGE}.", "pageSize")
    return int(text)


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode())
    except ValueError:
        raise bad_request("The cursor is not valid.", "cursor") from None
