"""The fake clock moves only when slept on or advanced."""

from __future__ import annotations

from cxgate.clock import FakeClock, SystemClock


def test_fake_clock_sleep_moves_time_and_records() -> None:
    """Sleeping advances both clocks and is recorded; negative sleeps do not move time."""
    clock = FakeClock(start=100.0)
    clock.sleep(2.5)
    clock.sleep(-1)
    clock.advance(1.0)
    assert clock.monotonic() == 103.5
    assert clock.time() == 103.5
    assert clock.slept == [2.5, -1]


def test_system_clock_is_monotonic() -> None:
    """The real clock never goes back and a zero sleep returns at once."""
    clock = SystemClock()
    first = clock.monotonic()
    clock.sleep(0)
    assert clock.monotonic() >= first
    assert clock.time() > 1_600_000_000


def test_scaled_clock_runs_faster_and_sleeps_shorter() -> None:
    """x1000: a 2 s sleep takes 2 ms of real time and moves the clock about 2 s."""
    import time

    from cxgate.clock import ScaledClock

    clock = ScaledClock(1000)
    start, wall, real = clock.monotonic(), clock.time(), time.monotonic()
    clock.sleep(2.0)
    clock.sleep(-1.0)
    assert clock.monotonic() - start >= 2.0
    assert clock.time() - wall >= 2.0
    assert time.monotonic() - real < 1.0
