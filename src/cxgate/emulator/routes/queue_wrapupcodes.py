"""``/api/v2/routing/queues/{queueId}/wrapupcodes``: the wrap-up codes a queue offers.

WHL ``routing_api.py``: ``get_routing_queue_wrapupcodes`` (pageSize, pageNumber, name) →
WrapupCodeEntityListing, paged at 100 by the Terraform provider;
``post_routing_queue_wrapupcodes`` (body ``list[WrapUpCodeReference]``, at most 100) →
``list[WrapupCode]``; ``delete_routing_queue_wrapupcode`` removes one. The store table
``queue_wrapupcodes`` holds ``{queueId: {"queueId", "codeIds": [...]}}``; a queue with no row
offers none. ``set_queue_wrapup_codes`` fills it (seeds, tests).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cxgate.emulator.paging import MAX_PAGE_SIZE, listing, read_page
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import (
    name_has_prefix,
    no_content,
    ok,
    require,
    sorted_by_name,
)
from cxgate.emulator.schema import strict_object
from cxgate.emulator.store import Store
from cxgate.emulator.wire import Reply, bad_request, not_found

__all__ = ["TABLE", "routes", "set_queue_wrapup_codes"]

routes = RouteGroup()

TABLE = "queue_wrapupcodes"
LIST = "/api/v2/routing/queues/{queueId}/wrapupcodes"
ONE = LIST + "/{codeId}"
_MAX_ADD = 100
MAX_PAGE_SIZE[LIST] = 100


def set_queue_wrapup_codes(store: Store, queue_id: str, code_ids: Iterable[str]) -> None:
    """Make the queue offer exactly these wrap-up codes."""
    with store.lock:
        store.table(TABLE)[queue_id] = {"queueId": queue_id, "codeIds": list(code_ids)}


@routes.get(LIST)
def list_queue_wrapup_codes(request: ApiRequest) -> Reply:
    """The queue's wrap-up codes, sorted by name, filtered by a ``name`` prefix."""
    page = read_page(request, LIST)
    queue_id = request.params["queueId"]
    require(request, "queues", queue_id, "queue")
    row = request.store.table(TABLE).get(queue_id) or {"codeIds": []}
    codes = request.store.table("wrapupcodes")
    found: list[dict[str, Any]] = [codes[i] for i in row["codeIds"] if i in codes]
    prefix = request.query_value("name")
    if prefix:
        found = [c for c in found if name_has_prefix(c["name"], prefix)]
    return ok(listing(request, sorted_by_name(found), page))


@routes.post(LIST)
def add_queue_wrapup_codes(request: ApiRequest) -> Reply:
    """Offer more wrap-up codes on the queue (each ``{id}`` must be a known code)."""
    queue_id = request.params["queueId"]
    require(request, "queues", queue_id, "queue")
    body = request.json_body()
    if not isinstance(body, list) or not all(isinstance(i, dict) and i.get("id") for i in body):
        raise bad_request("The body must be a list of wrap-up code references {id}.", "body")
    if len(body) > _MAX_ADD:
        raise bad_request(f"At most {_MAX_ADD} wrap-up codes can be added at once.", "body")
    refs = [strict_object(i, "WrapUpCodeReference", ("id",)) for i in body]
    added = [require(request, "wrapupcodes", str(i["id"]), "wrap-up code") for i in refs]
    row = request.store.table(TABLE).setdefault(queue_id, {"queueId": queue_id, "codeIds": []})
    row["codeIds"] += [c["id"] for c in added if c["id"] not in row["codeIds"]]
    return ok(added)


@routes.delete(ONE)
def remove_queue_wrapup_code(request: ApiRequest) -> Reply:
    """Stop offering one wrap-up code on the queue."""
    queue_id, code_id = request.params["queueId"], request.params["codeId"]
    require(request, "queues", queue_id, "queue")
    row = request.store.table(TABLE).get(queue_id) or {"codeIds": []}
    if code_id not in row["codeIds"]:
        raise not_found(f"Wrap-up code {code_id} is not on queue {queue_id}")
    row["codeIds"].remove(code_id)
    return no_content()
