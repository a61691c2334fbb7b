"""One deadline for the whole response: a server dripping bytes cannot hold a request open."""

from __future__ import annotations

import json
import time

import pytest
from tests.hostile import Answer, HostileServer, json_answer

from cxgate.client import GenesysClient, RetryPolicy
from cxgate.client.deadline import deadline
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
