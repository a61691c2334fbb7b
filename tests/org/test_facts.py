"""Org facts for online validation: features, products, limits."""

from __future__ import annotations

import httpx

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.errors import AuthError
from cxgate.org.facts import read_org_facts
from cxgate.settings import Settings
from cxgate.testing.entities import StaticReader


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


def test_refused_listings_are_noted_not_fatal() -> None:
    """An OAuth client without the permission: products and that namespace are unknown."""

    def refuse(params: object) -> object:
        raise AuthError("missing permission", status=403, code="missing.permissions")

    reader = StaticReader(
        gets={
            "/api/v2/organizations/me": {"id": "org", "features": {"chat": True}},
            "/api/v2/authorization/products": refuse,
            "/api/v2/organizations/limits/namespaces/routing": refuse,
        }
    )
    facts = read_org_facts(reader, ["routing"])
    assert facts.features == {"chat": True}
    assert facts.products is None
    assert facts.limits == {}
    assert len(facts.notes) == 2
    assert all("403" in note for note in facts.notes)
