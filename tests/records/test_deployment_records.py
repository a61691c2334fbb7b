"""A deployment's records: an audit entry per step, webhook events in the outbox written with
their journal rows, a conflict announced, a rollback marked, and no secret anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cxgate.apply.engine import ApplyOptions
from cxgate.client import GenesysClient
from cxgate.emulator import Emulator
from cxgate.org.live import read_live
from cxgate.pipeline.deploying import apply, deployment_lock
from cxgate.pipeline.reverting import plan_rollback, rollback
from cxgate.records.events import load_schema
from cxgate.records.recorder import Recorder, open_recorder
from cxgate.records.webhooks import Endpoint
from cxgate.state.records import DeploymentStatus
from cxgate.state.sqlite import SqliteStore

BODIES = {
    "skill": {"Loyalty": {"name": "Loyalty"}},
    "queue": {"Billing": {"name": "Billing", "description": "deployed"}},
}
SIGNING_KEY = "whsec_Zq8v3LkT9mN2pR7sX4yB"


def _recorder(store: SqliteStore, tmp_path: Path) -> Recorder:
    recorder = open_recorder(store, client_id="apply-tests", secrets=("secret",))
    recorder.endpoints = {"ci": Endpoint("ci", "http://127.0.0.1:9/h", "CI", ("*",), SIGNING_KEY)}
    return recorder


def test_every_step_is_audited_and_announced(
    plan_of: Any, client: GenesysClient, store: SqliteStore, tmp_path: Path
) -> None:
    recorder = _recorder(store, tmp_path)
    plan, side = plan_of(BODIES)
    result = apply(plan, side, client, store, force=True, records=recorder)
    assert result.ok
    entries = [e.data for e in recorder.audit.entries()]
    types = [e["type"] for e in entries]
    assert types[0] == "deployment.started"
    assert types[-1] == "deployment.finished"
    steps = [e for e in entries if e["type"] == "step"]
    assert {s["object"]["name"] for s in steps} == {"Loyalty", "Billing"}
    billing = next(s for s in steps if s["object"]["name"] == "Billing")
    assert billing["outcome"] == "applied"
    assert billing["who"] == {"user": billing["who"]["user"], "clientId": "apply-tests"}
    assert billing["change"]["fields"][0]["new"] == "deployed"
    assert billing["correlationId"]  # the write's ININ-Correlation-Id
    assert billing["deployment"] == result.deployment
    assert billing["org"]
    finished = entries[-1]
    assert finished["outcome"] == "succeeded"
    assert any(k.startswith("PUT /api/v2/routing/queues/") for k in finished["requests"])
    assert recorder.audit.verify().ok
    events = store.outbox_events()
    assert [e.type for e in events] == ["deployment.started", "deployment.succeeded"]
    schema = load_schema("webhook-v1")
    for event in events:
        jsonschema.validate(dict(event.payload), schema)
        assert event.payload["deployment"] == result.deployment


def test_a_conflict_is_announced_and_the_rollback_recorded(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator, tmp_path: Path
) -> None:
    recorder = _recorder(store, tmp_path)
    plan, side = plan_of(
        {"queue": {"Billing": {"name": "Billing", "skillEvaluationMethod": "BEST"}}}
    )
    billing = emulator.find("queue", "Billing")
    emulator.edit("queue", billing["id"], skillEvaluationMethod="NONE")
    options = ApplyOptions(workers=1)
    result = apply(plan, side, client, store, force=True, options=options, records=recorder)
    assert result.status is DeploymentStatus.ROLLED_BACK
    types = [e.type for e in store.outbox_events()]
    assert types == ["deployment.started", "conflict.detected", "deployment.rolled_back"]
    conflict = store.outbox_events()[1].payload["data"]
    assert conflict["object"]["name"] == "Billing"
    step = next(e.data for e in recorder.audit.entries() if e.data["type"] == "step")
    assert step["outcome"] == "conflicted"
    assert "someone else" in step["message"]


def test_a_later_rollback_marks_the_target_rolled_back(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator, tmp_path: Path
) -> None:
    recorder = _recorder(store, tmp_path)
    plan, side = plan_of(BODIES)
    done = apply(plan, side, client, store, force=True, records=recorder)
    refs = read_live(client).refs
    reversal = plan_rollback(client, store, done.deployment, refs)
    with deployment_lock(store, str(emulator.store.organization["id"])) as lease:
        back = rollback(reversal, client, store, lease, refs, records=recorder)
    assert back.ok
    marked = [
        e.data for e in recorder.audit.entries() if e.data["type"] == "deployment.rolled_back"
    ]
    assert [(m["deployment"], m["rolledBackBy"]) for m in marked] == [
        (done.deployment, back.deployment)
    ]
    types = [e.type for e in store.outbox_events()]
    assert types.count("deployment.rolled_back") == 1
    assert types.count("deployment.succeeded") == 2  # the apply, then the rollback itself


def test_no_secret_is_written_anywhere(
    plan_of: Any, client: GenesysClient, store: SqliteStore, tmp_path: Path
) -> None:
    """Real-looking secrets reach the recorder in every way they could; grep every file."""
    client_secret = "gKx9-Qw2ErT5yU8iO1pA3sD6fG7hJ0kLzXcVbNm"
    bearer = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJlLXZhbHVl"
    recorder = open_recorder(
        store, client_id="apply-tests", secrets=(client_secret,), environ={"CI": SIGNING_KEY}
    )
    recorder.endpoints = {"ci": Endpoint("ci", "http://127.0.0.1:9/h", "CI", ("*",), SIGNING_KEY)}
    recorder.audit.redactor = recorder.audit.redactor.with_secrets([SIGNING_KEY])
    recorder.record(
        "plan",
        detail={
            "clientSecret": client_secret,
            "headers": {"Authorization": f"Bearer {bearer}"},
            "note": f"token was {bearer} and key {SIGNING_KEY} (secret {client_secret})",
            "webhook": {"signingKey": SIGNING_KEY, "password": "hunter2hunter2"},
        },
        webhook="policy.overridden",
        data={"overrides": [f"Authorization: Bearer {bearer}", client_secret]},
    )
    plan, side = plan_of(BODIES)
    apply(plan, side, client, store, force=True, records=recorder)
    state = Path(store.location).parent
    written = [p for p in state.rglob("*") if p.is_file()]
    assert any(p.suffix == ".jsonl" for p in written)
    for path in written:
        data = path.read_bytes()
        for secret in (client_secret, bearer, SIGNING_KEY, "hunter2hunter2"):
            assert secret.encode() not in data, f"{secret[:6]}… found in {path.name}"
    assert recorder.audit.verify().ok


def test_validate_and_plan_are_audited(
    client: GenesysClient, store: SqliteStore, tmp_path: Path
) -> None:
    from cxgate.errors import ValidationError
    from cxgate.pipeline.checking import check
    from cxgate.pipeline.live import read_org_side
    from cxgate.pipeline.planning import make_plan
    from tests.apply.conftest import desired_of

    recorder = _recorder(store, tmp_path)
    good = desired_of(BODIES)
    side = read_org_side(client, good)
    assert check(good, side, store, records=recorder) == []
    make_plan(good, side, store, records=recorder)
    bad = desired_of({"queue": {"Billing": {"name": "Billing", "wrapupCodes": ["Nope"]}}})
    with pytest.raises(ValidationError):
        make_plan(bad, read_org_side(client, bad), store, records=recorder)
    check(bad, read_org_side(client, bad), store, records=recorder)
    found = [(e.data["type"], e.data["outcome"]) for e in recorder.audit.entries()]
    assert found == [
        ("validate", "ok"),
        ("plan", "ok"),
        ("plan", "invalid"),
        ("validate", "invalid"),
    ]
    plan = next(e.data for e in recorder.audit.entries() if e.data["type"] == "plan")
    assert plan["plan"]["create"] == 1
    assert plan["plan"]["checksum"]


def test_an_overridden_freeze_is_announced(
    client: GenesysClient, store: SqliteStore, tmp_path: Path
) -> None:
    """A deployment made during a freeze, with --override-freeze: policy.overridden."""
    from cxgate.pipeline.checking import Overrides
    from cxgate.pipeline.live import read_org_side
    from cxgate.pipeline.planning import make_plan
    from tests.apply.conftest import desired_of

    config = {
        "version": 1,
        "policy": {"freeze": [{"name": "always", "from": "00:00", "to": "23:59"}]},
    }
    desired = desired_of({"queue": {"Billing": {"name": "Billing", "description": "x"}}}, config)
    side = read_org_side(client, desired)
    plan = make_plan(desired, side, store, overrides=Overrides(freeze="incident 42"))
    recorder = _recorder(store, tmp_path)
    assert apply(plan, side, client, store, force=True, records=recorder).ok
    (event,) = [e for e in store.outbox_events() if e.type == "policy.overridden"]
    assert event.payload["data"]["overrides"] == [
        next(w for w in plan.warnings if "overridden" in w)
    ]
    assert "incident 42" in event.payload["data"]["overrides"][0]
    types = [e.data["type"] for e in recorder.audit.entries()]
    assert types.index("policy.overridden") == types.index("deployment.started") + 1
