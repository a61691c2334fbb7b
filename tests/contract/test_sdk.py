"""The SDK reader itself: operations, models, enums, and check_payload."""

from __future__ import annotations

from typing import Any

import pytest

from tests.contract.sdk import Sdk, check_payload, normalize_path


def test_reads_thousands_of_operations(sdk: Sdk) -> None:
    """Every apis/*.py operation is read (3,508 in SDK 269)."""
    assert len(sdk.operations) > 3000
    assert len({(op.method, normalize_path(op.path)) for op in sdk.operations}) > 3000


def test_operation_details(sdk: Sdk) -> None:
    """Method, path, response type, body type and query parameters come through."""
    listing = sdk.operation("GET", "/api/v2/routing/queues")
    assert listing is not None
    assert listing.response_type == "QueueEntityListing"
    assert {
        "pageSize",
        "pageNumber",
        "name",
        "id",
        "divisionId",
        "sortOrder",
    } <= listing.query_params
    feature = sdk.operation("PATCH", "/api/v2/organizations/features/{anyName}")
    assert feature is not None
    assert (feature.body_type, feature.response_type) == ("FeatureState", "OrganizationFeatures")
    delete = sdk.operation("delete", "/api/v2/routing/queues/{queueId}")
    assert delete is not None
    assert delete.response_type is None


@pytest.mark.parametrize(
    ("method", "path"),
    [("PATCH", "/api/v2/routing/queues/{queueId}"), ("GET", "/api/v2/architect/flows")],
)
def test_invented_endpoints_are_absent(sdk: Sdk, method: str, path: str) -> None:
    """Endpoints the tutorial seeds invent are not in the SDK (genesys-api.md §12)."""
    assert sdk.operation(method, path) is None


def test_paths_and_prefixes(sdk: Sdk) -> None:
    """has_path ignores variable names and queries; has_prefix finds path prefixes."""
    assert sdk.has_path("/api/v2/routing/queues/{id}?forceDelete=true")
    assert not sdk.has_path("/api/v2/routing/queue")
    assert sdk.has_prefix("/api/v2/routing/")
    assert not sdk.has_prefix("/api/v3/")


def test_model_fields_and_enums(sdk: Sdk) -> None:
    """attribute_map keys, swagger types and setter allowed_values are read."""
    queue = sdk.model("Queue").fields
    assert queue["mediaSettings"].type == "QueueMediaSettings"
    assert queue["skillEvaluationMethod"].allowed == ("NONE", "BEST", "ALL")
    assert queue["name"].allowed == ()
    assert sdk.has_model("WrapupCodeRequest")
    assert not sdk.has_model("QueueStrategy")


VALID_QUEUE: dict[str, Any] = {
    "name": "Q",
    "memberCount": 3,
    "mediaSettings": {"call": {"serviceLevel": {"percentage": 1, "durationMs": 20}}},
    "routingRules": [{"operator": "ANY", "waitSeconds": 2.5}],
    "defaultScripts": {"CALL": {"id": "s"}},
    "queueFlow": None,
}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({}, None),
        ({"strategy": "x"}, "Queue.strategy: not a field of Queue"),
        ({"memberCount": "3"}, "Queue.memberCount: expected int"),
        ({"memberCount": True}, "Queue.memberCount: expected int"),
        ({"routingRules": {"operator": "ANY"}}, "Queue.routingRules: expected a list"),
        (
            {"routingRules": [{"operator": "SOME"}]},
            "Queue.routingRules[0].operator: 'SOME' is not one of",
        ),
        (
            {"defaultScripts": {"CALL": {"nope": 1}}},
            "Queue.defaultScripts['CALL'].nope: not a field",
        ),
        ({"defaultScripts": []}, "Queue.defaultScripts: expected an object"),
        ({"division": "Home"}, "Queue.division: expected a Division object"),
    ],
)
def test_check_payload_names_each_problem(
    sdk: Sdk, change: dict[str, Any], problem: str | None
) -> None:
    """check_payload returns nothing for a valid body and a located message otherwise."""
    found = check_payload("Queue", {**VALID_QUEUE, **change}, sdk=sdk)
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1
        assert found[0].startswith(problem)


def test_check_payload_uses_the_session_sdk_by_default() -> None:
    """Without sdk=, the cached installed SDK is used."""
    assert check_payload("FeatureState", {"enabled": True}) == []
    assert check_payload("FeatureState", {"enabled": "yes"}) != []
