"""Queues: the routing strategy between API and YAML, references, token, wrap-up codes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cxgate.errors import BundleError
from cxgate.resource import KINDS, Refs
from cxgate.resource.queue import read_wrapup_codes
from cxgate.testing.entities import StaticReader, synth_entities

QUEUE = KINDS["queue"]


def _api_queue() -> dict[str, Any]:
    entity = synth_entities(queues=1, skills=2)["queue"][0]
    entity["queueFlow"] = {"id": "f1", "name": "Hold Music", "selfUri": "/api/v2/flows/f1"}
    entity["memberGroups"] = [{"id": "g1", "name": "Tier 1", "type": "GROUP", "memberCount": 4}]
    entity["conditionalGroupRouting"] = {
        "rules": [
            {
                "metric": "EstimatedWaitTime",
                "operator": "GreaterThan",
                "conditionValue": 30.0,
                "groups": [{"id": "t1", "type": "TEAM"}],
                "waitSeconds": 2,
            },
            {
                "queue": {"id": "q9"},
                "metric": "ServiceLevel",
                "operator": "LessThan",
                "conditionValue": 0.5,
                "groups": [{"id": "g1", "type": "GROUP"}],
            },
        ]
    }
    return entity


def _refs() -> Refs:
    return Refs(
        {
            "skill": [("Skill 0000", _skill_id(0)), ("Skill 0001", _skill_id(1))],
            "team": [("Night Team", "t1")],
            "group": [("Tier 1", "g1")],
            "queue": [("Overflow", "q9")],
            "flow": [("Hold Music", "f1")],
            "division": [("Home", "d0")],
        }
    )


def _skill_id(index: int) -> str:
    return str(synth_entities(queues=0, skills=2)["skill"][index]["id"])


def test_from_api_uses_names_for_every_reference() -> None:
    """Ids become names: skills, groups, teams, queues, flows."""
    body = QUEUE.from_api(_api_queue(), _refs())
    assert body["queueFlow"] == "Hold Music"
    assert body["memberGroups"] == [{"name": "Tier 1", "type": "GROUP"}]
    rules = body["conditionalGroupRouting"]["rules"]
    assert rules[0]["groups"] == [{"name": "Night Team", "type": "TEAM"}]
    assert rules[1]["queue"] == "Overflow"
    ring_skills = [r["actions"]["skillsToRemove"] for r in body["bullseye"]["rings"]]
    assert all(name.startswith("Skill ") for names in ring_skills for name in names)


def test_unknown_ids_are_written_as_id_references() -> None:
    """An id with no known name stays usable as ``id:<uuid>``."""
    body = QUEUE.from_api(_api_queue(), Refs())
    assert body["conditionalGroupRouting"]["rules"][1]["queue"] == "id:q9"
    assert body["queueFlow"] == "Hold Music"  # the API's own name is the fallback


def test_to_api_resolves_names_back_to_ids() -> None:
    """Reading then writing gives the same references the API sent."""
    refs = _refs()
    request = QUEUE.to_api(QUEUE.from_api(_api_queue(), refs), refs)
    assert request["queueFlow"] == {"id": "f1"}
    assert request["memberGroups"] == [{"id": "g1", "type": "GROUP"}]
    assert request["conditionalGroupRouting"]["rules"][1]["queue"] == {"id": "q9"}
    assert request["division"] == {"id": "d0"}
    assert "wrapupCodes" not in request


def test_to_api_refuses_unresolved_names() -> None:
    """A name that resolves nowhere is a bundle error naming the queue and the fix."""
    with pytest.raises(BundleError, match=r"queue 'Q'.*flow 'Nope'.*id:<uuid>"):
        QUEUE.to_api({"name": "Q", "queueFlow": "Nope"}, Refs())


def test_references_list_every_site_with_its_path() -> None:
    """Validation gets each reference with the YAML path to report."""
    body = QUEUE.from_api(_api_queue(), _refs()) | {"wrapupCodes": ["Sale"]}
    found = {(r.kind, r.name, r.path) for r in QUEUE.references(body)}
    assert ("flow", "Hold Music", ("queueFlow",)) in found
    assert ("group", "Tier 1", ("memberGroups", 0, "name")) in found
    assert ("queue", "Overflow", ("conditionalGroupRouting", "rules", 1, "queue")) in found
    assert ("wrapup_code", "Sale", ("wrapupCodes", 0)) in found
    assert ("division", "Home", ("division",)) in found


@pytest.mark.parametrize(
    ("field", "value", "changes"),
    [
        ("memberCount", 99, False),
        ("joinedMemberCount", 3, False),
        ("description", "edited", True),
        ("dateModified", "2026-01-01T00:00:00.000Z", True),
    ],
)
def test_token_ignores_member_counts_only(field: str, value: Any, changes: bool) -> None:
    """Agents joining do not look like a concurrent edit; a real edit does."""
    entity = _api_queue()
    edited = copy.deepcopy(entity) | {field: value}
    assert (QUEUE.token(entity) != QUEUE.token(edited)) is changes


def test_wrapup_codes_are_read_and_sorted_by_name() -> None:
    """The sub-collection read attaches codes; from_api lists their names sorted."""
    entity = _api_queue()
    reader = StaticReader(
        lists={
            f"/api/v2/routing/queues/{entity['id']}/wrapupcodes": [
                {"id": "w2", "name": "Sale"},
                {"id": "w1", "name": "No Sale"},
            ]
        }
    )
    enriched = read_wrapup_codes(reader, entity)
    assert QUEUE.from_api(enriched, Refs())["wrapupCodes"] == ["No Sale", "Sale"]
    assert len(reader.calls) == 1


def test_friendly_values_load_as_api_numbers() -> None:
    """``20s`` and ``80%`` load as 20000 and 0.8."""
    body = QUEUE.canonical(
        {
            "name": "Q",
            "mediaSettings": {"call": {"serviceLevel": {"percentage": "80%", "durationMs": "20s"}}},
        }
    )
    assert body["mediaSettings"]["call"]["serviceLevel"] == {"percentage": 0.8, "durationMs": 20000}
