"""OAuth client credentials, exactly as Genesys Cloud wants them, cached and shared.

``POST <login host>/oauth/token`` with ``Authorization: Basic base64(id:secret)`` and the form
body ``grant_type=client_credentials`` (SDK ``api_client.get_client_credentials_token``;
genesys-api.md §1). The answer has ``access_token``, ``token_type`` and ``expires_in``
(seconds, 24 h by default); there is no refresh token, so "refresh" means minting again.

One ``TokenProvider`` per client: threads that need a token while one is being minted wait
for that one instead of each minting their own, and mints are spaced by ``min_interval_s`` so a
storm of 401s can never turn into a burst of token requests (the token endpoint has its own
rate limit).

A token host that cannot be reached (no DNS answer, connection refused or timed out) fails
the first mint at once, without backoff rounds, and every later call of this provider with
the same error: nothing works without a token, so one message is better than a retry storm
per thread (which once took validate 109 s to fail).
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from cxgate.clock import Clock
from cxgate.errors import ApiError, AuthError, TransportError

from .errorbody import error_from_response
from .retry import RetryPolicy, send_with_retries

if TYPE_CHECKING:
    from cxgate.settings import Settings

__all__ = ["BearerAuth", "TokenProvider"]

TOKEN_PATH = "/oauth/token"


@dataclass(frozen=True, slots=True)
class _Token:
    value: str
    type: str
    refresh_at: float  # monotonic time after which we mint a new one

    def __repr__(self) -> str:
        return f"_Token(type={self.type!r}, refresh_at={self.refresh_at})"


class TokenProvider:
    """Mints and caches the bearer token; thread-safe."""

    def __init__(
        self,
        settings: Settings,
        http: httpx.Client,
        *,
        clock: Clock,
        policy: RetryPolicy | None = None,
        min_interval_s: float = 2.0,
    ) -> None:
        self._settings = settings
        self._http = http
        self._clock = clock
        self._policy = policy or RetryPolicy()
        self._min_interval_s = min_interval_s
        self._lock = threading.Lock()
        self._token: _Token | None = None
        self._last_mint = float("-inf")
        self._unreachable: TransportError | None = None
        self.mints = 0

    def __repr__(self) -> str:
        return f"TokenProvider(client_id={self._settings.client_id!r}, mints={self.mints})"

    def token(self) -> str:
        """A valid access token, minting one if none is cached or it is about to expire."""
        with self._lock:
            current = self._token
            if current is None or self._clock.monotonic() >= current.refresh_at:
                current = self._token = self._mint()
            return current.value

    def invalidate(self, rejected: str) -> None:
        """Forget the cached token if it is the one the server just rejected (401)."""
        with self._lock:
            if self._token is not None and self._token.value == rejected:
                self._token = None

    def _mint(self) -> _Token:
        if self._unreachable is not None:
            raise self._unreachable
        wait = self._last_mint + self._min_interval_s - self._clock.monotonic()
        if wait > 0:
            self._clock.sleep(wait)
        self._last_mint = self._clock.monotonic()
        self.mints += 1
        try:
            response = send_with_retries(
                self._request,
                method="POST",
                path=TOKEN_PATH,
                policy=self._policy,
                clock=self._clock,
                idempotent=True,  # minting twice is harmless
                unreachable_is_final=True,
            )
        except TransportError as exc:
            raise self._remember(exc) from None
        if response.is_error:
            raise _token_error(response, self._settings.login_url)
        return self._parse(response)

    def _remember(self, exc: TransportError) -> TransportError:
        """The error for a token host we could not reach, kept for every later call."""
        reason = str(exc).split(": network failure after retries: ", 1)[-1]
        if not exc.never_connected:
            return exc
        self._unreachable = TransportError(
            f"cannot reach the token host {self._settings.login_url} ({reason}); check "
            "GENESYSCLOUD_REGION or GENESYSCLOUD_API_URL, the network and any proxy",
            never_connected=True,
        )
        return self._unreachable

    def _request(self) -> httpx.Response:
        secret = self._settings.client_secret.get_secret_value()
        basic = base64.b64encode(f"{self._settings.client_id}:{secret}".encode()).decode("ascii")
        return self._http.post(
            TOKEN_PATH,
            data={"grant_type": "client_credentials"},
            headers={"Authorization": f"Basic {basic}"},
        )

    def _parse(self, response: httpx.Response) -> _Token:
        try:
            data = response.json()
            value, lifetime = str(data["access_token"]), float(data.get("expires_in", 86400))
        except (ValueError, KeyError, TypeError):
            raise AuthError(
                "the token endpoint answered without a usable access_token; "
                "check GENESYSCLOUD_API_URL / the region",
                status=response.status_code,
                method="POST",
                path=TOKEN_PATH,
            ) from None
        margin = min(self._settings.token_margin_s, lifetime / 2)
        refresh_at = self._last_mint + lifetime - margin
        return _Token(value, str(data.get("token_type") or "bearer"), refresh_at)


def _token_error(response: httpx.Response, login_url: str) -> AuthError | ApiError:
    """A failed mint, with the fix: 4xx means the credentials or the login host are wrong."""
    error = error_from_response(response, method="POST", path=TOKEN_PATH)
    if not 400 <= response.status_code < 500:
        return error
    return AuthError(
        f"{error.message}; the OAuth client was refused by {login_url}: check the client id "
        "and secret, and that the region matches the org",
        status=error.status,
        code=error.code,
        correlation_id=error.correlation_id,
        method="POST",
        path=TOKEN_PATH,
        body=error.body,
    )


class BearerAuth(httpx.Auth):
    """Adds the bearer token; on a 401, mints a new token and replays the request once."""

    def __init__(self, tokens: TokenProvider) -> None:
        self._tokens = tokens

    def __repr__(self) -> str:
        return f"BearerAuth({self._tokens!r})"

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        # I/O (minting) happens here, outside the yielded requests, as httpx documents for
        # auth classes that need locks: https://www.python-httpx.org/advanced/authentication/
        token = self._tokens.token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            self._tokens.invalidate(token)
            request.headers["Authorization"] = f"Bearer {self._tokens.token()}"
            yield request
