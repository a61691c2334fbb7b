"""The WFM export: what a WFM system needs, valid against its JSON Schema, sent signed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema

from cxgate.bundle.load import load_or_raise
from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.pipeline.deploying import apply
from cxgate.pipeline.wfm import wfm_document
from cxgate.records.events import load_schema
from cxgate.records.outbox import Deliverer
from cxgate.records.recorder import open_recorder
from cxgate.records.signing import verify
from cxgate.records.webhooks import Endpoint
from cxgate.state.sqlite import SqliteStore
from tests.records.receiver import Receiver, free_port

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bundle"


def test_the_export_of_the_example_bundle(
    client: GenesysClient, store: SqliteStore, clock: FakeClock, plan_of: Any
) -> None:
    desired, _ = load_or_raise(EXAMPLE)
    before = wfm_document(client, desired, clock=clock)
    assert {q["id"] for q in before["queues"]} == {None}  # not in the org yet: creates
    sales = {k: v for k, v in desired.objects["queue"]["Sales"].body.items() if k != "wrapupCodes"}
    queues = {"queue": {"Sales": sales}, "skill": {n: {"name": n} for n in ("Sales", "Spanish")}}
    plan, side = plan_of(queues)
    assert apply(plan, side, client, store, force=True).ok
    document = wfm_document(client, desired, clock=clock)
    jsonschema.validate(document, load_schema("wfm-export-v1"))
    queues = {q["name"]: q for q in document["queues"]}
    sales = queues["Sales"]
    assert [m["type"] for m in sales["mediaTypes"]] == ["call", "message"]
    call = sales["mediaTypes"][0]["serviceLevel"]
    assert call == {"percentage": 0.8, "durationMs": 20_000}
    assert sales["id"]
    assert isinstance(sales["memberCount"], int)
    staffing = sales["staffing"]
    assert staffing["forecast"]["agents"] == 30
    assert staffing["target"] == {"percentage": 0.8, "seconds": 20.0}
    assert staffing["requiredAgents"] > 0
    assert isinstance(staffing["meetsTarget"], bool)
    assert "Sales" in document["skills"]
    assert queues["Support"]["staffing"] is None
    assert document["org"]["name"] == "Acme Contact Center"


def test_the_export_goes_out_signed_through_the_outbox(
    client: GenesysClient, store: SqliteStore, clock: FakeClock
) -> None:
    desired, _ = load_or_raise(EXAMPLE)
    document = wfm_document(client, desired, clock=clock)
    secret = "whsec_wfm_8d7c6b5a4f3e"
    with Receiver(free_port()) as receiver:
        recorder = open_recorder(store)
        wfm = Endpoint("wfm", receiver.url, "WFM_SECRET", ("wfm.export",), secret)
        ci = Endpoint("ci", receiver.url, "CI_SECRET", ("*",), secret)
        recorder.endpoints = {"wfm": wfm, "ci": ci}
        recorder.send_to("wfm", "wfm.export", {"export": document})
        with Deliverer(store, recorder.endpoints, clock=clock) as deliverer:
            assert len(deliverer.drain(deadline_s=10).delivered) == 1  # only to "wfm"
    ((headers, body),) = receiver.received
    assert verify(secret, headers, body, now=clock.time())
    assert receiver.payloads()[0]["data"]["export"]["schema"] == "cxgate.wfm-export/v1"
    assert [e.data["type"] for e in recorder.audit.entries()] == ["wfm.export"]
