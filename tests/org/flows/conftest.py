"""Fixtures for the flow API tests: the demo org in-process and a client sharing its clock."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.settings import Settings

CLIENT_ID = "flows-test"


@pytest.fixture
def clock() -> FakeClock:
    """Time both sides share: polling waits advance it, nothing sleeps."""
    return FakeClock()


@pytest.fixture
def emulator(clock: FakeClock) -> Emulator:
    """The demo org: Acme Main IVR v1.0 and v2.0 (published), Acme Hold v1.0. It refuses to
    republish an old version in place, so every test shows cxgate's default never needs to."""
    return Emulator(seed="demo", clock=clock, rate_limit=0, behaviour="in-place-publish=off")


@pytest.fixture
def client(emulator: Emulator, clock: FakeClock) -> Iterator[GenesysClient]:
    """A cxgate client on the emulator."""
    settings = Settings.for_url("https://api.emulator.test", CLIENT_ID, "flows-secret")
    with GenesysClient(settings, transport=httpx.MockTransport(emulator), clock=clock) as api:
        yield api
