"""GenesysClient: requests, decoding, errors, URL safety, uploads, stats and observers."""

from __future__ import annotations

import json

import httpx
import pytest
from client_fakes import API, CLIENT_ID, SECRET, FakeGenesys, error

from cxgate.client import GenesysClient, Pacer, RetryPolicy
from cxgate.clock import FakeClock
from cxgate.errors import (
    AuthError,
    BadRequestError,
    ConfigError,
    ConflictError,
    NotFoundError,
    RateLimitedError,
    TransientApiError,
    UnexpectedResponseError,
)
from cxgate.settings import Settings

ME = "/api/v2/organizations/me"
QUEUE = "/api/v2/routing/queues/3f1e2d4c-1111-4222-8333-444455556666"


def test_methods_send_json_and_decode(client: GenesysClient, fake: FakeGenesys) -> None:
    """get/put/patch/post/delete send the body as JSON and return decoded JSON or None."""
    echo = lambda r: httpx.Response(200, json={"got": json.loads(r.content or b"null")})  # noqa: E731
    for method in ("PUT", "PATCH", "POST"):
        fake.route(method, QUEUE, echo)
    fake.route("DELETE", QUEUE, [httpx.Response(204)])
    fake.route("GET", QUEUE, [httpx.Response(200, json={"id": "q"})])
    assert client.get(QUEUE) == {"id": "q"}
    assert client.put(QUEUE, {"a": 1}) == {"got": {"a": 1}}
    assert client.patch(QUEUE, {"b": 2}) == {"got": {"b": 2}}
    assert client.post(QUEUE, {"c": 3}) == {"got": {"c": 3}}
    assert client.delete(QUEUE) is None
    assert fake.requests[1].headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("answer", "got"),
    [
        (httpx.Response(200), "an empty body (no content type)"),
        (httpx.Response(202, text="accepted"), "text/plain: 'accepted' (8 bytes)"),
        (httpx.Response(200, json=[1, 2]), "application/json: '[1,2]' (5 bytes)"),
        (httpx.Response(200, json="hi"), "application/json: '\"hi\"' (4 bytes)"),
        (httpx.Response(302, headers={"location": "/login"}), "an empty body"),
    ],
)
def test_a_get_answers_a_json_object_or_fails(
    client: GenesysClient, fake: FakeGenesys, answer: httpx.Response, got: str
) -> None:
    """Empty, text, a JSON list or string, a redirect: UnexpectedResponseError, never data."""
    fake.route("GET", ME, [answer])
    with pytest.raises(UnexpectedResponseError, match=f"GET {ME}: ") as caught:
        client.get(ME)
    assert got in str(caught.value)


def test_writes_may_answer_nothing(client: GenesysClient, fake: FakeGenesys) -> None:
    """A write without a body (204, or 200 with none) decodes to None."""
    fake.route("POST", ME, [httpx.Response(200)])
    fake.route("DELETE", ME, [httpx.Response(204)])
    assert client.post(ME, {}) is None
    assert client.delete(ME) is None


def test_params_and_absolute_next_uri(client: GenesysClient, fake: FakeGenesys) -> None:
    """Query params are sent; an absolute URL on the API host is accepted."""
    fake.route("GET", ME, [httpx.Response(200, json={})])
    client.get(f"{API}{ME}", params={"expand": "x"})
    assert str(fake.requests[0].url) == f"{API}{ME}?expand=x"


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/api/v2/x",
        "http://api.test.example/api/v2/x",
        "//evil.example/api/v2/x",
        "api/v2/x",
    ],
)
def test_token_never_goes_to_another_host(
    client: GenesysClient, fake: FakeGenesys, url: str
) -> None:
    """An absolute URL off the API host (or scheme) is refused before anything is sent."""
    with pytest.raises(ValueError, match="refusing to send the bearer token"):
        client.get(url)
    assert fake.requests == []
    assert fake.token_requests == []


@pytest.mark.parametrize(
    ("answer", "kind", "code"),
    [
        (error(400, "bad name", "bad.request"), BadRequestError, "bad.request"),
        (error(400, "Version 3 does not match the current version 4", "x"), ConflictError, "x"),
        (error(404, "gone", "not.found"), NotFoundError, "not.found"),
        (error(409, "conflict", "general.conflict"), ConflictError, "general.conflict"),
        (error(500, "oops", "internal"), TransientApiError, "internal"),
    ],
)
def test_errors_map_by_status(
    client: GenesysClient,
    fake: FakeGenesys,
    answer: httpx.Response,
    kind: type[Exception],
    code: str,
) -> None:
    """Error responses raise the class for their status, with code and correlation id."""
    fake.route("GET", QUEUE, [answer])
    with pytest.raises(kind) as info:
        client.get(QUEUE)
    assert info.value.code == code  # type: ignore[attr-defined]
    assert info.value.correlation_id == "ctx-1"  # type: ignore[attr-defined]
    assert f"GET {QUEUE}" in str(info.value)


def test_429_with_pacing_waits_and_succeeds(
    client: GenesysClient, fake: FakeGenesys, clock: FakeClock
) -> None:
    """A 429 pauses the pacer for Retry-After on the injected clock, then the retry succeeds."""
    fake.route(
        "GET",
        ME,
        [
            error(429, "slow", "too.many.requests.retry.after", **{"Retry-After": "12"}),
            httpx.Response(200, json={"ok": 1}),
        ],
    )
    assert client.get(ME) == {"ok": 1}
    assert clock.slept == [pytest.approx(12.0)]
    assert (client.stats.rate_limited, client.stats.retries) == (1, 1)


def test_429_exhausted(fake: FakeGenesys, clock: FakeClock, settings: Settings) -> None:
    """A 429 storm past the attempt cap raises RateLimitedError with the correlation id."""
    fake.route(
        "GET", ME, [error(429, "slow", "too.many.requests.retry.after", **{"Retry-After": "1"})]
    )
    policy = RetryPolicy(attempts=3)
    with (
        GenesysClient(
            settings, transport=httpx.MockTransport(fake), clock=clock, retry=policy
        ) as client,
        pytest.raises(RateLimitedError) as info,
    ):
        client.get(ME)
    assert info.value.correlation_id == "ctx-1"
    assert client.stats.rate_limited == 3


def test_5xx_through_the_client(client: GenesysClient, fake: FakeGenesys) -> None:
    """Through the whole chain: GET is retried after a 503, POST is not, POST idempotent is."""
    for method in ("GET", "POST"):
        fake.route(method, QUEUE, [error(503), httpx.Response(200, json={"ok": 1})])
    assert client.get(QUEUE) == {"ok": 1}
    with pytest.raises(TransientApiError):
        client.post(QUEUE, {})
    fake.route("POST", QUEUE, [error(503), httpx.Response(200, json={"ok": 2})])
    assert client.post(QUEUE, {}, idempotent=True) == {"ok": 2}
    assert [r.method for r in fake.api_calls(QUEUE)] == ["GET", "GET", "POST", "POST", "POST"]


def test_connection_error_through_the_client(client: GenesysClient, fake: FakeGenesys) -> None:
    """A dropped connection on GET is retried and counted as a transport error."""
    attempts: list[int] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) == 1:
            raise httpx.ReadError("connection reset")
        return httpx.Response(200, json={"ok": 1})

    fake.route("GET", ME, flaky)
    assert client.get(ME) == {"ok": 1}
    assert client.stats.transport_errors == 1


def test_upload_sends_no_bearer_token(client: GenesysClient, fake: FakeGenesys) -> None:
    """A presigned PUT gets exactly the given headers and never our Authorization."""
    seen: list[httpx.Request] = []

    def s3(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    fake.route("PUT", "/bucket/flow.yaml", s3)
    url = "https://s3.example.com/bucket/flow.yaml?X-Amz-Signature=abc"
    client.upload(url, b"flow: yaml", {"Content-Type": "text/yaml", "x-amz-acl": "private"})
    (request,) = seen
    assert "authorization" not in request.headers
    assert request.headers["x-amz-acl"] == "private"
    assert request.content == b"flow: yaml"
    assert fake.token_requests == []
    assert client.upload_stats.calls == 1
    assert client.stats.calls == 0


def test_upload_error_hides_the_signature(client: GenesysClient, fake: FakeGenesys) -> None:
    """An upload failure names the object path, not the presigned query string."""
    fake.route("PUT", "/bucket/f.yaml", [httpx.Response(403, text="<Error>denied</Error>")])
    with pytest.raises(AuthError, match=r"PUT /bucket/f\.yaml: 403") as info:
        client.upload("https://s3.example.com/bucket/f.yaml?X-Amz-Signature=sig", b"x", {})
    assert "sig" not in str(info.value)


def test_observers_and_stats(fake: FakeGenesys, clock: FakeClock, settings: Settings) -> None:
    """Observers see method, path template, status and seconds for every call on the wire."""
    seen: list[tuple[str, str, int | None, float]] = []
    fake.route("GET", QUEUE, [error(503), httpx.Response(200, json={})])
    with GenesysClient(
        settings,
        transport=httpx.MockTransport(fake),
        clock=clock,
        observers=[lambda *args: seen.append(args)],
    ) as client:
        client.get(QUEUE)
    assert seen == [
        ("POST", "/oauth/token", 200, 0.0),
        ("GET", "/api/v2/routing/queues/{id}", 503, 0.0),
        ("GET", "/api/v2/routing/queues/{id}", 200, 0.0),
    ]
    assert (client.stats.calls, client.stats.retries, client.stats.statuses[503]) == (2, 1, 1)
    assert client.login_stats.calls == 1


@pytest.mark.parametrize(
    ("url", "transport", "ok"),
    [
        ("http://127.0.0.1:8080", False, True),
        ("http://localhost:8080", False, True),
        ("http://[::1]:8080", False, True),
        ("http://emulator.internal:8080", True, True),
        ("http://emulator.internal:8080", False, False),
        ("http://10.0.0.5", False, False),
        ("https://api.mypurecloud.com", False, True),
    ],
)
def test_plain_http_only_to_loopback(url: str, transport: bool, ok: bool) -> None:
    """http:// is refused for non-loopback hosts unless a transport is injected."""
    settings = Settings.for_url(url, CLIENT_ID, SECRET)
    injected = httpx.MockTransport(lambda r: httpx.Response(200)) if transport else None
    if ok:
        GenesysClient(settings, transport=injected).close()
    else:
        with pytest.raises(ConfigError, match="plain http to another machine"):
            GenesysClient(settings, transport=injected)


def test_repr_is_short_and_safe(client: GenesysClient) -> None:
    """The client's repr shows where it points, nothing else."""
    assert repr(client) == f"GenesysClient(api_url='{API}', calls=0)"


class FixedWindowRoute:
    """A route limited like Genesys: ``allowed`` per 60 s window, headers, 429 past it."""

    def __init__(self, clock: FakeClock, allowed: int) -> None:
        self.clock, self.allowed = clock, allowed
        self.window_start, self.count = clock.monotonic(), 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        now = self.clock.monotonic()
        if now >= self.window_start + 60:
            self.window_start, self.count = now, 0
        reset = str(max(1, round(self.window_start + 60 - now)))
        if self.count >= self.allowed:
            return error(
                429, "slow down", "too.many.requests.retry.after", **{"Retry-After": reset}
            )
        self.count += 1
        headers = {
            "inin-ratelimit-count": str(self.count),
            "inin-ratelimit-allowed": str(self.allowed),
            "inin-ratelimit-reset": reset,
        }
        return httpx.Response(200, json={"n": self.count}, headers=headers)


@pytest.mark.parametrize(("adaptive", "expect_429"), [(True, False), (False, True)])
def test_429_with_and_without_pacing(
    fake: FakeGenesys, clock: FakeClock, settings: Settings, adaptive: bool, expect_429: bool
) -> None:
    """120 calls at 50/min: paced, no 429; unpaced, 429s waited out. Both finish everything."""
    fake.route("GET", ME, FixedWindowRoute(clock, allowed=50))
    pacer = Pacer(clock, adaptive=adaptive)
    with GenesysClient(
        settings, transport=httpx.MockTransport(fake), clock=clock, pacer=pacer
    ) as client:
        for _ in range(120):
            client.get(ME)
    assert client.stats.statuses[200] == 120
    assert (client.stats.rate_limited > 0) is expect_429
