"""A small hand-written Genesys stand-in for the client's edge cases (no emulator needed).

``FakeGenesys`` mints tokens at ``/oauth/token`` and answers API paths from scripts: a list
of responses served in order (the last one repeats) or a callable. It records every request.
"""

from __future__ import annotations

import base64
import itertools
from collections.abc import Callable
from typing import Any

import httpx

from cxgate.clock import FakeClock

SECRET = "s3cr3t-Client-Secret-9f8e7d"
CLIENT_ID = "client-id-1234"
API = "https://api.test.example"

Script = list[httpx.Response] | Callable[[httpx.Request], httpx.Response]


def listing(entities: list[Any], **extra: Any) -> dict[str, Any]:
    """A page body: ``entities`` plus whatever paging fields the test gives."""
    return {"entities": entities, **extra}


def error(status: int, message: str = "boom", code: str = "x", **headers: str) -> httpx.Response:
    """A Genesys ErrorBody response."""
    body = {"message": message, "code": code, "status": status, "contextId": "ctx-1"}
    return httpx.Response(status, json=body, headers=headers)


class FakeGenesys:
    """Token endpoint plus scripted API routes; every request is kept in ``requests``."""

    def __init__(self, clock: FakeClock, *, expires_in: int = 86400) -> None:
        self.clock = clock
        self.expires_in = expires_in
        self.routes: dict[tuple[str, str], Script] = {}
        self.requests: list[httpx.Request] = []
        self.token_requests: list[httpx.Request] = []
        self._serial = itertools.count(1)
        self.issued: list[str] = []
        self.valid: set[str] = set()

    def route(self, method: str, path: str, script: Script) -> None:
        self.routes[(method, path)] = script

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            self.token_requests.append(request)
            return self._mint(request)
        self.requests.append(request)
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        if request.url.host == httpx.URL(API).host and bearer not in self.valid:
            return error(401, "token expired", "bad.credentials")
        return self._answer(request)

    def _mint(self, request: httpx.Request) -> httpx.Response:
        expected = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return httpx.Response(401, json={"error": "invalid_client", "description": "nope"})
        token = f"tok-{next(self._serial)}-abcdef0123456789"
        self.issued.append(token)
        self.valid.add(token)
        body = {"access_token": token, "token_type": "bearer", "expires_in": self.expires_in}
        return httpx.Response(200, json=body)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        script = self.routes.get((request.method, request.url.path))
        if script is None:
            return error(404, f"no route {request.method} {request.url.path}", "not.found")
        if callable(script):
            return script(request)
        chosen = script.pop(0) if len(script) > 1 else script[0]
        # A fresh copy each time: a response object can be read only once.
        return httpx.Response(chosen.status_code, headers=chosen.headers, content=chosen.content)

    def api_calls(self, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == path]
