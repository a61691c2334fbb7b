"""Rate-limit headers, 429 past the budget, recovery after the window."""

from __future__ import annotations

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.ratelimit import UNLIMITED, RateLimiter
from tests.emulator.helpers import login


def test_every_response_has_ratelimit_headers(api: httpx.Client) -> None:
    """Success and error answers both carry the inin-ratelimit-* headers."""
    ok = api.get("/api/v2/organizations/me")
    missing = api.get("/api/v2/routing/queues/no-such-queue")
    for response, count in ((ok, "1"), (missing, "2")):
        assert response.headers["inin-ratelimit-count"] == count
        assert response.headers["inin-ratelimit-allowed"] == "300"
        assert response.headers["inin-ratelimit-reset"] == "60"


def test_429_past_the_budget_with_normalized_body(clock: FakeClock) -> None:
    """Call budget+1 in one window gets 429, Retry-After and the normalized body."""
    emulator = Emulator(clock=clock, rate_limit=3)
    with login(emulator) as client:
        statuses = [client.get("/api/v2/organizations/me").status_code for _ in range(3)]
        clock.advance(20)
        refused = client.get("/api/v2/organizations/me")
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "40"
    body = refused.json()
    assert body["code"] == "too.many.requests.retry.after"
    assert body["message"] == "Rate limit exceeded the maximum. Retry the request in [40] seconds"
    assert (body["details"], body["errors"]) == ([], [])
    assert refused.headers["inin-ratelimit-count"] == "3"


def test_budget_recovers_after_the_window(clock: FakeClock) -> None:
    """After Retry-After seconds the next call succeeds and the count restarts at 1."""
    emulator = Emulator(clock=clock, rate_limit=1)
    with login(emulator) as client:
        client.get("/api/v2/organizations/me")
        refused = client.get("/api/v2/organizations/me")
        clock.advance(float(refused.headers["Retry-After"]))
        again = client.get("/api/v2/organizations/me")
    assert again.status_code == 200
    assert again.headers["inin-ratelimit-count"] == "1"


def test_budget_is_per_token(clock: FakeClock) -> None:
    """Two tokens have two budgets."""
    emulator = Emulator(clock=clock, rate_limit=1)
    with login(emulator) as first, login(emulator) as second:
        assert first.get("/api/v2/organizations/me").status_code == 200
        assert second.get("/api/v2/organizations/me").status_code == 200
        assert first.get("/api/v2/organizations/me").status_code == 429


@pytest.mark.parametrize("budget", [0, -1])
def test_zero_budget_means_unlimited(clock: FakeClock, budget: int) -> None:
    """A budget of 0 or less never refuses and reports a large allowance."""
    limiter = RateLimiter(budget, clock)
    windows = [limiter.hit("t") for _ in range(500)]
    assert not any(w.exceeded for w in windows)
    assert windows[-1].count == 500
    assert windows[-1].allowed == UNLIMITED


def test_reset_counts_down(clock: FakeClock) -> None:
    """inin-ratelimit-reset is the whole seconds left in the window, at least 1."""
    limiter = RateLimiter(10, clock)
    assert limiter.hit("t").reset_seconds == 60
    clock.advance(59.5)
    assert limiter.hit("t").reset_seconds == 1
    clock.advance(0.5)
    assert limiter.hit("t").count == 1
