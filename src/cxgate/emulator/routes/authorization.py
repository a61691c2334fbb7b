"""``/api/v2/authorization/...``: enabled products, and divisions (to resolve names to ids).

WHL ``authorization_api.py``: ``get_authorization_products`` (OrganizationProductEntityListing,
no paging parameters), ``get_authorization_divisions`` (AuthzDivisionEntityListing).
"""

from __future__ import annotations

from cxgate.emulator.paging import listing, read_page
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import filter_ids, ok, require, sorted_by_name
from cxgate.emulator.wire import Reply

__all__ = ["routes"]

routes = RouteGroup()


@routes.get("/api/v2/authorization/products")
def list_products(request: ApiRequest) -> Reply:
    """Every enabled product, in one page (the endpoint takes no paging parameters)."""
    products = [p for _, p in sorted(request.store.table("products").items())]
    count = len(products)
    return ok(
        {
            "entities": products,
            "pageSize": count,
            "pageNumber": 1,
            "total": count,
            "pageCount": 1,
        }
    )


@routes.get("/api/v2/authorization/divisions")
def list_divisions(request: ApiRequest) -> Reply:
    """Divisions, filtered by ``id`` and a ``name`` search term (case-insensitive)."""
    page = read_page(request, "/api/v2/authorization/divisions")
    term = (request.query_value("name") or "").casefold()
    divisions = filter_ids(
        request.store.table("divisions").values(), request.query_values("id"), lambda d: d["id"]
    )
    found = [d for d in divisions if term in d["name"].casefold()]
    return ok(listing(request, sorted_by_name(found), page))


@routes.get("/api/v2/authorization/divisions/{divisionId}")
def get_division(request: ApiRequest) -> Reply:
    """One division."""
    return ok(require(request, "divisions", request.params["divisionId"], "division"))
