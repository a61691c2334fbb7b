"""Org facts for online validation: features, products, limits."""

from __future__ import annotations

import httpx

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.resource.orgfacts import read_org_facts
from cxgate.settings import Settings


def test_facts_of_the_demo_org_in_one_call_per_source() -> None:
    """Features, products, and the limits of each asked namespace; unknown ones noted."""
    emulator = Emulator(seed="demo", clock=FakeClock(), rate_limit=0)
    settings = Settings.for_url("https://api.emulator.test", "facts", "secret")
    with GenesysClient(settings, transport=httpx.MockTransport(emulator)) as client:
        facts = read_org_facts(client, ["routing", "skills", "nope"])
        calls = client.stats.calls
    assert facts.features["contactCenter"] is True
    assert "speechAndTextAnalytics" in facts.products
    assert facts.limits["routing/queues.max"] == 15_000
    assert facts.limits["skills/skill.count.max"] == 10_000
    assert facts.notes == ("the org has no limits namespace 'nope'",)
    assert calls == 5
