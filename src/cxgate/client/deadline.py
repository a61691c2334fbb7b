"""A deadline for the whole of each response, not only for each read.

httpx's timeouts apply to each socket operation, so a server that sends one byte a second
(headers or body) never trips a 3 s read timeout and keeps a command waiting for minutes.
Here every socket operation of a request is given what is left of one deadline instead:
``MeteredTransport`` opens a ``deadline`` around sending the request and around each read
of its body, and the network backend below httpcore (the only place that sees the socket
waits) shortens each wait to what remains, and fails the request once nothing does.

httpx offers no public hook for the network backend, so ``deadline_transport`` puts an
httpcore pool with ours into ``httpx.HTTPTransport._pool`` (httpx 0.28,
``httpx/_transports/default.py``); everything else of the transport is httpx's own.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpcore
import httpx

__all__ = ["DeadlineStream", "deadline", "deadline_transport"]

_local = threading.local()


@contextmanager
def deadline(at: float | None) -> Iterator[None]:
    """Socket waits in this thread end by ``at`` (``time.monotonic()`` seconds) at the latest;
    None leaves them to httpx's own timeouts. Nested deadlines keep the earlier one."""
    outer: float | None = getattr(_local, "at", None)
    _local.at = at if outer is None else (outer if at is None else min(at, outer))
    try:
        yield
    finally:
        _local.at = outer


_PASSED = "no complete answer before the request's deadline (CXGATE_TIMEOUT_S)"
T = TypeVar("T")


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """The wait to allow: httpx's ``timeout``, shortened to what the deadline leaves."""
    at: float | None = getattr(_local, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise error(_PASSED)
    return left if timeout is None else min(timeout, left)


def _bounded(wait: Callable[[float | None], T], timeout: float | None, error: type[Exception]) -> T:
    """Run one socket wait within the deadline; a timeout at the deadline says so."""
    try:
        return wait(_left(timeout, error))
    except error:
        _left(0.0, error)  # raises the deadline's message when that is what ran out
        raise


class _Stream(httpcore.NetworkStream):
    """A socket stream whose every wait is bounded by the thread's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return _bounded(
            lambda wait: self._inner.read(max_bytes, wait), timeout, httpcore.ReadTimeout
        )

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        _bounded(lambda wait: self._inner.write(buffer, wait), timeout, httpcore.WriteTimeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _Stream(
            _bounded(
                lambda wait: self._inner.start_tls(ssl_context, server_hostname, wait),
                timeout,
                httpcore.ConnectTimeout,
            )
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """httpcore's own socket backend, handing out deadline-bounded streams."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return _Stream(
            _bounded(
                lambda wait: self._inner.connect_tcp(
                    host, port, wait, local_address, socket_options
                ),
                timeout,
                httpcore.ConnectTimeout,
            )
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:  # pragma: no cover - cxgate never connects to a unix socket
        wait = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, wait, socket_options))

    def sleep(self, seconds: float) -> None:  # pragma: no cover - only for httpcore retries
        self._inner.sleep(seconds)


def deadline_transport() -> httpx.HTTPTransport:
    """httpx's default transport (TLS verified, HTTP/1.1) on the deadline-bounded backend."""
    transport = httpx.HTTPTransport()
    transport._pool = httpcore.ConnectionPool(  # see the module docstring
        ssl_context=httpx.create_ssl_context(), network_backend=_Backend()
    )
    return transport


class DeadlineStream(httpx.SyncByteStream):
    """A response body read under its request's deadline, chunk by chunk."""

    def __init__(self, inner: httpx.SyncByteStream, at: float | None) -> None:
        self._inner, self._at = inner, at

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self._inner)
        while True:
            with deadline(self._at):
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        self._inner.close()
