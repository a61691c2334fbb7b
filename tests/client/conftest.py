"""Client test fixtures: a fake clock, a scripted Genesys stand-in, and a client wired to both."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from client_fakes import API, CLIENT_ID, SECRET, FakeGenesys

from cxgate.client import GenesysClient, RetryPolicy
from cxgate.clock import FakeClock
from cxgate.settings import Settings


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake(clock: FakeClock) -> FakeGenesys:
    return FakeGenesys(clock)


@pytest.fixture
def settings() -> Settings:
    return Settings.for_url(API, CLIENT_ID, SECRET)


@pytest.fixture
def client(settings: Settings, fake: FakeGenesys, clock: FakeClock) -> Iterator[GenesysClient]:
    policy = RetryPolicy(attempts=4, total_s=60.0)
    with GenesysClient(
        settings, transport=httpx.MockTransport(fake), clock=clock, retry=policy
    ) as instance:
        yield instance
