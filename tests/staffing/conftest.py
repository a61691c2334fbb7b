"""Fixtures for the staffing tests (references are in reference.py): a simulated queue, and
the demo org in-process with a client on it for the live reads (``tests.demo_org``)."""

from __future__ import annotations

import pytest

from tests.demo_org import client, clock, emulator  # noqa: F401  (fixtures)

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
