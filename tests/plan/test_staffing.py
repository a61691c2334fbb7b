"""Staffing projections before/after for queues whose routing changes, and their risk."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.bundle.desired import DesiredState
from cxgate.plan.change import Action, Change, FieldChange, Op, Risk
from cxgate.plan.ownership import Ownership
from cxgate.plan.plan import build_plan
from cxgate.plan.risk import RiskContext
from cxgate.plan.staffing import routing_changed, staffing_projections
from cxgate.resource.live import live_from_bodies


def _sl(percentage: float) -> dict[str, Any]:
    return {"call": {"serviceLevel": {"percentage": percentage, "durationMs": 20_000}}}


# 10 Erlangs at AHT 180 s, 14 agents: projected 88.8% in 20 s.
FORECAST = {"calls": 200, "per": "1h", "aht": "180s", "agents": 14}
LIVE = live_from_bodies({"queue": {"Q": {"name": "Q", "mediaSettings": _sl(0.8)}}})


def _desired(**body: Any) -> DesiredState:
    return DesiredState.from_bodies({"queue": {"Q": {"name": "Q", **body}}})


def _projections(desired: DesiredState) -> dict[str, Any]:
    plan = build_plan(LIVE, desired, Ownership())
    return staffing_projections(plan.changes, desired, LIVE)


def test_a_tighter_target_is_projected_before_and_after() -> None:
    """80% → 90%: 14 agents meet it before and miss it after (needing 15)."""
    found = _projections(_desired(mediaSettings=_sl(0.9), forecast=FORECAST))
    projection = found["Q"]
    assert projection.agents == 14
    assert projection.before is not None
    assert projection.before.ok
    assert projection.before.target == "80% in 20s"
    assert not projection.after.ok
    assert projection.after.required_agents == 15
    assert projection.after.service_level == pytest.approx(0.888350, abs=1e-6)


def test_queues_without_a_routing_change_or_forecast_are_not_projected() -> None:
    """A description edit, or no forecast, gives no projection."""
    assert _projections(_desired(description="x", forecast=FORECAST)) == {}
    assert _projections(_desired(mediaSettings=_sl(0.9))) == {}


def test_live_agents_come_from_the_caller() -> None:
    """agents: live is projected only when the count is known."""
    desired = _desired(mediaSettings=_sl(0.9), forecast={**FORECAST, "agents": "live"})
    changes = build_plan(LIVE, desired, Ownership()).changes
    assert staffing_projections(changes, desired, LIVE) == {}
    assert staffing_projections(changes, desired, LIVE, {"Q": 20})["Q"].after.ok


def test_a_new_queue_has_no_before() -> None:
    """Created queues are projected with their own target."""
    desired = DesiredState.from_bodies(
        {"queue": {"N": {"name": "N", "mediaSettings": _sl(0.8), "forecast": FORECAST}}}
    )
    changes = build_plan(LIVE, desired, Ownership()).changes
    projection = staffing_projections(changes, desired, LIVE)["N"]
    assert projection.before is None
    assert projection.after.ok


def test_a_miss_after_the_change_is_high_risk_and_in_the_plan() -> None:
    """The change carries a HIGH staffing reason; the plan file lists the projection."""
    desired = _desired(mediaSettings=_sl(0.9), forecast=FORECAST)
    changes = build_plan(LIVE, desired, Ownership()).changes
    context = RiskContext(projections=staffing_projections(changes, desired, LIVE))
    plan = build_plan(LIVE, desired, Ownership(), context)
    (change,) = plan.changes
    assert change.risk.level is Risk.HIGH
    assert [r.rule for r in change.risk.reasons if r.rule == "staffing"] == ["staffing"]
    assert any("now projected" in r.text for r in change.risk.reasons)
    (entry,) = plan.to_dict()["staffing"]
    assert entry["before"]["ok"] is True
    assert entry["after"]["requiredAgents"] == 15


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (Change(Action.CREATE, "queue", "Q"), True),
        (Change(Action.DELETE, "queue", "Q", "q"), False),
        (Change(Action.CREATE, "skill", "S"), False),
        (
            Change(
                Action.UPDATE, "queue", "Q", "q", (FieldChange(("bullseye",), Op.ADD, None, {}),)
            ),
            True,
        ),
        (
            Change(
                Action.UPDATE,
                "queue",
                "Q",
                "q",
                (FieldChange(("description",), Op.MODIFY, "a", "b"),),
            ),
            False,
        ),
    ],
)
def test_routing_changed(change: Change, expected: bool) -> None:
    """Creates and routing/media updates count; deletes and descriptions do not."""
    assert routing_changed(change) is expected
