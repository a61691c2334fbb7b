"""One deadline for the whole response: a server dripping bytes cannot hold a request open."""

from __future__ import annotations

import json
import ssl
import time

import httpcore
import httpx
import pytest
from tests.hostile import Answer, HostileServer, json_answer

from cxgate.client import GenesysClient, RetryPolicy
from cxgate.client.deadline import _Stream, deadline
from cxgate.client.transport import ClientStats, MeteredTransport
from cxgate.clock import FakeClock
from cxgate.errors import TransportError
from cxgate.settings import Settings

ME = "/api/v2/organizations/me"
BODY = json.dumps({"id": "org-1", "name": "x" * 200}).encode()


def _client(url: str, timeout_s: float) -> GenesysClient:
    settings = Settings.for_url(url, "id", "secret", timeout_s=timeout_s)
    return GenesysClient(settings, retry=RetryPolicy(attempts=1))


@pytest.mark.parametrize("drip_headers", [False, True], ids=["body", "headers"])
def test_a_drip_fails_at_the_deadline(drip_headers: bool) -> None:
    """Each byte comes well within the read timeout, the whole would take ~10 s: it fails."""
    answer = Answer(body=BODY, pause=0.04, drip_headers=drip_headers)
    with (
        HostileServer(lambda method, path: answer) as server,
        _client(server.url, 0.5) as client,
        pytest.raises(TransportError, match="before the request's deadline"),
    ):
        client.get(ME)


def test_a_slow_token_host_is_bounded_too() -> None:
    """The token request has the same deadline (it is a request like any other)."""
    slow = Answer(body=b'{"access_token": "t", "expires_in": 60}', pause=0.04)
    with (
        HostileServer(lambda method, path: slow, tokens=False) as server,
        _client(server.url, 0.4) as client,
        pytest.raises(TransportError, match="deadline"),
    ):
        client.get(ME)


def test_answers_within_the_deadline_are_read_whole() -> None:
    """A prompt answer (or a short drip) inside the deadline is not cut."""
    quick = Answer(body=b'{"id": "org-1"}', pause=0.001, drip=4)
    with HostileServer(lambda method, path: quick) as server, _client(server.url, 5.0) as client:
        assert client.get(ME) == {"id": "org-1"}
    with HostileServer(lambda m, p: json_answer({"a": 1})) as server, _client(server.url, 5.0) as c:
        assert c.get(ME) == {"a": 1}


def test_nested_deadlines_keep_the_earlier() -> None:
    """An inner deadline cannot extend an outer one; leaving restores the outer."""
    from cxgate.client import deadline as module

    now = time.monotonic()
    with deadline(now + 10):
        with deadline(now + 100):
            assert module._local.at == now + 10
        with deadline(None):
            assert module._local.at == now + 10
        with deadline(now + 1):
            assert module._local.at == now + 1
        assert module._local.at == now + 10
    assert module._local.at is None


class _Inner(httpcore.NetworkStream):
    """A socket stand-in: records the waits it was given, times out when told to."""

    def __init__(self, fail: bool = False) -> None:
        self.waits: list[float | None] = []
        self.fail = fail

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self.waits.append(timeout)
        if self.fail:
            raise httpcore.ReadTimeout("timed out")
        return b"x"

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.waits.append(timeout)

    def close(self) -> None:
        self.waits.append(-1.0)

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        self.waits.append(timeout)
        return _Inner()

    def get_extra_info(self, info: str) -> object:
        return f"info:{info}"


def test_each_socket_wait_gets_what_is_left() -> None:
    """Reads, writes and the TLS handshake wait at most until the deadline; outside one,
    httpx's own timeout stands; close and extra info pass through."""
    inner = _Inner()
    stream = _Stream(inner)
    assert stream.read(1, 5.0) == b"x"
    with deadline(time.monotonic() + 1.0):
        stream.write(b"x", 5.0)
        tls = stream.start_tls(ssl.create_default_context(), "api.example", None)
    assert isinstance(tls, _Stream)
    assert inner.waits[0] == 5.0
    assert all(0 < wait <= 1.0 for wait in inner.waits[1:])
    stream.close()
    assert inner.waits[-1] == -1.0
    assert stream.get_extra_info("socket") == "info:socket"


def test_a_timeout_before_the_deadline_keeps_its_own_message() -> None:
    """httpx's per-read timeout running out first is reported as itself."""
    with (
        deadline(time.monotonic() + 100.0),
        pytest.raises(httpcore.ReadTimeout, match=r"^timed out$"),
    ):
        _Stream(_Inner(fail=True)).read(1, 0.1)


def test_without_a_deadline_the_transport_leaves_the_body_alone() -> None:
    """A MeteredTransport without deadline_s hands the response through as it came."""
    body = httpx.ByteStream(b"{}")
    inner = httpx.MockTransport(lambda request: httpx.Response(200, stream=body))
    metered = MeteredTransport(inner, clock=FakeClock(), stats=ClientStats())
    response = metered.handle_request(httpx.Request("GET", "https://api.example/x"))
    assert response.stream is body
