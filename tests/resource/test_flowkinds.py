"""Flow kinds under their three spellings, and dependency types of external references."""

from __future__ import annotations

import pytest

from cxgate.errors import BundleError
from cxgate.flow.read.archy import FLOW_KINDS
from cxgate.resource.flowkinds import (
    FLOW_KINDS_BY_ARCHY,
    dependency_type,
    kind_for_archy,
    kind_for_type,
)
from tests.contract.sdk import load_sdk


def test_every_archy_kind_has_an_api_type_the_sdk_knows() -> None:
    """Each kind the reader accepts maps to a Flow.type and a dependency type of the SDK."""
    sdk = load_sdk()
    flow_types = sdk.model("Flow").fields["type"].allowed
    dependency_types = sdk.model("Dependency").fields["type"].allowed
    assert set(FLOW_KINDS_BY_ARCHY) == set(FLOW_KINDS)
    for kind in FLOW_KINDS_BY_ARCHY.values():
        assert kind.api_type in flow_types
        assert kind.dependency_type in dependency_types


@pytest.mark.parametrize(("value", "archy"), [("inboundcall", "inboundCall"), ("BOT", "botFlow")])
def test_types_in_any_case(value: str, archy: str) -> None:
    """``--type inboundcall`` and ``Flow.type`` INBOUNDCALL name the same kind."""
    assert kind_for_type(value).archy == archy
    assert kind_for_archy(archy).type_filter == kind_for_type(value).api_type.lower()


@pytest.mark.parametrize(("call", "value"), [(kind_for_type, "ivr"), (kind_for_archy, "ivr")])
def test_unknown_kinds_list_the_known_ones(call: object, value: str) -> None:
    """A BundleError lists what would have been accepted."""
    with pytest.raises(BundleError, match="known: "):
        call(value)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("queue", "Sales", "QUEUE"),
        ("prompt", "PromptSystem.hold", "SYSTEMPROMPT"),
        ("prompt", "Welcome", "USERPROMPT"),
        ("integration", "Acme CRM", None),
    ],
)
def test_dependency_types(kind: str, name: str, expected: str | None) -> None:
    """References map to Architect dependency-tracking types; integrations have none."""
    assert dependency_type(kind, name) == expected
