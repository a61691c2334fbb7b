"""The commands that write to an org, run in-process the way the CLI composes them.

Each command has a clean ``prepare`` (what must exist before it: a deployment to roll
back, a crashed deployment to resume, an earlier flow version to return to) and the
``run`` that the faults hit. They call the same pipeline functions the CLI calls
(``cxgate apply``: lock, plan, apply; ``cxgate rollback``: plan_rollback, rollback; ...),
so a fault run tries the code a user runs, without a process start per run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from cxgate.apply.engine import ApplyOptions, DeploymentResult, ResumeMode
from cxgate.bundle.config import BundleConfig
from cxgate.bundle.desired import DesiredState
from cxgate.client import GenesysClient, RetryPolicy
from cxgate.clock import Clock
from cxgate.emulator import Emulator
from cxgate.org.flows.deploy import FlowFile, deploy_flows
from cxgate.org.flows.switch import rollback_flow, switch_flow
from cxgate.org.live import read_live
from cxgate.pipeline.deploying import apply, deployment_lock, recover
from cxgate.pipeline.live import read_org_side
from cxgate.pipeline.planning import make_plan
from cxgate.pipeline.reverting import plan_rollback, rollback
from cxgate.records.recorder import Recorder
from cxgate.settings import Settings
from cxgate.state.sqlite import SqliteStore
from cxgate.testing.chaos.records import chaos_recorder
from cxgate.testing.flows import synthetic_flow

__all__ = ["COMMANDS", "Command", "Org", "chaos_bodies", "chaos_desired"]

UPDATED = ("Billing", "Claims", "Collections")
DELETED_SKILL = "Hardware"
FLOW = "Acme Main IVR"
NEW_FLOW = "Chaos Line"
# Where the org ends is measured, not time: short real backoffs, the default attempts.
FAST = RetryPolicy(total_s=600.0, backoff_initial_s=0.01, backoff_max_s=0.05, jitter_s=0.01)


@dataclass
class Org:
    """One emulated org on a socket, the clock it shares with its clients, a state dir."""

    emulator: Emulator
    url: str
    clock: Clock
    state: Path
    secret: str = "chaos-secret"
    timeout_s: float = 0.5

    @contextmanager
    def client(self, *, transport: httpx.BaseTransport | None = None) -> Iterator[GenesysClient]:
        """A client over the socket (or ``transport``), short backoffs, four workers."""
        settings = Settings.for_url(
            self.url if transport is None else "https://api.emulator.test",
            "chaos",
            self.secret,
            timeout_s=self.timeout_s,
            max_workers=4,
        )
        with GenesysClient(settings, transport=transport, clock=self.clock, retry=FAST) as made:
            yield made

    def store(self) -> SqliteStore:
        return SqliteStore.open(self.state, self.clock)

    @property
    def audit(self) -> Path:
        """Where the commands' audit log lives."""
        return self.state.parent / "audit"

    def recorder(self, store: SqliteStore) -> Recorder:
        """Audit entries and webhook events for one command (as the CLI will write them)."""
        return chaos_recorder(store, self.audit, self.secret)


def chaos_bodies() -> dict[str, dict[str, dict[str, Any]]]:
    """Three queue updates and a create of each writable kind."""
    queues = {n: {"name": n, "description": f"chaos {n}"} for n in UPDATED}
    queues["Chaos Queue"] = {"name": "Chaos Queue", "description": "created under faults"}
    return {
        "queue": queues,
        "skill": {"Chaos Skill": {"name": "Chaos Skill"}},
        "language": {"Chaos Language": {"name": "Chaos Language"}},
        "wrapup_code": {"Chaos Code": {"name": "Chaos Code"}},
    }


def chaos_desired() -> DesiredState:
    """The bundle every writing run deploys: updates, creates, and one delete."""
    config = BundleConfig.model_validate({"version": 1, "delete": {"skill": [DELETED_SKILL]}})
    return DesiredState.from_bodies(chaos_bodies(), config)


def _apply(org: Org, client: GenesysClient, **options: Any) -> DeploymentResult:
    """``cxgate apply --yes --force``: lock, plan against the org, apply."""
    desired = chaos_desired()
    with org.store() as store:
        side = read_org_side(client, desired)
        plan = make_plan(desired, side, store)
        opts = ApplyOptions(workers=options.pop("workers", 4))
        records = org.recorder(store)
        return apply(
            plan, side, client, store, force=True, options=opts, clock=org.clock, records=records
        )


def _org_id(client: GenesysClient) -> str:
    return str(client.get("/api/v2/organizations/me")["id"])


class Crash(BaseException):
    """Stands for kill -9 in-process: nothing in cxgate catches it."""


def _crashed_apply(org: Org) -> None:
    """An apply that dies after its second queue write landed, leaving a deployment
    running in the journal (the in-process transport carries the crash to the caller)."""
    seen = {"puts": 0}

    def maybe_crash() -> None:
        seen["puts"] += 1
        if seen["puts"] == 2:
            raise Crash
        org.emulator.after_next("PUT", "/api/v2/routing/queues/*", maybe_crash)

    org.emulator.after_next("PUT", "/api/v2/routing/queues/*", maybe_crash)
    with org.client(transport=httpx.MockTransport(org.emulator)) as client:
        try:
            _apply(org, client, workers=1)
        except Crash:
            return
    raise AssertionError("the apply meant to crash finished")


def _resume(org: Org, client: GenesysClient) -> object:
    """``cxgate resume`` (rolls the crashed deployment back)."""
    with org.store() as store, deployment_lock(store, _org_id(client), clock=org.clock) as lease:
        refs, records = read_live(client).refs, org.recorder(store)
        return recover(client, store, lease, refs, mode=ResumeMode.ROLLBACK, records=records)


def _clean_apply(org: Org) -> None:
    with org.client() as client:
        result = _apply(org, client)
    if not result.ok:
        raise AssertionError(f"the clean apply before a rollback failed: {result.status}")


def _rollback(org: Org, client: GenesysClient) -> object:
    """``cxgate rollback DEPLOYMENT --yes``: the last deployment undone through its plan."""
    with org.store() as store:
        org_id = _org_id(client)
        [last] = store.deployments(org_id, 1)
        with deployment_lock(store, org_id, clock=org.clock) as lease:
            refs = read_live(client).refs
            reversal = plan_rollback(client, store, last.id, refs, clock=org.clock)
            records = org.recorder(store)
            return rollback(reversal, client, store, lease, refs, clock=org.clock, records=records)


def flow_text(name: str) -> str:
    """A synthetic IVR transferring to queues the demo org has."""
    text = synthetic_flow(120, name)
    return text.replace("name: Sales}", "name: Billing}").replace("name: Support}", "name: Claims}")


def flow_files() -> list[FlowFile]:
    """A new version of a flow the org publishes, and a new flow."""
    return [
        FlowFile.from_text(flow_text(FLOW), "flows/main.yaml"),
        FlowFile.from_text(flow_text(NEW_FLOW), "flows/chaos.yaml"),
    ]


def _flow_deploy(org: Org, client: GenesysClient) -> object:
    """``cxgate flow deploy FILES``: import jobs, one unit, rolled back on failure."""
    return deploy_flows(client, flow_files(), deadline_s=120.0)


def _switch_to_first(org: Org, client: GenesysClient) -> object:
    """``cxgate flow switch NAME --to 1.0``."""
    return switch_flow(client, FLOW, "1.0")


def _clean_switch(org: Org) -> None:
    with org.client() as client:
        switch_flow(client, FLOW, "1.0")


def _flow_rollback(org: Org, client: GenesysClient) -> object:
    """``cxgate flow rollback NAME``: the version published before the current one."""
    return rollback_flow(client, FLOW)


@dataclass(frozen=True, slots=True)
class Command:
    """A writing command: its clean preparation, the faulted run, and which state counts as
    "original" (the org just before the run; for resume, before the crashed apply)."""

    name: str
    run: Callable[[Org, GenesysClient], object]
    prepare: Callable[[Org], None] | None = None
    original_before_prepare: bool = False
    flows: bool = False


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("apply", _apply),
        Command("rollback", _rollback, prepare=_clean_apply),
        Command("resume", _resume, prepare=_crashed_apply, original_before_prepare=True),
        Command("flow-deploy", _flow_deploy, flows=True),
        Command("flow-switch", _switch_to_first, flows=True),
        Command("flow-rollback", _flow_rollback, prepare=_clean_switch, flows=True),
    )
}
