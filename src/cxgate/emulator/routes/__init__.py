"""Every endpoint group the emulator serves; add a group here to serve it."""

from __future__ import annotations

from cxgate.emulator.router import RouteGroup
from cxgate.emulator.routes import (
    analytics,
    audits,
    authorization,
    dependencies,
    flow_actions,
    flow_jobs,
    flows,
    organization,
    queue_wrapupcodes,
    queues,
    routing,
)

__all__ = ["GROUPS"]

GROUPS: tuple[RouteGroup, ...] = (
    organization.routes,
    authorization.routes,
    queues.routes,
    routing.routes,
    analytics.routes,
    dependencies.routes,
    queue_wrapupcodes.routes,
    flows.routes,
    flow_actions.routes,
    flow_jobs.routes,
    audits.routes,
)
