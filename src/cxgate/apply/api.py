"""The write side of each kind: which real endpoint reads, creates, updates and deletes it.

All paths and bodies are the documented ones (genesys-api.md §6, §7; WHL ``routing_api.py``,
``organization_api.py``): queues and wrap-up codes ``PUT`` whole objects; a skill's only
update is ``PATCH /api/v2/routing/skills/{id} {divisionId}``; languages have none; the org is
``PUT /api/v2/organizations/me`` with its ``version``; a feature is
``PATCH /api/v2/organizations/features/{name} {enabled}``. Fresh reads before writing go
through the list endpoints' ``id`` filter, up to 100 ids a call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cxgate.client import GenesysClient
from cxgate.resource.queue import wrapup_codes_path
from cxgate.resource.registry import KINDS

__all__ = [
    "BATCH",
    "ORG_PATH",
    "add_queue_codes",
    "create",
    "delete",
    "find_by_name",
    "read_fresh",
    "read_queue_codes",
    "remove_queue_code",
    "update",
]

BATCH = 100  # ids per filtered list call (a page of 100; the query stays a few KB)
ORG_PATH = "/api/v2/organizations/me"
FEATURE_PATH = "/api/v2/organizations/features/{name}"
Entity = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Endpoints:
    collection: str
    update_method: str | None  # None: the kind has no update


_ENDPOINTS: Mapping[str, _Endpoints] = {
    "skill": _Endpoints("/api/v2/routing/skills", "PATCH"),
    "language": _Endpoints("/api/v2/routing/languages", None),
    "wrapup_code": _Endpoints("/api/v2/routing/wrapupcodes", "PUT"),
    "queue": _Endpoints("/api/v2/routing/queues", "PUT"),
}


def _collection(kind: str) -> str:
    return _ENDPOINTS[kind].collection


def read_fresh(client: GenesysClient, kind: str, ids: Iterable[str]) -> dict[str, Entity]:
    """The current API entities of ``ids`` (absent ones are gone); ``BATCH`` ids a call.

    The organization answers to any id (there is one); a feature's id is its name.
    """
    wanted = sorted(set(ids))
    if kind == "organization":
        org: Entity = client.get(ORG_PATH)
        return dict.fromkeys(wanted or ["organization"], org)
    if kind == "feature":
        flags = client.get(ORG_PATH).get("features") or {}
        return {n: {"name": n, "enabled": bool(flags.get(n))} for n in wanted}
    found: dict[str, Entity] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        listing = client.list_all(_collection(kind), {"id": chunk}, page_size=BATCH)
        found.update({str(e["id"]): e for e in listing if _live(e) and e.get("id") in chunk})
    return found


def find_by_name(client: GenesysClient, kind: str, name: str) -> Entity | None:
    """The object of ``kind`` called ``name`` (case-insensitive, as Genesys names are)."""
    if kind in ("organization", "feature"):
        return read_fresh(client, kind, [name]).get(name)
    listing = client.list_all(_collection(kind), {"name": name})
    folded = name.casefold()
    return next((e for e in listing if _live(e) and str(e["name"]).casefold() == folded), None)


def create(client: GenesysClient, kind: str, body: Mapping[str, Any]) -> Entity:
    """POST a new object; the created entity."""
    created: Entity = client.post(_collection(kind), dict(body))
    return created


def update(client: GenesysClient, kind: str, object_id: str, body: Mapping[str, Any]) -> Entity:
    """Write an object's new state; the entity as the API answered it."""
    if kind == "organization":
        answer: Entity = client.put(ORG_PATH, dict(body))
        return answer
    if kind == "feature":
        flags = client.patch(FEATURE_PATH.format(name=object_id), {"enabled": body["enabled"]})
        return {"name": object_id, "enabled": bool((flags or {}).get(object_id))}
    method = _ENDPOINTS[kind].update_method
    if method is None:
        raise ValueError(f"{KINDS[kind].title} has no update in the API")
    result: Entity = client.request(method, f"{_collection(kind)}/{object_id}", json=dict(body))
    return result


def delete(client: GenesysClient, kind: str, object_id: str) -> None:
    """DELETE an object. A queue with members needs ``forceDelete=true``; the plan showed
    the delete as HIGH risk for that reason, and it was reviewed."""
    params = {"forceDelete": "true"} if kind == "queue" else None
    client.delete(f"{_collection(kind)}/{object_id}", params=params)


def read_queue_codes(client: GenesysClient, queue_id: str) -> list[Entity]:
    """The wrap-up codes a queue offers (its sub-collection)."""
    return client.list_all(wrapup_codes_path(queue_id))


def add_queue_codes(client: GenesysClient, queue_id: str, code_ids: Iterable[str]) -> None:
    """Offer more wrap-up codes on a queue (``BATCH`` a call)."""
    ids = list(code_ids)
    for start in range(0, len(ids), BATCH):
        chunk = [{"id": code_id} for code_id in ids[start : start + BATCH]]
        client.post(wrapup_codes_path(queue_id), chunk, idempotent=True)  # adding twice: no-op


def remove_queue_code(client: GenesysClient, queue_id: str, code_id: str) -> None:
    """Stop offering one wrap-up code on a queue."""
    client.delete(f"{wrapup_codes_path(queue_id)}/{code_id}")


def _live(entity: Mapping[str, Any]) -> bool:
    """Skills and languages linger as ``state: deleted``: gone, for our purposes."""
    return bool(entity.get("state", "active") != "deleted")
