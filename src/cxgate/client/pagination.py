"""The four ways Genesys Cloud pages a listing, behind one rule for "what comes next".

genesys-api.md §4:

1. page numbers: ``pageNumber``/``pageSize`` in, ``pageNumber``/``pageCount`` out (most
   configuration lists, e.g. ``QueueEntityListing``); the same in the body for POST queries
   such as ``/api/v2/audits/query/realtime``;
2. ``nextUri`` to follow (also how ``before``/``after`` cursor listings such as
   ``/api/v2/routing/skillgroups`` point at the next page, with no total);
3. an opaque ``cursor`` to send back (``/api/v2/audits/query/{id}/results``); absent = done.

Everything here is pure: the client sends the requests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .transport import path_template

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZES",
    "PageRequest",
    "PageTally",
    "entities_of",
    "first_page",
    "next_page",
    "numbered_page",
    "page_count",
    "page_size_for",
]

DEFAULT_PAGE_SIZE = 100
"""For endpoints not in the table; most Genesys lists accept 100 (their max: UNCONFIRMED)."""

MAX_PAGE_SIZES: Mapping[str, int] = {
    # The Genesys Terraform provider pages these at 500 (routing_queue and architect_flow
    # proxies); the documented maximum is UNCONFIRMED.
    "/api/v2/routing/queues": 500,
    "/api/v2/flows": 500,
    # SDK 269 RoutingApi docstrings: "Max value is 100", "[max value is 100|500]".
    "/api/v2/routing/queues/{id}/members": 100,
    "/api/v2/routing/queues/divisionviews": 100,
    "/api/v2/routing/queues/divisionviews/all": 500,
    # Terraform provider routing_queue proxy pages queue wrap-up codes at 100.
    "/api/v2/routing/queues/{id}/wrapupcodes": 100,
    # SDK 269 AuditApi: "The maximum page size is 500."
    "/api/v2/audits/query/{id}/results": 500,
}
"""Largest page each endpoint takes (by path template), so N entities cost ceil(N/size) calls."""


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One page to fetch: GET with query parameters, or POST with paging in the body."""

    method: str
    path: str
    params: Mapping[str, Any] = field(default_factory=dict)
    body: Mapping[str, Any] | None = None

    @property
    def number(self) -> int:
        """The page number this request asks for (1 when it does not say)."""
        source = self.body if self.body is not None else self.params
        return int(source.get("pageNumber") or 1)


def page_size_for(path: str, overrides: Mapping[str, int] | None = None) -> int:
    """The page size to ask for on ``path``: an override, the table, else the default."""
    template = path_template(path.split("?", 1)[0])
    for table in (overrides or {}, MAX_PAGE_SIZES):
        if template in table:
            return table[template]
    return DEFAULT_PAGE_SIZE


def first_page(
    method: str,
    path: str,
    params: Mapping[str, Any] | None,
    page_size: int,
    body: Mapping[str, Any] | None = None,
) -> PageRequest:
    """The first request: ``pageSize`` added, in the body for POST queries."""
    if method.upper() == "POST":
        paged = {"pageNumber": 1, **(body or {}), "pageSize": page_size}
        return PageRequest("POST", path, dict(params or {}), paged)
    return PageRequest("GET", path, {**(params or {}), "pageSize": page_size})


def numbered_page(request: PageRequest, number: int) -> PageRequest:
    """The same listing at page ``number``."""
    if request.body is not None:
        return replace(request, body={**request.body, "pageNumber": number})
    return replace(request, params={**request.params, "pageNumber": number})


def entities_of(listing: Any) -> list[dict[str, Any]]:
    """The entities of one page ([] for a page without any)."""
    if not isinstance(listing, Mapping):
        return []
    entities = listing.get("entities")
    return list(entities) if isinstance(entities, list) else []


def page_count(listing: Mapping[str, Any]) -> int | None:
    """``pageCount`` when the listing pages by number, else None."""
    count = listing.get("pageCount")
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def next_page(current: PageRequest, listing: Any) -> PageRequest | None:
    """The request for the page after ``listing``, or None when it was the last."""
    if not entities_of(listing):
        return None
    if "cursor" in listing:
        cursor = listing["cursor"]
        if not cursor or cursor == current.params.get("cursor"):
            return None
        return replace(current, params={**current.params, "cursor": cursor})
    count = page_count(listing)
    if count is not None:
        number = int(listing.get("pageNumber") or current.number)
        return numbered_page(current, number + 1) if number < count else None
    next_uri = listing.get("nextUri")
    if current.method == "GET" and isinstance(next_uri, str) and next_uri:
        return None if next_uri == current.path else PageRequest("GET", next_uri)
    return None


class PageTally:
    """Counts fetched pages across worker threads and reports each to ``on_page``."""

    def __init__(self, count: int, on_page: Callable[[int, int], None] | None) -> None:
        self.count, self.on_page = count, on_page
        self.fetched = 0
        self._lock = threading.Lock()

    def done(self, page: Any = None) -> Any:
        """Note one more page; returns ``page`` so it can wrap a fetch."""
        if self.on_page is not None:
            with self._lock:
                self.fetched += 1
                self.on_page(self.fetched, self.count)
        return page
