"""OAuth client credentials: request shape, caching, refresh margin, 401 replay, no bursts."""

from __future__ import annotations

import base64
import threading
from urllib.parse import parse_qs

import httpx
import pytest
from client_fakes import API, CLIENT_ID, SECRET, FakeGenesys, error
from tests.hostile import unreachable_url

from cxgate.client import GenesysClient, RetryPolicy
from cxgate.clock import FakeClock
from cxgate.errors import AuthError, TransientApiError, TransportError
from cxgate.settings import Settings

ME = "/api/v2/organizations/me"


def ok(_: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"id": "org"})


def make_client(fake: FakeGenesys, clock: FakeClock, settings: Settings) -> GenesysClient:
    return GenesysClient(settings, transport=httpx.MockTransport(fake), clock=clock)


def test_token_request_is_client_credentials(client: GenesysClient, fake: FakeGenesys) -> None:
    """POST /oauth/token, Basic id:secret, form body grant_type=client_credentials only."""
    fake.route("GET", ME, ok)
    client.get(ME)
    (token_request,) = fake.token_requests
    basic = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
    assert token_request.method == "POST"
    assert str(token_request.url) == f"{API}/oauth/token"
    assert token_request.headers["authorization"] == f"Basic {basic}"
    assert token_request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(token_request.content.decode()) == {"grant_type": ["client_credentials"]}
    assert fake.requests[0].headers["authorization"] == f"Bearer {fake.issued[0]}"


def test_login_host_for_a_region(clock: FakeClock) -> None:
    """With a region, tokens come from login.<domain> and API calls go to api.<domain>."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.host}{request.url.path}")
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 100})
        return httpx.Response(200, json={})

    settings = Settings.load(
        environ={
            "GENESYSCLOUD_OAUTHCLIENT_ID": "i",
            "GENESYSCLOUD_OAUTHCLIENT_SECRET": "s",
            "GENESYSCLOUD_REGION": "eu-central-1",
        }
    )
    with GenesysClient(settings, transport=httpx.MockTransport(handler), clock=clock) as client:
        client.get(ME)
    assert seen == ["POST login.mypurecloud.de/oauth/token", f"GET api.mypurecloud.de{ME}"]


def test_token_is_cached(client: GenesysClient, fake: FakeGenesys) -> None:
    """Many calls, one token."""
    fake.route("GET", ME, ok)
    for _ in range(5):
        client.get(ME)
    assert len(fake.token_requests) == 1
    assert client.tokens.mints == 1


@pytest.mark.parametrize(
    ("expires_in", "margin", "refresh_after"),
    [(3600, 300.0, 3300.0), (86400, 300.0, 86100.0), (60, 300.0, 30.0), (600, 0.0, 600.0)],
)
def test_refresh_before_expiry(
    clock: FakeClock, expires_in: int, margin: float, refresh_after: float
) -> None:
    """A new token is minted ``margin`` before expiry (at most half the lifetime early)."""
    fake = FakeGenesys(clock, expires_in=expires_in)
    fake.route("GET", ME, ok)
    settings = Settings.for_url(API, CLIENT_ID, SECRET, token_margin_s=margin)
    with make_client(fake, clock, settings) as client:
        client.get(ME)
        clock.advance(refresh_after - 0.01)
        client.get(ME)
        assert len(fake.token_requests) == 1
        clock.advance(0.02)
        client.get(ME)
        assert len(fake.token_requests) == 2


def test_401_reauthenticates_and_replays_once(client: GenesysClient, fake: FakeGenesys) -> None:
    """A revoked token: one new mint, the same request replayed, the caller sees success."""
    fake.route("PUT", ME, ok)
    fake.route("GET", ME, ok)
    client.get(ME)
    fake.valid.clear()  # the server forgets the token (revoked, or expired early)
    assert client.put(ME, {"name": "x"}) == {"id": "org"}
    assert len(fake.token_requests) == 2
    replays = fake.api_calls(ME)[1:]
    assert [r.method for r in replays] == ["PUT", "PUT"]
    assert replays[0].content == replays[1].content
    assert replays[1].headers["authorization"] == f"Bearer {fake.issued[1]}"


def test_401_is_not_replayed_twice(client: GenesysClient, fake: FakeGenesys) -> None:
    """If the fresh token is refused too, the 401 surfaces as AuthError: no loop."""
    fake.route("GET", ME, lambda r: error(401, "not authorized", "bad.credentials"))
    with pytest.raises(AuthError) as info:
        client.get(ME)
    assert info.value.status == 401
    assert len(fake.api_calls(ME)) == 2
    assert len(fake.token_requests) == 2


def test_403_is_not_replayed(client: GenesysClient, fake: FakeGenesys) -> None:
    """A missing permission is not a token problem: no re-auth, AuthError at once."""
    fake.route("GET", ME, [error(403, "missing permission", "missing.permissions")])
    with pytest.raises(AuthError, match="missing permission"):
        client.get(ME)
    assert len(fake.api_calls(ME)) == 1
    assert len(fake.token_requests) == 1


def test_mints_are_spaced(client: GenesysClient, fake: FakeGenesys, clock: FakeClock) -> None:
    """Two 401s in a row never mint twice within the minimum interval."""
    fake.route("GET", ME, ok)
    client.get(ME)
    fake.valid.clear()
    client.get(ME)
    assert clock.slept
    assert clock.slept[-1] == pytest.approx(2.0)


def test_threads_share_one_mint(client: GenesysClient, fake: FakeGenesys) -> None:
    """Sixteen threads starting at once: exactly one token request."""
    fake.route("GET", ME, ok)
    barrier = threading.Barrier(16)
    failures: list[BaseException] = []

    def call() -> None:
        barrier.wait()
        try:
            client.get(ME)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=call) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(fake.token_requests) == 1
    assert len(fake.api_calls(ME)) == 16


def test_stale_invalidate_keeps_the_new_token(client: GenesysClient, fake: FakeGenesys) -> None:
    """A thread reporting an old token as rejected does not throw away a newer one."""
    fake.route("GET", ME, ok)
    client.get(ME)
    client.tokens.invalidate("some-older-token")
    client.get(ME)
    assert len(fake.token_requests) == 1


def test_wrong_secret_is_a_clear_auth_error(fake: FakeGenesys, clock: FakeClock) -> None:
    """Refused credentials: AuthError naming the login host and the fix, no secret in it."""
    settings = Settings.for_url(API, CLIENT_ID, "wrong-Secret-777")
    with make_client(fake, clock, settings) as client, pytest.raises(AuthError) as info:
        client.get(ME)
    message = str(info.value)
    assert "invalid_client" in message
    assert "check the client id and secret" in message
    assert "wrong-Secret-777" not in message
    assert fake.requests == []


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, json={"token_type": "bearer"}),
        httpx.Response(200, text="<html>login page</html>"),
        httpx.Response(200, json=["not", "an", "object"]),
    ],
)
def test_unusable_token_answer(
    clock: FakeClock, settings: Settings, answer: httpx.Response
) -> None:
    """A token endpoint that answers without an access_token: AuthError with a hint."""
    handler = lambda request: answer  # noqa: E731
    transport = httpx.MockTransport(handler)
    with (
        GenesysClient(settings, transport=transport, clock=clock) as client,
        pytest.raises(AuthError, match="without a usable access_token"),
    ):
        client.get(ME)


def test_token_endpoint_5xx_is_retried(clock: FakeClock, settings: Settings) -> None:
    """Minting is harmless to repeat, so a 503 from the login host is retried."""
    answers = [error(503, "unavailable"), httpx.Response(200, json={"access_token": "t"})]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return answers.pop(0)
        return httpx.Response(200, json={"ok": 1})

    with GenesysClient(settings, transport=httpx.MockTransport(handler), clock=clock) as client:
        assert client.get(ME) == {"ok": 1}
        assert client.login_stats.calls == 2


def test_token_endpoint_5xx_exhausted(clock: FakeClock, settings: Settings) -> None:
    """A login host that stays down gives TransientApiError (not an auth hint)."""
    handler = lambda request: error(503, "down")  # noqa: E731
    policy = RetryPolicy(attempts=2)
    with (
        GenesysClient(
            settings, transport=httpx.MockTransport(handler), clock=clock, retry=policy
        ) as client,
        pytest.raises(TransientApiError, match="503") as info,
    ):
        client.get(ME)
    assert not isinstance(info.value, AuthError)
    assert client.login_stats.calls == 2


def test_token_endpoint_500_is_not_an_auth_hint(clock: FakeClock, settings: Settings) -> None:
    """A 500 from the login host is a server problem: TransientApiError, no credential hint."""
    handler = lambda request: error(500, "internal")  # noqa: E731
    with (
        GenesysClient(settings, transport=httpx.MockTransport(handler), clock=clock) as client,
        pytest.raises(TransientApiError) as info,
    ):
        client.get(ME)
    assert "check the client id" not in str(info.value)


def test_cached_token_repr_hides_the_value(client: GenesysClient, fake: FakeGenesys) -> None:
    """Even the internal cached token object does not show its value."""
    fake.route("GET", ME, ok)
    client.get(ME)
    assert fake.issued[0] not in repr(client.tokens._token)


def test_an_unreachable_token_host_fails_once_and_fast() -> None:
    """Nothing listens: one connection attempt, no backoff rounds, one clear message; every
    later call (any thread) gets the same error without trying again."""
    settings = Settings.for_url(unreachable_url(), CLIENT_ID, SECRET, timeout_s=5.0)
    errors: list[str] = []

    def call(client: GenesysClient) -> None:
        try:
            client.get(ME)
        except TransportError as exc:
            errors.append(str(exc))

    with GenesysClient(settings) as client:
        workers = [threading.Thread(target=call, args=(client,)) for _ in range(6)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert client.login_stats.calls == 1
        assert client.tokens.mints == 1
    assert len(errors) == 6
    assert len(set(errors)) == 1
    assert errors[0].startswith("cannot reach the token host http://127.0.0.1:")
    assert "GENESYSCLOUD_REGION or GENESYSCLOUD_API_URL" in errors[0]


def test_a_dropped_token_request_is_retried_as_before(clock: FakeClock, settings: Settings) -> None:
    """Only an unreachable host is final: a dropped connection mid-mint is retried."""
    fake = FakeGenesys(clock)
    fake.route("GET", ME, ok)
    drops = iter([True])

    def flaky(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token" and next(drops, False):
            raise httpx.RemoteProtocolError("dropped", request=request)
        return fake(request)

    with GenesysClient(settings, transport=httpx.MockTransport(flaky), clock=clock) as client:
        assert client.get(ME) == {"id": "org"}
        assert client.tokens.mints == 1
