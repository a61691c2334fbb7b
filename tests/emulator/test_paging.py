"""Page-number paging: envelopes, edge cases, maximum page sizes."""

from __future__ import annotations

import math

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.paging import MAX_PAGE_SIZE
from tests.emulator.helpers import login

QUEUES = "/api/v2/routing/queues"


def _client(clock: FakeClock, queues: int) -> httpx.Client:
    return login(Emulator(clock=clock, seed=f"generated:queues={queues}", rate_limit=0))


@pytest.mark.parametrize(
    ("queues", "size", "pages"),
    [(0, 25, 0), (1, 25, 1), (25, 25, 1), (26, 25, 2), (100, 25, 4), (101, 100, 2), (7, 3, 3)],
)
def test_walking_every_page_lists_each_queue_once(
    clock: FakeClock, queues: int, size: int, pages: int
) -> None:
    """pageCount is ceil(total/size) and pages 1..pageCount hold every queue exactly once."""
    client = _client(clock, queues)
    first = client.get(QUEUES, params={"pageSize": size}).json()
    assert (first["total"], first["pageCount"], first["pageSize"]) == (queues, pages, size)
    seen = [q["id"] for q in first["entities"]]
    for number in range(2, pages + 1):
        page = client.get(QUEUES, params={"pageSize": size, "pageNumber": number}).json()
        seen += [q["id"] for q in page["entities"]]
    assert len(seen) == len(set(seen)) == queues
    assert pages == math.ceil(queues / size)


def test_uris_link_the_pages(clock: FakeClock) -> None:
    """first/self/last/next/previous URIs carry paging and the caller's filters."""
    client = _client(clock, 10)
    middle = client.get(QUEUES, params={"pageSize": 3, "pageNumber": 2, "name": "Queue*"}).json()
    assert middle["selfUri"] == f"{QUEUES}?pageSize=3&pageNumber=2&name=Queue*"
    assert middle["firstUri"] == f"{QUEUES}?pageSize=3&pageNumber=1&name=Queue*"
    assert middle["lastUri"] == f"{QUEUES}?pageSize=3&pageNumber=4&name=Queue*"
    assert middle["nextUri"] == f"{QUEUES}?pageSize=3&pageNumber=3&name=Queue*"
    assert middle["previousUri"] == f"{QUEUES}?pageSize=3&pageNumber=1&name=Queue*"


def test_following_next_uri_reaches_the_end(clock: FakeClock) -> None:
    """Following nextUri until it is absent visits every page; the last has no nextUri."""
    client = _client(clock, 11)
    uri: str | None = f"{QUEUES}?pageSize=5"
    names: list[str] = []
    while uri:
        page = client.get(uri).json()
        names += [q["name"] for q in page["entities"]]
        uri = page.get("nextUri")
    assert names == sorted(names)
    assert len(names) == 11


def test_first_page_has_no_previous_and_empty_list_has_no_next(clock: FakeClock) -> None:
    """Page 1 has no previousUri; an empty listing has neither link."""
    page = _client(clock, 0).get(QUEUES).json()
    assert page["entities"] == []
    assert "nextUri" not in page
    assert "previousUri" not in page


def test_page_past_the_end_is_empty(clock: FakeClock) -> None:
    """Asking for a page after the last one answers 200 with no entities."""
    page = _client(clock, 5).get(QUEUES, params={"pageSize": 2, "pageNumber": 9}).json()
    assert page["entities"] == []
    assert page["total"] == 5


def _probe(emulator: Emulator, template: str) -> tuple[str, dict[str, str]]:
    """A concrete path for ``template`` and the query parameters the endpoint requires."""
    queue_id = next(iter(emulator.store.table("queues")))
    row = next(iter(emulator.store.table("flow_dependencies").values()))
    required = {
        "/api/v2/architect/dependencytracking/consumingresources": {
            "id": queue_id,
            "objectType": "QUEUE",
        },
        "/api/v2/architect/dependencytracking/consumedresources": {
            "id": row["flowId"],
            "version": row["version"],
            "objectType": row["objectType"],
        },
    }
    return template.replace("{queueId}", queue_id), required.get(template, {})


@pytest.mark.parametrize(("template", "limit"), sorted(MAX_PAGE_SIZE.items()))
def test_max_page_size_is_accepted_and_one_more_is_400(
    emulator: Emulator, api: httpx.Client, template: str, limit: int
) -> None:
    """Each list endpoint takes its maximum pageSize and refuses one more with a 400."""
    path, needed = _probe(emulator, template)
    assert api.get(path, params={**needed, "pageSize": limit}).status_code == 200
    refused = api.get(path, params={**needed, "pageSize": limit + 1})
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "invalid.value"
    assert body["details"] == [{"errorCode": "invalid.value", "fieldName": "pageSize"}]
    assert f"maximum page size is {limit}" in body["message"]


@pytest.mark.parametrize(
    "params", [{"pageSize": 0}, {"pageSize": "ten"}, {"pageNumber": 0}, {"pageNumber": -2}]
)
def test_bad_paging_values_are_400(api: httpx.Client, params: dict[str, object]) -> None:
    """Zero, negative or non-numeric paging parameters are refused."""
    response = api.get(QUEUES, params=params)
    assert response.status_code == 400
    assert response.json()["details"][0]["fieldName"] in ("pageSize", "pageNumber")


def test_default_page_size_is_25(api: httpx.Client) -> None:
    """Without pageSize the API pages by 25."""
    page = api.get(QUEUES).json()
    assert page["pageSize"] == 25
    assert len(page["entities"]) == 25
