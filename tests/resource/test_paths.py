"""Path patterns over nested bodies."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.resource.paths import ANY, restrict_to_model, transform_at, values_at
from cxgate.resource.queue_model import QueueModel

BODY: dict[str, Any] = {
    "bullseye": {"rings": [{"actions": {"skillsToRemove": ["a", "b"]}}, {"actions": {}}]},
    "name": "Q",
}
SKILLS = ("bullseye", "rings", ANY, "actions", "skillsToRemove", ANY)


def test_values_at_yields_concrete_paths() -> None:
    """Wildcards expand to list indexes; missing parts are skipped."""
    assert list(values_at(BODY, SKILLS)) == [
        (("bullseye", "rings", 0, "actions", "skillsToRemove", 0), "a"),
        (("bullseye", "rings", 0, "actions", "skillsToRemove", 1), "b"),
    ]


@pytest.mark.parametrize("data", [None, {}, {"bullseye": None}, {"bullseye": {"rings": "x"}}])
def test_values_at_tolerates_absent_or_odd_shapes(data: Any) -> None:
    """Nothing matches in bodies without the path."""
    assert list(values_at(data, SKILLS)) == []


def test_transform_at_copies_and_leaves_the_original() -> None:
    """Only matched values change; the input is untouched."""
    out = transform_at(BODY, SKILLS, str.upper)
    assert out["bullseye"]["rings"][0]["actions"]["skillsToRemove"] == ["A", "B"]
    assert BODY["bullseye"]["rings"][0]["actions"]["skillsToRemove"] == ["a", "b"]
    assert out["name"] == "Q"


def test_restrict_to_model_drops_unknown_keys_recursively() -> None:
    """Fields the schema does not model are dropped at every depth, lists included."""
    data = {
        "name": "Q",
        "selfUri": "/x",
        "mediaSettings": {
            "email": {"alertingTimeoutSeconds": 300, "allOutboundEmailAddresses": []}
        },
        "routingRules": [{"operator": "ANY", "extra": 1}],
    }
    assert restrict_to_model(data, QueueModel) == {
        "name": "Q",
        "mediaSettings": {"email": {"alertingTimeoutSeconds": 300}},
        "routingRules": [{"operator": "ANY"}],
    }
