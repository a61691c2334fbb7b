"""Fault plans: parsing, determinism, and each kind as a client sees it in-process."""

from __future__ import annotations

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator, FaultPlan
from cxgate.emulator.faults import Fault, FaultInjector
from cxgate.errors import ConfigError
from tests.emulator.helpers import login

QUEUE = "/api/v2/routing/queues/{queueId}"


def test_parse_reads_every_setting() -> None:
    """The documented example spec parses into rules and settings."""
    plan = FaultPlan.parse("5xx=0.1,429=0.05,drop=0.02,timeout=0.01,latency=20ms,seed=7")
    assert {r.kind: r.rate for r in plan.rules} == {
        "5xx": 0.1,
        "429": 0.05,
        "drop": 0.02,
        "timeout": 0.01,
    }
    assert (plan.latency, plan.seed, plan.phase) == (0.02, 7, "mixed")


def test_parse_scoped_rules_with_commas_outside_brackets() -> None:
    """A rule scoped to a method and path is read whole and applies only there."""
    plan = FaultPlan.parse("5xx[PUT /api/v2/routing/queues/*]=0.5,phase=after,retry_after=3")
    (rule,) = plan.rules
    assert (rule.kind, rule.method, rule.path, rule.rate) == (
        "5xx",
        "PUT",
        "/api/v2/routing/queues/*",
        0.5,
    )
    assert (plan.phase, plan.retry_after) == ("after", 3)
    assert plan.rates("PUT", "/api/v2/routing/queues/q1", QUEUE) == {"5xx": 0.5}
    assert plan.rates("GET", "/api/v2/routing/queues/q1", QUEUE) == {}


def test_scoped_rule_overrides_unscoped_rate_and_matches_templates() -> None:
    """A scoped rate replaces the global rate of its kind; templates match too."""
    plan = FaultPlan.parse("503=0.1,503[PUT /api/v2/routing/queues/{queueId}]=0.9")
    assert plan.rates("PUT", "/api/v2/routing/queues/abc", QUEUE) == {"503": 0.9}
    assert plan.rates("GET", "/api/v2/organizations/me", "/api/v2/organizations/me") == {"503": 0.1}


def test_latency_in_seconds() -> None:
    """Latency accepts seconds as well as milliseconds."""
    assert FaultPlan.parse("latency=1.5s").latency == 1.5


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("5xx", "name=value"),
        ("boom=0.1", "fault kind 'boom'"),
        ("5xx=lots", "probability such as 0.05"),
        ("5xx=1.5", "between 0 and 1"),
        ("latency=20", "give a unit"),
        ("phase=during", "before, after, mixed"),
        ("seed=x", "whole number"),
        ("5xx=0.6,drop=0.6", "add up to 1.2"),
    ],
)
def test_bad_specs_say_what_to_fix(spec: str, fragment: str) -> None:
    """Each malformed spec raises ConfigError naming the item and the fix."""
    with pytest.raises(ConfigError, match=None) as info:
        FaultPlan.parse(spec)
    assert fragment in str(info.value)


def _fates(plan: FaultPlan, n: int = 200) -> list[Fault | None]:
    injector = FaultInjector(plan)
    return [injector.next("PUT", f"/api/v2/routing/queues/q{i % 7}", QUEUE) for i in range(n)]


def test_same_seed_same_faults_and_other_seed_differs() -> None:
    """A seed fixes the sequence of faults; another seed gives another sequence."""
    spec = "5xx=0.2,drop=0.1,timeout=0.1,429=0.1,refuse=0.05"
    first, again = (
        _fates(FaultPlan.parse(spec + ",seed=1")),
        _fates(FaultPlan.parse(spec + ",seed=1")),
    )
    other = _fates(FaultPlan.parse(spec + ",seed=2"))
    assert first == again
    assert first != other
    kinds = {f.kind for f in first if f is not None}
    assert kinds == {"5xx", "drop", "timeout", "429", "refuse"}


def test_rates_are_roughly_honoured() -> None:
    """Over many calls, a 30% rate injects about 30% of the time."""
    fates = _fates(FaultPlan.parse("503=0.3,seed=3"), n=2000)
    share = sum(f is not None for f in fates) / len(fates)
    assert 0.25 < share < 0.35
    assert {f.status for f in fates if f is not None} == {503}


def test_fate_depends_on_the_object_not_the_interleaving() -> None:
    """The nth call to one path gets the same fate whatever other paths were called."""
    plan = FaultPlan.parse("5xx=0.5,seed=9")
    alone, mixed = FaultInjector(plan), FaultInjector(plan)
    solo = [alone.next("GET", "/api/v2/x/a", "/api/v2/x/{id}") for _ in range(20)]
    interleaved = []
    for _ in range(20):
        mixed.next("GET", "/api/v2/x/b", "/api/v2/x/{id}")
        interleaved.append(mixed.next("GET", "/api/v2/x/a", "/api/v2/x/{id}"))
    assert solo == interleaved


@pytest.mark.parametrize(("phase", "applied"), [("before", False), ("after", True)])
def test_phase_decides_whether_the_write_happened(
    clock: FakeClock, phase: str, applied: bool
) -> None:
    """A 503 on PUT leaves the queue unchanged before, or changed after, the write."""
    emulator = Emulator(clock=clock)
    queue = emulator.find("queue", "Billing")
    assert queue is not None
    emulator.faults = f"503[PUT /api/v2/routing/queues/*]=1,phase={phase}"
    with login(emulator) as client:
        response = client.put(
            f"/api/v2/routing/queues/{queue['id']}", json={"name": "Billing", "description": "new"}
        )
    assert response.status_code == 503
    assert response.json()["code"] == "service.unavailable"
    assert (emulator.entity("queue", queue["id"]).get("description") == "new") is applied
    path = f"/api/v2/routing/queues/{queue['id']}"
    assert emulator.injected == [("PUT", path, "503", applied)]


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("drop", httpx.RemoteProtocolError),
        ("refuse", httpx.ConnectError),
        ("timeout", httpx.ReadTimeout),
    ],
)
def test_connection_faults_raise_httpx_errors(
    clock: FakeClock, kind: str, error: type[Exception]
) -> None:
    """Drops, refusals and timeouts surface as the exceptions httpx raises for real ones."""
    emulator = Emulator(clock=clock, faults=f"{kind}=1")
    with login(emulator) as client, pytest.raises(error):
        client.get("/api/v2/organizations/me", timeout=7.5)
    assert emulator.requests[-1].status == 0


def test_timeout_waits_the_clients_read_timeout_on_the_clock(clock: FakeClock) -> None:
    """An injected timeout sleeps the client's read timeout on the injected clock."""
    emulator = Emulator(clock=clock, faults="timeout=1")
    with login(emulator) as client, pytest.raises(httpx.ReadTimeout):
        client.get("/api/v2/organizations/me", timeout=7.5)
    assert clock.slept[-1] == 7.5


def test_refused_connection_never_applies_a_write(clock: FakeClock) -> None:
    """Even with phase=after, a refused connection changes nothing."""
    emulator = Emulator(clock=clock, faults="refuse=1,phase=after")
    with login(emulator) as client, pytest.raises(httpx.ConnectError):
        client.post("/api/v2/routing/skills", json={"name": "Never"})
    assert emulator.find("skill", "Never") is None


def test_429_storm_answers_with_retry_after(clock: FakeClock) -> None:
    """An injected 429 carries Retry-After and the normalized code."""
    emulator = Emulator(clock=clock, faults="429=1,retry_after=4")
    with login(emulator) as client:
        response = client.get("/api/v2/organizations/me")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "4"
    assert response.json()["code"] == "too.many.requests.retry.after"


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_exact_status_faults(clock: FakeClock, status: int) -> None:
    """An exact-status rule answers that status with a Genesys error body."""
    emulator = Emulator(clock=clock, faults=f"{status}=1")
    with login(emulator) as client:
        response = client.get("/api/v2/organizations/me")
    assert response.status_code == status
    assert response.json()["status"] == status
    assert "inin-ratelimit-count" in response.headers


def test_latency_sleeps_on_the_injected_clock(clock: FakeClock) -> None:
    """latency=20ms adds a 20 ms sleep to every API call, on the clock."""
    emulator = Emulator(clock=clock, faults="latency=20ms")
    with login(emulator) as client:
        client.get("/api/v2/organizations/me")
        client.get("/api/v2/organizations/me")
    assert clock.slept == [0.02, 0.02]


def test_no_latency_means_no_sleep_on_a_shared_clock(clock: FakeClock) -> None:
    """Without latency the emulator never sleeps, so a client's clock.slept stays its own."""
    with login(Emulator(clock=clock)) as client:
        client.get("/api/v2/organizations/me")
    assert clock.slept == []


def test_token_endpoint_is_not_faulted_by_global_rules(clock: FakeClock) -> None:
    """Unscoped rates apply to /api/v2 calls only, so logging in still works."""
    emulator = Emulator(clock=clock, faults="503=1")
    with login(emulator) as client:
        assert client.get("/api/v2/organizations/me").status_code == 503


def test_python_api_builds_the_same_plan() -> None:
    """with_rule gives the same rules as the spec string."""
    built = FaultPlan(seed=7).with_rule("5xx", 0.5, method="put", path="/api/v2/routing/queues/*")
    assert built == FaultPlan.parse("5xx[PUT /api/v2/routing/queues/*]=0.5,seed=7")
