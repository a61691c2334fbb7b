"""The emulator on a real loopback socket (uvicorn in a thread, port 0, no sleeps)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.serve import EmulatorServer


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    """The demo org served on a free loopback port; faults on two endpoints."""
    faults = "drop[GET /api/v2/routing/skills]=1,timeout[GET /api/v2/routing/languages]=1"
    emulator = Emulator(clock=FakeClock(), faults=faults)
    with EmulatorServer(emulator) as running:
        yield running


def _client(url: str) -> httpx.Client:
    """A fresh (unopened) client with a bearer token from the served token endpoint."""
    grant = {"grant_type": "client_credentials"}
    token = httpx.post(f"{url}/oauth/token", data=grant, auth=("a", "b")).json()["access_token"]
    return httpx.Client(base_url=url, timeout=5.0, headers={"Authorization": f"Bearer {token}"})


def test_serves_the_api_on_a_free_port(server: EmulatorServer) -> None:
    """Port 0 picks a free port; the API answers with real headers and bodies."""
    assert server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}"
    with _client(server.url) as client:
        response = client.get("/api/v2/routing/queues", params={"name": "Billing*"})
    assert response.status_code == 200
    assert [q["name"] for q in response.json()["entities"]] == ["Billing", "Billing - Disputes"]
    assert response.headers["inin-ratelimit-allowed"] == "300"
    assert "ININ-Correlation-Id" in response.headers
    assert "server" not in response.headers


def test_two_clients_see_each_others_writes(server: EmulatorServer) -> None:
    """Separate clients (as separate processes would) share one org."""
    with _client(server.url) as first, _client(server.url) as second:
        created = first.post("/api/v2/routing/wrapupcodes", json={"name": "Shared"})
        assert created.status_code == 200
        seen = second.get(f"/api/v2/routing/wrapupcodes/{created.json()['id']}")
    assert seen.json()["name"] == "Shared"


def test_errors_and_list_parameters_cross_the_socket(server: EmulatorServer) -> None:
    """404 bodies, repeated query parameters and 401s survive the socket."""
    ids = [q["id"] for q in server.emulator.store.table("queues").values()][:2]
    with _client(server.url) as client:
        missing = client.get("/api/v2/routing/queues/nope")
        listed = client.get("/api/v2/routing/queues", params=[("id", i) for i in ids])
    assert missing.json()["code"] == "not.found"
    assert {q["id"] for q in listed.json()["entities"]} == set(ids)
    assert httpx.get(f"{server.url}/api/v2/organizations/me").status_code == 401


def test_drop_closes_the_connection_mid_response(server: EmulatorServer) -> None:
    """An injected drop reaches the client as a protocol error; the server keeps serving."""
    with _client(server.url) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.get("/api/v2/routing/skills")
        assert client.get("/api/v2/organizations/me").status_code == 200


def test_timeout_holds_until_the_client_gives_up(server: EmulatorServer) -> None:
    """An injected timeout sends nothing; the client's read timeout fires."""
    with _client(server.url) as client:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            client.get("/api/v2/routing/languages", timeout=0.2)
        assert time.monotonic() - started >= 0.2
        assert client.get("/api/v2/organizations/me").status_code == 200


def test_latency_is_real_on_the_socket() -> None:
    """latency=50ms delays each answer by at least 50 ms of wall time."""
    with EmulatorServer(Emulator(faults="latency=50ms")) as running, _client(running.url) as client:
        started = time.monotonic()
        client.get("/api/v2/organizations/me")
        assert time.monotonic() - started >= 0.05


def test_ready_callback_gets_the_url() -> None:
    """on_ready is called with the URL once connections are accepted."""
    seen: list[str] = []
    running = EmulatorServer(Emulator(seed="empty"), on_ready=seen.append)
    with running:
        assert seen == [running.url]


def test_busy_port_is_an_os_error() -> None:
    """Binding a port already in use fails at construction, not later."""
    with EmulatorServer(Emulator(seed="empty")) as running, pytest.raises(OSError, match="in use"):
        EmulatorServer(Emulator(seed="empty"), port=running.port)
