"""The pacer: no 429 over long runs, near the floor, shared pauses, header parsing."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxgate.client.ratelimit import Pacer, RateLimitHeaders
from cxgate.clock import FakeClock


class WindowServer:
    """A fixed-window limiter like Genesys': ``allowed`` per ``window_s``, headers on each hit."""

    def __init__(
        self,
        clock: FakeClock,
        allowed: int,
        window_s: float = 60.0,
        rounding: Callable[[float], int] = math.ceil,
    ) -> None:
        self.clock, self.allowed, self.window_s, self.rounding = clock, allowed, window_s, rounding
        self.origin = clock.monotonic() - 17.0  # the run starts mid-window
        self.window = -1
        self.count = 0
        self.rejected = 0

    def hit(self) -> dict[str, str]:
        now = self.clock.monotonic()
        window = math.floor((now - self.origin) / self.window_s)
        if window != self.window:
            self.window, self.count = window, 0
        self.count += 1
        if self.count > self.allowed:
            self.rejected += 1
        reset = self.origin + (window + 1) * self.window_s - now
        return {
            "inin-ratelimit-count": str(self.count),
            "inin-ratelimit-allowed": str(self.allowed),
            "inin-ratelimit-reset": str(self.rounding(reset)),
        }


def run(pacer: Pacer, server: WindowServer, clock: FakeClock, calls: int, latency: float) -> float:
    started = clock.monotonic()
    for _ in range(calls):
        pacer.acquire()
        clock.advance(latency)
        pacer.observe(server.hit())
    return clock.monotonic() - started


@pytest.mark.parametrize("burst", [1.0, 0.0])
@pytest.mark.parametrize("rounding", [math.ceil, math.floor])
@pytest.mark.parametrize(("allowed", "calls"), [(300, 1500), (60, 500), (3000, 9000)])
def test_long_run_has_no_429_and_stays_near_the_floor(
    allowed: int, calls: int, rounding: Callable[[float], int], burst: float
) -> None:
    """Many windows' worth of calls: zero over-limit hits, wall time within 10% of the floor."""
    clock = FakeClock()
    server = WindowServer(clock, allowed, rounding=rounding)
    elapsed = run(Pacer(clock, burst_fraction=burst), server, clock, calls, latency=0.005)
    floor = calls / (allowed / 60.0)
    assert server.rejected == 0
    assert elapsed <= floor * 1.10


@pytest.mark.parametrize("burst", [1.0, 0.25])
def test_short_job_is_not_slowed_down(burst: float) -> None:
    """A job within the burst share of the budget never waits."""
    clock = FakeClock()
    server = WindowServer(clock, allowed=300)
    assert run(Pacer(clock, burst_fraction=burst), server, clock, calls=60, latency=0.0) == 0.0


@given(
    allowed=st.integers(10, 200),
    phase=st.floats(0.0, 59.9),
    latencies=st.lists(st.floats(0.0, 2.0), min_size=1, max_size=50),
    burst=st.sampled_from([1.0, 0.5, 0.0]),
    rounding=st.sampled_from([math.ceil, math.floor, round]),
)
def test_no_429_whatever_the_phase_and_latency(
    allowed: int,
    phase: float,
    latencies: list[float],
    burst: float,
    rounding: Callable[[float], int],
) -> None:
    """Property: any window phase, header rounding and latency pattern: never over budget."""
    clock = FakeClock()
    server = WindowServer(clock, allowed, rounding=rounding)
    server.origin = clock.monotonic() - phase
    pacer = Pacer(clock, burst_fraction=burst)
    for i in range(3 * allowed):
        pacer.acquire()
        clock.advance(latencies[i % len(latencies)])
        pacer.observe(server.hit())
    assert server.rejected == 0


def test_burst_then_even_spacing() -> None:
    """burst_fraction=0.25: a quarter of the budget goes at once, the rest is spread out."""
    clock = FakeClock()
    pacer = Pacer(clock, burst_fraction=0.25, reset_slack_s=0.0)
    pacer.acquire()
    pacer.observe(
        {"inin-ratelimit-count": "1", "inin-ratelimit-allowed": "100", "inin-ratelimit-reset": "60"}
    )
    waits = [pacer.acquire() for _ in range(97)]
    assert waits[:24] == [0.0] * 24  # used 1..24 of 98 usable: inside the 25% burst
    assert all(wait > 0 for wait in waits[25:])
    assert clock.monotonic() - 1_750_000_000.0 < 60.0  # all 98 usable fit in the window
    assert pacer.acquire() > 0  # the 99th waits for the next window


def test_optimistic_until_first_headers() -> None:
    """Before any rate-limit headers arrive, nothing waits."""
    clock = FakeClock()
    pacer = Pacer(clock)
    assert [pacer.acquire() for _ in range(50)] == [0.0] * 50
    assert clock.slept == []


def test_spent_budget_waits_for_the_reset() -> None:
    """When the server says the budget is used up, the next request waits out the window."""
    clock = FakeClock()
    pacer = Pacer(clock, reset_slack_s=1.0)
    pacer.acquire()
    pacer.observe(
        {
            "inin-ratelimit-count": "100",
            "inin-ratelimit-allowed": "100",
            "inin-ratelimit-reset": "30",
        }
    )
    assert pacer.acquire() == pytest.approx(31.0)
    assert pacer.waited_s == pytest.approx(31.0)


def test_pause_holds_every_request() -> None:
    """A Retry-After pause delays the next request by that long, whichever thread sends it."""
    clock = FakeClock()
    pacer = Pacer(clock)
    pacer.pause(7.0)
    assert pacer.acquire() == pytest.approx(7.0)
    assert pacer.acquire() == 0.0


def test_other_clients_on_the_token_are_counted() -> None:
    """A server count above ours (someone else uses the token) leaves us only what is left."""
    clock = FakeClock()
    pacer = Pacer(clock, reset_slack_s=1.0)
    headers = {"inin-ratelimit-allowed": "300", "inin-ratelimit-reset": "60"}
    pacer.acquire()
    pacer.observe({**headers, "inin-ratelimit-count": "1"})
    pacer.acquire()
    pacer.observe({**headers, "inin-ratelimit-count": "290"})
    waits = [pacer.acquire() for _ in range(5)]
    assert waits[:4] == [0.0] * 4  # 294 usable (2% reserve): 290..293
    assert waits[4] == pytest.approx(61.0)


def test_observe_without_headers_only_ends_the_flight() -> None:
    """A response without rate-limit headers (or a failed request) teaches nothing."""
    clock = FakeClock()
    pacer = Pacer(clock)
    pacer.acquire()
    pacer.observe({})
    pacer.observe(
        {"inin-ratelimit-count": "1", "inin-ratelimit-allowed": "0", "inin-ratelimit-reset": "60"}
    )
    assert pacer.acquire() == 0.0


def test_threads_share_one_budget() -> None:
    """Eight threads through one pacer against one server: still no over-limit hit."""
    clock = FakeClock()
    server = WindowServer(clock, allowed=120)
    pacer = Pacer(clock)
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(60):
            pacer.acquire()
            with lock:
                headers = server.hit()
            pacer.observe(headers)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert server.rejected == 0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            {
                "inin-ratelimit-count": "1",
                "inin-ratelimit-allowed": "180",
                "inin-ratelimit-reset": "61",
            },
            RateLimitHeaders(1, 180, 61.0),
        ),
        ({"inin-ratelimit-count": "1", "inin-ratelimit-allowed": "180"}, None),
        (
            {
                "inin-ratelimit-count": "x",
                "inin-ratelimit-allowed": "180",
                "inin-ratelimit-reset": "61",
            },
            None,
        ),
        ({}, None),
    ],
)
def test_parse_headers(headers: dict[str, str], expected: RateLimitHeaders | None) -> None:
    """The triple parses as numbers; anything missing or malformed gives None."""
    assert RateLimitHeaders.parse(headers) == expected


def test_non_adaptive_pacer_ignores_headers_but_honours_pauses() -> None:
    """adaptive=False (the naive peer): a spent budget is ignored, a Retry-After is not."""
    clock = FakeClock()
    pacer = Pacer(clock, adaptive=False)
    pacer.acquire()
    pacer.observe(
        {
            "inin-ratelimit-count": "100",
            "inin-ratelimit-allowed": "100",
            "inin-ratelimit-reset": "30",
        }
    )
    assert pacer.acquire() == 0.0
    pacer.pause(5.0)
    assert pacer.acquire() == pytest.approx(5.0)
