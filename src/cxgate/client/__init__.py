"""The Genesys Cloud API client: the only network I/O in cxgate.

``GenesysClient(settings)`` authenticates with OAuth client credentials, paces requests from
the ``inin-ratelimit-*`` headers, retries by an explicit ``RetryPolicy``, pages every listing
style, and waits for asynchronous Operations and jobs.

The names below are imported on first use, so a submodule that needs no network
(``cxgate.client.redact``, used by the CLI's logging) loads without httpx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxgate.lazyexports import lazy_exports

if TYPE_CHECKING:
    from .client import GenesysClient
    from .jobs import AUDIT_QUERY, FLOW_JOB, FLOW_OPERATION, PollSchedule, StatusTable
    from .ratelimit import Pacer
    from .regions import REGIONS, Region, api_base, login_base, resolve_region
    from .retry import RetryPolicy
    from .transport import ClientStats, ResponseObserver, path_template

__all__ = [
    "AUDIT_QUERY",
    "FLOW_JOB",
    "FLOW_OPERATION",
    "REGIONS",
    "ClientStats",
    "GenesysClient",
    "Pacer",
    "PollSchedule",
    "Region",
    "ResponseObserver",
    "RetryPolicy",
    "StatusTable",
    "api_base",
    "login_base",
    "path_template",
    "resolve_region",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "GenesysClient": "client",
        "AUDIT_QUERY": "jobs",
        "FLOW_JOB": "jobs",
        "FLOW_OPERATION": "jobs",
        "PollSchedule": "jobs",
        "StatusTable": "jobs",
        "Pacer": "ratelimit",
        "REGIONS": "regions",
        "Region": "regions",
        "api_base": "regions",
        "login_base": "regions",
        "resolve_region": "regions",
        "RetryPolicy": "retry",
        "ClientStats": "transport",
        "ResponseObserver": "transport",
        "path_template": "transport",
    },
)
