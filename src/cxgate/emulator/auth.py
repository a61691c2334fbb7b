"""OAuth client credentials as the login host answers them, and bearer-token checks.

``POST /oauth/token`` wants ``Authorization: Basic base64(id:secret)`` and the form body
``grant_type=client_credentials``; it answers ``access_token``, ``token_type: "bearer"``,
``expires_in`` (WHL ``api_client.py`` ``get_client_credentials_token``; TUT
``oauth-client-credentials``). OAuth failures use the OAuth error shape (``error``,
``description``, ``error_description``), not the platform ErrorBody. Tokens live only in
memory and are never logged or saved, so a restarted emulator makes clients re-authenticate.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
import threading
from dataclasses import dataclass
from urllib.parse import parse_qs

from cxgate.clock import Clock
from cxgate.emulator.wire import Call, Reply, ReplyError

__all__ = ["TokenBook", "bearer_token"]


@dataclass(frozen=True, slots=True)
class _Grant:
    client_id: str
    expires_at: float


def _oauth_error(status: int, error: str, description: str) -> Reply:
    body = {"error": error, "description": description, "error_description": description}
    return Reply(status, body)


class TokenBook:
    """Mints tokens for accepted client credentials and resolves tokens back to clients.

    With ``credentials=None`` any non-empty client id and secret are accepted (a sandbox);
    with ``(id, secret)`` only that pair is.
    """

    def __init__(self, clock: Clock, ttl: int, credentials: tuple[str, str] | None) -> None:
        self._clock = clock
        self._ttl = ttl
        self._credentials = credentials
        self._grants: dict[str, _Grant] = {}
        self._lock = threading.Lock()
        self.issued = 0

    def __repr__(self) -> str:
        return f"TokenBook(ttl={self._ttl}, tokens={len(self._grants)})"

    def token_endpoint(self, call: Call) -> Reply:
        """Answer ``POST /oauth/token``."""
        client = self._client_from_basic(call.header("authorization"))
        if client is None:
            return _oauth_error(401, "invalid_client", "client authentication failed")
        form = parse_qs(call.body.decode("utf-8", "replace"))
        if form.get("grant_type") != ["client_credentials"]:
            return _oauth_error(400, "unsupported_grant_type", "grant type not supported")
        token = self._mint(client)
        body = {"access_token": token, "token_type": "bearer", "expires_in": self._ttl}
        return Reply(200, body, (("Cache-Control", "no-store"),))

    def _client_from_basic(self, header: str) -> str | None:
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(encoded, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        client_id, sep, secret = decoded.partition(":")
        if not sep or not client_id or not secret:
            return None
        if self._credentials is not None and not (
            hmac.compare_digest(client_id, self._credentials[0])
            and hmac.compare_digest(secret, self._credentials[1])
        ):
            return None
        return client_id

    def _mint(self, client_id: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = self._clock.time()
            self._grants = {t: g for t, g in self._grants.items() if g.expires_at > now}
            self._grants[token] = _Grant(client_id, now + self._ttl)
            self.issued += 1
        return token

    def client_for(self, token: str) -> str | None:
        """The client id behind a live token, or None (unknown or expired)."""
        with self._lock:
            grant = self._grants.get(token)
        if grant is None or grant.expires_at <= self._clock.time():
            return None
        return grant.client_id

    def revoke_all(self) -> None:
        """Forget every token (as if they expired), so clients must re-authenticate."""
        with self._lock:
            self._grants.clear()


def bearer_token(call: Call) -> str:
    """The bearer token of an API call; 401 with the platform's codes when absent."""
    scheme, _, token = call.header("authorization").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ReplyError(
            401,
            "authentication.required",
            "No authentication bearer token specified in authorization header.",
        )
    return token.strip()
