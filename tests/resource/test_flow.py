"""The flow kind's API mapping: metadata both ways, and the token apply compares."""

from __future__ import annotations

import pytest

from cxgate.resource import Refs
from cxgate.resource.base import Token
from cxgate.resource.flow import flow_token, metadata_from_api, metadata_to_api


def test_metadata_from_api_names_things_and_drops_empties() -> None:
    """Type becomes the Archy kind, division its name; an empty description is left out."""
    entity = {
        "id": "f",
        "name": "IVR",
        "type": "INBOUNDCALL",
        "division": {"id": "d", "name": "Home"},
        "description": "",
    }
    assert metadata_from_api(entity) == {"name": "IVR", "type": "inboundCall", "division": "Home"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"name": "IVR", "type": "inqueueCall"}, {"name": "IVR", "type": "INQUEUECALL"}),
        (
            {"name": "IVR", "type": "inboundCall", "division": "Home", "description": "d"},
            {"name": "IVR", "type": "INBOUNDCALL", "description": "d", "division": {"id": "d1"}},
        ),
    ],
)
def test_metadata_to_api(body: dict[str, str], expected: dict[str, object]) -> None:
    """The Flow request body, with the division's id from the refs."""
    assert metadata_to_api(body, Refs({"division": [("Home", "d1")]})) == expected


def test_token_lists_versions_and_lock() -> None:
    """Published, checked-in and saved version ids and the lock holder, '-' when absent."""
    entity = {"publishedVersion": {"id": "2.0"}, "lockedUser": {"id": "u1"}}
    assert flow_token(entity) == Token("flow", "published=2.0;checkedIn=-;saved=-;lock=u1")
