"""``GenesysClient``: the only way cxgate talks to Genesys Cloud.

The request chain, each layer one job::

    request → _send (URL check, retries: retry.py) → httpx.Client (BearerAuth: token, 401
    replay: auth.py) → MeteredTransport (pacer, stats, observers: transport.py) → transport

One client is shared by every thread of a run: one token, one pacer, one set of stats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from cxgate import __version__
from cxgate.clock import Clock, SystemClock

from .auth import BearerAuth, TokenProvider
from .deadline import deadline_transport
from .envelopes import Listing, checked, decoded
from .errorbody import error_from_response
from .jobs import FLOW_OPERATION, PollSchedule, StatusTable, poll_until_done, status_table_for
from .pagination import (
    PageRequest,
    PageTally,
    entities_of,
    first_page,
    next_page,
    numbered_page,
    page_count,
    page_size_for,
)
from .ratelimit import Pacer
from .redact import protect_http_logs
from .retry import RetryPolicy, is_idempotent, send_with_retries
from .transport import ClientStats, MeteredTransport, ResponseObserver
from .urls import api_target, require_safe_urls

if TYPE_CHECKING:
    from cxgate.settings import Settings

__all__ = ["GenesysClient"]


class GenesysClient:
    """A polite, thread-safe Genesys Cloud API client; use it as a context manager.

    ``transport`` replaces the network (``httpx.MockTransport(Emulator(...))`` in tests and
    demos); ``clock`` replaces time (``FakeClock``); ``retry`` replaces the retry policy;
    ``page_sizes`` adds to the table of largest page sizes; ``observers`` see every call;
    ``pacer`` replaces the rate-limit pacer (e.g. ``Pacer(clock, adaptive=False)``).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Clock | None = None,
        retry: RetryPolicy | None = None,
        page_sizes: Mapping[str, int] | None = None,
        observers: Sequence[ResponseObserver] = (),
        pacer: Pacer | None = None,
    ) -> None:
        require_safe_urls(settings, injected=transport is not None)
        protect_http_logs()  # presigned URLs are credentials (redact.py)
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.retry = retry or RetryPolicy()
        self.stats = ClientStats()  # API host only: what counts against the rate limit
        self.login_stats = ClientStats()
        self.upload_stats = ClientStats()
        self.pacer = pacer or Pacer(self.clock)
        self._page_sizes = dict(page_sizes or {})
        self._observers: list[ResponseObserver] = list(observers)
        self._transport = transport or deadline_transport()  # TLS verification stays on
        observers = self._observers
        self._login = self._http_client(settings.login_url, self.login_stats, None, observers)
        self.tokens = TokenProvider(settings, self._login, clock=self.clock, policy=self.retry)
        self._api = self._http_client(settings.api_url, self.stats, self.pacer, observers)
        self._api.auth = BearerAuth(self.tokens)
        self._uploads = self._http_client("", self.upload_stats, None, observers)

    def _http_client(
        self,
        base_url: str,
        stats: ClientStats,
        pacer: Pacer | None,
        observers: Sequence[ResponseObserver],
    ) -> httpx.Client:
        metered = MeteredTransport(
            self._transport,
            clock=self.clock,
            stats=stats,
            pacer=pacer,
            policy=self.retry,
            observers=observers,
            deadline_s=self.settings.timeout_s,
        )
        return httpx.Client(
            base_url=base_url,
            transport=metered,
            timeout=self.settings.timeout_s,
            headers={"Accept": "application/json", "User-Agent": f"cxgate/{__version__}"},
        )

    def __repr__(self) -> str:
        return f"GenesysClient(api_url={self.settings.api_url!r}, calls={self.stats.calls})"

    def __enter__(self) -> GenesysClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def observing(self, observer: ResponseObserver) -> Iterator[None]:
        """``observer`` sees every call made inside the block (metrics, a report's latencies)."""
        self._observers.append(observer)
        try:
            yield
        finally:
            self._observers.remove(observer)

    def close(self) -> None:
        """Close the connection pool (the shared transport is closed once, here)."""
        for http in (self._api, self._login, self._uploads):
            http.close()
        self._transport.close()

    # -- requests ---------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> Any:
        """Send one API request; its JSON object (None when a write answers without a body).

        Anything but JSON (a GET always answers an object, a write an object or a list)
        raises UnexpectedResponseError
        (envelopes.py). ``path`` is ``/api/v2/...`` or an absolute URL on the API host.
        ``idempotent=True`` lets a POST be retried after a 5xx (only when it is safe).
        """
        response = self._send(method, path, params=params, json=json, idempotent=idempotent)
        return decoded(response, method=method.upper(), path=response.request.url.path)

    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params)

    def delete(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("DELETE", path, params=params)

    def put(self, path: str, json: Any = None, *, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("PUT", path, params=params, json=json)

    def patch(self, path: str, json: Any = None, *, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("PATCH", path, params=params, json=json)

    def post(
        self,
        path: str,
        json: Any = None,
        *,
        params: Mapping[str, Any] | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        return self.request("POST", path, params=params, json=json, idempotent=idempotent)

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        json: Any,
        idempotent: bool | None,
    ) -> httpx.Response:
        method = method.upper()
        request = self._api.build_request(
            method,
            api_target(path, self.settings.api_url),
            params=dict(params) if params else None,
            json=json,
        )
        shown = request.url.path
        response = send_with_retries(
            lambda: self._api.send(request),
            method=method,
            path=shown,
            policy=self.retry,
            clock=self.clock,
            idempotent=is_idempotent(method, idempotent),
            on_retry=self.stats.retried,
        )
        if response.is_error:
            raise error_from_response(response, method=method, path=shown)
        return response

    def upload(self, url: str, content: bytes, headers: Mapping[str, str]) -> None:
        """PUT ``content`` to a presigned URL (flow import jobs); no bearer token goes there.

        Retried like any PUT (the URL names one object, so writing it twice is harmless).
        """
        response = send_with_retries(
            lambda: self._uploads.put(url, content=content, headers=dict(headers)),
            method="PUT",
            path=urlsplit(url).path,  # the query holds the presigned signature: never shown
            policy=self.retry,
            clock=self.clock,
            idempotent=True,
            on_retry=self.upload_stats.retried,
        )
        if response.is_error:
            raise error_from_response(response, method="PUT", path=urlsplit(url).path)

    def download(self, url: str) -> bytes:
        """GET a presigned URL (an export job's ``downloadUrl``); no bearer token goes there."""
        response = send_with_retries(
            lambda: self._uploads.get(url),
            method="GET",
            path=urlsplit(url).path,  # the query holds the presigned signature: never shown
            policy=self.retry,
            clock=self.clock,
            idempotent=True,
            on_retry=self.upload_stats.retried,
        )
        if response.is_error:
            raise error_from_response(response, method="GET", path=urlsplit(url).path)
        return response.content

    # -- listings ---------------------------------------------------------------------------

    def paginate(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        page_size: int | None = None,
        method: str = "GET",
        body: Mapping[str, Any] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Yield every entity of a listing, whichever way it pages (pagination.py).

        ``method="POST"`` with ``body`` pages a query by ``pageNumber`` in the body.
        """
        size = page_size or page_size_for(path, self._page_sizes)
        first = first_page(method, path, params, size, body)
        yield from self._continue(first, self._fetch_page(first))

    def list_all(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        page_size: int | None = None,
        workers: int | None = None,
        on_page: Callable[[int, int], None] | None = None,
    ) -> list[dict[str, Any]]:
        """Every entity of a GET listing, in order; pages 2..pageCount fetched in parallel.

        ``on_page(pages_done, page_count)`` is told after each page (for progress displays).
        """
        size = page_size or page_size_for(path, self._page_sizes)
        first = first_page("GET", path, params, size)
        listing = self._fetch_page(first)
        count = page_count(listing) if isinstance(listing, Mapping) else None
        if count is None or not entities_of(listing):
            entities = list(self._continue(first, listing))
            if on_page is not None:
                on_page(1, 1)
            return entities
        tally = PageTally(count, on_page)
        tally.done()
        pages = [numbered_page(first, n) for n in range(2, count + 1)]
        with ThreadPoolExecutor(max_workers=workers or self.settings.max_workers) as pool:
            rest = list(pool.map(lambda page: tally.done(self._fetch_page(page)), pages))
        return [entity for page in (listing, *rest) for entity in entities_of(page)]

    def _continue(self, first: PageRequest, listing: Any) -> Iterator[dict[str, Any]]:
        """Page on from an already fetched page; stops if a server sends us in a circle."""
        seen = {repr(first)}
        yield from entities_of(listing)
        page = next_page(first, listing)
        while page is not None and repr(page) not in seen:
            seen.add(repr(page))
            listing = self._fetch_page(page)
            yield from entities_of(listing)
            page = next_page(page, listing)

    def _fetch_page(self, page: PageRequest) -> dict[str, Any]:
        """One page, shape-checked: a page without its ``entities`` list is an error, never
        an empty org (envelopes.py)."""
        # A POST listing is a read-only query, so it is as safe to retry as a GET.
        listing: dict[str, Any] = self.request(
            page.method, page.path, params=page.params, json=page.body, idempotent=True
        )
        checked(Listing, listing, method=page.method, path=page.path.split("?")[0])
        return listing

    # -- asynchronous work ------------------------------------------------------------------

    def wait_operation(self, get_path: str, *, deadline_s: float = 300.0) -> Any:
        """Poll an object with ``currentOperation`` (a flow) until it completes; the object.

        FAILURE → JobFailedError with Genesys' messages; too slow → DeadlineExceededError.
        """
        return self._poll(get_path, FLOW_OPERATION, deadline_s)

    def wait_job(
        self, path: str, *, deadline_s: float = 300.0, kind: StatusTable | None = None
    ) -> Any:
        """Poll an Architect job or audit query until it ends; the final job document."""
        return self._poll(path, kind or status_table_for(path), deadline_s)

    def _poll(self, path: str, table: StatusTable, deadline_s: float) -> Any:
        return poll_until_done(
            lambda p, params: self.get(p, params=params),
            path,
            table,
            clock=self.clock,
            schedule=PollSchedule(deadline_s=deadline_s),
        )
