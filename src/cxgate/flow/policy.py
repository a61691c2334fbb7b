"""The flow part of the change policy: how far back a switch may go, and whether it needs a reason.

In ``cxgate.yaml``::

    policy:
      flows:
        maxVersionsBack: 2     # a switch may go at most 2 versions behind the published one
        requireReason: true    # switch and rollback need --reason "…"

Going back is where a version switch hurts: an old version may route to queues or data
actions that changed since. Going forward (to a newer version) is never capped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import Field

from cxgate.errors import PolicyError
from cxgate.resource.base import BundleModel

__all__ = ["FlowPolicy", "versions_back"]


class FlowPolicy(BundleModel):
    """``policy.flows`` in cxgate.yaml; the default allows any switch without a reason."""

    max_versions_back: Annotated[int, Field(ge=0)] | None = Field(
        default=None,
        description="How many versions behind the published one a switch may go (unset: any).",
    )
    require_reason: bool = Field(
        default=False, description="Switch and rollback need --reason (recorded with the change)."
    )

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
