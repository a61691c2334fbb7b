"""After a crash mid-deployment: the journal tells what may have landed; resume rolls it
back (default) or finishes it, and the org ends consistent either way."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.apply.engine import ApplyOptions, ResumeMode
from cxgate.apply.steps import Outcome
from cxgate.client import GenesysClient
from cxgate.emulator import Emulator
from cxgate.org.live import read_live
from cxgate.pipeline.deploying import apply, deployment_lock, recover
from cxgate.state.records import DeploymentStatus, Phase
from cxgate.state.sqlite import SqliteStore

NAMES = ["Billing", "Claims", "Collections"]
QUEUE = "/api/v2/routing/queues/{queueId}"


class Crash(BaseException):
    """Stands for kill -9: nothing in cxgate catches it, nothing is cleaned up."""


def crash_at(emulator: Emulator, method: str, path: str, nth: int, *, landed: bool) -> None:
    """Crash at the ``nth`` matching call (1-based): after the write landed, or before."""
    seen = {"calls": 0}
    hook = emulator.after_next if landed else emulator.before_next

    def maybe_crash() -> None:
        seen["calls"] += 1
        if seen["calls"] == nth:
            raise Crash
        hook(method, path, maybe_crash)

    hook(method, path, maybe_crash)


def _crashed_run(
    plan_of: Any, client: GenesysClient, store: SqliteStore, bodies: dict[str, Any]
) -> str:
    """Apply until the crash; the id of the deployment it left running."""
    plan, side = plan_of(bodies)
    with pytest.raises(Crash):
        apply(plan, side, client, store, force=True, options=ApplyOptions(workers=1))
    [running] = store.unfinished_deployments(plan.org_id)
    return running.id


def _resume(client: GenesysClient, store: SqliteStore, emulator: Emulator, mode: ResumeMode) -> Any:
    org = str(emulator.store.organization["id"])
    with deployment_lock(store, org) as lease:
        [result] = recover(client, store, lease, read_live(client).refs, mode=mode)
    return result


def _descriptions(emulator: Emulator) -> list[str]:
    return [emulator.find("queue", n)["description"] for n in NAMES]


@pytest.fixture
def bodies() -> dict[str, Any]:
    return {"queue": {n: {"name": n, "description": f"new {n}"} for n in NAMES}}


def test_crash_between_a_write_and_its_journal_row_rolls_back(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator, bodies: Any
) -> None:
    """The second PUT landed, its answer never arrived: rollback undoes both writes."""
    before = _descriptions(emulator)
    crash_at(emulator, "PUT", QUEUE, 2, landed=True)
    deployment = _crashed_run(plan_of, client, store, bodies)
    phases = [(e.step, e.phase) for e in store.journal(deployment)]
    assert phases == [(0, Phase.STARTED), (0, Phase.DONE), (1, Phase.STARTED)]
    result = _resume(client, store, emulator, ResumeMode.ROLLBACK)
    assert result.status is DeploymentStatus.ROLLED_BACK
    assert _descriptions(emulator) == before
    assert store.unfinished_deployments(str(emulator.store.organization["id"])) == []


def test_the_same_crash_can_be_finished_instead(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator, bodies: Any
) -> None:
    """--finish: the landed write is recognised as ours (not written again, counted as
    applied so a later rollback undoes it), the rest is applied."""
    crash_at(emulator, "PUT", QUEUE, 2, landed=True)
    deployment = _crashed_run(plan_of, client, store, bodies)
    result = _resume(client, store, emulator, ResumeMode.FINISH)
    assert result.status is DeploymentStatus.SUCCEEDED
    assert _descriptions(emulator) == [f"new {n}" for n in NAMES]
    outcomes = {r.step.change.name: r.outcome for r in result.results}
    assert outcomes == {
        "Billing": Outcome.APPLIED,
        "Claims": Outcome.APPLIED,
        "Collections": Outcome.APPLIED,
    }
    assert store.deployment(deployment).status is DeploymentStatus.SUCCEEDED


def test_crash_before_the_first_write_leaves_nothing_to_undo(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator, bodies: Any
) -> None:
    """Killed before any write: the started step is checked, found untouched, left alone."""
    before = _descriptions(emulator)
    crash_at(emulator, "PUT", QUEUE, 1, landed=False)
    _crashed_run(plan_of, client, store, bodies)
    result = _resume(client, store, emulator, ResumeMode.ROLLBACK)
    assert result.status is DeploymentStatus.ROLLED_BACK
    assert [r.outcome for r in result.undo] == [Outcome.SKIPPED]  # checked, nothing landed
    assert _descriptions(emulator) == before


def test_a_create_whose_answer_died_with_the_process(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """The POST landed, the process died: rollback finds it by name and deletes it."""
    crash_at(emulator, "POST", "/api/v2/routing/queues", 1, landed=True)
    _crashed_run(plan_of, client, store, {"queue": {"Brand New": {"name": "Brand New"}}})
    assert emulator.find("queue", "Brand New") is not None
    result = _resume(client, store, emulator, ResumeMode.ROLLBACK)
    assert result.status is DeploymentStatus.ROLLED_BACK
    assert emulator.find("queue", "Brand New") is None


def test_finishing_an_interrupted_create_owns_it_once(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """Finish adopts the create that landed (never a second one) and records it as owned."""
    crash_at(emulator, "POST", "/api/v2/routing/queues", 1, landed=True)
    _crashed_run(plan_of, client, store, {"queue": {"Brand New": {"name": "Brand New"}}})
    result = _resume(client, store, emulator, ResumeMode.FINISH)
    assert result.ok
    made = [q for q in emulator.store.table("queues").values() if q["name"] == "Brand New"]
    assert len(made) == 1
    assert ("queue", made[0]["id"]) in store.owned(str(emulator.store.organization["id"]))
