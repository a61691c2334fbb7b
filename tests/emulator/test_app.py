"""The handler as a whole: routing, correlation ids, the request log, thread safety."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator, RequestRecord
from tests.emulator.helpers import login


def test_routes_on_the_path_whatever_the_host(emulator: Emulator) -> None:
    """Any host reaches the same org: only the path matters."""
    client = login(emulator)
    for host in ("https://api.mypurecloud.ie", "http://127.0.0.1:9"):
        assert client.get(f"{host}/api/v2/organizations/me").status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v2/nothing/here"),
        ("PATCH", "/api/v2/routing/queues/x"),
        ("GET", "/favicon.ico"),
    ],
)
def test_unknown_routes_are_404_with_a_real_body(api: httpx.Client, method: str, path: str) -> None:
    """Paths or methods the API does not have answer 404 with an ErrorBody."""
    response = api.request(method, path)
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"message", "code", "status", "contextId", "details", "errors"}
    assert body["contextId"] == response.headers["ININ-Correlation-Id"]


def test_correlation_ids_are_unique(api: httpx.Client) -> None:
    """Every response carries its own ININ-Correlation-Id."""
    ids = {api.get("/api/v2/organizations/me").headers["ININ-Correlation-Id"] for _ in range(5)}
    assert len(ids) == 5


def test_request_log_holds_templates_and_statuses(emulator: Emulator, api: httpx.Client) -> None:
    """requests lists (method, template, status) for every call, login included."""
    queue = emulator.find("queue", "Billing")
    assert queue is not None
    api.get(f"/api/v2/routing/queues/{queue['id']}")
    api.get("/api/v2/routing/queues/missing")
    assert emulator.requests == [
        ("POST", "/oauth/token", 200),
        ("GET", "/api/v2/routing/queues/{queueId}", 200),
        RequestRecord("GET", "/api/v2/routing/queues/{queueId}", 404),
    ]
    assert emulator.count("get", "/api/v2/routing/queues/{queueId}") == 2


def test_routes_lists_what_is_served(emulator: Emulator) -> None:
    """routes names each served method and template once."""
    routes = emulator.routes
    assert ("PUT", "/api/v2/routing/queues/{queueId}") in routes
    assert len(routes) == len(set(routes))


def test_parallel_writes_are_all_applied(clock: FakeClock) -> None:
    """A worker pool creating and updating queues loses no write."""
    emulator = Emulator(clock=clock, seed="empty", rate_limit=0)
    client = login(emulator)

    def create_and_update(i: int) -> int:
        queue = client.post("/api/v2/routing/queues", json={"name": f"Q{i}"}).json()
        body = {"name": f"Q{i}", "description": f"d{i}"}
        return client.put(f"/api/v2/routing/queues/{queue['id']}", json=body).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(create_and_update, range(200)))
    assert statuses == [200] * 200
    queues = emulator.store.table("queues").values()
    assert sorted(q["description"] for q in queues) == sorted(f"d{i}" for i in range(200))


def test_replies_do_not_alias_the_store(emulator: Emulator, api: httpx.Client) -> None:
    """What one call returns cannot be changed by a later write."""
    queue = emulator.find("queue", "Billing")
    assert queue is not None
    emulator.edit("queue", queue["id"], description="after")
    assert queue.get("description") != "after"
