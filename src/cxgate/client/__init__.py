"""The Genesys Cloud API client: the only network I/O in cxgate.

``GenesysClient(settings)`` authenticates with OAuth client credentials, paces requests from
the ``inin-ratelimit-*`` headers, retries by an explicit ``RetryPolicy``, pages every listing
style, and waits for asynchronous Operations and jobs.
"""

from __future__ import annotations

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
