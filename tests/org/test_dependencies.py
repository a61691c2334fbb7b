"""Consuming flows: one dependency-tracking call per object the plan touches."""

from __future__ import annotations

import httpx

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.model import entity_id
from cxgate.org.dependencies import read_consumers
from cxgate.settings import Settings
from cxgate.testing.entities import StaticReader


def test_published_consumers_from_the_emulator() -> None:
    """Billing is used by two published flows; Disputes only by an unpublished version."""
    emulator = Emulator(seed="demo", clock=FakeClock(), rate_limit=0)
    settings = Settings.for_url("https://api.emulator.test", "deps", "secret")
    billing, disputes = entity_id("queue", "Billing"), entity_id("queue", "Billing - Disputes")
    spanish = entity_id("skill", "Spanish")
    targets = [("queue", billing), ("queue", disputes), ("skill", spanish)]
    with GenesysClient(settings, transport=httpx.MockTransport(emulator)) as client:
        found = read_consumers(client, targets)
    assert found == {
        ("queue", billing): ("Acme After Hours", "Acme Main IVR"),
        ("skill", spanish): ("Acme After Hours",),
    }
    path = "/api/v2/architect/dependencytracking/consumingresources"
    assert emulator.count("GET", path) == 3


def test_kinds_without_a_dependency_type_cost_nothing() -> None:
    """Org settings and features are not tracked; duplicates are asked once."""
    reader = StaticReader()
    assert read_consumers(reader, [("organization", "o"), ("feature", "chat")]) == {}
    read_consumers(reader, [("queue", "q1"), ("queue", "q1"), ("queue", "")])
    assert len(reader.calls) == 1
