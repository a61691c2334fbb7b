"""`audit remote`: the org's own audit trail correlated with a deployment, object by object,
including an out-of-band edit by another client."""

from __future__ import annotations

from typing import Any

import httpx

from cxgate.client import GenesysClient, RetryPolicy
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.pipeline.deploying import apply
from cxgate.records.remote import remote_audit
from cxgate.settings import Settings
from cxgate.state.sqlite import SqliteStore

BODIES = {
    "skill": {"Loyalty": {"name": "Loyalty"}},
    "queue": {"Billing": {"name": "Billing", "description": "deployed by cxgate"}},
}


def test_genesys_saw_our_changes_and_another_clients_edit(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator, clock: FakeClock
) -> None:
    plan, side = plan_of(BODIES)
    done = apply(plan, side, client, store, force=True, clock=clock)
    assert done.ok
    clock.advance(30)
    other = Settings.for_url("https://api.emulator.test", "another-integration", "secret")
    transport = httpx.MockTransport(emulator)
    with GenesysClient(other, transport=transport, clock=clock, retry=RetryPolicy()) as them:
        billing = them.get("/api/v2/routing/queues", params={"name": "Billing"})["entities"][0]
        them.put(f"/api/v2/routing/queues/{billing['id']}", {**billing, "description": "theirs"})
    emulator.edit(
        "queue",
        billing["id"],
        by="supervisor@example.com",
        acwSettings={"wrapupPrompt": "OPTIONAL", "timeoutMs": 60_000},
    )
    found = remote_audit(client, store, done.deployment)
    by_name = {o.name: o for o in found.objects}
    assert set(by_name) == {"Billing", "Loyalty"}
    queue = by_name["Billing"]
    assert queue.verdict == "confirmed"
    assert queue.ours == ("description",)
    assert "description" in queue.seen
    assert [(o.client, o.who, o.properties) for o in queue.others] == [
        ("another-integration", "", ("description",)),
        ("genesys-cloud-ui", "supervisor@example.com", ("acwSettings",)),
    ]
    assert by_name["Loyalty"].verdict == "confirmed"
    assert by_name["Loyalty"].action == "create"
    assert not found.ok
    data = found.to_dict()
    assert data["objects"][0]["missing"] == []
    assert data["clientId"] == "apply-tests"
    assert emulator.count("POST", "/api/v2/audits/query") == 2  # Queue, RoutingSkill
    assert emulator.count("GET", "/api/v2/audits/query/{transactionId}") == 2


def test_a_write_genesys_did_not_record_is_not_seen(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator, clock: FakeClock
) -> None:
    plan, side = plan_of({"queue": {"Billing": {"name": "Billing", "description": "x"}}})
    done = apply(plan, side, client, store, force=True, clock=clock)
    emulator.store.table("audits").clear()  # the trail lags, or lost it
    (queue,) = remote_audit(client, store, done.deployment).objects
    assert queue.verdict == "not_seen"
    assert queue.missing == ("description",)


def test_results_are_paged_with_the_cursor(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator, clock: FakeClock
) -> None:
    plan, side = plan_of({"queue": {"Billing": {"name": "Billing", "description": "x"}}})
    done = apply(plan, side, client, store, force=True, clock=clock)
    billing = emulator.find("queue", "Billing")
    for n in range(520):  # more than one page of 500
        emulator.edit("queue", billing["id"], by="bot@example.com", description=f"n{n}")
    (queue,) = remote_audit(client, store, done.deployment).objects
    assert len(queue.others) == 520
    assert emulator.count("GET", "/api/v2/audits/query/{transactionId}/results") == 2
