"""Page-number paging as the real list endpoints do it (genesys-api.md §4, style 1).

Query ``pageNumber`` (1-based, default 1) and ``pageSize`` (default 25); the answer is an
``*EntityListing``: ``entities, pageSize, pageNumber, total, pageCount`` plus ``firstUri,
selfUri, lastUri`` and ``nextUri``/``previousUri`` when those pages exist (WHL
``models/queue_entity_listing.py``). Past an endpoint's maximum page size Genesys answers 400.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from cxgate.emulator.router import ApiRequest
from cxgate.emulator.wire import bad_request

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "Page", "listing", "read_page"]

DEFAULT_PAGE_SIZE = 25

# The largest pageSize each list endpoint takes. The SDK documents no maximum for these;
# the figures are what the Terraform provider pages with against real orgs
# (routing_queue proxy: 500; routing_skill proxy: 100; wrap-up codes and languages: 100),
# and "Page size [max value is 100]" for the limits namespaces (PYDOC OrganizationApi.md).
MAX_PAGE_SIZE: dict[str, int] = {
    "/api/v2/routing/queues": 500,
    "/api/v2/routing/skills": 100,
    "/api/v2/routing/languages": 100,
    "/api/v2/routing/wrapupcodes": 100,
    "/api/v2/organizations/limits/namespaces": 100,
    "/api/v2/authorization/divisions": 100,
    # Flows: the Terraform provider's architect_flow proxy pages at 500 (UNCONFIRMED max).
    "/api/v2/flows": 500,
}


@dataclass(frozen=True, slots=True)
class Page:
    """Which page was asked for."""

    number: int
    size: int


def read_page(request: ApiRequest, template: str) -> Page:
    """Parse and check ``pageNumber``/``pageSize`` for the list endpoint ``template``."""
    limit = MAX_PAGE_SIZE[template]
    size = _positive_int(request, "pageSize", DEFAULT_PAGE_SIZE)
    number = _positive_int(request, "pageNumber", 1)
    if size > limit:
        raise bad_request(
            f"Value [{size}] is not valid for field [pageSize]. The maximum page size is {limit}.",
            "pageSize",
            code="invalid.value",
        )
    return Page(number, size)


def _positive_int(request: ApiRequest, name: str, default: int) -> int:
    raw = request.query_value(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise bad_request(
            f"Value [{raw}] is not valid for field [{name}]. It must be a whole number of "
            "at least 1.",
            name,
            code="invalid.value",
        )
    return value


def listing(request: ApiRequest, items: Sequence[Any], page: Page) -> dict[str, Any]:
    """The ``*EntityListing`` envelope for ``page`` of ``items`` (already filtered, sorted).

    The entities are the stored objects themselves: the reply is encoded under the store
    lock (``Reply.frozen``), so nothing is copied.
    """
    total = len(items)
    count = math.ceil(total / page.size)
    start = (page.number - 1) * page.size
    body: dict[str, Any] = {
        "entities": list(items[start : start + page.size]),
        "pageSize": page.size,
        "pageNumber": page.number,
        "total": total,
        "firstUri": _uri(request, page.size, 1),
        "selfUri": _uri(request, page.size, page.number),
        "lastUri": _uri(request, page.size, max(count, 1)),
        "pageCount": count,
    }
    if page.number < count:
        body["nextUri"] = _uri(request, page.size, page.number + 1)
    if 1 < page.number <= count + 1:
        body["previousUri"] = _uri(request, page.size, page.number - 1)
    return body


def _uri(request: ApiRequest, size: int, number: int) -> str:
    """The path with paging first and the caller's other parameters kept, as Genesys does."""
    others = [(k, v) for k, v in request.call.query if k not in ("pageSize", "pageNumber")]
    query = urlencode([("pageSize", size), ("pageNumber", number), *others], safe="*")
    return f"{request.call.path}?{query}"
