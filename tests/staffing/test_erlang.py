"""Erlang B and C: reference values, exact agreement, overload and edge cases, properties."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxgate.staffing.erlang import (
    MAX_LOAD,
    erlang_b,
    erlang_c,
    erlang_c_metrics,
)

from .reference import exact_erlang_b, exact_erlang_c

REFERENCE = [  # A = 10 Erlangs, AHT 180 s, T = 20 s (issue 5)
    (11, 0.682118, 0.389614),
    (12, 0.449388, 0.640158),
    (13, 0.285270, 0.795595),
    (14, 0.174132, 0.888350),
    (15, 0.102042, 0.941453),
]


@pytest.mark.parametrize(("agents", "prob_wait", "service_level"), REFERENCE)
def test_reference_values(agents: int, prob_wait: float, service_level: float) -> None:
    """The issue's published Pw and SL for A = 10 hold to 1e-6."""
    metrics = erlang_c_metrics(agents, 10.0, 180.0, 20.0)
    assert metrics.prob_wait == pytest.approx(prob_wait, abs=1e-6)
    assert metrics.service_level == pytest.approx(service_level, abs=1e-6)


EXACT_CASES = [
    (1, 0.5),
    (14, 10.0),
    (30, 12.75),
    (180, 171.3),
    (1030, 1000.0),
    (1100, 1000.0),
    (10_013, 10_000.0),
    (10_100, 10_000.0),
    (10_400, 10_000.0),
    (10_051, 10_000.5),
]


@pytest.mark.parametrize(("agents", "load"), EXACT_CASES)
def test_erlang_c_matches_exact_arithmetic(agents: int, load: float) -> None:
    """Pw, SL, ASA and Lq agree with 50-digit arithmetic to 1e-9 relative, up to A = 10,000."""
    ours = erlang_c_metrics(agents, load, 180.0, 20.0)
    exact = exact_erlang_c(agents, load, 180.0, 20.0)
    for name in ("prob_wait", "service_level", "asa", "queue_length"):
        assert getattr(ours, name) == pytest.approx(float(getattr(exact, name)), rel=1e-9), name


@pytest.mark.parametrize(
    ("agents", "load"), [*EXACT_CASES, (500, 1000.0), (3, 400.0), (2_000_000, 2e6), (60, 1.0)]
)
def test_erlang_b_matches_exact_arithmetic(agents: int, load: float) -> None:
    """B agrees with the Poisson ratio to 1e-11 relative, overloaded and huge loads included."""
    assert erlang_b(agents, load) == pytest.approx(float(exact_erlang_b(agents, load)), rel=1e-11)


@pytest.mark.parametrize(("agents", "load"), [(0, 3), (1, 3), (7, 3), (12, 5), (40, 7)])
def test_erlang_b_matches_the_factorial_definition(agents: int, load: int) -> None:
    """For small cases B equals (A^N/N!) / Σ A^k/k! computed in exact fractions."""
    terms = [Fraction(load**k, math.factorial(k)) for k in range(agents + 1)]
    assert erlang_b(agents, float(load)) == pytest.approx(float(terms[-1] / sum(terms)), rel=1e-13)


@pytest.mark.parametrize("load", [-1.0, math.nan, MAX_LOAD * 10])
def test_erlang_b_refuses_loads_it_cannot_bound(load: float) -> None:
    """The raw function refuses a load outside 0..MAX_LOAD instead of looping for ever."""
    with pytest.raises(ValueError, match="offered load"):
        erlang_b(10, load)


@pytest.mark.parametrize("load", [0.5, 10.0, 5000.0])
def test_huge_staffing_is_quick_and_never_waits(load: float) -> None:
    """A billion agents: B underflows to 0 and the loop stops there; SL is 100%."""
    assert erlang_b(10**9, load) == 0.0
    metrics = erlang_c_metrics(10**9, load, 180.0, 20.0)
    assert (metrics.prob_wait, metrics.service_level) == (0.0, 1.0)


@pytest.mark.parametrize(("agents", "load"), [(10, 10.0), (0, 5.0), (5, 10.5), (999, 1000.0)])
def test_overloaded_queue_is_flagged_not_a_fine_number(agents: int, load: float) -> None:
    """N ≤ A: overloaded, Pw = 1, SL = 0, and unbounded ASA and queue."""
    metrics = erlang_c_metrics(agents, load, 180.0, 20.0)
    assert metrics.overloaded
    assert (metrics.prob_wait, metrics.service_level) == (1.0, 0.0)
    assert math.isinf(metrics.asa)
    assert math.isinf(metrics.queue_length)
    assert erlang_c(agents, load) == 1.0


@pytest.mark.parametrize("agents", [0, 1, 50])
def test_no_traffic_means_no_wait(agents: int) -> None:
    """A = 0: nobody waits, SL is 100% and occupancy 0, even with no agents."""
    metrics = erlang_c_metrics(agents, 0.0, 180.0, 20.0)
    assert not metrics.overloaded
    assert (metrics.prob_wait, metrics.service_level, metrics.asa) == (0.0, 1.0, 0.0)
    assert metrics.occupancy == 0.0
    assert erlang_c(agents, 0.0) == 0.0


def test_zero_threshold_service_level_is_answered_at_once() -> None:
    """T = 0: SL is the share answered without waiting, 1 − Pw."""
    metrics = erlang_c_metrics(14, 10.0, 180.0, 0.0)
    assert metrics.service_level == pytest.approx(1 - metrics.prob_wait, rel=1e-15)


@pytest.mark.parametrize(
    ("aht", "service_level"),
    [(1e-6, 1.0), (1e12, 1 - erlang_c(14, 10.0))],  # tiny AHT: no wait is long; huge: SL → 1 − Pw
)
def test_extreme_handle_times_give_the_limits(aht: float, service_level: float) -> None:
    """At a fixed load, a tiny AHT makes every wait short and a huge one makes T negligible."""
    metrics = erlang_c_metrics(14, 10.0, aht, 20.0)
    assert metrics.service_level == pytest.approx(service_level, abs=1e-9)
    assert metrics.asa == pytest.approx(metrics.prob_wait * aht / 4, rel=1e-12)


@pytest.mark.parametrize(
    ("agents", "load", "aht", "threshold", "message"),
    [
        (-1, 10.0, 180.0, 20.0, "agents"),
        (True, 10.0, 180.0, 20.0, "agents"),
        (10, -1.0, 180.0, 20.0, "offered load"),
        (10, math.nan, 180.0, 20.0, "offered load"),
        (10, math.inf, 180.0, 20.0, "offered load"),
        (10, MAX_LOAD * 2, 180.0, 20.0, "above the supported"),
        (10, 5.0, 0.0, 20.0, "handle time"),
        (10, 5.0, 180.0, -1.0, "threshold"),
    ],
)
def test_bad_input_is_a_clear_error(
    agents: int, load: float, aht: float, threshold: float, message: str
) -> None:
    """Inputs the formulas cannot take are refused with a message naming them."""
    with pytest.raises(ValueError, match=message):
        erlang_c_metrics(agents, load, aht, threshold)


@given(
    load=st.floats(min_value=0.01, max_value=3000.0),
    extra=st.integers(min_value=1, max_value=200),
    threshold=st.floats(min_value=0.0, max_value=600.0),
)
def test_more_agents_never_hurt(load: float, extra: int, threshold: float) -> None:
    """Adding an agent raises SL and lowers Pw, ASA and the queue (non-strictly in floats)."""
    agents = math.floor(load) + extra
    fewer = erlang_c_metrics(agents, load, 180.0, threshold)
    more = erlang_c_metrics(agents + 1, load, 180.0, threshold)
    assert more.service_level >= fewer.service_level
    assert more.prob_wait <= fewer.prob_wait
    assert more.asa <= fewer.asa
    assert more.queue_length <= fewer.queue_length


@given(load=st.floats(min_value=0.0, max_value=5000.0), agents=st.integers(0, 6000))
def test_results_are_probabilities(load: float, agents: int) -> None:
    """Whatever the inputs, B and C lie in [0, 1] and SL in [0, 1]."""
    metrics = erlang_c_metrics(agents, load, 180.0, 20.0)
    assert 0.0 <= erlang_b(agents, load) <= 1.0
    assert 0.0 <= metrics.prob_wait <= 1.0
    assert 0.0 <= metrics.service_level <= 1.0
