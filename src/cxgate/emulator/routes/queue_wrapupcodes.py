"""``GET /api/v2/routing/queues/{queueId}/wrapupcodes``: the wrap-up codes a queue offers.

WHL ``routing_api.py`` ``get_routing_queue_wrapupcodes`` (pageSize, pageNumber, name) →
WrapupCodeEntityListing; the Terraform provider pages it at 100. The store table
``queue_wrapupcodes`` holds ``{queueId: {"queueId", "codeIds": [...]}}``; a queue with no row
offers none. ``set_queue_wrapup_codes`` fills it (seeds, tests).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cxgate.emulator.paging import MAX_PAGE_SIZE, listing, read_page
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import name_has_prefix, ok, require, sorted_by_name
from cxgate.emulator.store import Store
from cxgate.emulator.wire import Reply

__all__ = ["TABLE", "routes", "set_queue_wrapup_codes"]

routes = RouteGroup()

TABLE = "queue_wrapupcodes"
LIST = "/api/v2/routing/queues/{queueId}/wrapupcodes"
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
