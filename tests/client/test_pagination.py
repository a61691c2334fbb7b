"""Paging: every Genesys style through one iterator, edge cases, page sizes, list_all."""

from __future__ import annotations

import math

import httpx
import pytest
from client_fakes import FakeGenesys, PagedListing, listing

from cxgate.client import GenesysClient
from cxgate.client.pagination import (
    DEFAULT_PAGE_SIZE,
    PageRequest,
    first_page,
    next_page,
    page_size_for,
)

QUEUES = "/api/v2/routing/queues"
SKILLGROUPS = "/api/v2/routing/skillgroups"
AUDIT_RESULTS = "/api/v2/audits/query/0a1b2c3d-0000-4000-8000-123456789abc/results"
REALTIME = "/api/v2/audits/query/realtime"

STYLES = [
    ("number", "GET", QUEUES, 500),
    ("nexturi", "GET", SKILLGROUPS, DEFAULT_PAGE_SIZE),
    ("cursor", "GET", AUDIT_RESULTS, 500),
    ("body", "POST", REALTIME, DEFAULT_PAGE_SIZE),
]


@pytest.mark.parametrize("case", STYLES, ids=[case[0] for case in STYLES])
@pytest.mark.parametrize("kind", ["empty", "one", "one_page", "exact", "exact+1", "many"])
def test_every_style_yields_everything_in_ceil_n_over_size_calls(
    client: GenesysClient, fake: FakeGenesys, case: tuple[str, str, str, int], kind: str
) -> None:
    """Each style, each edge: all entities once, in order, ceil(N/size) calls (1 if empty)."""
    style, method, path, size = case
    total = {
        "empty": 0,
        "one": 1,
        "one_page": size - 1,
        "exact": 2 * size,
        "exact+1": 2 * size + 1,
        "many": 5 * size - 3,
    }[kind]
    server = PagedListing(path, total, style)
    fake.route(method, path, server)
    ids = [e["id"] for e in client.paginate(path, method=method)]
    assert ids == [f"e{i}" for i in range(total)]
    assert len(server.sizes) == max(1, math.ceil(total / size))
    assert set(server.sizes) == {size}


def test_filters_are_kept_on_every_page(client: GenesysClient, fake: FakeGenesys) -> None:
    """Query filters go with every page request, not just the first."""
    fake.route("GET", QUEUES, PagedListing(QUEUES, 1200, "number"))
    list(client.paginate(QUEUES, {"name": "Sales*"}))
    assert [r.url.params["name"] for r in fake.api_calls(QUEUES)] == ["Sales*"] * 3


def test_body_paging_keeps_the_query(client: GenesysClient, fake: FakeGenesys) -> None:
    """POST paging: the query body is re-sent with the next pageNumber."""
    fake.route("POST", REALTIME, PagedListing(REALTIME, 150, "body"))
    body = {"interval": "2025-01-01T00:00:00Z/2025-01-02T00:00:00Z", "serviceName": "Routing"}
    assert len(list(client.paginate(REALTIME, method="POST", body=body))) == 150
    assert all(b'"serviceName"' in r.content for r in fake.api_calls(REALTIME))


def test_explicit_page_size_wins(client: GenesysClient, fake: FakeGenesys) -> None:
    """page_size= overrides the table."""
    server = PagedListing(QUEUES, 100, "number")
    fake.route("GET", QUEUES, server)
    assert len(list(client.paginate(QUEUES, page_size=25))) == 100
    assert server.sizes == [25] * 4


def test_server_smaller_max_is_respected(client: GenesysClient, fake: FakeGenesys) -> None:
    """If the server caps pageSize lower than we asked, its pageCount drives the loop."""
    server = PagedListing(QUEUES, 450, "number", max_size=100)
    fake.route("GET", QUEUES, server)
    assert len(list(client.paginate(QUEUES))) == 450
    assert len(server.sizes) == 5


def test_circular_next_uri_stops(client: GenesysClient, fake: FakeGenesys) -> None:
    """A server that keeps pointing at the same page cannot trap the iterator."""
    page = listing([{"id": "a"}], nextUri=f"{SKILLGROUPS}?after=x")
    fake.route("GET", SKILLGROUPS, [httpx.Response(200, json=page)])
    assert [e["id"] for e in client.paginate(SKILLGROUPS)] == ["a", "a"]
    assert len(fake.api_calls(SKILLGROUPS)) == 2


@pytest.mark.parametrize("empty_page_count", [0, 1])
@pytest.mark.parametrize("total", [0, 1, 500, 1000, 1001, 5000])
def test_list_all_parallel_in_order(
    client: GenesysClient, fake: FakeGenesys, total: int, empty_page_count: int
) -> None:
    """list_all: every entity in order, ceil(N/500) calls, pages 2.. on the worker pool."""
    server = PagedListing(QUEUES, total, "number", empty_page_count=empty_page_count)
    fake.route("GET", QUEUES, server)
    ids = [e["id"] for e in client.list_all(QUEUES, workers=4)]
    assert ids == [f"e{i}" for i in range(total)]
    assert len(server.sizes) == max(1, math.ceil(total / 500))


@pytest.mark.parametrize(("total", "pages"), [(0, 1), (1200, 3)])
def test_list_all_reports_each_page(
    client: GenesysClient, fake: FakeGenesys, total: int, pages: int
) -> None:
    """on_page hears 1..pageCount once each, with the page count (progress displays)."""
    fake.route("GET", QUEUES, PagedListing(QUEUES, total, "number"))
    heard: list[tuple[int, int]] = []
    client.list_all(QUEUES, workers=3, on_page=lambda done, count: heard.append((done, count)))
    assert heard == [(n, pages) for n in range(1, pages + 1)]


@pytest.mark.parametrize("style", ["nexturi", "cursor"])
def test_list_all_falls_back_to_sequential(
    client: GenesysClient, fake: FakeGenesys, style: str
) -> None:
    """Listings without pageCount are followed page by page."""
    path = SKILLGROUPS if style == "nexturi" else AUDIT_RESULTS
    fake.route("GET", path, PagedListing(path, 250, style))
    assert len(client.list_all(path)) == 250


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (QUEUES, 500),
        ("/api/v2/flows", 500),
        ("/api/v2/routing/queues/3f1e2d4c-1111-4222-8333-444455556666/members", 100),
        ("/api/v2/routing/queues/divisionviews/all", 500),
        (AUDIT_RESULTS, 500),
        ("/api/v2/routing/skills", DEFAULT_PAGE_SIZE),
        (f"{QUEUES}?name=x", 500),
    ],
)
def test_page_size_table(path: str, expected: int) -> None:
    """The largest page each endpoint takes, by path template; 100 when unknown."""
    assert page_size_for(path) == expected


def test_page_size_overrides() -> None:
    """Callers can configure sizes the table does not know (or correct it)."""
    assert page_size_for("/api/v2/routing/skills", {"/api/v2/routing/skills": 250}) == 250


@pytest.mark.parametrize(
    ("current", "page", "expected"),
    [
        (first_page("GET", QUEUES, None, 10), listing([]), None),
        (first_page("GET", QUEUES, None, 10), {"not": "a listing"}, None),
        (first_page("GET", QUEUES, None, 10), ["not", "a", "mapping"], None),
        (first_page("GET", QUEUES, None, 10), listing([1], pageCount=1), None),
        (
            first_page("GET", QUEUES, None, 10),
            listing([1], pageCount=2),
            PageRequest("GET", QUEUES, {"pageSize": 10, "pageNumber": 2}),
        ),
        (first_page("GET", AUDIT_RESULTS, None, 10), listing([1], cursor=""), None),
        (PageRequest("GET", AUDIT_RESULTS, {"cursor": "c"}), listing([1], cursor="c"), None),
        (first_page("GET", SKILLGROUPS, None, 10), listing([1], nextUri=""), None),
        (first_page("POST", REALTIME, None, 10, {"q": 1}), listing([1], nextUri="/x"), None),
        (
            first_page("POST", REALTIME, None, 10, {"q": 1}),
            listing([1], pageNumber=1, pageCount=3),
            PageRequest("POST", REALTIME, {}, {"pageNumber": 2, "q": 1, "pageSize": 10}),
        ),
        (first_page("GET", QUEUES, None, 10), listing([1], pageCount=True), None),
        (first_page("GET", QUEUES, None, 10), {"entities": "oops", "pageCount": 3}, None),
    ],
)
def test_next_page_rules(current: PageRequest, page: object, expected: PageRequest | None) -> None:
    """The pure "what comes next" rule, including every way a listing says it is done."""
    assert next_page(current, page) == expected
