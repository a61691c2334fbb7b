"""Risk rules: one failing (risky) and one passing example each."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.plan.change import Action, Change, FieldChange, Op, Risk
from cxgate.plan.risk import RiskContext, affects_flows, assess, dependency_targets


def _update(kind: str, *fields: FieldChange, **kw: Any) -> Change:
    return Change(Action.UPDATE, kind, "X", "id-1", tuple(fields), **kw)


def _f(path: tuple[str | int, ...], old: Any, new: Any, op: Op = Op.MODIFY) -> FieldChange:
    return FieldChange(path, op, old, new)


SL = ("mediaSettings", "call", "serviceLevel")

CASES = [
    (Change(Action.CREATE, "queue", "X"), Risk.LOW, set()),
    (Change(Action.DELETE, "queue", "X", "id-1"), Risk.HIGH, {"delete"}),
    (Change(Action.DELETE, "wrapup_code", "X", "id-1"), Risk.MEDIUM, {"delete"}),
    (Change(Action.DELETE, "skill", "X", "id-1"), Risk.HIGH, {"delete"}),
    (_update("queue", _f(("name",), "A", "X"), renamed_from="A"), Risk.HIGH, {"rename"}),
    (_update("wrapup_code", _f(("name",), "A", "X"), renamed_from="A"), Risk.MEDIUM, {"rename"}),
    (_update("queue", _f(("skillEvaluationMethod",), "BEST", "ALL")), Risk.HIGH, {"routing"}),
    (_update("queue", _f(("bullseye", "rings", 0, "x"), 1, 2)), Risk.MEDIUM, {"routing"}),
    (_update("queue", _f(("description",), "a", "b")), Risk.LOW, set()),
    (_update("queue", _f((*SL, "percentage"), 0.8, 0.7)), Risk.MEDIUM, {"service-level"}),
    (_update("queue", _f((*SL, "percentage"), 0.7, 0.8)), Risk.LOW, set()),
    (_update("queue", _f((*SL, "durationMs"), 20000, 30000)), Risk.MEDIUM, {"service-level"}),
    (_update("queue", _f((*SL, "durationMs"), 30000, 20000)), Risk.LOW, set()),
    (
        _update("queue", _f(SL, {"percentage": 0.8}, None, Op.REMOVE)),
        Risk.MEDIUM,
        {"service-level"},
    ),
    (
        _update(
            "queue",
            _f(
                ("mediaSettings",),
                {"chat": {"serviceLevel": {"percentage": 0.9}}},
                {"chat": {"serviceLevel": {"percentage": 0.5}}},
            ),
        ),
        Risk.MEDIUM,
        {"service-level"},
    ),
    (
        _update(
            "queue",
            _f(("mediaSettings", "call"), None, {"serviceLevel": {"percentage": 0.5}}, Op.ADD),
        ),
        Risk.LOW,
        set(),
    ),
    (_update("organization", _f(("name",), "a", "b")), Risk.MEDIUM, {"org-wide"}),
    (
        _update("feature", _f(("enabled",), True, False), desired={"enabled": False}),
        Risk.HIGH,
        {"org-wide"},
    ),
    (
        _update("feature", _f(("enabled",), False, True), desired={"enabled": True}),
        Risk.MEDIUM,
        {"org-wide"},
    ),
    (_update("skill", _f(("division",), "A", "B")), Risk.LOW, set()),
]


@pytest.mark.parametrize(("change", "level", "rules"), CASES)
def test_rules(change: Change, level: Risk, rules: set[str]) -> None:
    """Each rule fires on its risky case and stays quiet on the safe one."""
    result = assess(change, RiskContext())
    assert result.level is level
    assert {r.rule for r in result.reasons} == rules


def test_service_level_reason_says_from_and_to() -> None:
    """The reason quotes the old and new target."""
    result = assess(_update("queue", _f((*SL, "percentage"), 0.8, 0.7)), RiskContext())
    assert result.reasons[0].text == "call: service-level target lowered from 80% to 70%"


def test_deleting_an_object_published_flows_use_is_blocked() -> None:
    """Architect dependency tracking makes such a delete HIGH and blocked."""
    ctx = RiskContext({("queue", "id-1"): ("Main IVR", "After Hours")})
    deleted = assess(Change(Action.DELETE, "queue", "X", "id-1"), ctx)
    assert deleted.blocked
    assert "After Hours, Main IVR" in deleted.reasons[-1].text
    updated = assess(_update("queue", _f(("description",), "a", "b")), ctx)
    assert updated.level is Risk.MEDIUM
    assert not updated.blocked


def test_changes_the_api_cannot_make_in_place_are_blocked() -> None:
    """A language has no update at all: any field change is HIGH and blocked."""
    result = assess(_update("language", _f(("name",), "a", "b")), RiskContext())
    assert result.blocked
    assert "cannot change name of a language in place" in result.reasons[0].text


def test_renaming_an_object_published_flows_use_is_high() -> None:
    """Flows that name the old queue must be re-published: HIGH, not blocked."""
    ctx = RiskContext({("queue", "id-1"): ("Main IVR",)})
    renamed = assess(_update("queue", _f(("name",), "A", "X"), renamed_from="A"), ctx)
    assert renamed.level is Risk.HIGH
    assert not renamed.blocked
    assert "re-publish" in renamed.reasons[-1].text


@pytest.mark.parametrize(
    ("change", "looked_up"),
    [
        (Change(Action.CREATE, "queue", "X"), False),
        (Change(Action.DELETE, "queue", "X", "id-1"), True),
        (Change(Action.DELETE, "wrapup_code", "X", "id-1"), True),
        (_update("queue", _f(("name",), "A", "X"), renamed_from="A"), True),
        (_update("queue", _f(("skillEvaluationMethod",), "BEST", "ALL")), True),
        (_update("queue", _f((*SL, "percentage"), 0.8, 0.7)), True),
        (_update("queue", _f(("description",), "a", "b")), False),
        (_update("queue", _f(("acwSettings", "wrapupPrompt"), "A", "B")), False),
        (_update("organization", _f(("name",), "a", "b")), False),
        (Change(Action.DELETE, "queue", "X", "bundle:queue:X"), False),
    ],
)
def test_dependency_targets_only_for_changes_that_reach_flows(
    change: Change, looked_up: bool
) -> None:
    """Deletes, renames and routing updates are looked up; descriptions and creates are not."""
    assert bool(dependency_targets([change])) is looked_up
    if looked_up:
        assert dependency_targets([change]) == [(change.kind, change.id)]


def test_affects_flows_ignores_creates() -> None:
    """A new object cannot be consumed yet."""
    assert not affects_flows(Change(Action.CREATE, "queue", "X"))
