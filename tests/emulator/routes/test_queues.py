"""``/api/v2/routing/queues``: list filters, create, get, full PUT, delete."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator

QUEUES = "/api/v2/routing/queues"


def _names(api: httpx.Client, **params: Any) -> list[str]:
    response = api.get(QUEUES, params={"pageSize": 500, **params})
    assert response.status_code == 200, response.text
    return [q["name"] for q in response.json()["entities"]]


def _queue(emulator: Emulator, name: str) -> dict[str, Any]:
    queue = emulator.find("queue", name)
    assert queue is not None
    return queue


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("Billing", ["Billing"]),
        ("billing", ["Billing"]),
        ("Billing*", ["Billing", "Billing - Disputes"]),
        (
            "*Support",
            [
                "Chat Support",
                "Email Support",
                "Enterprise Support",
                "French Support",
                "Spanish Support",
            ],
        ),
        ("*Tier*", ["Support - Tier 1", "Support - Tier 2"]),
        ("Nothing*", []),
    ],
)
def test_name_filter_with_wildcards(api: httpx.Client, pattern: str, expected: list[str]) -> None:
    """name matches exactly, or by prefix/suffix/substring with * at either end."""
    assert _names(api, name=pattern) == expected


def test_list_is_sorted_by_name_both_ways(api: httpx.Client) -> None:
    """Queues come sorted by name; sortOrder=desc reverses them."""
    ascending = _names(api)
    assert ascending == sorted(ascending, key=str.casefold)
    assert _names(api, sortOrder="desc") == ascending[::-1]


def test_sort_order_must_be_asc_or_desc(api: httpx.Client) -> None:
    """Queues take asc|desc (not ascending|descending): anything else is 400."""
    response = api.get(QUEUES, params={"sortOrder": "ascending"})
    assert response.status_code == 400
    assert "Allowable values are: asc, desc" in response.json()["message"]


@pytest.mark.parametrize("style", ["repeated", "comma"])
def test_id_filter_takes_lists_both_ways(emulator: Emulator, api: httpx.Client, style: str) -> None:
    """id=a&id=b and id=a,b (how the Python SDK joins lists) both filter."""
    ids = [_queue(emulator, n)["id"] for n in ("Billing", "Claims")]
    params: Any = [("id", i) for i in ids] if style == "repeated" else {"id": ",".join(ids)}
    response = api.get(QUEUES, params=params)
    assert [q["name"] for q in response.json()["entities"]] == ["Billing", "Claims"]


def test_division_filter(emulator: Emulator, api: httpx.Client) -> None:
    """divisionId keeps only that division's queues."""
    outsourced = _queue(emulator, "Partner Desk")["division"]["id"]
    assert _names(api, divisionId=outsourced) == ["Back Office", "Partner Desk"]


def test_peer_filters(emulator: Emulator, api: httpx.Client) -> None:
    """hasPeer and peerId select queues by their peer id."""
    billing = _queue(emulator, "Billing")
    emulator.edit("queue", billing["id"], peerId="peer-1")
    assert _names(api, hasPeer="true") == ["Billing"]
    assert "Billing" not in _names(api, hasPeer="false")
    assert _names(api, peerId="peer-1") == ["Billing"]


def test_create_answers_200_with_defaults_and_creator(api: httpx.Client, clock: FakeClock) -> None:
    """POST fills defaults, server fields, the caller as creator, and a selfUri."""
    response = api.post(QUEUES, json={"name": "New Queue", "description": "d"})
    assert response.status_code == 200
    queue = response.json()
    assert queue["selfUri"] == f"{QUEUES}/{queue['id']}"
    assert queue["createdBy"] == queue["modifiedBy"] == "cxgate-test"
    assert queue["division"]["name"] == "Home"
    assert queue["skillEvaluationMethod"] == "ALL"
    assert queue["mediaSettings"]["call"]["serviceLevel"] == {
        "percentage": 0.8,
        "durationMs": 20000,
    }
    assert queue["memberCount"] == 0
    assert api.get(f"{QUEUES}/{queue['id']}").json() == queue


def test_create_copies_a_source_queue(emulator: Emulator, api: httpx.Client) -> None:
    """sourceQueueId starts the new queue from another queue's settings."""
    source = _queue(emulator, "Support - Tier 2")
    queue = api.post(QUEUES, json={"name": "Tier 2 copy", "sourceQueueId": source["id"]}).json()
    assert queue["bullseye"] == source["bullseye"]
    assert queue["acwSettings"] == source["acwSettings"]
    assert queue["id"] != source["id"]
    assert "sourceQueueId" not in queue


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 400, "name"),
        ({"name": ""}, 400, "name"),
        ({"name": "X", "skillEvaluationMethod": "SOME"}, 400, "skillEvaluationMethod"),
        ({"name": "X", "acwSettings": {"wrapupPrompt": "LATER"}}, 400, "acwSettings.wrapupPrompt"),
        (
            {"name": "X", "mediaSettings": {"callback": {"mode": ""}}},
            400,
            "mediaSettings.callback.mode",
        ),
        (
            {"name": "X", "routingRules": [{"operator": "ANY"}, {"operator": "MOST"}]},
            400,
            "routingRules[1].operator",
        ),
        ({"name": "X", "autoAnswerOnly": "yes"}, 400, "autoAnswerOnly"),
        ({"name": "X", "division": {"id": "no-such-division"}}, 400, "division"),
        ({"name": "Billing"}, 409, None),
        ({"name": "X", "sourceQueueId": "missing"}, 404, None),
    ],
)
def test_create_refuses_bad_bodies(
    api: httpx.Client, body: dict[str, Any], status: int, field: str | None
) -> None:
    """Missing name, bad enums and types, unknown divisions, duplicates are refused."""
    response = api.post(QUEUES, json=body)
    assert response.status_code == status
    error = response.json()
    assert error["status"] == status
    if field is not None:
        assert error["details"][0]["fieldName"] == field


def test_enum_error_reads_like_the_real_one(api: httpx.Client) -> None:
    """An enum 400 names the value, the field type and the allowed values."""
    body = {"name": "X", "mediaSettings": {"callback": {"mode": ""}}}
    message = api.post(QUEUES, json=body).json()["message"]
    assert message == (
        "Value [] is not valid for field type [Mode]. "
        "Allowable values are: AgentFirst, CustomerFirst"
    )


def test_malformed_json_is_400(api: httpx.Client) -> None:
    """A body that is not JSON gets the malformed-syntax message."""
    response = api.post(QUEUES, content=b"{nope", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "malformed syntax" in response.json()["message"]


def test_get_unknown_queue_is_404(api: httpx.Client) -> None:
    """A missing queue is a 404 with code not.found."""
    response = api.get(f"{QUEUES}/does-not-exist")
    assert response.status_code == 404
    assert response.json()["code"] == "not.found"


def test_put_replaces_the_whole_configuration(
    emulator: Emulator, api: httpx.Client, clock: FakeClock
) -> None:
    """PUT is a full replacement: omitted fields return to defaults; identity stays."""
    before = _queue(emulator, "Support - Tier 2")
    clock.advance(60)
    response = api.put(f"{QUEUES}/{before['id']}", json={"name": "Support - Tier 2"})
    assert response.status_code == 200
    after = response.json()
    assert "bullseye" not in after
    assert "description" not in after
    assert after["acwSettings"] == {"wrapupPrompt": "OPTIONAL"}
    assert (after["id"], after["dateCreated"], after["memberCount"]) == (
        before["id"],
        before["dateCreated"],
        before["memberCount"],
    )
    assert after["dateModified"] > before["dateModified"]
    assert after["modifiedBy"] == "cxgate-test"


def test_put_twice_in_the_same_millisecond_still_moves_date_modified(
    emulator: Emulator, api: httpx.Client
) -> None:
    """dateModified strictly increases even when the clock does not move."""
    queue_id = _queue(emulator, "Billing")["id"]
    first = api.put(f"{QUEUES}/{queue_id}", json={"name": "Billing"}).json()["dateModified"]
    second = api.put(f"{QUEUES}/{queue_id}", json={"name": "Billing"}).json()["dateModified"]
    assert second > first


def test_put_can_rename_but_not_onto_another_name(emulator: Emulator, api: httpx.Client) -> None:
    """Renaming works; taking another queue's name is a 409."""
    queue_id = _queue(emulator, "Billing")["id"]
    assert api.put(f"{QUEUES}/{queue_id}", json={"name": "Billing (new)"}).status_code == 200
    assert api.put(f"{QUEUES}/{queue_id}", json={"name": "Claims"}).status_code == 409


def test_put_moves_division_and_unknown_queue_is_404(emulator: Emulator, api: httpx.Client) -> None:
    """A division in the body moves the queue; PUT on a missing id is a 404."""
    queue_id = _queue(emulator, "Billing")["id"]
    outsourced = _queue(emulator, "Partner Desk")["division"]
    moved = api.put(
        f"{QUEUES}/{queue_id}", json={"name": "Billing", "division": {"id": outsourced["id"]}}
    )
    assert moved.json()["division"] == outsourced
    assert api.put(f"{QUEUES}/nope", json={"name": "Nope"}).status_code == 404


def test_delete_then_gone(api: httpx.Client) -> None:
    """DELETE answers 204 without a body; the queue is then 404."""
    queue = api.post(QUEUES, json={"name": "Temporary"}).json()
    deleted = api.delete(f"{QUEUES}/{queue['id']}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert api.get(f"{QUEUES}/{queue['id']}").status_code == 404
    assert api.delete(f"{QUEUES}/{queue['id']}").status_code == 404


def test_delete_with_members_needs_force(emulator: Emulator, api: httpx.Client) -> None:
    """A queue with members is only deleted with forceDelete=true."""
    queue_id = _queue(emulator, "Billing")["id"]
    refused = api.delete(f"{QUEUES}/{queue_id}")
    assert refused.status_code == 409
    assert "forceDelete=true" in refused.json()["message"]
    assert api.delete(f"{QUEUES}/{queue_id}", params={"forceDelete": "true"}).status_code == 204


def test_bad_boolean_query_is_400(emulator: Emulator, api: httpx.Client) -> None:
    """forceDelete must be true or false."""
    queue_id = _queue(emulator, "Billing")["id"]
    assert api.delete(f"{QUEUES}/{queue_id}", params={"forceDelete": "maybe"}).status_code == 400
