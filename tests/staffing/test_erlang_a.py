"""Erlang A (M/M/N+M): exact agreement, simulation, limits, overload and edge cases."""

from __future__ import annotations

import math

import mpmath
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxgate.staffing.erlang import erlang_b, erlang_c_metrics
from cxgate.staffing.erlang_a import MAX_PATIENCE_LOAD, erlang_a_metrics

from .reference import Simulated, exact_erlang_a, exact_erlang_b

FIELDS = ("prob_wait", "abandon_rate", "queue_length", "service_level", "asa")


@pytest.mark.parametrize(
    ("agents", "load", "aht", "patience", "threshold"),
    [
        (11, 10.0, 180.0, 120.0, 20.0),
        (9, 10.0, 180.0, 60.0, 20.0),
        (14, 10.0, 180.0, 600.0, 0.0),
        (1, 0.3, 300.0, 30.0, 10.0),
        (5, 10.0, 1.0, 0.5, 1.0),
        (100, 120.0, 1.0, 2.0, 0.1),
        (60, 40.0, 240.0, 1.0, 20.0),
        (20, 60.0, 240.0, 120.0, 20.0),
    ],
)
def test_matches_brute_force_in_exact_arithmetic(
    agents: int, load: float, aht: float, patience: float, threshold: float
) -> None:
    """Every measure agrees to 1e-9 relative with a 40-digit brute-force sum over the chain."""
    ours = erlang_a_metrics(agents, load, aht, patience, threshold)
    exact = exact_erlang_a(agents, load, aht, patience, threshold)
    for name in FIELDS:
        assert getattr(ours, name) == pytest.approx(float(getattr(exact, name)), rel=1e-9), name


def _exact_closed_form(agents: int, load: float, patience_ratio: float) -> tuple[float, float]:
    """(Pw, P(abandon)) from the incomplete-gamma closed form (Garnett et al. 2002), 50 digits."""
    with mpmath.workdps(50):
        x, y = mpmath.mpf(agents) * patience_ratio, mpmath.mpf(load) * patience_ratio
        # γ(x, y): mpmath's series is slow past the peak, where Γ(x) − Γ(x, y) is well-conditioned
        if y > x:
            lower_gamma = mpmath.gamma(x) - mpmath.gammainc(x, y, mpmath.inf)
        else:
            lower_gamma = mpmath.gammainc(x, 0, y)
        queue = x * mpmath.exp(y) * y ** (-x) * lower_gamma
        lower = 1 / exact_erlang_b(agents, load)
        pi_n = 1 / (lower + queue - 1)
        abandon = pi_n * (queue * (1 - x / y) + x / y)
        return float(pi_n * queue), float(abandon)


@pytest.mark.parametrize(
    ("agents", "load", "patience_ratio"),
    [
        (10_050, 10_000.0, 0.5),
        (9_500, 10_000.0, 1.0),
        (4_000, 5_000.0, 20.0),
        (1_020, 1_000.0, 3.0),
    ],
)
def test_large_queues_stay_exact(agents: int, load: float, patience_ratio: float) -> None:
    """Thousands of agents, overloaded ones and rescaled series included, agree to 1e-9."""
    ours = erlang_a_metrics(agents, load, 100.0, 100.0 * patience_ratio, 10.0)
    prob_wait, abandon = _exact_closed_form(agents, load, patience_ratio)
    assert ours.prob_wait == pytest.approx(prob_wait, rel=1e-9)
    assert ours.abandon_rate == pytest.approx(abandon, rel=1e-9)
    assert 0.0 <= ours.service_level <= 1.0
    assert math.isfinite(ours.asa)


def test_agrees_with_simulation(
    simulated_queue: tuple[tuple[int, float, float, float], Simulated],
) -> None:
    """A seeded discrete-event simulation lands within 3.5 standard errors of every measure."""
    (agents, load, patience, threshold), simulated = simulated_queue
    ours = erlang_a_metrics(agents, load, 1.0, patience, threshold)
    for name, (mean, error) in [
        ("prob_wait", simulated.prob_wait),
        ("abandon_rate", simulated.abandon_rate),
        ("service_level", simulated.service_level),
        ("asa", simulated.asa),
    ]:
        assert abs(getattr(ours, name) - mean) <= 3.5 * error, name


@pytest.mark.parametrize("agents", [11, 14, 30])
@pytest.mark.parametrize("name", ["prob_wait", "service_level", "asa", "queue_length"])
def test_endless_patience_is_erlang_c(agents: int, name: str) -> None:
    """As patience → ∞ Erlang A tends to Erlang C, the gap shrinking like 1/patience."""
    erlang_c = getattr(erlang_c_metrics(agents, 10.0, 180.0, 20.0), name)
    gaps = [
        abs(getattr(erlang_a_metrics(agents, 10.0, 180.0, 180.0 * ratio, 20.0), name) - erlang_c)
        for ratio in (1e4, 1e5, 1e6)
    ]
    assert gaps[2] <= 1e-4 * erlang_c
    assert gaps[1] == pytest.approx(gaps[0] / 10, rel=0.05)
    assert gaps[2] == pytest.approx(gaps[1] / 10, rel=0.05)


@pytest.mark.parametrize("agents", [11, 14, 30])
def test_endless_patience_means_no_abandon(agents: int) -> None:
    """The abandon rate falls to 0 as patience grows."""
    rates = [
        erlang_a_metrics(agents, 10.0, 180.0, 180.0 * ratio, 20.0).abandon_rate
        for ratio in (1.0, 1e3, 1e6)
    ]
    assert rates == sorted(rates, reverse=True)
    assert rates[-1] == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize(("agents", "load"), [(3, 5.0), (10, 10.0), (12, 10.0)])
def test_no_patience_is_erlang_b(agents: int, load: float) -> None:
    """As patience → 0 whoever finds all agents busy hangs up: P(abandon) → B(N, A)."""
    metrics = erlang_a_metrics(agents, load, 180.0, 180.0 * 1e-9, 20.0)
    assert metrics.abandon_rate == pytest.approx(erlang_b(agents, load), rel=1e-6)
    assert metrics.prob_wait == pytest.approx(erlang_b(agents, load), rel=1e-6)


@given(
    load=st.floats(min_value=0.5, max_value=300.0),
    agents=st.integers(min_value=1, max_value=350),
    ratio=st.floats(min_value=0.01, max_value=20.0),
)
def test_more_patience_means_fewer_abandon(load: float, agents: int, ratio: float) -> None:
    """Doubling the callers' patience never raises the abandon rate."""
    shorter = erlang_a_metrics(agents, load, 100.0, 100.0 * ratio, 20.0)
    longer = erlang_a_metrics(agents, load, 100.0, 200.0 * ratio, 20.0)
    assert longer.abandon_rate is not None
    assert shorter.abandon_rate is not None
    assert longer.abandon_rate <= shorter.abandon_rate * (1 + 1e-12)


@given(
    load=st.floats(min_value=0.5, max_value=300.0),
    agents=st.integers(min_value=1, max_value=350),
    ratio=st.floats(min_value=0.01, max_value=20.0),
    threshold=st.floats(min_value=0.0, max_value=300.0),
)
def test_more_agents_never_hurt(load: float, agents: int, ratio: float, threshold: float) -> None:
    """An extra agent raises SL and lowers Pw, abandonment and ASA, overloaded or not."""
    fewer = erlang_a_metrics(agents, load, 100.0, 100.0 * ratio, threshold)
    more = erlang_a_metrics(agents + 1, load, 100.0, 100.0 * ratio, threshold)
    slack = 1e-12
    assert more.service_level >= fewer.service_level - slack
    assert more.prob_wait <= fewer.prob_wait + slack
    assert (more.abandon_rate or 0.0) <= (fewer.abandon_rate or 0.0) + slack
    assert more.asa <= fewer.asa * (1 + slack)


@pytest.mark.parametrize(("agents", "load"), [(5, 10.0), (500, 1000.0), (10, 10.0)])
def test_overload_has_a_steady_state(agents: int, load: float) -> None:
    """N ≤ A is fine with abandonment: finite numbers, and abandon ≥ the excess load 1 − N/A."""
    metrics = erlang_a_metrics(agents, load, 180.0, 90.0, 20.0)
    assert not metrics.overloaded
    assert math.isfinite(metrics.asa)
    assert math.isfinite(metrics.queue_length)
    assert metrics.abandon_rate is not None
    assert metrics.abandon_rate >= 1 - agents / load


def test_no_agents_means_everyone_abandons() -> None:
    """N = 0: nobody is answered; the queue holds λ·patience callers on average."""
    metrics = erlang_a_metrics(0, 10.0, 180.0, 90.0, 20.0)
    assert (metrics.service_level, metrics.abandon_rate, metrics.prob_wait) == (0.0, 1.0, 1.0)
    assert metrics.queue_length == pytest.approx(5.0)
    assert math.isinf(metrics.asa)


@pytest.mark.parametrize("agents", [0, 3])
def test_no_traffic_is_idle(agents: int) -> None:
    """A = 0 with patience: nothing waits or abandons."""
    metrics = erlang_a_metrics(agents, 0.0, 180.0, 90.0, 20.0)
    assert (metrics.service_level, metrics.prob_wait) == (1.0, 0.0)


@pytest.mark.parametrize(
    ("load", "patience", "message"),
    [
        (10.0, 0.0, "patience"),
        (10.0, -5.0, "patience"),
        (10.0, math.inf, "patience"),
        (1e6, 180.0 * MAX_PATIENCE_LOAD, "leave patience out"),
    ],
)
def test_bad_patience_is_a_clear_error(load: float, patience: float, message: str) -> None:
    """A patience the model cannot take is refused, saying what to do."""
    with pytest.raises(ValueError, match=message):
        erlang_a_metrics(10, load, 180.0, patience, 20.0)


@pytest.mark.parametrize(("agents", "load"), [(11, 10.0), (8, 10.0), (120, 100.0)])
def test_zero_threshold_counts_only_calls_answered_at_once(agents: int, load: float) -> None:
    """T = 0: whoever finds all agents busy waits, so SL = 1 − P(wait)."""
    metrics = erlang_a_metrics(agents, load, 180.0, 60.0, 0.0)
    assert metrics.service_level == pytest.approx(1 - metrics.prob_wait, rel=1e-12, abs=1e-15)


def test_huge_handle_time_behaves_like_a_loss_system() -> None:
    """AHT far above the patience: busy-signal callers leave at once, abandon → B(N, A)."""
    metrics = erlang_a_metrics(12, 10.0, 1e9, 60.0, 20.0)
    assert metrics.abandon_rate == pytest.approx(erlang_b(12, 10.0), rel=1e-6)


def test_tiny_handle_time_against_patience_is_refused_with_the_fix() -> None:
    """AHT far below the patience means nobody abandons: the error says to use Erlang C."""
    with pytest.raises(ValueError, match="leave patience out"):
        erlang_a_metrics(12, 10.0, 1e-6, 60.0, 20.0)
