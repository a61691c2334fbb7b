"""Validation rules: each with a failing example (and the passing case beside it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxgate.bundle.config import BundleConfig
from cxgate.bundle.desired import DesiredState
from cxgate.clock import FakeClock
from cxgate.errors import Problem
from cxgate.plan.change import Action, Change
from cxgate.resource.live import LiveState, live_from_bodies
from cxgate.safety import validate
from cxgate.state.sqlite import SqliteStore

Q = "queue"


def _state(bodies: dict[str, dict[str, Any]], config: dict[str, Any] | None = None) -> DesiredState:
    return DesiredState.from_bodies(bodies, BundleConfig.model_validate(config or {}))


def _rules(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.rule, p.severity) for p in problems]


@pytest.mark.parametrize(
    ("bodies", "config", "expected"),
    [
        (
            {Q: {"Sales": {"name": "Sales"}, "sales": {"name": "sales"}}},
            None,
            [("duplicate-name", "error")],
        ),
        (
            {Q: {"Sales": {"name": "Sales"}}},
            {"delete": {"queue": ["Sales"]}},
            [("delete-conflict", "error")],
        ),
        (
            {"wrapup_code": {"A": {"name": "A"}, "B": {"name": "B", "renamedFrom": "A"}}},
            None,
            [("rename", "error")],
        ),
        (
            {
                Q: {
                    "Q": {
                        "name": "Q",
                        "acwSettings": {"wrapupPrompt": "OPTIONAL", "timeoutMs": 5000},
                    }
                }
            },
            None,
            [("acw", "error")],
        ),
        (
            {
                Q: {
                    "Q": {
                        "name": "Q",
                        "acwSettings": {"wrapupPrompt": "MANDATORY_TIMEOUT", "timeoutMs": 5000},
                    }
                }
            },
            None,
            [],
        ),
        ({Q: {"Q": {"name": "Q", "bullseye": {"rings": [{}] * 6}}}}, None, [("bullseye", "error")]),
        (
            {
                Q: {
                    "Q": {
                        "name": "Q",
                        "bullseye": {"rings": [{}]},
                        "conditionalGroupRouting": {"rules": [{"metric": "ServiceLevel"}]},
                    }
                }
            },
            None,
            [("routing-method", "warning")],
        ),
        (
            {
                Q: {
                    "Q": {
                        "name": "Q",
                        "mediaSettings": {"email": {"alertingTimeoutSeconds": 100000}},
                    }
                }
            },
            None,
            [("range", "warning")],
        ),
        (
            {
                Q: {
                    "Q": {
                        "name": "Q",
                        "bullseye": {"rings": [{"actions": {"skillsToRemove": ["X"]}}]},
                    }
                }
            },
            None,
            [("reference", "warning")],
        ),
        (
            {
                Q: {
                    "Q": {
                        "name": "Q",
                        "bullseye": {"rings": [{"actions": {"skillsToRemove": ["X"]}}]},
                    }
                },
                "skill": {"X": {"name": "X"}},
            },
            None,
            [],
        ),
    ],
)
def test_offline_rules(
    bodies: dict[str, dict[str, Any]],
    config: dict[str, Any] | None,
    expected: list[tuple[str, str]],
) -> None:
    """Bundle-only rules, with their severity."""
    assert _rules(validate.offline(_state(bodies, config))) == expected


def _live(**bodies: dict[str, Any]) -> LiveState:
    return live_from_bodies(bodies)


def test_references_must_resolve_in_bundle_or_org() -> None:
    """Against the org, an unknown name is an error with a did-you-mean."""
    desired = _state(
        {
            Q: {
                "Q": {
                    "name": "Q",
                    "queueFlow": "Hold Musik",
                    "bullseye": {"rings": [{"actions": {"skillsToRemove": ["X"]}}]},
                }
            }
        }
    )
    live = _live(skill={"X": {"name": "X"}})
    live.refs.add("flow", "Hold Music", "f1")
    problems = validate.against_live(desired, live)
    assert _rules(problems) == [("reference", "error")]
    assert problems[0].fix == "did you mean 'Hold Music'?"


def test_case_clash_with_the_org_and_stale_deletes() -> None:
    """'sales' vs the org's 'Sales' is an error; deleting what is gone is a warning."""
    desired = _state({Q: {"sales": {"name": "sales"}}}, {"delete": {"queue": ["Gone"]}})
    problems = validate.against_live(desired, _live(queue={"Sales": {"name": "Sales"}}))
    assert _rules(problems) == [("duplicate-name", "error"), ("delete", "warning")]


def test_limits() -> None:
    """Counts after the plan above the org's limits are errors."""
    assert validate.check_limits({"queue": 5}, {"queue": 5}) == []
    assert _rules(validate.check_limits({"queue": 6}, {"queue": 5})) == [("limits", "error")]


FREEZE = {
    "policy": {"timezone": "UTC", "freeze": [{"name": "always", "from": "00:00", "to": "23:59"}]}
}
CHANGE = Change(Action.UPDATE, Q, "Sales", "q1")


@pytest.mark.parametrize(
    ("changes", "override", "expected"),
    [
        (None, None, [("change-freeze", "error")]),
        ([], None, []),
        ([CHANGE], None, [("change-freeze", "error")]),
        ([CHANGE], "hotfix INC-42", [("change-freeze", "warning")]),
    ],
)
def test_freeze(changes: list[Change] | None, override: str | None, expected: list[Any]) -> None:
    """A freeze blocks changes unless overridden with a reason; no changes, no problem."""
    desired = _state({Q: {"Sales": {"name": "Sales"}}}, FREEZE)
    problems = validate.policy_problems(
        desired, changes, now=1_750_000_000, override_freeze=override
    )
    assert _rules(problems) == expected


def test_cooldown_holds_across_runs(tmp_path: Path) -> None:
    """A change within the minimum interval is refused; after it, allowed."""
    desired = _state(
        {Q: {"Sales": {"name": "Sales"}}}, {"policy": {"cooldown": {"perKind": {"queue": "1h"}}}}
    )
    clock = FakeClock(start=1000.0)
    with SqliteStore.open(tmp_path, clock) as store:
        store.record_change("o", Q, "Sales")
    with SqliteStore.open(tmp_path) as store:
        history = store.last_changes("o", [(Q, "Sales")])
    soon = validate.policy_problems(desired, [CHANGE], now=1000.0 + 600, history=history)
    overridden = validate.policy_problems(
        desired, [CHANGE], now=1600.0, history=history, override_cooldown="urgent"
    )
    later = validate.policy_problems(desired, [CHANGE], now=1000.0 + 3600, history=history)
    assert _rules(soon) == [("cooldown", "error")]
    assert "wait 3000s more" in soon[0].fix
    assert _rules(overridden) == [("cooldown", "warning")]
    assert later == []
