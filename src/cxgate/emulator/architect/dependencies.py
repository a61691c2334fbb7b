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
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cxgate.emulator.model import entity_id
from cxgate.emulator.store import Store
from cxgate.flow.graph import ExternalRef
from cxgate.resource.flowkinds import dependency_type, kind_for_type

__all__ = ["consumed", "drop_rows", "mark_published", "missing_refs", "stored", "write_row"]

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
    for row in store.table("flow_dependencies").values():
        if row["flowId"] == flow_id:
            row["published"] = row["version"] == version_id


def drop_rows(store: Store, flow_id: str) -> None:
    """Forget a deleted flow's rows."""
    table = store.table("flow_dependencies")
    for key in [k for k, row in table.items() if row["flowId"] == flow_id]:
        del table[key]
