"""The plan: counts, thresholds, raise_if_unsafe, checksum and the plan file."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from cxgate.bundle.desired import DesiredState
from cxgate.bundle.policy import ThresholdPolicy, Thresholds
from cxgate.errors import ChecksumMismatchError, PlanError, UnsafePlanError
from cxgate.plan.change import Action, Assessment, Change, Reason, Risk
from cxgate.plan.ownership import Ownership
from cxgate.plan.plan import Plan, build_plan
from cxgate.resource.live import LiveState
from cxgate.testing.entities import synth_entities

ENTITIES = synth_entities(queues=12, skills=3, wrapup_codes=2)


def _plan(updates: int, deletes: int = 0, existing: int = 12, **kw: object) -> Plan:
    changes = [Change(Action.UPDATE, "queue", f"U{i}") for i in range(updates)]
    changes += [Change(Action.DELETE, "queue", f"D{i}") for i in range(deletes)]
    return Plan(tuple(changes), {"queue": existing}, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("updates", "deletes", "existing", "unsafe"),
    [(3, 0, 12, False), (4, 0, 12, True), (0, 4, 12, True), (9, 0, 9, False), (3, 0, 10, False)],
)
def test_thresholds_follow_octodns(updates: int, deletes: int, existing: int, unsafe: bool) -> None:
    """Above 30% of at least 10 existing objects is unsafe; fewer than 10 never is."""
    assert bool(_plan(updates, deletes, existing).unsafe_reasons()) is unsafe


def test_per_kind_thresholds_override_the_overall_ones() -> None:
    """perKind settings apply to their kind only."""
    policy = ThresholdPolicy(perKind={"queue": Thresholds(updatePercent=90)})  # type: ignore[call-arg]
    reasons = _plan(5, 0, 12, thresholds=policy).unsafe_reasons()
    assert reasons == ["overall: 5 updates of 12 existing (42%) pass the 30% threshold"]


def test_raise_if_unsafe_lists_reasons_unless_forced() -> None:
    """UnsafePlanError names every reason; --force lets it through."""
    blocked = Change(
        Action.DELETE,
        "queue",
        "Q",
        risk=Assessment(
            Risk.HIGH, (Reason(Risk.HIGH, "delete-consumed", "published flows use it: IVR"),), True
        ),
    )
    plan = replace(_plan(4), changes=(*_plan(4).changes, blocked))
    with pytest.raises(UnsafePlanError, match=r"--force(.|\n)*33%(.|\n)*blocked: published flows"):
        plan.raise_if_unsafe()
    plan.raise_if_unsafe(force=True)


def test_plan_file_round_trips_and_detects_edits() -> None:
    """to_dict/from_dict keep everything; any edit breaks the checksum."""
    live = LiveState.from_entities(ENTITIES)
    bodies = {k: {n: o.body for n, o in objs.items()} for k, objs in live.objects.items()}
    bodies["queue"]["Queue 00003"] = {
        **bodies["queue"]["Queue 00003"],
        "skillEvaluationMethod": "NONE",
    }
    plan = build_plan(live, DesiredState.from_bodies(bodies), Ownership(), now=1_750_000_000)
    data = json.loads(json.dumps(plan.to_dict()))
    again = Plan.from_dict(data)
    assert again == plan
    assert data["summary"]["update"] == 1
    assert data["summary"]["risk"] == "HIGH"
    assert data["createdAt"] == "2025-06-15T15:06:40Z"
    data["changes"][0]["desired"]["skillEvaluationMethod"] = "ALL"
    with pytest.raises(ChecksumMismatchError, match="re-run plan"):
        Plan.from_dict(data)


def test_checksum_covers_tokens_and_target_org() -> None:
    """The same edits against another org or another version of an object differ."""
    plan = _plan(1)
    assert plan.checksum != replace(plan, org_id="other").checksum
    assert plan.checksum == replace(plan, created_at="later", warnings=("w",)).checksum


@pytest.mark.parametrize("data", [{}, {"format": "cxgate-plan", "version": 2}])
def test_other_files_are_refused(data: dict[str, object]) -> None:
    """Only cxgate plan files of this version are read."""
    with pytest.raises(PlanError, match="not a cxgate plan file"):
        Plan.from_dict(data)


def test_empty_plan() -> None:
    """No changes: LOW risk, safe, nothing to do."""
    plan = _plan(0)
    assert not plan.has_changes
    assert plan.risk is Risk.LOW
    assert plan.summary()["create"] == 0
