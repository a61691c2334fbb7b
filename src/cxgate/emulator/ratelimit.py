"""Per-token request budgets in fixed one-minute windows, like the platform API's.

Every response carries ``inin-ratelimit-count`` (requests so far in this window),
``inin-ratelimit-allowed`` (the budget) and ``inin-ratelimit-reset`` (seconds until the
window resets) (genesys-api.md §2, BLOG 2021-05-06 SDK trace). Past the budget the answer is
429 with ``Retry-After`` and the normalized body (FORUM "Normalized Platform API 429
responses", 2021-11-10). The default budget, 300 per minute per client-credentials token, is
``client.credentials.token.rate.per.minute`` of the ``platform.api`` limits.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from cxgate.clock import Clock
from cxgate.emulator.wire import ReplyError

__all__ = [
    "DEFAULT_BUDGET",
    "UNLIMITED",
    "WINDOW_SECONDS",
    "RateLimiter",
    "Window",
    "too_many_requests",
]

DEFAULT_BUDGET = 300
WINDOW_SECONDS = 60.0
# What ``inin-ratelimit-allowed`` reports when the budget is switched off.
UNLIMITED = 1_000_000


@dataclass(frozen=True, slots=True)
class Window:
    """The state of one token's window after a request was counted (or refused)."""

    count: int
    allowed: int
    reset_seconds: int
    exceeded: bool

    def headers(self) -> tuple[tuple[str, str], ...]:
        """The ``inin-ratelimit-*`` headers for this state."""
        return (
            ("inin-ratelimit-count", str(self.count)),
            ("inin-ratelimit-allowed", str(self.allowed)),
            ("inin-ratelimit-reset", str(self.reset_seconds)),
        )


class RateLimiter:
    """Counts requests per key (token) in fixed windows opened by the key's first request.

    A budget of 0 or less means unlimited: the headers still count, and report ``UNLIMITED``.
    """

    def __init__(self, budget: int, clock: Clock, window: float = WINDOW_SECONDS) -> None:
        self.budget = budget
        self._clock = clock
        self._window = window
        self._state: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> Window:
        """Count one request for ``key``; a refused request is not counted."""
        with self._lock:
            now = self._clock.monotonic()
            start, count = self._state.get(key, (now, 0))
            if now >= start + self._window:
                start, count = now, 0
            exceeded = 0 < self.budget <= count
            if not exceeded:
                count += 1
            self._state[key] = (start, count)
        reset = max(1, math.ceil(start + self._window - now))
        allowed = self.budget if self.budget > 0 else UNLIMITED
        return Window(count, allowed, reset, exceeded)


def too_many_requests(retry_after: int, headers: tuple[tuple[str, str], ...] = ()) -> ReplyError:
    """The normalized 429: ``Retry-After`` header, code ``too.many.requests.retry.after``."""
    return ReplyError(
        429,
        "too.many.requests.retry.after",
        f"Rate limit exceeded the maximum. Retry the request in [{retry_after}] seconds",
        headers=(*headers, ("Retry-After", str(retry_after))),
    )
