"""Field types shared by the kinds: YAML-friendly durations and percentages, SDK enum values.

Durations in milliseconds accept ``20000``, ``"20s"``, ``"500ms"``, ``"2m"``, ``"1h"``;
percentages accept ``0.8`` or ``"80%"``. Both are stored as the API's own numbers, so export
writes plain numbers and ``plan`` compares like with like.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

__all__ = [
    "AcwPrompt",
    "CallbackMode",
    "CgrMetric",
    "CgrOperator",
    "DurationMs",
    "ExpansionType",
    "LastAgentRoutingMode",
    "MemberGroupType",
    "Percentage",
    "ReactionType",
    "RoutingRuleOperator",
    "ScoringMethod",
    "SkillEvaluationMethod",
    "parse_duration_ms",
    "parse_percentage",
]

_UNITS_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$")


def parse_duration_ms(value: Any) -> Any:
    """``"20s"`` → 20000; numbers and anything unparsable pass through to the int check."""
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            return round(float(match.group(1)) * _UNITS_MS[match.group(2)])
    return value


def parse_percentage(value: Any) -> Any:
    """``"80%"`` → 0.8; anything else passes through to the float check."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100
        except ValueError:
            return value
    return value


DurationMs = Annotated[int, BeforeValidator(parse_duration_ms), Field(ge=0)]
Percentage = Annotated[float, BeforeValidator(parse_percentage), Field(ge=0.0, le=1.0)]

# Enum values exactly as the SDK's allowed_values (tests/resource/test_contract.py checks them).
ScoringMethod = Literal["TimestampAndPriority", "PriorityOnly"]  # models/queue_request.py
LastAgentRoutingMode = Literal["Disabled", "QueueMembersOnly", "AnyAgent"]
SkillEvaluationMethod = Literal["NONE", "BEST", "ALL"]
AcwPrompt = Literal[  # models/acw_settings.py
    "MANDATORY", "OPTIONAL", "MANDATORY_TIMEOUT", "MANDATORY_FORCED_TIMEOUT", "AGENT_REQUESTED"
]
CallbackMode = Literal["AgentFirst", "CustomerFirst"]  # models/callback_media_settings.py
ReactionType = Literal["HangUp", "TransferToQueue", "TransferToFlow"]
ExpansionType = Literal["TIMEOUT_SECONDS"]  # models/expansion_criterium.py
RoutingRuleOperator = Literal["MEETS_THRESHOLD", "ANY"]  # models/routing_rule.py
CgrMetric = Literal["EstimatedWaitTime", "ServiceLevel"]  # models/conditional_group_routing_rule.py
CgrOperator = Literal["GreaterThan", "GreaterThanOrEqualTo", "LessThan", "LessThanOrEqualTo"]
MemberGroupType = Literal["TEAM", "GROUP", "SKILLGROUP"]  # models/member_group.py
