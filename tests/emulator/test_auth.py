"""OAuth client credentials and bearer tokens."""

from __future__ import annotations

import base64

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from tests.emulator.helpers import API, LOGIN, login


def _token_call(
    emulator: Emulator, *, auth: tuple[str, str] | None, data: dict[str, str]
) -> httpx.Response:
    with httpx.Client(transport=httpx.MockTransport(emulator)) as client:
        return client.post(LOGIN, data=data, auth=auth)


GRANT = {"grant_type": "client_credentials"}


def test_token_has_the_real_shape(emulator: Emulator) -> None:
    """A Basic-authenticated client-credentials request gets access_token, bearer, expiry."""
    response = _token_call(emulator, auth=("id", "secret"), data=GRANT)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 86_400
    assert emulator.tokens_issued == 1


@pytest.mark.parametrize(
    ("auth", "expected"),
    [(("id", "secret"), 200), (("id", "wrong"), 401), (("other", "secret"), 401)],
)
def test_configured_credentials_are_enforced(
    auth: tuple[str, str], expected: int, clock: FakeClock
) -> None:
    """With credentials set, only that exact pair gets a token."""
    emulator = Emulator(clock=clock, credentials=("id", "secret"))
    response = _token_call(emulator, auth=auth, data=GRANT)
    assert response.status_code == expected
    if expected == 401:
        assert response.json()["error"] == "invalid_client"


def test_missing_basic_header_is_invalid_client(emulator: Emulator) -> None:
    """Credentials in the form body instead of the Basic header are refused."""
    data = {**GRANT, "client_id": "id", "client_secret": "secret"}
    response = _token_call(emulator, auth=None, data=data)
    assert response.status_code == 401
    assert response.json()["error_description"] == "client authentication failed"


@pytest.mark.parametrize(
    "encoded",
    ["not-base64!", base64.b64encode(b"nocolon").decode(), base64.b64encode(b"id:").decode()],
)
def test_malformed_basic_header_is_refused(emulator: Emulator, encoded: str) -> None:
    """Garbled Basic credentials or an empty secret do not get a token."""
    with httpx.Client(transport=httpx.MockTransport(emulator)) as client:
        response = client.post(LOGIN, data=GRANT, headers={"Authorization": f"Basic {encoded}"})
    assert response.status_code == 401


def test_other_grant_types_are_unsupported(emulator: Emulator) -> None:
    """Only grant_type=client_credentials is served."""
    response = _token_call(emulator, auth=("id", "secret"), data={"grant_type": "password"})
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_api_without_token_is_401(emulator: Emulator) -> None:
    """An API call without a bearer token gets the platform's 401 body."""
    with httpx.Client(transport=httpx.MockTransport(emulator), base_url=API) as client:
        response = client.get("/api/v2/organizations/me")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "authentication.required"
    assert body["contextId"] == response.headers["ININ-Correlation-Id"]


def test_api_with_unknown_token_is_401(emulator: Emulator) -> None:
    """A token the emulator never issued is refused as bad credentials."""
    with httpx.Client(transport=httpx.MockTransport(emulator), base_url=API) as client:
        response = client.get("/api/v2/organizations/me", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json()["code"] == "bad.credentials"


def test_token_expires_after_ttl(clock: FakeClock) -> None:
    """A token stops working once expires_in seconds have passed."""
    emulator = Emulator(clock=clock, token_ttl=300)
    with login(emulator) as client:
        assert client.get("/api/v2/organizations/me").status_code == 200
        clock.advance(299)
        assert client.get("/api/v2/organizations/me").status_code == 200
        clock.advance(1)
        assert client.get("/api/v2/organizations/me").status_code == 401


def test_revoked_tokens_are_refused(emulator: Emulator) -> None:
    """revoke_tokens makes every client re-authenticate."""
    with login(emulator) as client:
        emulator.revoke_tokens()
        assert client.get("/api/v2/organizations/me").status_code == 401


def test_secrets_never_reach_the_request_log_or_repr(emulator: Emulator) -> None:
    """The request log and reprs hold no token or client secret."""
    with login(emulator, secret="top-secret-value") as client:
        token = client.headers["Authorization"].split()[1]
        client.get("/api/v2/organizations/me")
    seen = repr(emulator.requests) + repr(emulator) + repr(emulator._tokens)
    assert token not in seen
    assert "top-secret-value" not in seen
