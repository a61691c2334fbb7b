"""The required-agents search: reference answers, brute force agreement, every kind of target."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxgate.staffing.required import Target, required_agents, scheduled_agents
from cxgate.staffing.traffic import Traffic


def _brute_force(traffic: Traffic, target: Target) -> int:
    agents = 0
    while not target.met_by(traffic.metrics(agents, target.threshold)):
        agents += 1
    return agents


@pytest.mark.parametrize(("load", "expected"), [(10.0, 14), (1_000.0, 1_011), (10_000.0, 10_013)])
def test_erlang_c_80_20(load: float, expected: int) -> None:
    """80/20 at AHT 180 s: 14 agents for 10 Erlangs (issue 5), and the benchmark's answers."""
    assert required_agents(Traffic(load / 180, 180.0), Target(0.8, 20.0)) == expected


@given(
    load=st.floats(min_value=0.01, max_value=400.0),
    level=st.floats(min_value=0.05, max_value=0.99),
    threshold=st.floats(min_value=0.0, max_value=120.0),
)
def test_erlang_c_search_equals_brute_force(load: float, level: float, threshold: float) -> None:
    """The incremental walk finds the same N as evaluating every N from zero."""
    traffic, target = Traffic(load / 180, 180.0), Target(level, threshold)
    assert required_agents(traffic, target) == _brute_force(traffic, target)


@given(
    load=st.floats(min_value=0.01, max_value=150.0),
    ratio=st.floats(min_value=0.05, max_value=10.0),
    level=st.floats(min_value=0.05, max_value=0.95),
    max_abandon=st.one_of(st.none(), st.floats(min_value=0.01, max_value=0.5)),
    max_occupancy=st.one_of(st.none(), st.floats(min_value=0.3, max_value=1.0)),
)
def test_erlang_a_search_equals_brute_force(
    load: float, ratio: float, level: float, max_abandon: float | None, max_occupancy: float | None
) -> None:
    """Bracketing and bisection find the same N as a scan from zero."""
    traffic = Traffic(load / 100, 100.0, 100.0 * ratio)
    target = Target(level, 20.0, max_abandon=max_abandon, max_occupancy=max_occupancy)
    assert required_agents(traffic, target) == _brute_force(traffic, target)


@pytest.mark.parametrize("patience", [None, 120.0])
@pytest.mark.parametrize(
    "target",
    [
        Target(max_asa=15.0),
        Target(0.8, 20.0, max_occupancy=0.7),
        Target(0.5, 10.0, max_asa=5.0, max_occupancy=0.9),
    ],
)
def test_every_criterion_is_honoured(patience: float | None, target: Target) -> None:
    """The answer meets the target and one agent fewer does not."""
    traffic = Traffic(450 / 1800, 240.0, patience)
    agents = required_agents(traffic, target)
    assert target.met_by(traffic.metrics(agents, target.threshold))
    assert not target.met_by(traffic.metrics(agents - 1, target.threshold))


def test_occupancy_cap_can_decide() -> None:
    """With a low occupancy cap the answer is ⌈A / cap⌉, above what the SL needs."""
    traffic = Traffic(60 / 240, 240.0)
    assert required_agents(traffic, Target(0.8, 20.0, max_occupancy=0.5)) == 120


def test_abandon_target_needs_patience() -> None:
    """A maximum abandon rate without a patience is refused, saying what is missing."""
    with pytest.raises(ValueError, match="patience"):
        required_agents(Traffic(0.1, 180.0), Target(max_abandon=0.05))


def test_no_traffic_needs_no_agents() -> None:
    """A = 0 needs nobody, with or without patience."""
    assert required_agents(Traffic(0.0, 180.0), Target(0.8, 20.0)) == 0
    assert required_agents(Traffic(0.0, 180.0, 60.0), Target(0.8, 20.0)) == 0


@pytest.mark.parametrize(
    ("required", "shrinkage", "scheduled"),
    [(14, 0.0, 14), (14, 0.3, 20), (7, 0.3, 10), (71, 0.3, 102), (0, 0.5, 0), (10, 0.99, 1000)],
)
def test_scheduled_covers_shrinkage(required: int, shrinkage: float, scheduled: int) -> None:
    """Scheduled = ⌈required / (1 − shrinkage)⌉, without float noise adding an agent."""
    assert scheduled_agents(required, shrinkage) == scheduled


@pytest.mark.parametrize("shrinkage", [-0.1, 1.0, math.nan])
def test_bad_shrinkage_is_refused(shrinkage: float) -> None:
    """Shrinkage must lie in [0, 1)."""
    with pytest.raises(ValueError, match="shrinkage"):
        scheduled_agents(10, shrinkage)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give a target"),
        ({"service_level": 1.0}, "service level"),
        ({"service_level": 0.0}, "service level"),
        ({"service_level": 0.8, "threshold": -1.0}, "threshold"),
        ({"max_asa": 0.0}, "ASA"),
        ({"max_abandon": 1.5}, "abandon"),
        ({"service_level": 0.8, "max_occupancy": 0.0}, "occupancy"),
    ],
)
def test_bad_targets_are_refused(kwargs: dict[str, float], message: str) -> None:
    """A target that cannot be met or makes no sense is refused with its name."""
    with pytest.raises(ValueError, match=message):
        Target(**kwargs)


@pytest.mark.parametrize(
    ("calls", "per", "aht", "patience", "message"),
    [
        (-1.0, 60.0, 180.0, None, "call volume"),
        (10.0, 0.0, 180.0, None, "interval"),
        (10.0, 60.0, 0.0, None, "handle time"),
        (10.0, 60.0, 180.0, 0.0, "patience"),
        (1e12, 1.0, 180.0, None, "offered load"),
    ],
)
def test_bad_traffic_is_refused(
    calls: float, per: float, aht: float, patience: float | None, message: str
) -> None:
    """Traffic that makes no sense is refused with the field named."""
    with pytest.raises(ValueError, match=message):
        Traffic.from_volume(calls, per, aht, patience)
