"""Time as a dependency: every wait and timestamp goes through a Clock, so tests never sleep.

The client's pacer and retries, job polling, the emulator's rate-limit windows and latency
faults, freeze windows and cooldowns all take a ``Clock``. Production uses ``SystemClock``;
tests and benchmarks that must not wait use ``FakeClock``, whose ``sleep`` only moves time on.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

__all__ = ["Clock", "FakeClock", "ScaledClock", "SystemClock"]


class Clock(Protocol):
    """Monotonic time for intervals, wall time for timestamps, and a way to wait."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back; only differences mean anything."""
        ...

    def time(self) -> float:
        """Wall-clock seconds since the Unix epoch (UTC)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait this many seconds (no-op for zero or negative)."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


class FakeClock:
    """A clock that moves only when told or when something sleeps on it; thread-safe.

    ``slept`` records every wait, so a test can assert how long the code would have waited.
    """

    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.slept: list[float] = []

    def monotonic(self) -> float:
        with self._lock:
            return self._now

    def time(self) -> float:
        return self.monotonic()

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            if seconds > 0:
                self._now += seconds

    def advance(self, seconds: float) -> None:
        """Move time forward without recording a sleep (time passing elsewhere)."""
        with self._lock:
            self._now += seconds


class ScaledClock:
    """Real time running ``speed`` times faster: waits really happen, just shorter.

    For benchmarks and demos that must show minute-long rate-limit windows in seconds; the
    emulator and the client share one, so their minutes agree.
    """

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self._origin = time.monotonic()
        self._wall_origin = time.time()

    def monotonic(self) -> float:
        return self._origin + (time.monotonic() - self._origin) * self.speed

    def time(self) -> float:
        return self._wall_origin + (time.monotonic() - self._origin) * self.speed

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds / self.speed)
