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
        self.api_host = httpx.URL(API).host  # where a bearer token is required

    def route(self, method: str, path: str, script: Script) -> None:
        self.routes[(method, path)] = script

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            self.token_requests.append(request)
            return self._mint(request)
        self.requests.append(request)
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        if request.url.host == self.api_host and bearer not in self.valid:
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


class PagedListing:
    """A listing of ``total`` entities paged one of Genesys' ways; counts the pages served.

    Styles: ``number`` (pageNumber/pageCount, plus nextUri like the real listings),
    ``nexturi`` (before/after cursor: only nextUri), ``cursor`` (opaque cursor, audit
    results) and ``body`` (POST query with paging in the body).
    """

    def __init__(
        self, path: str, total: int, style: str, *, max_size: int = 500, empty_page_count: int = 0
    ) -> None:
        self.path, self.total, self.style, self.max_size = path, total, style, max_size
        self.empty_page_count = empty_page_count
        self.sizes: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        if self.style == "body":
            import json

            body = json.loads(request.content)
            number, size = int(body.get("pageNumber", 1)), int(body.get("pageSize", 25))
        else:
            number = int(params.get("pageNumber", 1))
            size = int(params.get("pageSize", 25))
        size = min(size, self.max_size)
        self.sizes.append(size)
        start = {
            "number": (number - 1) * size,
            "body": (number - 1) * size,
            "nexturi": int(params.get("after", 0)),
            "cursor": int(params.get("cursor", "c0")[1:]),
        }[self.style]
        items = [{"id": f"e{i}"} for i in range(start, min(start + size, self.total))]
        end = start + len(items)
        return httpx.Response(200, json=self._page(items, number, size, end))

    def _page(self, items: list[Any], number: int, size: int, end: int) -> dict[str, Any]:
        more = end < self.total
        if self.style in ("number", "body"):
            count = -(-self.total // size) if self.total else self.empty_page_count
            page = listing(
                items, pageNumber=number, pageSize=size, total=self.total, pageCount=count
            )
            if more and self.style == "number":
                page["nextUri"] = f"{self.path}?pageSize={size}&pageNumber={number + 1}"
            return page
        if self.style == "nexturi":
            page = listing(items, selfUri=self.path)
            if more:
                page["nextUri"] = f"{self.path}?after={end}&pageSize={size}"
            return page
        page = listing(items, pageSize=size)
        if more:
            page["cursor"] = f"c{end}"
        return page
