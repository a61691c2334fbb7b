"""Fixtures for the staffing tests (references are in reference.py): a simulated queue, and
the demo org in-process with a client on it for the live reads."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.settings import Settings

from .reference import Simulated, simulate_mmn_m

SCENARIOS = {
    "underloaded": (9, 8.0, 0.5, 0.2),
    "overloaded": (6, 8.0, 1.0, 0.5),
}


@pytest.fixture(scope="session", params=sorted(SCENARIOS))
def simulated_queue(
    request: pytest.FixtureRequest,
) -> tuple[tuple[int, float, float, float], Simulated]:
    """A seeded run of 300,000 callers (AHT = 1): (agents, load, patience, threshold), result."""
    scenario = SCENARIOS[request.param]
    return scenario, simulate_mmn_m(*scenario, calls=300_000, seed=20240517)


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
