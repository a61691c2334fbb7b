"""The flow part of the change policy: how far back a switch may go, whether it needs a
reason, and how severe each ``flow check`` rule is for this team.

In ``cxgate.yaml``::

    policy:
      flows:
        maxVersionsBack: 2     # a switch may go at most 2 versions behind the published one
        requireReason: true    # switch and rollback need --reason "…"
        rules:                 # raise or lower a check rule: error | warning | info | off
          transfer-no-failure-path: error

Going back is where a version switch hurts: an old version may route to queues or data
actions that changed since. Going forward (to a newer version) is never capped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Annotated, Literal

from pydantic import Field, field_validator

from cxgate.errors import PolicyError
from cxgate.flow.check.finding import RULES, Finding
from cxgate.resource.base import BundleModel

__all__ = ["FlowPolicy", "versions_back"]

Severity = Literal["error", "warning", "info", "off"]


class FlowPolicy(BundleModel):
    """``policy.flows`` in cxgate.yaml; the default allows any switch without a reason."""

    max_versions_back: Annotated[int, Field(ge=0)] | None = Field(
        default=None,
        description="How many versions behind the published one a switch may go (unset: any).",
    )
    require_reason: bool = Field(
        default=False, description="Switch and rollback need --reason (recorded with the change)."
    )
    rules: dict[str, Severity] = Field(
        default_factory=dict,
        description="flow check rule → severity for this bundle (error, warning, info, off).",
    )

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, rules: dict[str, Severity]) -> dict[str, Severity]:
        unknown = sorted(set(rules) - set(RULES))
        if unknown:
            raise ValueError(
                f"unknown flow check rule(s) {', '.join(unknown)}; the rules are listed in "
                "README (Architect flows › flow check)"
            )
        return rules

    def apply(self, findings: Sequence[Finding]) -> list[Finding]:
        """The findings with this policy's severities; rules set to ``off`` are dropped."""
        out: list[Finding] = []
        for finding in findings:
            severity = self.rules.get(finding.rule, finding.severity)
            if severity != "off":
                out.append(replace(finding, severity=severity))
        return out

    def check_switch(
        self, flow: str, versions: Sequence[str], current: str | None, target: str, reason: str
    ) -> int:
        """How many versions back ``target`` is from ``current`` (0 when newer or equal);
        PolicyError when the policy forbids the switch."""
        if self.require_reason and not reason.strip():
            raise PolicyError(
                f"flow '{flow}': the policy (policy.flows.requireReason) needs a reason for a "
                'version switch; add --reason "why"'
            )
        back = versions_back(versions, current, target)
        cap = self.max_versions_back
        if cap is not None and back > cap:
            raise PolicyError(
                f"flow '{flow}': switching from {current} to {target} goes {back} versions back; "
                f"the policy (policy.flows.maxVersionsBack) allows {cap}. Deploy a fixed file "
                "instead, or raise the limit in cxgate.yaml"
            )
        return back


def versions_back(versions: Sequence[str], current: str | None, target: str) -> int:
    """Steps from ``current`` back to ``target`` in ``versions`` (oldest first); 0 if newer."""
    if current is None or current not in versions or target not in versions:
        return 0
    return max(0, versions.index(current) - versions.index(target))
