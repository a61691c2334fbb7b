"""The small kinds: organization, features, skills, languages, wrap-up codes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cxgate.resource import KINDS, Refs
from cxgate.testing.entities import StaticReader, synth_entities

ENTITIES = synth_entities(queues=0, skills=2, wrapup_codes=2)
REFS = Refs({"division": [("Home", "d0"), ("Sales", "d1")]})


def test_org_token_is_its_version() -> None:
    """The org's concurrency token is the integer it must echo."""
    token = KINDS["organization"].token(ENTITIES["organization"][0])
    assert token is not None
    assert (token.scheme, token.value) == ("version", "7")


def test_org_manages_only_writable_fields() -> None:
    """Immutable and server fields stay out of the YAML form and the request."""
    org = KINDS["organization"]
    body = org.from_api(ENTITIES["organization"][0], REFS)
    assert "thirdPartyOrgName" not in body
    assert org.to_api(body, REFS) == body


def test_feature_read_keeps_patchable_names_only() -> None:
    """Every feature the PATCH endpoint accepts is read, absent ones as off; others ignored."""
    reader = StaticReader(gets={"/api/v2/organizations/me": ENTITIES["organization"][0]})
    found = {e["name"]: e["enabled"] for e in KINDS["feature"].read(reader)}
    assert len(found) == 13
    assert found["chat"] is True
    assert found["hipaa"] is False
    assert "notAPatchableFeature" not in found


def test_feature_body_is_feature_state() -> None:
    """A feature's request is FeatureState."""
    assert KINDS["feature"].to_api({"enabled": False}, REFS) == {"enabled": False}


def test_skill_request_is_create_routing_skill() -> None:
    """Skills are created with ``{name, divisionId}``."""
    request = KINDS["skill"].to_api({"name": "Billing", "division": "Sales"}, REFS)
    assert request == {"name": "Billing", "divisionId": "d1"}
    assert KINDS["skill"].to_api({"name": "Billing"}, REFS) == {"name": "Billing"}


@pytest.mark.parametrize("kind_name", ["skill", "language"])
def test_deleted_skills_and_languages_are_not_read(kind_name: str) -> None:
    """``state: deleted`` entries are not part of the org any more."""
    kind = KINDS[kind_name]
    live = [
        {"id": "1", "name": "A", "state": "active"},
        {"id": "2", "name": "B", "state": "deleted"},
    ]
    reader = StaticReader(lists={kind.api_path: live})
    assert [e["name"] for e in kind.read(reader)] == ["A"]


def test_wrapup_code_request_carries_division_reference() -> None:
    """Wrap-up codes send WrapupCodeRequest with a division reference."""
    request = KINDS["wrapup_code"].to_api(
        {"name": "Sale", "description": "won", "division": "Home", "renamedFrom": "Won"}, REFS
    )
    assert request == {"name": "Sale", "description": "won", "division": {"id": "d0"}}


@pytest.mark.parametrize(
    ("kind_name", "fields", "allowed"),
    [
        ("skill", [("division",)], True),
        ("skill", [("name",)], False),
        ("language", [("name",)], False),
        ("queue", [("name",), ("bullseye", "rings", 0)], True),
    ],
)
def test_which_fields_can_be_updated(
    kind_name: str, fields: list[tuple[str]], allowed: bool
) -> None:
    """Skills move division only; languages never change; queues change anything."""
    assert KINDS[kind_name].can_update(fields) is allowed


def test_schema_refuses_unknown_keys_and_bad_enums() -> None:
    """extra='forbid' and SDK enums hold at every level."""
    with pytest.raises(ValidationError, match=r"extra_forbidden|Extra inputs"):
        KINDS["skill"].canonical({"name": "A", "colour": "red"})
    with pytest.raises(ValidationError, match="BEST"):
        KINDS["queue"].canonical({"name": "Q", "skillEvaluationMethod": "SOME"})
