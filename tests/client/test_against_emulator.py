"""End to end: the client against the in-process emulator.

Everything goes through ``httpx.MockTransport(Emulator(...))`` with one FakeClock shared by
both sides, so rate-limit windows, token lifetimes and Retry-After waits are real to the
client without anything sleeping.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from cxgate.client import GenesysClient, Pacer, RetryPolicy
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.errors import (
    AuthError,
    ConflictError,
    NotFoundError,
    TransientApiError,
    TransportError,
)
from cxgate.settings import Settings

QUEUES = "/api/v2/routing/queues"
ME = "/api/v2/organizations/me"


def connect(emulator: Any, clock: FakeClock, **kwargs: Any) -> GenesysClient:
    settings = Settings.for_url("https://api.emulator.test", "e2e-client", "e2e-secret")
    return GenesysClient(settings, transport=httpx.MockTransport(emulator), clock=clock, **kwargs)


@pytest.fixture
def emulator(clock: FakeClock) -> Any:
    return Emulator(seed="demo", clock=clock)


@pytest.fixture
def e2e(emulator: Any, clock: FakeClock) -> Iterator[GenesysClient]:
    with connect(emulator, clock) as client:
        yield client


def test_lists_the_demo_queues(e2e: GenesysClient, emulator: Any) -> None:
    """list_all and paginate both return every demo queue, in the API's name order."""
    queues = e2e.list_all(QUEUES)
    assert len(queues) == len(emulator.store.table("queues")) > 0
    names = [q["name"] for q in queues]
    assert names == sorted(names, key=str.lower)
    assert [q["id"] for q in e2e.paginate(QUEUES, page_size=7)] == [q["id"] for q in queues]


@pytest.mark.parametrize(("total", "size"), [(1000, 500), (1001, 500), (250, 100)])
def test_listing_costs_ceil_n_over_page_size(clock: FakeClock, total: int, size: int) -> None:
    """N queues cost ceil(N / pageSize) list calls at the largest page size the API takes."""
    emulator = Emulator(seed=f"generated:queues={total}", clock=clock)
    with connect(emulator, clock) as client:
        assert len(client.list_all(QUEUES, page_size=size)) == total
    assert emulator.count("GET", QUEUES) == math.ceil(total / size)


def test_pacing_avoids_429(clock: FakeClock) -> None:
    """With the budget at 30/min, 200 calls: no 429, about ceil(200/29) windows of time."""
    emulator = Emulator(seed="demo", rate_limit=30, clock=clock)
    started = clock.monotonic()
    with connect(emulator, clock) as client:
        for _ in range(200):
            client.get(ME)
        assert client.stats.rate_limited == 0
    assert clock.monotonic() - started < 8 * 62


def test_without_pacing_429s_are_waited_out(clock: FakeClock) -> None:
    """Pacing off: the budget runs out, each 429 is waited out for Retry-After, all succeed."""
    emulator = Emulator(seed="demo", rate_limit=30, clock=clock)
    with connect(emulator, clock, pacer=Pacer(clock, adaptive=False)) as client:
        for _ in range(100):
            client.get(ME)
        assert client.stats.rate_limited >= 3
        assert client.stats.statuses[200] == 100
    assert max(clock.slept) > 1.0


def test_injected_5xx_are_retried_for_gets(clock: FakeClock) -> None:
    """A flaky org (30% 5xx): every GET still succeeds through retries."""
    emulator = Emulator(seed="demo", faults="5xx=0.3,seed=7", clock=clock)
    with connect(emulator, clock) as client:
        for _ in range(40):
            client.get(ME)
        assert client.stats.retries > 0


def test_dropped_post_is_not_resent(clock: FakeClock) -> None:
    """A dropped connection on POST surfaces as TransportError after one attempt."""
    emulator = Emulator(seed="demo", faults="drop=1.0,seed=1", clock=clock)
    with connect(emulator, clock) as client, pytest.raises(TransportError):
        client.post("/api/v2/routing/skills", {"name": "New skill"})
    assert emulator.count("POST", "/api/v2/routing/skills") == 1


def test_wrong_credentials(clock: FakeClock) -> None:
    """An emulator with fixed credentials refuses others: AuthError with the fix."""
    emulator = Emulator(seed="demo", credentials=("id", "right"), clock=clock)
    with connect(emulator, clock) as client, pytest.raises(AuthError, match="client id"):
        client.get(ME)


def test_token_refreshed_before_expiry(clock: FakeClock) -> None:
    """A 10-minute token: a new one is minted before it expires, without any 401."""
    emulator = Emulator(seed="demo", token_ttl=600, clock=clock)
    with connect(emulator, clock) as client:
        client.get(ME)
        clock.advance(590)
        client.get(ME)
        assert client.tokens.mints == 2
        assert client.stats.statuses[401] == 0


def test_revoked_token_is_replaced(e2e: GenesysClient, emulator: Any) -> None:
    """All tokens revoked: the next call gets a 401, re-authenticates and succeeds."""
    e2e.get(ME)
    emulator.revoke_tokens()
    assert e2e.get(ME)["id"]
    assert e2e.stats.statuses[401] == 1
    assert emulator.tokens_issued == 2


def test_stale_org_version_is_a_conflict(e2e: GenesysClient) -> None:
    """PUT the org with an old version: ConflictError with the correlation id."""
    org = e2e.get(ME)
    e2e.put(ME, org)
    with pytest.raises(ConflictError) as info:
        e2e.put(ME, org)
    assert info.value.correlation_id


def test_not_found_carries_the_correlation_id(e2e: GenesysClient) -> None:
    """A missing queue: NotFoundError with Genesys' code and correlation id."""
    with pytest.raises(NotFoundError) as info:
        e2e.get(f"{QUEUES}/00000000-0000-4000-8000-000000000000")
    assert info.value.code
    assert info.value.correlation_id


def test_queue_round_trip(e2e: GenesysClient) -> None:
    """Create, read, full PUT and delete a queue through the client."""
    created = e2e.post(QUEUES, {"name": "E2E queue"})
    path = f"{QUEUES}/{created['id']}"
    e2e.put(path, {**e2e.get(path), "description": "changed"})
    assert e2e.get(path)["description"] == "changed"
    e2e.delete(path)
    with pytest.raises(NotFoundError):
        e2e.get(path)


def test_retry_policy_total_time(clock: FakeClock) -> None:
    """A dead org (every GET 503): the client gives up within the policy's attempts."""
    emulator = Emulator(seed="demo", faults="503=1.0,seed=3", clock=clock)
    with connect(emulator, clock, retry=RetryPolicy(attempts=3)) as client:
        with pytest.raises(TransientApiError, match="503"):
            client.get(ME)
        assert client.stats.statuses[503] == 3
