"""policy.flows: how far back a switch may go, whether it needs a reason, rule severities."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.bundle.config import BundleConfig
from cxgate.errors import PolicyError
from cxgate.flow.check.finding import Finding
from cxgate.flow.check.policy import FlowPolicy, versions_back
from cxgate.flow.check.run import check
from cxgate.flow.read.archy import read_flow

from ..helpers import BROKEN

VERSIONS = ["1.0", "2.0", "3.0", "4.0"]


@pytest.mark.parametrize(
    ("current", "target", "back"),
    [("4.0", "1.0", 3), ("4.0", "3.0", 1), ("2.0", "4.0", 0), ("4.0", "4.0", 0), (None, "1.0", 0)],
)
def test_versions_back_counts_steps_behind_the_published_one(
    current: str | None, target: str, back: int
) -> None:
    """Older targets count the versions between; newer or equal ones count 0."""
    assert versions_back(VERSIONS, current, target) == back


@pytest.mark.parametrize(
    ("policy", "target", "reason", "allowed"),
    [
        ({}, "1.0", "", True),
        ({"maxVersionsBack": 2}, "2.0", "", True),
        ({"maxVersionsBack": 2}, "1.0", "", False),
        ({"maxVersionsBack": 0}, "4.0", "", True),
        ({"requireReason": True}, "3.0", "  ", False),
        ({"requireReason": True}, "3.0", "bad prompt", True),
    ],
)
def test_check_switch(policy: dict[str, Any], target: str, reason: str, allowed: bool) -> None:
    """The cap applies to going back only; a blank reason counts as none."""
    rules = FlowPolicy.model_validate(policy)
    if allowed:
        rules.check_switch("IVR", VERSIONS, "4.0", target, reason)
    else:
        with pytest.raises(PolicyError, match=r"policy\.flows"):
            rules.check_switch("IVR", VERSIONS, "4.0", target, reason)


def test_cxgate_yaml_carries_policy_flows() -> None:
    """`policy.flows` is read from cxgate.yaml beside the other policy parts."""
    config = BundleConfig.model_validate(
        {"policy": {"timezone": "UTC", "flows": {"maxVersionsBack": 1, "requireReason": True}}}
    )
    assert config.policy.flows.max_versions_back == 1
    assert config.policy.flows.require_reason
    assert BundleConfig.model_validate({}).policy.flows == FlowPolicy()


def test_a_negative_cap_is_refused() -> None:
    """maxVersionsBack must be 0 or more."""
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        FlowPolicy.model_validate({"maxVersionsBack": -1})


def _finding(rule: str, severity: str) -> Finding:
    return Finding(rule, severity, "f.yaml", 1, "m", "f")


def test_rules_raise_lower_or_silence_a_check_rule() -> None:
    """policy.flows.rules sets a rule's severity for this bundle; `off` drops its findings."""
    policy = FlowPolicy.model_validate(
        {"rules": {"transfer-no-failure-path": "error", "menu-no-default": "off"}}
    )
    findings = [
        _finding("transfer-no-failure-path", "warning"),
        _finding("menu-no-default", "warning"),
        _finding("dead-end", "error"),
    ]
    assert [(f.rule, f.severity) for f in policy.apply(findings)] == [
        ("transfer-no-failure-path", "error"),
        ("dead-end", "error"),
    ]


def test_check_applies_the_policy() -> None:
    """check(graph, policy=...) returns the findings at the policy's severities."""
    graph = read_flow(BROKEN)
    strict = FlowPolicy(rules={"transfer-no-failure-path": "error"})
    assert {f.rule: f.severity for f in check(graph)}["transfer-no-failure-path"] == "warning"
    assert {f.rule: f.severity for f in check(graph, policy=strict)}[
        "transfer-no-failure-path"
    ] == "error"


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"transfer-no-fail": "error"}, "unknown flow check rule"),
        ({"dead-end": "fatal"}, "Input should be 'error', 'warning', 'info' or 'off'"),
    ],
)
def test_unknown_rules_and_severities_are_refused(rules: dict[str, str], message: str) -> None:
    """A misspelt rule or severity in cxgate.yaml is an error naming it."""
    with pytest.raises(ValueError, match=message):
        BundleConfig.model_validate({"policy": {"flows": {"rules": rules}}})
