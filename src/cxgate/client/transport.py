"""The one seam every request crosses: pacing, counting and timing around the real transport.

Sitting at the transport level (below ``httpx.Client`` and its auth flow) means every request
on the wire is paced and counted, including a 401 replay and every retry.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import httpx

from cxgate.clock import Clock

from .deadline import DeadlineStream, deadline
from .ratelimit import Pacer
from .retry import RetryPolicy, retry_after_s

__all__ = ["ClientStats", "MeteredTransport", "ResponseObserver", "path_template"]

_CORRELATION = "ININ-Correlation-Id"

_ID_SEGMENT = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|[0-9a-f]{24,})$",
    re.IGNORECASE,
)


def path_template(path: str) -> str:
    """``/api/v2/routing/queues/<uuid>`` → ``/api/v2/routing/queues/{id}``: low-cardinality."""
    return "/".join("{id}" if _ID_SEGMENT.match(seg) else seg for seg in path.split("/"))


class ResponseObserver(Protocol):
    """Told about every request on the wire; ``status`` is None when no response came."""

    def __call__(self, method: str, path_template: str, status: int | None, seconds: float) -> None:
        """Record one request (metrics hook)."""
        ...


@dataclass
class ClientStats:
    """Running totals for one client; thread-safe. Read them, do not write them."""

    calls: int = 0
    rate_limited: int = 0
    retries: int = 0
    transport_errors: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _local: threading.local = field(default_factory=threading.local, repr=False, compare=False)

    @property
    def last_write_correlation(self) -> str:
        """The ``ININ-Correlation-Id`` of this thread's last write (POST/PUT/PATCH/DELETE),
        so a step's audit entry can name the call Genesys recorded."""
        return str(getattr(self._local, "correlation", ""))

    def wrote(self, correlation_id: str) -> None:
        self._local.correlation = correlation_id

    def record(self, status: int | None) -> None:
        with self._lock:
            self.calls += 1
            if status is None:
                self.transport_errors += 1
                return
            self.statuses[status] += 1
            if status == 429:
                self.rate_limited += 1

    def retried(self) -> None:
        with self._lock:
            self.retries += 1


class MeteredTransport(httpx.BaseTransport):
    """Wraps the real transport: waits for the pacer, learns from headers, tells observers,
    and holds each request, body included, to ``deadline_s`` (deadline.py).

    ``close()`` leaves the inner transport open: the client shares it and closes it once.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        clock: Clock,
        stats: ClientStats,
        pacer: Pacer | None = None,
        policy: RetryPolicy | None = None,
        observers: Sequence[ResponseObserver] = (),
        deadline_s: float | None = None,
    ) -> None:
        self._inner = inner
        self._deadline_s = deadline_s
        self._clock = clock
        self._stats = stats
        self._pacer = pacer
        self._policy = policy or RetryPolicy()
        self._observers = observers  # the client's list: observers may join later

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._pacer is not None:
            self._pacer.acquire()
        started = self._clock.monotonic()
        at = None if self._deadline_s is None else time.monotonic() + self._deadline_s
        try:
            with deadline(at):  # real time: it bounds real socket waits
                response = self._inner.handle_request(request)
        except Exception:
            self._finish(request, None, started)
            raise
        if isinstance(response.stream, httpx.SyncByteStream) and at is not None:
            response.stream = DeadlineStream(response.stream, at)
        self._finish(request, response, started)
        return response

    def _finish(
        self, request: httpx.Request, response: httpx.Response | None, started: float
    ) -> None:
        elapsed = self._clock.monotonic() - started
        status = response.status_code if response is not None else None
        if self._pacer is not None:
            self._pacer.observe(response.headers if response is not None else {})
            if status == 429 and response is not None:
                wait = retry_after_s(response.headers, self._clock.time())
                self._pacer.pause(self._policy.default_retry_after_s if wait is None else wait)
        self._stats.record(status)
        if request.method != "GET":
            cid = response.headers.get(_CORRELATION, "") if response is not None else ""
            self._stats.wrote(cid)
        template = path_template(request.url.path)
        for observer in tuple(self._observers):
            observer(request.method, template, status, elapsed)
