"""Request bodies: our fields onto the fresh object, nothing the API holds lost; verification."""

from __future__ import annotations

from cxgate.apply.requests import create_request, merge, mismatches, target_of, update_request
from cxgate.plan.change import FieldChange, Op
from cxgate.resource.refs import Refs

REFS = Refs({"division": [("Home", "div-1")], "skill": [("Sales", "sk-1")]})
FRESH_QUEUE = {
    "id": "q1",
    "name": "Sales",
    "division": {"id": "div-1", "name": "Home", "selfUri": "/d"},
    "memberCount": 12,
    "mediaSettings": {
        "call": {"alertingTimeoutSeconds": 8, "serviceLevel": {"percentage": 0.8}},
        "message": {"subTypeSettings": {"sms": {"x": 1}}},
    },
    "skillEvaluationMethod": "ALL",
    "description": "sales",
}


def test_update_keeps_fields_cxgate_does_not_model() -> None:
    """A PUT replaces the whole queue: unmodelled nested fields and counts survive."""
    field = FieldChange(
        ("mediaSettings", "call", "serviceLevel", "percentage"), Op.MODIFY, 0.8, 0.9
    )
    fresh = {"name": "Sales", "division": "Home"}
    target = target_of(
        {**fresh, "mediaSettings": {"call": {"serviceLevel": {"percentage": 0.8}}}}, [field]
    )
    body = update_request("queue", FRESH_QUEUE, target, [field], REFS)
    assert body["mediaSettings"]["call"]["serviceLevel"]["percentage"] == 0.9
    assert body["mediaSettings"]["message"] == {"subTypeSettings": {"sms": {"x": 1}}}
    assert body["memberCount"] == 12
    assert body["division"] == {"id": "div-1"}


def test_cleared_field_leaves_the_request() -> None:
    """``description: null`` in the bundle clears it: the PUT omits it."""
    field = FieldChange(("description",), Op.REMOVE, "sales", None)
    body = update_request("queue", FRESH_QUEUE, {"name": "Sales"}, [field], REFS)
    assert "description" not in body


def test_org_update_echoes_the_fresh_version() -> None:
    """The organization PUT carries the version just read (genesys-api.md §7)."""
    field = FieldChange(("name",), Op.MODIFY, "Acme", "Acme Inc")
    fresh = {"id": "o", "name": "Acme", "version": 7, "features": {"chat": True}}
    body = update_request("organization", fresh, {"name": "Acme Inc"}, [field], REFS)
    assert (body["name"], body["version"]) == ("Acme Inc", 7)


def test_skill_and_feature_updates_send_only_what_their_endpoint_takes() -> None:
    """A skill moves division with {divisionId}; a feature flag is {enabled}."""
    field = FieldChange(("division",), Op.MODIFY, "Other", "Home")
    skill = update_request(
        "skill", {"id": "s", "name": "S"}, {"name": "S", "division": "Home"}, [field], REFS
    )
    assert skill == {"divisionId": "div-1"}
    flag = FieldChange(("enabled",), Op.MODIFY, True, False)
    assert update_request("feature", {}, {"enabled": False}, [flag], REFS) == {"enabled": False}


def test_queue_wrapup_codes_never_reach_the_put() -> None:
    """Wrap-up codes are a sub-collection with calls of their own."""
    field = FieldChange(("wrapupCodes",), Op.MODIFY, ["A"], ["B"])
    fresh = {**FRESH_QUEUE, "wrapupCodes": [{"id": "c1"}]}
    body = update_request("queue", fresh, {"name": "Sales", "wrapupCodes": ["B"]}, [field], REFS)
    assert "wrapupCodes" not in body


def test_create_request_resolves_names() -> None:
    """Names become ids; bundle-only fields stay home."""
    body = create_request(
        "queue", {"name": "New", "division": "Home", "forecast": {"calls": 1}}, REFS
    )
    assert body == {"name": "New", "division": {"id": "div-1"}}


def test_merge_replaces_references_and_lists() -> None:
    """A reference {id} replaces the old one whole; lists of one length merge item by item."""
    assert merge({"q": {"id": "a", "name": "A"}}, {"q": {"id": "b"}}) == {"q": {"id": "b"}}
    assert merge([{"a": 1, "keep": 2}], [{"a": 3}]) == [{"a": 3, "keep": 2}]
    assert merge([1, 2], [3]) == [3]


def test_mismatches_compare_as_the_diff_does() -> None:
    """The API may fill in keys we did not set; a value we set must come back."""
    field = FieldChange(("mediaSettings",), Op.ADD, None, {"call": {"alertingTimeoutSeconds": 10}})
    target = {"name": "Q", "mediaSettings": {"call": {"alertingTimeoutSeconds": 10}}}
    answer = {
        "name": "Q",
        "mediaSettings": {"call": {"alertingTimeoutSeconds": 10, "enableAutoAnswer": False}},
    }
    assert mismatches("queue", answer, target, [field], REFS) == []
    wrong = {"name": "Q", "mediaSettings": {"call": {"alertingTimeoutSeconds": 30}}}
    assert mismatches("queue", wrong, target, [field], REFS) == [
        "mediaSettings: wrote {'call': {'alertingTimeoutSeconds': 10}}, the API answered "
        "{'call': {'alertingTimeoutSeconds': 30}}"
    ]
