"""Org limits: counts after the plan against the org's limits, and unknown keys."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.bundle.config import BundleConfig
from cxgate.bundle.desired import DesiredState
from cxgate.plan.change import Action, Change
from cxgate.resource.live import LiveState
from cxgate.safety import limits
from cxgate.testing.entities import synth_entities

LIVE = LiveState.from_entities(synth_entities(queues=3, skills=2, wrapup_codes=1, languages=1))


def _desired(policy: dict[str, Any] | None = None) -> DesiredState:
    bodies = {"queue": {"New A": {"name": "New A"}, "New B": {"name": "New B"}}}
    return DesiredState.from_bodies(bodies, BundleConfig.model_validate({"policy": policy or {}}))


CHANGES = [
    Change(Action.CREATE, "queue", "New A"),
    Change(Action.CREATE, "queue", "New B"),
    Change(Action.DELETE, "skill", "Skill 0000", "s1"),
]


def test_counts_after_add_creates_and_remove_deletes() -> None:
    """3 queues + 2 creates; 2 skills − 1 delete; untouched kinds keep their count."""
    after = limits.counts_after(LIVE, CHANGES)
    assert (after["queue"], after["skill"], after["language"]) == (5, 1, 1)


@pytest.mark.parametrize(
    ("org_limit", "expected"),
    [(4, [("limits", "error")]), (5, []), (100, [])],
)
def test_over_the_org_limit_is_an_error_at_the_first_new_object(
    org_limit: int, expected: list[tuple[str, str]]
) -> None:
    """Five queues after the plan pass a limit of 4; the problem points at a created queue."""
    desired = _desired()
    after = limits.counts_after(LIVE, CHANGES)
    settings = {"queue": "routing/queues.max"}
    found = limits.limit_problems(
        desired, CHANGES, after, settings, {"routing/queues.max": org_limit}
    )
    assert [(p.rule, p.severity) for p in found] == expected
    if found:
        assert "leaves 5 queue objects" in found[0].message
        assert "routing/queues.max allows 4" in found[0].message
        assert found[0].path == "name"


def test_a_fixed_number_in_policy_needs_no_org_key() -> None:
    """policy.limits.queue: 3 is checked without reading the org."""
    desired = _desired({"limits": {"queue": 3}})
    settings = limits.limit_settings(desired.config.policy.limits)
    assert settings["queue"] == 3
    found = limits.limit_problems(desired, CHANGES, {"queue": 5}, {"queue": 3}, {})
    assert "policy.limits allows 3" in found[0].message


def test_an_unknown_key_is_a_warning_naming_the_setting() -> None:
    """A key the org does not report leaves the count unchecked, and says how to fix it."""
    found = limits.limit_problems(_desired(), CHANGES, {"queue": 5}, {"queue": "x/y"}, {})
    assert [(p.rule, p.severity) for p in found] == [("limits", "warning")]
    assert "policy.limits.queue" in found[0].fix


def test_defaults_and_namespaces() -> None:
    """Defaults cover the four counted kinds; namespaces are read once each."""
    settings = limits.limit_settings({"skill": 10})
    assert set(settings) == {"queue", "wrapup_code", "skill", "language"}
    assert limits.limit_namespaces(settings) == {"routing", "skills"}


@pytest.mark.parametrize("bad", ["routing", "a/b/c", -1, "with space/x"])
def test_bad_limit_settings_are_refused(bad: Any) -> None:
    """A setting is namespace/key or a number ≥ 0."""
    with pytest.raises(ValueError, match="limits"):
        BundleConfig.model_validate({"policy": {"limits": {"queue": bad}}})
