"""Which published flows use an object: Architect dependency tracking, one call per object.

``GET /api/v2/architect/dependencytracking/consumingresources?id=&objectType=&flowFilter=
published`` (WHL architect_api.py; genesys-api.md §5) answers the flow versions that consume
the object. Plan asks only for the objects it deletes, renames or re-routes — never for every
object in the org — and reads them in parallel within the client's rate limit.

Architect rebuilds that index asynchronously: after a publish it can lag
(``GET /api/v2/architect/dependencytracking/build`` → DependencyStatus ``status``, e.g.
``OPERATIONALNEEDSREBUILD``). ``index_status`` reads it first, so plan can say when the answers
may be stale; ``rebuild_index`` starts a build (``POST …/build``) and waits until it is
``OPERATIONAL``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor

from cxgate.client import GenesysClient
from cxgate.client.jobs import StatusTable
from cxgate.resource.base import ApiReader
from cxgate.resource.registry import KINDS

__all__ = [
    "BUILD",
    "CONSUMING",
    "CURRENT",
    "DEPENDENCY_BUILD",
    "index_status",
    "read_consumers",
    "rebuild_index",
]

CONSUMING = "/api/v2/architect/dependencytracking/consumingresources"
BUILD = "/api/v2/architect/dependencytracking/build"
CURRENT = "OPERATIONAL"
# DependencyStatus.status (WHL models/dependency_status.py): BUILDINCOMPLETE, BUILDINITIALIZING,
# BUILDINPROGRESS, BUILDQUEUED, NOTBUILT, OPERATIONAL, OPERATIONALNEEDSREBUILD.
DEPENDENCY_BUILD = StatusTable(
    "dependency-tracking build",
    status_at=("status",),
    succeeded=frozenset({CURRENT}),
    failed=frozenset({"BUILDINCOMPLETE"}),
)
_WORKERS = 8

Target = tuple[str, str]  # (kind, object id)


def _flows_using(reader: ApiReader, target: Target) -> tuple[Target, tuple[str, ...]]:
    kind, object_id = target
    object_type = KINDS[kind].dependency_type
    params = {"id": object_id, "objectType": object_type, "flowFilter": "published"}
    found = reader.list_all(CONSUMING, params)
    return target, tuple(sorted({str(d.get("name") or d.get("id")) for d in found}))


def read_consumers(
    reader: ApiReader, targets: Iterable[Target]
) -> Mapping[Target, tuple[str, ...]]:
    """(kind, id) → names of the published flows that use it (objects nothing uses left out).

    Kinds without a dependency-tracking type (org settings, features) are skipped.
    """
    wanted = sorted({(k, i) for k, i in targets if k in KINDS and KINDS[k].dependency_type and i})
    if not wanted:
        return {}
    with ThreadPoolExecutor(max_workers=min(_WORKERS, len(wanted))) as pool:
        results = list(pool.map(lambda target: _flows_using(reader, target), wanted))
    return {target: flows for target, flows in results if flows}


def index_status(reader: ApiReader) -> str:
    """The dependency index's build status; ``OPERATIONAL`` when its answers are current."""
    answer = reader.get(BUILD)
    status = answer.get("status") if isinstance(answer, dict) else None
    return str(status or "NOTBUILT")


def rebuild_index(client: GenesysClient, *, deadline_s: float = 900.0) -> str:
    """Start a build and wait until the index is current; its status then."""
    client.post(BUILD, idempotent=True)  # a second build request while one runs is harmless
    done = client.wait_job(BUILD, deadline_s=deadline_s, kind=DEPENDENCY_BUILD)
    return str(done.get("status"))
