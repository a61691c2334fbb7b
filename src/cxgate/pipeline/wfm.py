"""``export-wfm``: the bundle and the org read together into the WFM document.

The document itself is built by ``cxgate.records.wfm``; here the org is read (the live side,
on-queue agents for ``agents: live`` forecasts, and each queue's member count from the queue
listing, which carries ``memberCount``).
"""

from __future__ import annotations

from typing import Any

from cxgate.bundle.desired import DesiredState
from cxgate.client import GenesysClient
from cxgate.clock import Clock, SystemClock
from cxgate.pipeline.live import read_org_side
from cxgate.records.wfm import wfm_export

__all__ = ["QUEUES", "wfm_document"]

QUEUES = "/api/v2/routing/queues"


def wfm_document(
    client: GenesysClient, desired: DesiredState, *, clock: Clock | None = None
) -> dict[str, Any]:
    """The WFM export of ``desired`` against the org ``client`` reaches."""
    side = read_org_side(client, desired)
    counts = {
        str(q["name"]): int(q["memberCount"])
        for q in client.list_all(QUEUES)
        if isinstance(q.get("memberCount"), int)
    }
    return wfm_export(
        desired,
        side.live,
        at=(clock or SystemClock()).time(),
        member_counts=counts,
        live_agents=side.live_agents,
        org_name=desired.config.org.name,
    )
