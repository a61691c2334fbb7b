"""`rollback DEPLOYMENT`: a past deployment undone through its own plan."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.apply.steps import Outcome
from cxgate.client import GenesysClient
from cxgate.emulator import Emulator
from cxgate.emulator.architect.dependencies import index_stale
from cxgate.errors import ConfigError, PolicyError
from cxgate.org.live import read_live
from cxgate.pipeline.deploying import deployment_lock
from cxgate.pipeline.reverting import plan_rollback, rollback
from cxgate.plan.change import Action
from cxgate.state.records import DeploymentStatus
from cxgate.state.sqlite import SqliteStore
from tests.apply.conftest import Deploy

BODIES = {
    "skill": {"Loyalty": {"name": "Loyalty"}},
    "queue": {"Billing": {"name": "Billing", "description": "deployed"}},
}


def _undo(
    client: GenesysClient, store: SqliteStore, emulator: Emulator, deployment: str, **kw: Any
) -> Any:
    refs = read_live(client).refs
    reversal = plan_rollback(client, store, deployment, refs)
    with deployment_lock(store, str(emulator.store.organization["id"])) as lease:
        return reversal, rollback(reversal, client, store, lease, refs, **kw)


def test_rollback_restores_and_is_recorded(
    deploy: Deploy, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """The way back is a plan (delete the new skill, restore the description), applied
    as a deployment of kind rollback that names the one it undoes."""
    before = emulator.find("queue", "Billing")["description"]
    done = deploy(BODIES)
    reversal, result = _undo(client, store, emulator, done.deployment)
    assert {(c.action, c.kind, c.name) for c in reversal.plan.changes} == {
        (Action.DELETE, "skill", "Loyalty"),
        (Action.UPDATE, "queue", "Billing"),
    }
    assert result.ok
    assert emulator.find("skill", "Loyalty") is None
    assert emulator.find("queue", "Billing")["description"] == before
    record = store.deployment(result.deployment)
    assert (record.kind, record.rolls_back) == ("rollback", done.deployment)


def test_objects_changed_since_need_force_and_keep_their_edits(
    deploy: Deploy, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """A colleague edited Billing since: refused, listing it; with --force their field stays."""
    before = emulator.find("queue", "Billing")["description"]
    done = deploy(BODIES)
    billing = emulator.find("queue", "Billing")
    emulator.edit("queue", billing["id"], skillEvaluationMethod="NONE")
    with pytest.raises(PolicyError, match=r"queue 'Billing' was changed by someone else"):
        _undo(client, store, emulator, done.deployment)
    _, result = _undo(client, store, emulator, done.deployment, force=True)
    assert result.ok
    after = emulator.find("queue", "Billing")
    assert (after["description"], after["skillEvaluationMethod"]) == (before, "NONE")
    billing_step = next(r for r in result.results if r.step.change.kind == "queue")
    assert billing_step.outcome is Outcome.REBASED


def test_their_edit_to_our_field_is_never_overwritten(
    deploy: Deploy, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """Even forced, a field someone changed after us stays theirs: the rollback stops."""
    done = deploy(BODIES)
    emulator.edit("queue", emulator.find("queue", "Billing")["id"], description="theirs now")
    _, result = _undo(client, store, emulator, done.deployment, force=True)
    assert result.status is DeploymentStatus.ROLLED_BACK  # the rollback itself was undone
    assert emulator.find("queue", "Billing")["description"] == "theirs now"
    assert emulator.find("skill", "Loyalty") is not None


def test_nothing_left_to_undo(
    deploy: Deploy, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """A deployment rolled back already has an empty way back."""
    done = deploy(BODIES)
    _undo(client, store, emulator, done.deployment)
    reversal = plan_rollback(client, store, done.deployment, read_live(client).refs)
    assert reversal.plan.changes == ()


def test_unknown_and_unfinished_deployments_are_refused(
    client: GenesysClient, store: SqliteStore
) -> None:
    """The message says where to look (history) or what to run (resume)."""
    refs = read_live(client).refs
    with pytest.raises(ConfigError, match="cxgate history"):
        plan_rollback(client, store, "d-nope", refs)


def test_a_stale_dependency_index_makes_the_way_back_s_deletes_unverified(
    deploy: Deploy, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """Deleting the deployed skill again: with the index lagging, the delete is unverified
    and refused without --force; with it, the rollback goes through."""
    done = deploy(BODIES)
    with emulator.store.lock:
        index_stale(emulator.store)
    with pytest.raises(PolicyError, match="not current"):
        _undo(client, store, emulator, done.deployment)
    reversal, result = _undo(client, store, emulator, done.deployment, force=True)
    (delete,) = [c for c in reversal.plan.changes if c.action is Action.DELETE]
    assert [r.rule for r in delete.risk.reasons if r.rule.endswith("unverified")] == [
        "delete-unverified"
    ]
    assert result.ok
    assert emulator.find("skill", "Loyalty") is None
