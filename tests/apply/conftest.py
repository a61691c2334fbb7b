"""Apply test fixtures: one demo org in process, a client on a fake clock, a state store.

``deploy(bodies)`` plans a bundle given as kind → name → body against the org and applies it,
the way ``cxgate apply --yes --force`` would, so tests read like the changes they make.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest

from cxgate.apply.engine import ApplyOptions, DeploymentResult
from cxgate.bundle.config import BundleConfig
from cxgate.bundle.desired import DesiredState
from cxgate.client import GenesysClient, RetryPolicy
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.pipeline.deploying import apply
from cxgate.pipeline.live import read_org_side
from cxgate.pipeline.planning import make_plan
from cxgate.plan.plan import Plan
from cxgate.settings import Settings
from cxgate.state.sqlite import SqliteStore

Bodies = Mapping[str, Mapping[str, Mapping[str, Any]]]
Deploy = Callable[..., DeploymentResult]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def emulator(clock: FakeClock) -> Emulator:
    return Emulator(seed="demo", rate_limit=0, clock=clock)


@pytest.fixture
def client(emulator: Emulator, clock: FakeClock) -> Iterator[GenesysClient]:
    settings = Settings.for_url("https://api.emulator.test", "apply-tests", "secret")
    policy = RetryPolicy(attempts=3, total_s=60.0)
    with GenesysClient(
        settings, transport=httpx.MockTransport(emulator), clock=clock, retry=policy
    ) as made:
        yield made


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[SqliteStore]:
    with SqliteStore.open(tmp_path / "state", clock) as opened:
        yield opened


def desired_of(bodies: Bodies, config: Mapping[str, Any] | None = None) -> DesiredState:
    """A DesiredState as if loaded from files."""
    chosen = BundleConfig.model_validate(config or {"version": 1})
    return DesiredState.from_bodies(bodies, chosen)


@pytest.fixture
def plan_of(client: GenesysClient, store: SqliteStore) -> Callable[..., tuple[Plan, Any]]:
    """Plan ``bodies`` against the org; (plan, live side)."""

    def make(bodies: Bodies, config: Mapping[str, Any] | None = None) -> tuple[Plan, Any]:
        desired = desired_of(bodies, config)
        side = read_org_side(client, desired)
        return make_plan(desired, side, store), side

    return make


@pytest.fixture
def deploy(
    client: GenesysClient, store: SqliteStore, plan_of: Callable[..., tuple[Plan, Any]]
) -> Deploy:
    """Plan and apply ``bodies``; the deployment's result."""

    def run(bodies: Bodies, *, rollback: bool = True, **kw: Any) -> DeploymentResult:
        plan, side = plan_of(bodies)
        options = ApplyOptions(rollback=rollback, workers=kw.pop("workers", 4))
        return apply(plan, side, client, store, force=True, options=options, **kw)

    return run
