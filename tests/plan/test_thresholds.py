"""Policy models: durations, per-kind settings."""

from __future__ import annotations

from cxgate.bundle.policy import CooldownPolicy, ThresholdPolicy
from cxgate.plan.thresholds import KindCounts, threshold_violations


def test_cooldowns_take_friendly_durations() -> None:
    """``15m`` is 900 seconds; plain numbers are seconds; per-kind beats default."""
    policy = CooldownPolicy.model_validate({"default": 30, "perKind": {"queue": "15m"}})
    assert policy.for_kind("queue") == 900.0
    assert policy.for_kind("skill") == 30.0


def test_no_threshold_below_the_minimum_existing() -> None:
    """Small kinds never trip the percentage thresholds."""
    counts = {"skill": KindCounts(existing=5, updates=5, deletes=5)}
    assert threshold_violations(counts, ThresholdPolicy()) == []
