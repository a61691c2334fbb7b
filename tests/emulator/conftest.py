"""Fixtures for the emulator tests: a frozen clock, a demo org, and a logged-in client."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from tests.emulator.helpers import login


@pytest.fixture
def clock() -> FakeClock:
    """Time that moves only when told."""
    return FakeClock()


@pytest.fixture
def emulator(clock: FakeClock) -> Emulator:
    """The demo org on a frozen clock."""
    return Emulator(clock=clock)


@pytest.fixture
def api(emulator: Emulator) -> Iterator[httpx.Client]:
    """A client logged in to ``emulator``."""
    with login(emulator) as client:
        yield client
