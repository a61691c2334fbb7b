"""Property: whichever step fails, of whatever kinds the plan holds, the org ends exactly
as it started (ids of re-created objects aside)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from cxgate.apply.engine import ApplyOptions
from cxgate.apply.steps import Outcome
from cxgate.client import GenesysClient, RetryPolicy
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator, FaultPlan
from cxgate.pipeline.deploying import apply
from cxgate.pipeline.live import read_org_side
from cxgate.pipeline.planning import make_plan
from cxgate.settings import Settings
from cxgate.state.records import DeploymentStatus
from cxgate.state.sqlite import SqliteStore
from tests.apply.conftest import desired_of

QUEUES = "/api/v2/routing/queues"
# name → (kind, name, body, the write that fails when this change is chosen to fail)
CHANGES: dict[str, tuple[str, str, dict[str, Any], tuple[str, str]]] = {
    "org": (
        "organization",
        "organization",
        {"supportURI": "https://p.test"},
        ("PUT", "/api/v2/organizations/me"),
    ),
    "feature": (
        "feature",
        "chat",
        {"enabled": False},
        ("PATCH", "/api/v2/organizations/features/chat"),
    ),
    "new skill": (
        "skill",
        "Prop Skill",
        {"name": "Prop Skill"},
        ("POST", "/api/v2/routing/skills"),
    ),
    "new language": (
        "language",
        "Klingon",
        {"name": "Klingon"},
        ("POST", "/api/v2/routing/languages"),
    ),
    "new code": (
        "wrapup_code",
        "Prop Code",
        {"name": "Prop Code"},
        ("POST", "/api/v2/routing/wrapupcodes"),
    ),
    "code text": (
        "wrapup_code",
        "Resolved",
        {"name": "Resolved", "description": "prop"},
        ("PUT", "/api/v2/routing/wrapupcodes/*"),
    ),
    "queue text": (
        "queue",
        "Billing",
        {"name": "Billing", "description": "prop"},
        ("PUT", f"{QUEUES}/*"),
    ),
    "queue sla": (
        "queue",
        "Claims",
        {"name": "Claims", "mediaSettings": {"call": {"alertingTimeoutSeconds": 17}}},
        ("PUT", f"{QUEUES}/*"),
    ),
    "queue codes": (
        "queue",
        "Returns & Warranty",
        {"name": "Returns & Warranty", "wrapupCodes": ["Resolved", "Escalated"]},
        ("POST", f"{QUEUES}/*/wrapupcodes"),
    ),
    "new queue": (
        "queue",
        "Prop Queue",
        {"name": "Prop Queue", "description": "new"},
        ("POST", QUEUES),
    ),
    "delete code": ("wrapup_code", "Wrong Number", {}, ("DELETE", "/api/v2/routing/wrapupcodes/*")),
    "delete queue": ("queue", "After Hours", {}, ("DELETE", f"{QUEUES}/*")),
}
# What every write moves, and queue membership (not configuration: a deleted queue comes back
# with a new id and no members, and the rollback says so).
_VOLATILE = {
    "id",
    "dateModified",
    "modifiedBy",
    "selfUri",
    "version",
    "dateCreated",
    "createdBy",
    "memberCount",
    "userMemberCount",
    "joinedMemberCount",
}
_TABLES = ("queues", "skills", "languages", "wrapupcodes")


def _state(emulator: Emulator) -> dict[str, Any]:
    """The org without what every write moves (ids of re-created objects, stamps)."""
    with emulator.store.lock:
        tables = {
            table: {
                e["name"]: {k: v for k, v in e.items() if k not in _VOLATILE}
                for e in emulator.store.table(table).values()
            }
            for table in _TABLES
        }
        org = {k: v for k, v in emulator.store.organization.items() if k not in _VOLATILE}
        codes = {
            emulator.store.table("queues")[q]["name"]: sorted(
                emulator.store.table("wrapupcodes")[c]["name"] for c in row["codeIds"]
            )
            for q, row in emulator.store.table("queue_wrapupcodes").items()
            if q in emulator.store.table("queues")
        }
    return {"tables": tables, "org": org, "queueCodes": codes}


def _bodies(chosen: list[str]) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    bodies: dict[str, dict[str, Any]] = {}
    deletes: dict[str, list[str]] = {}
    for key in chosen:
        kind, name, body, _ = CHANGES[key]
        if key.startswith("delete"):
            deletes.setdefault(kind, []).append(name)
        else:
            bodies.setdefault(kind, {})[name] = body
    return bodies, {"version": 1, "delete": deletes}


def _failing_call(plan: Any, key: str) -> tuple[str, str]:
    """The write to fail: on the object itself (its id), or its collection for a create."""
    kind, name, _, (method, path) = CHANGES[key]
    change = next(c for c in plan.changes if (c.kind, c.name) == (kind, name))
    return method, path.replace("*", change.id) if change.id and "*" in path else path


@settings(max_examples=25)
@given(
    chosen=st.lists(st.sampled_from(sorted(CHANGES)), min_size=1, max_size=6, unique=True),
    data=st.data(),
)
def test_a_failure_anywhere_rolls_back_everything_before_it(chosen: list[str], data: Any) -> None:
    """Fail the write of one chosen change; everything applied is undone, exactly."""
    failing = data.draw(st.sampled_from(chosen), label="failing")
    clock = FakeClock()
    emulator = Emulator(seed="demo", rate_limit=0, clock=clock)
    settings_ = Settings.for_url("https://api.emulator.test", "prop", "secret")
    transport = httpx.MockTransport(emulator)
    with (
        tempfile.TemporaryDirectory() as tmp,
        GenesysClient(
            settings_, transport=transport, clock=clock, retry=RetryPolicy(attempts=2)
        ) as client,
        SqliteStore.open(Path(tmp), clock) as store,
    ):
        bodies, config = _bodies(chosen)
        desired = desired_of(bodies, config)
        side = read_org_side(client, desired)
        plan = make_plan(desired, side, store)
        before = _state(emulator)
        method, path = _failing_call(plan, failing)
        emulator.faults = FaultPlan(phase="before").with_rule("500", 1.0, method=method, path=path)
        result = apply(plan, side, client, store, force=True, options=ApplyOptions(workers=1))
        emulator.faults = None
        after = _state(emulator)
    assert result.status is DeploymentStatus.ROLLED_BACK, (result.results, result.undo)
    assert after == before
    wrote = [r for r in result.results if r.outcome in (Outcome.APPLIED, Outcome.UNCERTAIN)]
    assert len(result.undo) == len(wrote)
