"""Applying against the emulator: writes land and verify, conflicts never overwrite,
failures roll back exactly, lost answers never duplicate, the pool keeps to the budget."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cxgate.apply.engine import ApplyOptions
from cxgate.apply.steps import Outcome
from cxgate.client import GenesysClient, RetryPolicy
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator, FaultPlan
from cxgate.pipeline.deploying import apply
from cxgate.pipeline.live import read_org_side
from cxgate.pipeline.planning import make_plan
from cxgate.settings import Settings
from cxgate.state.records import DeploymentStatus, Phase
from cxgate.state.sqlite import SqliteStore
from tests.apply.conftest import Deploy, desired_of

QUEUES = "/api/v2/routing/queues"


def _outcomes(result: Any) -> dict[str, str]:
    return {r.step.change.name: r.outcome.value for r in result.results}


def test_a_bundle_lands_in_dependency_order_and_a_second_apply_does_nothing(
    deploy: Deploy, emulator: Emulator, plan_of: Any, store: SqliteStore
) -> None:
    """Org, feature, a new skill, a new queue using it, an update and a listed delete."""
    bodies = {
        "organization": {
            "organization": {
                "name": "Acme Contact Center (demo)",
                "supportURI": "https://help.acme.test",
            }
        },
        "feature": {"chat": {"enabled": False}},
        "skill": {"Loyalty": {"name": "Loyalty", "division": "Home"}},
        "wrapup_code": {"Saved": {"name": "Saved", "description": "kept the customer"}},
        "queue": {
            "Loyalty Desk": {
                "name": "Loyalty Desk",
                "division": "Home",
                "bullseye": {
                    "rings": [
                        {
                            "expansionCriteria": [{"type": "TIMEOUT_SECONDS", "threshold": 10}],
                            "actions": {"skillsToRemove": ["Loyalty"]},
                        }
                    ]
                },
                "wrapupCodes": ["Saved", "Resolved"],
            },
            "Billing": {"name": "Billing", "skillEvaluationMethod": "BEST"},
        },
    }
    result = deploy(bodies)
    assert result.status is DeploymentStatus.SUCCEEDED, result.results
    assert set(_outcomes(result).values()) == {"applied"}
    assert emulator.store.organization["supportURI"] == "https://help.acme.test"
    assert emulator.store.organization["features"]["chat"] is False
    desk = emulator.find("queue", "Loyalty Desk")
    skill = emulator.find("skill", "Loyalty")
    assert desk is not None
    assert skill is not None
    assert desk["bullseye"]["rings"][0]["actions"]["skillsToRemove"][0]["id"] == skill["id"]
    assert emulator.find("queue", "Billing")["skillEvaluationMethod"] == "BEST"
    assert store.owned(result_org(emulator)) >= {("queue", desk["id"]), ("skill", skill["id"])}
    plan, _ = plan_of(bodies)
    assert plan.changes == ()


def result_org(emulator: Emulator) -> str:
    return str(emulator.store.organization["id"])


def test_journal_has_a_row_before_and_after_every_step(deploy: Deploy, store: SqliteStore) -> None:
    """started before the call, done after it, in that order, per step."""
    result = deploy({"queue": {"Billing": {"name": "Billing", "description": "new words"}}})
    phases = [(e.step, e.phase) for e in store.journal(result.deployment)]
    assert phases == [(0, Phase.STARTED), (0, Phase.DONE)]
    record = store.deployment(result.deployment)
    assert record is not None
    assert record.status is DeploymentStatus.SUCCEEDED
    assert record.summary["applied"] == 1
    [snapshot] = store.snapshots(result.deployment)
    assert snapshot.body is not None
    assert snapshot.body["description"] == "Invoices, payments and plan changes"


def test_disjoint_edit_between_plan_and_apply_is_rebased(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """A colleague changed the description; we change the method: both stay, and we say so."""
    plan, side = plan_of(
        {"queue": {"Billing": {"name": "Billing", "skillEvaluationMethod": "BEST"}}}
    )
    billing = emulator.find("queue", "Billing")
    emulator.edit("queue", billing["id"], description="edited by a colleague")
    result = apply(plan, side, client, store, force=True)
    [step] = result.results
    assert step.outcome is Outcome.REBASED
    assert step.theirs == ("description",)
    after = emulator.find("queue", "Billing")
    assert (after["description"], after["skillEvaluationMethod"]) == (
        "edited by a colleague",
        "BEST",
    )


def test_overlapping_edit_stops_and_leaves_both_sides_as_they_were(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """A colleague set the field we change: nothing of ours stays, their value stays."""
    plan, side = plan_of(
        {
            "queue": {
                "Billing": {"name": "Billing", "skillEvaluationMethod": "BEST"},
                "Claims": {"name": "Claims", "description": "ours"},
            }
        }
    )
    billing = emulator.find("queue", "Billing")
    emulator.edit("queue", billing["id"], skillEvaluationMethod="NONE")
    result = apply(plan, side, client, store, force=True, options=ApplyOptions(workers=1))
    outcomes = {r.step.change.name: r for r in result.results}
    assert outcomes["Billing"].outcome is Outcome.CONFLICTED
    assert (
        "planned 'ALL' → 'BEST', but someone else set it to 'NONE'" in outcomes["Billing"].message
    )
    assert result.status is DeploymentStatus.ROLLED_BACK
    assert emulator.find("queue", "Billing")["skillEvaluationMethod"] == "NONE"
    assert emulator.find("queue", "Claims")["description"] != "ours"


def test_edit_during_apply_is_seen_by_the_reread(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """An edit made while earlier steps run (before our re-read) is rebased, not lost."""
    plan, side = plan_of(
        {
            "skill": {"Loyalty": {"name": "Loyalty"}},
            "queue": {"Billing": {"name": "Billing", "skillEvaluationMethod": "BEST"}},
        }
    )
    billing_id = emulator.find("queue", "Billing")["id"]
    emulator.before_next(
        "POST",
        "/api/v2/routing/skills",
        lambda: emulator.edit("queue", billing_id, description="mid-run"),
    )
    result = apply(plan, side, client, store, force=True)
    assert _outcomes(result) == {"Loyalty": "applied", "Billing": "rebased"}
    assert emulator.find("queue", "Billing")["description"] == "mid-run"


@pytest.mark.parametrize("omitted", ["clear", "keep"])
def test_a_queue_update_moves_only_what_changed_whatever_put_does_with_omitted_fields(
    deploy: Deploy, emulator: Emulator, omitted: str
) -> None:
    """Whether a queue PUT clears or keeps the fields it leaves out is not documented; cxgate
    PUTs the whole queue, so under both answers only the changed field moves."""
    emulator.behaviour = f"put-omitted={omitted}"
    before = emulator.find("queue", "Billing")
    assert before is not None
    result = deploy({"queue": {"Billing": {"name": "Billing", "skillEvaluationMethod": "BEST"}}})
    assert result.status is DeploymentStatus.SUCCEEDED, result.results
    after = emulator.find("queue", "Billing")
    assert after is not None
    moved = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert moved - {"dateModified", "modifiedBy"} == {"skillEvaluationMethod"}


@pytest.mark.parametrize("answer", ["409", "400"])
def test_org_version_race_is_read_again_not_an_error(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator, answer: str
) -> None:
    """Someone updates the org between our read and our PUT: the stale-version answer (409,
    or 400 "does not match the current version") makes cxgate read again and decide again;
    their disjoint field stays, ours lands."""
    emulator.behaviour = f"org-stale-version={answer}"
    plan, side = plan_of({"organization": {"organization": {"supportURI": "https://s.test"}}})
    emulator.before_next(
        "PUT",
        "/api/v2/organizations/me",
        lambda: emulator.edit("organization", defaultCountryCode="FR"),
    )
    result = apply(plan, side, client, store, force=True)
    assert result.ok, result.results
    org = emulator.store.organization
    assert (org["supportURI"], org["defaultCountryCode"]) == ("https://s.test", "FR")
    assert emulator.count("PUT", "/api/v2/organizations/me") == 2


@pytest.mark.parametrize("answer", ["409", "400"])
def test_an_org_that_keeps_moving_is_a_conflict_not_a_bad_request(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator, answer: str
) -> None:
    """Someone changes the org before each of our PUTs: after the re-reads the step is a
    conflict that says so, whichever stale-version answer the org gives."""
    emulator.behaviour = f"org-stale-version={answer}"
    plan, side = plan_of({"organization": {"organization": {"supportURI": "https://s.test"}}})

    def colleague(times: int) -> None:
        emulator.edit("organization", defaultCountryCode=f"C{times}")
        if times > 1:
            emulator.before_next("PUT", "/api/v2/organizations/me", lambda: colleague(times - 1))

    emulator.before_next("PUT", "/api/v2/organizations/me", lambda: colleague(3))
    result = apply(plan, side, client, store, force=True)
    (step,) = [r for r in result.results if r.step.change.kind == "organization"]
    assert step.outcome is Outcome.CONFLICTED
    assert step.message.startswith("someone changed the org settings since the plan")
    assert f"the org answered {answer}" in step.message
    assert emulator.store.organization["supportURI"] != "https://s.test"


def test_failure_stops_and_rolls_back_what_was_applied(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """The third write fails for good: the first two are undone, the rest never run."""
    names = ["Billing", "Claims", "Collections", "Retention"]
    before = {n: emulator.find("queue", n)["description"] for n in names}
    plan, side = plan_of({"queue": {n: {"name": n, "description": f"new {n}"} for n in names}})
    target = emulator.find("queue", "Collections")["id"]
    faults = FaultPlan(phase="before").with_rule(
        "500", 1.0, method="PUT", path=f"{QUEUES}/{target}"
    )
    emulator.faults = faults
    result = apply(plan, side, client, store, force=True, options=ApplyOptions(workers=1))
    assert _outcomes(result) == {
        "Billing": "applied",
        "Claims": "applied",
        "Collections": "uncertain",
        "Retention": "not_run",
    }
    assert result.status is DeploymentStatus.ROLLED_BACK
    assert {n: emulator.find("queue", n)["description"] for n in names} == before
    assert [e.phase for e in store.journal(result.deployment)].count(Phase.UNDONE) == 3


def test_no_rollback_leaves_what_was_applied(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """--no-rollback: the deployment is failed and the applied steps stay."""
    plan, side = plan_of(
        {
            "queue": {
                "Billing": {"name": "Billing", "description": "kept"},
                "Claims": {"name": "Claims", "description": "x"},
            }
        }
    )
    target = emulator.find("queue", "Claims")["id"]
    emulator.faults = FaultPlan().with_rule("500", 1.0, method="PUT", path=f"{QUEUES}/{target}")
    result = apply(
        plan, side, client, store, force=True, options=ApplyOptions(rollback=False, workers=1)
    )
    assert result.status is DeploymentStatus.FAILED
    assert result.undo == ()
    assert emulator.find("queue", "Billing")["description"] == "kept"


@pytest.mark.parametrize("kind", ["queue", "skill", "wrapup_code", "language"])
def test_a_create_whose_answer_is_lost_is_not_made_twice(
    deploy: Deploy, emulator: Emulator, kind: str
) -> None:
    """The POST lands but the connection drops: cxgate looks the name up before resending."""
    collection = {
        "queue": QUEUES,
        "skill": "/api/v2/routing/skills",
        "wrapup_code": "/api/v2/routing/wrapupcodes",
        "language": "/api/v2/routing/languages",
    }[kind]
    emulator.faults = FaultPlan(phase="after").with_rule(
        "drop", 1.0, method="POST", path=collection
    )
    result = deploy({kind: {"Brand New": {"name": "Brand New"}}})
    [step] = result.results
    assert (step.outcome, step.message) == (Outcome.APPLIED, "found after a lost answer")
    table = {
        "queue": "queues",
        "skill": "skills",
        "wrapup_code": "wrapupcodes",
        "language": "languages",
    }[kind]
    named = [e for e in emulator.store.table(table).values() if e["name"] == "Brand New"]
    assert len(named) == 1
    assert emulator.count("POST", collection) == 1


def test_a_refused_create_is_resent_after_the_lookup(deploy: Deploy, emulator: Emulator) -> None:
    """A POST that never landed (dropped before the write) is sent once more, once."""
    emulator.faults = FaultPlan(phase="before").with_rule("drop", 1.0, method="POST", path=QUEUES)

    def heal() -> None:
        emulator.faults = None

    emulator.before_next("GET", QUEUES, heal)
    result = deploy({"queue": {"Brand New": {"name": "Brand New"}}})
    assert result.ok
    assert (
        len([q for q in emulator.store.table("queues").values() if q["name"] == "Brand New"]) == 1
    )


def test_unverified_write_is_rolled_back(
    deploy: Deploy, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer that does not show what was written stops the run and is undone."""
    from cxgate.apply import api

    real = api.update

    def lying(client: GenesysClient, kind: str, object_id: str, body: Any) -> Any:
        answer = real(client, kind, object_id, body)
        return {**answer, "description": "something else"}

    monkeypatch.setattr(api, "update", lying)
    before = emulator.find("queue", "Billing")["description"]
    result = deploy({"queue": {"Billing": {"name": "Billing", "description": "ours"}}})
    [step] = result.results
    assert step.outcome is Outcome.UNVERIFIED
    assert "description: wrote 'ours', the API answered 'something else'" in step.message
    assert result.status is DeploymentStatus.ROLLED_BACK
    assert emulator.find("queue", "Billing")["description"] == before


def test_deleted_objects_come_back_with_new_ids(
    plan_of: Any, client: GenesysClient, store: SqliteStore, emulator: Emulator
) -> None:
    """Rolling back a delete re-creates the object from its snapshot, queue codes included."""
    config = {"version": 1, "delete": {"queue": ["After Hours"], "wrapup_code": ["Wrong Number"]}}
    old = emulator.find("queue", "After Hours")
    plan, side = plan_of({"queue": {"Billing": {"name": "Billing", "description": "x"}}}, config)
    emulator.faults = FaultPlan().with_rule(
        "500", 1.0, method="DELETE", path="/api/v2/routing/wrapupcodes/*"
    )
    result = apply(plan, side, client, store, force=True, options=ApplyOptions(workers=1))
    assert result.status is DeploymentStatus.ROLLED_BACK, result.undo
    back = emulator.find("queue", "After Hours")
    assert back is not None
    assert back["id"] != old["id"]
    assert back["mediaSettings"] == old["mediaSettings"]


def test_the_pool_keeps_to_the_rate_budget(tmp_path: Any) -> None:
    """60 updates through 8 workers at 50 calls a minute: the pacer waits, no 429 comes."""
    clock = FakeClock()
    emulator = Emulator(seed="generated:queues=80", rate_limit=50, clock=clock)
    settings = Settings.for_url("https://api.emulator.test", "pacer", "secret")
    with (
        GenesysClient(
            settings,
            transport=httpx.MockTransport(emulator),
            clock=clock,
            retry=RetryPolicy(attempts=3),
        ) as client,
        SqliteStore.open(tmp_path, clock) as store,
    ):
        names = sorted(q["name"] for q in emulator.store.table("queues").values())[:60]
        desired = desired_of({"queue": {n: {"name": n, "description": "paced"} for n in names}})
        side = read_org_side(client, desired)
        plan = make_plan(desired, side, store)
        result = apply(plan, side, client, store, force=True, options=ApplyOptions(workers=8))
    assert result.ok
    statuses = [r.status for r in emulator.requests]
    assert 429 not in statuses
    assert sum(clock.slept) >= 60.0  # at least one budget window was waited out
    assert result.summary.responses_429 == 0
