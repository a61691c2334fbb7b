"""The staffing gate: forecasts projected against the queue's own call target."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.bundle.desired import DesiredState
from cxgate.resource.live import live_from_bodies
from cxgate.safety.gate import forecast_problems
from cxgate.staffing.target import CallTarget, call_target

TARGET = {"call": {"serviceLevel": {"percentage": 0.8, "durationMs": 20_000}}}
# 10 Erlangs, AHT 180 s: 80/20 needs 14 agents (issue 5's reference values).
FORECAST = {"calls": 200, "per": "1h", "aht": "180s"}


def _queue(agents: Any, **body: Any) -> DesiredState:
    queue = {"name": "Q", "mediaSettings": TARGET, "forecast": {**FORECAST, "agents": agents}}
    queue.update(body)
    return DesiredState.from_bodies({"queue": {"Q": queue}})


@pytest.mark.parametrize(("agents", "errors"), [(14, 0), (20, 0), (12, 1), (9, 1)])
def test_agents_below_the_requirement_fail_with_the_numbers(agents: int, errors: int) -> None:
    """12 agents: projected SL 64.0% misses 80% in 20s, needs 14 (9: overloaded)."""
    found = forecast_problems(_queue(agents), None)
    assert len(found) == errors
    if found:
        assert found[0].rule == "staffing"
        assert "needs 14 agents" in found[0].message
        assert "at least 14" in found[0].fix


def test_projected_numbers_are_in_the_message() -> None:
    """The reviewer sees the projected service level."""
    (problem,) = forecast_problems(_queue(12), None)
    assert "projected service level 64.0%" in problem.message


def test_the_target_comes_from_the_org_when_the_bundle_leaves_it_out() -> None:
    """No serviceLevel in the file: the org's (90% in 20s) is the one that stays."""
    desired = _queue(14, mediaSettings=None)
    strict = {"call": {"serviceLevel": {"percentage": 0.9, "durationMs": 20_000}}}
    live = live_from_bodies({"queue": {"Q": {"name": "Q", "mediaSettings": strict}}})
    (problem,) = forecast_problems(desired, live)
    assert "90.0% in 20s" in problem.message
    assert forecast_problems(desired, None)[0].rule == "staffing-input"


def test_live_agents_are_checked_when_read() -> None:
    """agents: live uses the org's on-queue count: 14 meet the target, 10 do not."""
    assert forecast_problems(_queue("live"), None, {"Q": 14}) == []
    (problem,) = forecast_problems(_queue("live"), None, {"Q": 10})
    assert (problem.rule, problem.severity) == ("staffing", "error")


@pytest.mark.parametrize(
    ("live_agents", "severity", "says"),
    [(None, "warning", "on-queue agents"), ({}, "error", "nobody is on it")],
)
def test_live_agents_that_cannot_be_known(
    live_agents: dict[str, int] | None, severity: str, says: str
) -> None:
    """Org not read: a warning (not checkable here); a new queue: an error (no one on it)."""
    (problem,) = forecast_problems(_queue("live"), None, live_agents)
    assert (problem.rule, problem.severity) == ("staffing-input", severity)
    assert says in problem.message
    assert problem.path == "forecast.agents"


def test_queues_without_forecast_are_not_checked() -> None:
    """No forecast, no gate."""
    desired = DesiredState.from_bodies({"queue": {"Q": {"name": "Q"}}})
    assert forecast_problems(desired, None) == []


@pytest.mark.parametrize(
    ("bodies", "expected"),
    [
        ((None,), None),
        (({"mediaSettings": {"call": {"serviceLevel": {"percentage": 0.8}}}},), None),
        (
            (
                {"mediaSettings": {"call": {"serviceLevel": {"percentage": 0.9}}}},
                {"mediaSettings": TARGET},
            ),
            CallTarget(0.9, 20.0),
        ),
    ],
)
def test_call_target_merges_bundle_over_org(bodies: tuple[Any, ...], expected: Any) -> None:
    """Each part comes from the first body that sets it; half a target is none."""
    assert call_target(*bodies) == expected
    if expected is not None:
        assert str(expected) == "90% in 20s"
