"""Request body validation: required fields, JSON types, enums by path."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.emulator.schema import QUEUE_REQUEST, BodySpec, validate
from cxgate.emulator.wire import ReplyError

SPEC = BodySpec(
    model="Thing",
    required=("name",),
    types={
        "name": "string",
        "count": "integer",
        "ratio": "number",
        "rules": "array",
        "mode": "string",
    },
    readonly=("id",),
    enums={"rules[].kind": ("A", "B"), "mode": ("X",)},
)


def test_valid_body_keeps_writable_fields_only() -> None:
    """Read-only fields are accepted and dropped, writable ones kept."""
    body = {"name": "n", "count": 2, "ratio": 1, "id": "ignored"}
    assert validate(body, SPEC) == {"name": "n", "count": 2, "ratio": 1}


def test_unknown_property_is_refused_as_genesys_refuses_it() -> None:
    """A property the model lacks is a 400 invalid.property in the swagger's words."""
    with pytest.raises(ReplyError) as caught:
        validate({"name": "n", "extra": True, "more": 1}, SPEC)
    error = caught.value
    assert (error.status, error.code) == (400, "invalid.property")
    assert error.message == "Value [extra] is not a valid property for object [Thing]"
    assert [d["fieldName"] for d in error.details] == ["extra", "more"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["name"]),
        ({"name": None}, ["name"]),
        ({"name": "n", "count": True}, ["count"]),
        ({"name": "n", "count": 1.5}, ["count"]),
        ({"name": "n", "ratio": "1"}, ["ratio"]),
        ({"name": "n", "rules": [{"kind": "A"}, {"kind": "C"}, {}]}, ["rules[1].kind"]),
        ({"count": "x", "mode": "Y"}, ["name", "count", "mode"]),
    ],
)
def test_every_problem_is_listed(body: dict[str, Any], fields: list[str]) -> None:
    """The first problem is the message; details list every field that is wrong."""
    with pytest.raises(ReplyError) as info:
        validate(body, SPEC)
    assert info.value.status == 400
    assert [d["fieldName"] for d in info.value.details] == fields


@pytest.mark.parametrize("body", [None, [], "text", 3])
def test_non_object_bodies_are_malformed(body: Any) -> None:
    """A body that is not a JSON object is a malformed request."""
    with pytest.raises(ReplyError, match="malformed syntax"):
        validate(body, QUEUE_REQUEST)


def test_enums_inside_non_objects_are_skipped() -> None:
    """An enum path through a value of the wrong shape reports the type, not a crash."""
    with pytest.raises(ReplyError) as info:
        validate({"name": "n", "rules": "nope"}, SPEC)
    assert [d["fieldName"] for d in info.value.details] == ["rules"]
