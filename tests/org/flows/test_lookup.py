"""Finding flows by name, their locks (who, since when) and their versions."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.architect.editor import lock_flow
from cxgate.errors import ConfigError
from cxgate.org.flows.lookup import LockInfo, VersionInfo, find_flow, list_versions
from cxgate.resource.flowkinds import kind_for_type


@pytest.mark.parametrize(
    ("flow", "expected"),
    [
        ({}, None),
        (
            {"lockedClient": {"id": "c1", "name": "ci-bot"}},
            "locked by OAuth client ci-bot (the API does not say since when)",
        ),
        (
            {
                "lockedUser": {"id": "u1", "email": "ana@example.com"},
                "savedVersion": {"dateSaved": 1_736_154_000_000, "createdBy": {"id": "u1"}},
            },
            "locked by user ana@example.com since 2025-01-06 09:00 UTC (last save)",
        ),
        (
            {
                "lockedUser": {"id": "u1", "name": "Ana"},
                "savedVersion": {"dateSaved": 1_736_154_000_000, "createdBy": {"id": "u2"}},
            },
            "locked by user Ana (the API does not say since when)",
        ),
    ],
)
def test_lock_descriptions(flow: dict[str, Any], expected: str | None) -> None:
    """Who holds the lock; the save time only when the holder made that save."""
    lock = LockInfo.of(flow)
    assert (lock.describe() if lock else None) == expected


def test_find_flow_by_name_any_case(client: GenesysClient) -> None:
    """Names match case-insensitively; a missing flow is None."""
    found = find_flow(client, "acme main ivr")
    assert found is not None
    assert (found.name, found.kind.archy, found.published, found.division) == (
        "Acme Main IVR",
        "inboundCall",
        "2.0",
        "Home",
    )
    assert find_flow(client, "Acme") is None


def test_a_name_shared_by_two_types_needs_a_type(client: GenesysClient) -> None:
    """Several flows named alike: ConfigError unless --type picks one."""
    client.post("/api/v2/flows", {"name": "Acme Hold", "type": "INBOUNDCALL"})
    with pytest.raises(ConfigError, match="choose one with --type"):
        find_flow(client, "Acme Hold")
    found = find_flow(client, "Acme Hold", kind_for_type("inqueuecall"))
    assert found is not None
    assert found.published == "1.0"


def test_versions_oldest_first_with_authors_and_periods(
    client: GenesysClient, emulator: Emulator, clock: FakeClock
) -> None:
    """Each version says who made it and when it was live; the lock shows on the flow."""
    lock_flow(emulator.store, "Acme Main IVR", by="ana@example.com", now=clock.time())
    flow = find_flow(client, "Acme Main IVR")
    assert flow is not None
    assert flow.lock is not None
    assert flow.lock.holder == "user ana@example.com"
    versions = list_versions(client, flow)
    assert [(v.id, v.created_by, v.live) for v in versions] == [
        ("1.0", "admin@acme-demo.example", False),
        ("2.0", "ana.lopez@acme-demo.example", True),
    ]
    assert versions[0].published_until == versions[1].published_from


def test_version_numbers_order_numerically() -> None:
    """10.0 sorts after 9.0; an id that is not a number sorts first."""
    make = lambda vid: VersionInfo.of({"id": vid}, None)  # noqa: E731
    assert sorted(["10.0", "9.0", "x"], key=lambda v: make(v).number) == ["x", "9.0", "10.0"]
    assert make("3.0").created_by == "unknown"
