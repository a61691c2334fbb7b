"""Agents seen on a queue now, as data: what the org's observation query answers, and where.

``cxgate.org.observations`` reads them; the staffing projection and its rendering use them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["OBSERVATIONS_QUERY", "QueueAgents"]

OBSERVATIONS_QUERY = "/api/v2/analytics/queues/observations/query"


@dataclass(frozen=True, slots=True)
class QueueAgents:
    """One queue's agents now: on queue by routing status, logged in, and members."""

    queue_id: str
    by_status: Mapping[str, int] = field(default_factory=dict)
    active: int = 0
    members: int = 0

    @property
    def on_queue(self) -> int:
        """Agents on queue: the sum over routing statuses of ``oOnQueueUsers``."""
        return sum(self.by_status.values())
