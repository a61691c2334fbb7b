"""Retry rules: 429 any method after Retry-After, 5xx only when idempotent, caps, errors."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from client_fakes import error

from cxgate.client.retry import RetryPolicy, is_idempotent, retry_after_s, send_with_retries
from cxgate.clock import FakeClock
from cxgate.errors import RateLimitedError, TransientApiError, TransportError

POLICY = RetryPolicy(attempts=4, total_s=60.0)
REQUEST = httpx.Request("GET", "https://api.test.example/api/v2/x")


class Script:
    """Answers (or raises) from a list, one per call; counts calls."""

    def __init__(
        self,
        *steps: httpx.Response | Exception,
        clock: FakeClock | None = None,
        step_s: float = 0.0,
    ) -> None:
        self.steps = list(steps)
        self.calls = 0
        self.clock, self.step_s = clock, step_s

    def __call__(self) -> httpx.Response:
        self.calls += 1
        if self.clock is not None:
            self.clock.advance(self.step_s)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        return step


def send(
    script: Callable[[], httpx.Response],
    method: str = "GET",
    *,
    idempotent: bool | None = None,
    clock: FakeClock | None = None,
    policy: RetryPolicy = POLICY,
    retries: list[int] | None = None,
) -> httpx.Response:
    return send_with_retries(
        script,
        method=method,
        path="/api/v2/x",
        policy=policy,
        clock=clock or FakeClock(),
        idempotent=is_idempotent(method, idempotent),
        on_retry=(lambda: retries.append(1)) if retries is not None else (lambda: None),
    )


OK = httpx.Response(200, json={"ok": True})


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "POST", "PATCH"])
def test_429_is_retried_for_any_method(method: str) -> None:
    """The server did not act on a 429, so even a POST goes again."""
    script = Script(error(429, **{"Retry-After": "2"}), OK)
    retries: list[int] = []
    assert send(script, method, retries=retries).status_code == 200
    assert (script.calls, len(retries)) == (2, 1)


def test_429_past_the_budget_gives_up_at_once() -> None:
    """A Retry-After longer than the time left is not waited for: RateLimitedError now."""
    script = Script(
        error(429, "slow down", "too.many.requests.retry.after", **{"Retry-After": "3600"})
    )
    with pytest.raises(RateLimitedError) as info:
        send(script)
    assert script.calls == 1
    assert info.value.code == "too.many.requests.retry.after"
    assert info.value.correlation_id == "ctx-1"


def test_429_without_retry_after_uses_the_default() -> None:
    """No Retry-After: the default wait applies, and it fits the budget, so we retry."""
    script = Script(error(429), OK)
    policy = RetryPolicy(attempts=3, total_s=10.0, default_retry_after_s=3.0)
    assert send(script, policy=policy).status_code == 200
    too_tight = RetryPolicy(attempts=3, total_s=2.0, default_retry_after_s=3.0)
    with pytest.raises(RateLimitedError):
        send(Script(error(429), OK), policy=too_tight)


def test_429_forever_stops_at_the_attempt_cap() -> None:
    """Attempts are capped: four 429s, then RateLimitedError (a TransientApiError)."""
    script = Script(error(429, **{"Retry-After": "1"}))
    with pytest.raises(TransientApiError) as info:
        send(script)
    assert isinstance(info.value, RateLimitedError)
    assert script.calls == 4


@pytest.mark.parametrize("status", [502, 503, 504])
@pytest.mark.parametrize(
    ("method", "idempotent", "calls"),
    [
        ("GET", None, 2),
        ("PUT", None, 2),
        ("DELETE", None, 2),
        ("POST", None, 1),
        ("PATCH", None, 1),
        ("POST", True, 2),
        ("GET", False, 1),
    ],
)
def test_5xx_retried_only_when_idempotent(
    status: int, method: str, idempotent: bool | None, calls: int
) -> None:
    """5xx: GET/PUT/DELETE (or idempotent=True) retried; a POST is never blindly re-sent."""
    script = Script(error(status, "bad gateway"), OK)
    if calls == 2:
        assert send(script, method, idempotent=idempotent).status_code == 200
    else:
        with pytest.raises(TransientApiError) as info:
            send(script, method, idempotent=idempotent)
        assert info.value.status == status
        assert info.value.method == method
    assert script.calls == calls


@pytest.mark.parametrize("status", [400, 401, 404, 409, 500])
def test_other_statuses_are_returned_not_retried(status: int) -> None:
    """Non-retryable answers come straight back for the caller to raise."""
    script = Script(error(status), OK)
    assert send(script).status_code == status
    assert script.calls == 1


def test_total_time_caps_5xx_retries() -> None:
    """A slow failing server: retries stop once the total time budget is spent."""
    clock = FakeClock()
    script = Script(error(503), clock=clock, step_s=25.0)
    policy = RetryPolicy(attempts=10, total_s=60.0)
    with pytest.raises(TransientApiError):
        send(script, clock=clock, policy=policy)
    assert script.calls == 3  # 25 s, 50 s, 75 s > 60 s


@pytest.mark.parametrize(
    ("exc", "method", "calls", "error_type"),
    [
        (httpx.ConnectError("refused"), "POST", 2, None),
        (httpx.ConnectTimeout("slow connect"), "POST", 2, None),
        (httpx.ReadTimeout("slow read"), "GET", 2, None),
        (httpx.RemoteProtocolError("dropped"), "PUT", 2, None),
        (httpx.ReadTimeout("slow read"), "POST", 1, TransportError),
        (httpx.RemoteProtocolError("dropped"), "POST", 1, TransportError),
    ],
)
def test_connection_errors(
    exc: Exception, method: str, calls: int, error_type: type[Exception] | None
) -> None:
    """Never-sent requests retry for any method; a POST that may have landed does not."""
    script = Script(exc, OK)
    if error_type is None:
        assert send(script, method).status_code == 200
    else:
        with pytest.raises(error_type, match=f"{method} /api/v2/x: network failure"):
            send(script, method)
    assert script.calls == calls


def test_connection_errors_exhaust_into_transport_error() -> None:
    """A GET that keeps failing ends as TransportError naming the failure."""
    script = Script(httpx.ConnectError("refused"))
    with pytest.raises(TransportError, match="ConnectError: refused"):
        send(script)
    assert script.calls == 4


def test_unexpected_exceptions_are_not_retried() -> None:
    """Bugs are not retried: anything but a transport error propagates at once."""
    script = Script(RuntimeError("bug"), OK)
    with pytest.raises(RuntimeError):
        send(script)
    assert script.calls == 1


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "42"}, 42.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:30 GMT"}, 30.0),
        ({"retry-after": "Wed, 21 Oct 2015 07:27:00 GMT"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_parsing(headers: dict[str, str], expected: float | None) -> None:
    """Delta-seconds or an HTTP date (against the injected now); junk gives None."""
    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT
    assert retry_after_s(headers, now) == expected


@pytest.mark.parametrize(
    ("method", "flag", "expected"),
    [
        ("GET", None, True),
        ("put", None, True),
        ("HEAD", None, True),
        ("POST", None, False),
        ("PATCH", None, False),
        ("POST", True, True),
        ("DELETE", False, False),
    ],
)
def test_idempotency(method: str, flag: bool | None, expected: bool) -> None:
    """The caller's word wins; otherwise the HTTP method decides."""
    assert is_idempotent(method, flag) is expected
