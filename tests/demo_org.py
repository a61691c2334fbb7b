"""The demo org in-process with a client on it, sharing one fake clock (no rate limit).

Fixtures for the tests that read the live org (staffing observations, ``cxgate staffing``);
their conftests import them.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.settings import Settings


@pytest.fixture
def clock() -> FakeClock:
    """Time shared by the emulator and the client; it moves only when told."""
    return FakeClock()


@pytest.fixture
def emulator(clock: FakeClock) -> Emulator:
    """The demo org in-process, without a rate limit."""
    return Emulator(seed="demo", clock=clock, rate_limit=0)


def connect(emulator: Emulator, clock: FakeClock) -> GenesysClient:
    """A client whose every call goes to ``emulator`` in-process (same clock, no sleeping)."""
    settings = Settings.for_url("https://api.emulator.test", "staffing-test", "staffing-secret")
    return GenesysClient(settings, transport=httpx.MockTransport(emulator), clock=clock)


@pytest.fixture
def client(emulator: Emulator, clock: FakeClock) -> Iterator[GenesysClient]:
    """A client on the demo org."""
    with connect(emulator, clock) as api:
        yield api
