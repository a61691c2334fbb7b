"""What each flow version consumes: rows of the ``flow_dependencies`` table.

Architect dependency tracking answers "which published flows use this queue?"
(``GET /api/v2/architect/dependencytracking/consumingresources``, genesys-api.md §5). The
emulator keeps one row per flow version, built from the flow file's external references
(``FlowGraph.external_refs``) resolved to store ids::

    {"id": "<flowId>:<version>", "flowId", "flowName", "objectType": "INBOUNDCALLFLOW",
     "version", "published", "checkedIn", "consumed": [{"type": "QUEUE", "id", "name"}]}

Kinds the emulator stores (queues, skills, languages, wrap-up codes, flows) resolve by name
and can be missing; the others (schedules, data actions, prompts…) are not modelled, so they
count as present with a stable made-up id.

The index lags, as Architect's does (``GET``/``POST /api/v2/architect/dependencytracking/
build``, DependencyStatus ``status``): a publish, deactivation or delete leaves it
``OPERATIONALNEEDSREBUILD`` and the dependency queries answer from the rows as they were
(``dependency_index``) until a build runs; a build is ``BUILDINPROGRESS`` for
``dependency-build-polls`` status reads (behaviour.py), then ``OPERATIONAL`` and current.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from cxgate.emulator.model import entity_id
from cxgate.emulator.store import Store
from cxgate.emulator.wire import clone, iso_ms
from cxgate.flow.graph import ExternalRef
from cxgate.resource.flowkinds import dependency_type, kind_for_type

__all__ = [
    "build_status",
    "consumed",
    "drop_rows",
    "index_rows",
    "index_stale",
    "mark_published",
    "missing_refs",
    "start_build",
    "stored",
    "write_row",
]

CURRENT = "OPERATIONAL"
_BUILD = "current"
_BUILD_IDS = uuid.UUID("5f0b8e1c-2d7a-4c3e-9b61-0d4e8a7f3c21")

Entity = dict[str, Any]

# External-reference kinds the store holds, and their tables.
_TABLES = {
    "queue": "queues",
    "skill": "skills",
    "language": "languages",
    "wrapupCode": "wrapupcodes",
    "flow": "flows",
}


def stored(store: Store, ref: ExternalRef) -> Entity | None:
    """The store entity a reference names (None when its kind is stored and it is absent)."""
    table = _TABLES.get(ref.kind)
    if table is None:
        return {"id": entity_id(ref.kind, ref.name), "name": ref.name}
    return store.find_by_name(table, ref.name)


def missing_refs(store: Store, refs: Iterable[ExternalRef]) -> list[ExternalRef]:
    """References to stored kinds that name nothing in the org (first of each name)."""
    seen: set[tuple[str, str]] = set()
    missing: list[ExternalRef] = []
    for ref in refs:
        key = (ref.kind, ref.name.casefold())
        if key not in seen and stored(store, ref) is None:
            missing.append(ref)
        seen.add(key)
    return missing


def consumed(store: Store, refs: Iterable[ExternalRef]) -> list[Entity]:
    """The ``consumed`` list of a row: one entry per distinct object, in file order."""
    found: dict[tuple[str, str], Entity] = {}
    for ref in refs:
        entity = stored(store, ref)
        kind = _type_of(ref, entity)
        if entity is None or kind is None:
            continue
        found.setdefault((kind, entity["id"]), {"type": kind, "id": entity["id"], "name": ref.name})
    return list(found.values())


def _type_of(ref: ExternalRef, entity: Entity | None) -> str | None:
    if ref.kind == "flow":
        return (
            kind_for_type(entity["type"]).dependency_type if entity and "type" in entity else None
        )
    return dependency_type(ref.kind, ref.name)


def write_row(
    store: Store, flow: Entity, version_id: str, refs: Iterable[ExternalRef], *, published: bool
) -> Entity:
    """Record what one flow version consumes; returns the row."""
    index_stale(store)
    row: Entity = {
        "id": f"{flow['id']}:{version_id}",
        "flowId": flow["id"],
        "flowName": flow["name"],
        "objectType": kind_for_type(flow["type"]).dependency_type,
        "version": version_id,
        "published": published,
        "checkedIn": True,
        "consumed": consumed(store, refs),
    }
    store.table("flow_dependencies")[row["id"]] = row
    return row


def mark_published(store: Store, flow_id: str, version_id: str | None) -> None:
    """Only ``version_id`` of the flow counts as published now (None: no version does)."""
    index_stale(store)
    for row in store.table("flow_dependencies").values():
        if row["flowId"] == flow_id:
            row["published"] = row["version"] == version_id


def drop_rows(store: Store, flow_id: str) -> None:
    """Forget a deleted flow's rows."""
    index_stale(store)
    table = store.table("flow_dependencies")
    for key in [k for k, row in table.items() if row["flowId"] == flow_id]:
        del table[key]


def index_stale(store: Store) -> None:
    """What flows consume is about to change: from now until a build runs, the dependency
    queries answer from the rows as they are now."""
    build = store.table("dependency_builds").get(_BUILD)
    if build is not None and build["status"] != CURRENT:
        return  # stale already: the index keeps what it last saw
    index = store.table("dependency_index")
    index.clear()
    index.update(clone(store.table("flow_dependencies")))
    store.table("dependency_builds")[_BUILD] = {
        **(build or {}),
        "status": "OPERATIONALNEEDSREBUILD",
    }


def index_rows(store: Store) -> dict[str, Entity]:
    """The rows the dependency queries answer from: current ones, or the stale index's."""
    build = store.table("dependency_builds").get(_BUILD)
    stale = build is not None and build["status"] != CURRENT
    return store.table("dependency_index" if stale else "flow_dependencies")


def start_build(store: Store, caller: str, now: float, polls: int) -> None:
    """Start rebuilding the index (one build at a time); it completes after ``polls`` reads."""
    build = store.table("dependency_builds").get(_BUILD) or {}
    if build.get("status") == "BUILDINPROGRESS":
        return
    index_stale(store)
    number = int(build.get("number", 0)) + 1
    store.table("dependency_builds")[_BUILD] = {
        "number": number,
        "status": "BUILDINPROGRESS",
        "buildId": str(uuid.uuid5(_BUILD_IDS, str(number))),
        "dateStarted": iso_ms(now),
        "client": {"id": caller, "selfUri": f"/api/v2/oauth/clients/{caller}"},
        "pollsLeft": polls,
    }
    if polls <= 0:
        _complete(store, now)


def build_status(store: Store, now: float) -> Entity:
    """The DependencyStatus as ``GET …/build`` answers it; a running build moves one read."""
    build = store.table("dependency_builds").get(_BUILD)
    if build is not None and build["status"] == "BUILDINPROGRESS":
        build["pollsLeft"] -= 1
        if build["pollsLeft"] <= 0:
            _complete(store, now)
    build = store.table("dependency_builds").get(_BUILD) or {"status": CURRENT}
    keys: tuple[str, ...] = ("buildId", "dateStarted", "dateCompleted", "client")
    shown: Entity = {k: build[k] for k in keys if k in build}
    return {
        "id": build.get("buildId", "dependencytracking"),
        **shown,
        "status": build["status"],
        "selfUri": "/api/v2/architect/dependencytracking/build",
    }


def _complete(store: Store, now: float) -> None:
    build = store.table("dependency_builds")[_BUILD]
    build.update(status=CURRENT, dateCompleted=iso_ms(now))
    build.pop("pollsLeft", None)
    store.table("dependency_index").clear()
