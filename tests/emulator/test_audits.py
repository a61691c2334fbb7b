"""The emulator's audit trail: an AuditLogMessage per write, and the async query service."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from tests.contract.sdk import check_payload

INTERVAL = "2020-01-01T00:00:00Z/2100-01-01T00:00:00Z"


@pytest.fixture
def org() -> tuple[Emulator, httpx.Client]:
    emulator = Emulator(clock=FakeClock(), rate_limit=0)
    client = httpx.Client(transport=httpx.MockTransport(emulator), base_url="https://api.test")
    token = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=("ci-client", "secret")
    ).json()["access_token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return emulator, client


def _query(client: httpx.Client, **body: Any) -> list[dict[str, Any]]:
    started = client.post("/api/v2/audits/query", json={"interval": INTERVAL, **body})
    assert started.status_code == 200, started.text
    assert started.json()["state"] == "Queued"
    tx = started.json()["id"]
    assert client.get(f"/api/v2/audits/query/{tx}").json()["state"] == "Succeeded"
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"pageSize": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"/api/v2/audits/query/{tx}/results", params=params).json()
        found += page["entities"]
        cursor = page.get("cursor")
        if not cursor:
            return found


def test_each_write_is_recorded_with_its_property_changes(
    org: tuple[Emulator, httpx.Client],
) -> None:
    emulator, client = org
    skill = client.post("/api/v2/routing/skills", json={"name": "Audited"}).json()
    queue = client.get("/api/v2/routing/queues").json()["entities"][0]
    client.put(f"/api/v2/routing/queues/{queue['id']}", json={**queue, "description": "new"})
    client.delete(f"/api/v2/routing/skills/{skill['id']}")
    client.get("/api/v2/routing/queues")  # reads are not audited
    emulator.edit("queue", queue["id"], by="ann@example.com", description="by ann")
    messages = _query(client, serviceName="Routing")
    assert [(m["entityType"], m["action"]) for m in messages] == [
        ("RoutingSkill", "Create"),
        ("Queue", "Update"),
        ("RoutingSkill", "Delete"),
        ("Queue", "Update"),
    ]
    update = messages[1]
    assert update["client"]["id"] == "ci-client"
    assert update["user"] is None
    assert update["entity"]["id"] == queue["id"]
    old = [queue["description"]] if queue.get("description") else []
    assert update["propertyChanges"] == [
        {"property": "description", "oldValues": old, "newValues": ["new"]}
    ]
    assert messages[3]["user"]["name"] == "ann@example.com"
    for message in messages:
        assert check_payload("AuditLogMessage", message) == []


def test_filters_and_sort(org: tuple[Emulator, httpx.Client]) -> None:
    _emulator, client = org
    first = client.post("/api/v2/routing/skills", json={"name": "One"}).json()
    client.post("/api/v2/routing/skills", json={"name": "Two"})
    only = _query(client, filters=[{"property": "EntityId", "value": first["id"]}])
    assert [m["entity"]["name"] for m in only] == ["One"]
    newest_first = _query(client, sort=[{"name": "Timestamp", "sortOrder": "descending"}])
    assert [m["entity"]["name"] for m in newest_first] == ["Two", "One"]
    assert _query(client, filters=[{"property": "ClientId", "value": "someone-else"}]) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "interval"),
        ({"interval": "yesterday"}, "interval"),
        ({"interval": "2026-01-02T00:00:00Z/2026-01-01T00:00:00Z"}, "interval"),
        ({"interval": INTERVAL, "filters": [{"property": "Colour", "value": "x"}]}, "filters"),
    ],
)
def test_bad_queries_are_refused(org: tuple[Emulator, httpx.Client], body: Any, field: str) -> None:
    _, client = org
    answer = client.post("/api/v2/audits/query", json=body)
    assert answer.status_code == 400
    assert field in answer.text


def test_unknown_transactions_and_bad_pages(org: tuple[Emulator, httpx.Client]) -> None:
    _, client = org
    assert client.get("/api/v2/audits/query/nope").status_code == 404
    tx = client.post("/api/v2/audits/query", json={"interval": INTERVAL}).json()["id"]
    results = f"/api/v2/audits/query/{tx}/results"
    assert client.get(results, params={"pageSize": 501}).status_code == 400
    assert client.get(results, params={"cursor": "!!"}).status_code == 400
    assert client.get(results).json()["pageSize"] == 25
