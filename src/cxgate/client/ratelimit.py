"""Pacing: spend the org's request budget evenly so a long run never sees a 429.

Genesys Cloud reports the budget on every response (genesys-api.md §2; example in the
developer-center blog post "SDK config and logging", 2021-05-06)::

    inin-ratelimit-count: 1      requests counted in the current window
    inin-ratelimit-allowed: 180  requests allowed per window (varies per limit bucket)
    inin-ratelimit-reset: 61     seconds until the window resets

The pacer keeps one picture of the current window for all threads: how many requests are
used (the larger of what we sent and what the server counted, since other clients may share
the token), how many are allowed and when the window ends (``reset``, plus a second of slack
because the header is whole seconds). Requests go as fast as the work comes until the budget,
less a small reserve for requests the server may count that we do not know about, is spent;
then every thread waits for the window to reset. Genesys windows are fixed (the ``reset``
header), so using a window's budget early costs nothing and a long run finishes sooner than
an evenly spaced one (bench/ratelimit.py). ``burst_fraction`` below 1 spreads the rest of
each window's budget evenly after that share, for orgs where a smooth load matters more.
A 429's ``Retry-After`` pauses everyone.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from cxgate.clock import Clock

__all__ = ["Pacer", "RateLimitHeaders"]

DEFAULT_WINDOW_S = 60.0
"""Genesys limits are per minute (``…rate.per.minute`` in the org limits docs)."""


@dataclass(frozen=True, slots=True)
class RateLimitHeaders:
    """The ``inin-ratelimit-*`` triple of one response."""

    count: int
    allowed: int
    reset_s: float

    @classmethod
    def parse(cls, headers: Mapping[str, str]) -> RateLimitHeaders | None:
        """The triple, or None when a header is missing or not a number (e.g. token calls)."""
        try:
            return cls(
                count=int(headers["inin-ratelimit-count"]),
                allowed=int(headers["inin-ratelimit-allowed"]),
                reset_s=float(headers["inin-ratelimit-reset"]),
            )
        except (KeyError, ValueError):
            return None


class Pacer:
    """One per client, shared by every thread: ``acquire()`` before each request and
    ``observe(headers)`` after it (with empty headers if it failed without a response)."""

    def __init__(
        self,
        clock: Clock,
        *,
        reserve_fraction: float = 0.02,
        burst_fraction: float = 1.0,
        reset_slack_s: float = 1.0,
        adaptive: bool = True,
    ) -> None:
        # reset_slack_s: the reset header is in whole seconds; assume the window may end up to
        # that much later than it says, so we never start the next window early.
        # adaptive=False ignores the headers (only Retry-After pauses): the naive behaviour,
        # for comparisons and tests.
        self._clock = clock
        self._lock = threading.Lock()
        self._reserve_fraction = reserve_fraction
        self._burst_fraction = burst_fraction
        self._adaptive = adaptive
        self._reset_slack_s = reset_slack_s
        self._allowed: int | None = None
        self._window_s = DEFAULT_WINDOW_S
        self._window_end = -math.inf
        self._window_confirmed = False  # True once the server's headers set window_end
        self._used = 0
        self._in_flight = 0
        self._next_free = -math.inf
        self._paused_until = -math.inf
        self.waited_s = 0.0

    def acquire(self) -> float:
        """Wait for this request's slot; returns the seconds waited."""
        with self._lock:
            now = self._clock.monotonic()
            slot = self._reserve_slot(now)
            self._in_flight += 1
        wait = slot - now
        if wait <= 0:
            return 0.0
        self._clock.sleep(wait)
        with self._lock:
            self.waited_s += wait
        return wait

    def observe(self, headers: Mapping[str, str]) -> None:
        """Learn from a response's ``inin-ratelimit-*`` headers; ends the request's flight."""
        limits = RateLimitHeaders.parse(headers)
        with self._lock:
            self._in_flight = max(self._in_flight - 1, 0)
            if limits is None or limits.allowed <= 0 or not self._adaptive:
                return
            self._allowed = limits.allowed
            self._window_s = max(self._window_s, limits.reset_s)
            reported_end = self._clock.monotonic() + limits.reset_s + self._reset_slack_s
            drifted = abs(reported_end - self._window_end) > self._reset_slack_s + 0.5
            if drifted or not self._window_confirmed:
                # Our window was a guess, or not the server's: take the server's end and
                # count, plus our requests it has not seen yet.
                self._window_end = reported_end
                self._window_confirmed = True
                self._used = limits.count + self._in_flight
            else:
                self._used = max(self._used, limits.count)

    def pause(self, seconds: float) -> None:
        """Hold every request for ``seconds``: a 429's Retry-After applies to the whole token."""
        with self._lock:
            until = self._clock.monotonic() + max(seconds, 0.0)
            self._paused_until = max(self._paused_until, until)

    def _reserve_slot(self, now: float) -> float:
        """The time this request may go; books the spacing after it."""
        start = max(now, self._next_free, self._paused_until)
        self._roll_window(start)
        if self._allowed is None:  # optimistic until the first headers arrive
            self._used += 1
            return start
        usable = self._allowed - max(1, math.ceil(self._allowed * self._reserve_fraction))
        if self._used >= usable:
            start = self._window_end
            self._roll_window(start)
        remaining = max(usable - self._used, 1)
        bursting = self._used < usable * self._burst_fraction
        self._used += 1
        self._next_free = start if bursting else start + (self._window_end - start) / remaining
        return start

    def _roll_window(self, at: float) -> None:
        """Move to the window holding ``at``; windows follow one another back to back."""
        if at < self._window_end:
            return
        if at >= self._window_end + self._window_s:
            self._window_end = at + self._window_s
        else:
            self._window_end += self._window_s
        self._window_confirmed = False
        self._used = 0
