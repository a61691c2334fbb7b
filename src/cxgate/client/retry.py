"""When to try a request again, as an explicit policy run by stamina.

The rules (genesys-api.md §2, after the Genesys .NET SDK's ``RetryConfiguration`` and the
normalised 429 announcement, developer.genesys.cloud/forum/t/12028):

- 429: the server did not act, so any method may go again, after ``Retry-After``. The wait
  itself happens in the shared pacer (every thread holds, the budget belongs to the token);
  if the wait would overrun the policy's total time, give up at once instead.
- 502/503/504, read timeouts, dropped connections: jittered exponential backoff, but only for
  idempotent requests (GET/HEAD/PUT/DELETE, or the caller says ``idempotent=True``). A POST
  may have taken effect, so it is never blindly re-sent: the caller must re-read first.
- A connection that was never made (connect error or timeout, no free pool slot) carried no
  request, so it is retried for any method, unless the caller says an unreachable host is
  final (the token host: nothing works without a token, so say so at once, auth.py).
- Attempts and total time are both capped; when they run out the last error is raised as
  ``RateLimitedError`` / ``TransientApiError`` / ``TransportError`` with its correlation id.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx
import stamina

from cxgate.clock import Clock
from cxgate.errors import ApiError, TransportError

from .errorbody import error_from_response

__all__ = [
    "IDEMPOTENT_METHODS",
    "RETRYABLE_STATUSES",
    "RetryPolicy",
    "is_idempotent",
    "retry_after_s",
    "send_with_retries",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: attempts and total seconds both cap it; backoff is stamina's."""

    attempts: int = 6
    total_s: float = 120.0
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 20.0
    jitter_s: float = 1.0
    default_retry_after_s: float = 3.0  # a 429 without Retry-After (the .NET SDK's default)


def is_idempotent(method: str, idempotent: bool | None = None) -> bool:
    """Whether re-sending is safe: the caller's word, else the method's HTTP semantics."""
    return idempotent if idempotent is not None else method.upper() in IDEMPOTENT_METHODS


def retry_after_s(headers: Mapping[str, str], now: float) -> float | None:
    """``Retry-After`` in seconds (delta-seconds, or an HTTP date compared with ``now``, epoch
    seconds); None if absent or unreadable. Genesys sends delta-seconds (forum t/12028)."""
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        return max(float(raw), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - now, 0.0)


class _RetryableResponseError(Exception):
    """A 429/502/503/504 inside the retry loop; carries the error it becomes if we give up."""

    def __init__(self, error: ApiError, retry_after: float | None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


@dataclass(slots=True)
class _Judge:
    """stamina's ``on=`` hook for one request: False to give up, True or a wait to go on."""

    policy: RetryPolicy
    idempotent: bool
    clock: Clock
    started: float
    on_retry: Callable[[], None]
    unreachable_is_final: bool = False

    def __call__(self, exc: Exception) -> bool | float:
        decision = self._decide(exc)
        if decision is not False:
            self.on_retry()
        return decision

    def _decide(self, exc: Exception) -> bool | float:
        remaining = self.policy.total_s - (self.clock.monotonic() - self.started)
        if isinstance(exc, _RetryableResponseError) and exc.error.status == 429:
            wait = exc.retry_after
            wait = self.policy.default_retry_after_s if wait is None else wait
            return 0.0 if wait <= remaining else False  # the pacer does the waiting
        if isinstance(exc, _RetryableResponseError):
            return self.idempotent and remaining > 0
        if isinstance(exc, _NEVER_SENT):
            return not self.unreachable_is_final and remaining > 0
        if isinstance(exc, httpx.TransportError):
            return self.idempotent and remaining > 0
        return False


def send_with_retries(
    send: Callable[[], httpx.Response],
    *,
    method: str,
    path: str,
    policy: RetryPolicy,
    clock: Clock,
    idempotent: bool,
    on_retry: Callable[[], None] = lambda: None,
    unreachable_is_final: bool = False,
) -> httpx.Response:
    """Call ``send`` until it answers with something other than 429/502/503/504.

    Returns that response (possibly another error status, for the caller to raise), or raises
    the last retryable failure as a cxgate error once the policy gives up.
    """
    judge = _Judge(policy, idempotent, clock, clock.monotonic(), on_retry, unreachable_is_final)
    try:
        for attempt in stamina.retry_context(
            on=judge,
            attempts=policy.attempts,
            timeout=policy.total_s,
            wait_initial=policy.backoff_initial_s,
            wait_max=policy.backoff_max_s,
            wait_jitter=policy.jitter_s,
        ):
            with attempt:
                return _checked(send(), method=method, path=path, clock=clock)
    except _RetryableResponseError as exc:
        raise exc.error from None
    except httpx.TransportError as exc:
        raise TransportError(
            f"{method} {path}: network failure after retries: {type(exc).__name__}: {exc}",
            never_connected=isinstance(exc, _NEVER_SENT),
        ) from None
    raise AssertionError("unreachable: stamina either returns or raises")  # pragma: no cover


def _checked(response: httpx.Response, *, method: str, path: str, clock: Clock) -> httpx.Response:
    if response.status_code in RETRYABLE_STATUSES:
        response.read()
        error = error_from_response(response, method=method, path=path)
        raise _RetryableResponseError(error, retry_after_s(response.headers, clock.time()))
    return response
