"""Which published flows use an object: Architect dependency tracking, one call per object.

``GET /api/v2/architect/dependencytracking/consumingresources?id=&objectType=&flowFilter=
published`` (WHL architect_api.py; genesys-api.md §5) answers the flow versions that consume
the object. Plan asks only for the objects it deletes, renames or re-routes — never for every
object in the org — and reads them in parallel within the client's rate limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor

from cxgate.resource.base import ApiReader
from cxgate.resource.registry import KINDS

__all__ = ["CONSUMING", "read_consumers"]

CONSUMING = "/api/v2/architect/dependencytracking/consumingresources"
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
