"""Helpers every endpoint group shares: lookups, name filters, sorting, divisions, replies."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from cxgate.emulator.router import ApiRequest
from cxgate.emulator.wire import Reply, ReplyError, bad_query, bad_request, not_found

__all__ = [
    "conflict_on_name",
    "division_for",
    "filter_ids",
    "name_has_prefix",
    "name_matches_wildcard",
    "no_content",
    "ok",
    "one_of",
    "require",
    "sorted_by_name",
]

Entity = dict[str, Any]


def ok(body: Any) -> Reply:
    """200 with a JSON body."""
    return Reply(200, body)


def no_content() -> Reply:
    """204 without a body, as deletes answer."""
    return Reply(204)


def require(request: ApiRequest, kind: str, entity_id: str, noun: str) -> Entity:
    """The stored entity, or a 404 naming what is missing."""
    entity = request.store.table(kind).get(entity_id)
    if entity is None:
        raise not_found(f"Unable to find {noun} with id {entity_id}")
    return entity


def conflict_on_name(request: ApiRequest, kind: str, name: str, noun: str, own_id: str) -> None:
    """409 when another entity of this kind already has the name (names are unique)."""
    other = request.store.find_by_name(kind, name)
    if other is not None and other["id"] != own_id:
        raise ReplyError(
            409,
            "general.conflict",
            f"A {noun} with the name '{name}' already exists (id {other['id']}).",
        )


def one_of(request: ApiRequest, name: str, allowed: tuple[str, ...], default: str) -> str:
    """An enum query parameter; 400 listing the allowed values otherwise."""
    value = request.query_value(name)
    if value is None or value == "":
        return default
    if value not in allowed:
        raise bad_query(value, name, allowed)
    return value


def name_matches_wildcard(name: str, pattern: str) -> bool:
    """Queue-style name filter: exact, or with leading/trailing ``*`` (case-insensitive)
    (PYDOC RoutingApi.md ``get_routing_queues``: "leading and trailing asterisks allowed")."""
    name, body = name.casefold(), pattern.casefold().strip("*")
    starts, ends = pattern.startswith("*"), pattern.endswith("*") and len(pattern) > 1
    if starts and ends:
        return body in name
    if starts:
        return name.endswith(body)
    if ends:
        return name.startswith(body)
    return name == body


def name_has_prefix(name: str, prefix: str) -> bool:
    """ "Filter for results that start with this value" (case-insensitive)."""
    return name.casefold().startswith(prefix.casefold())


def filter_ids(
    items: Iterable[Entity], ids: list[str], key: Callable[[Entity], str]
) -> list[Entity]:
    """Only items whose ``key`` is in ``ids`` (all of them when ``ids`` is empty)."""
    if not ids:
        return list(items)
    wanted = set(ids)
    return [item for item in items if key(item) in wanted]


def sorted_by_name(items: Iterable[Entity], *, descending: bool = False) -> list[Entity]:
    """Sorted by name (case-insensitive), ties by id, for a stable paging order."""
    return sorted(
        items, key=lambda e: (str(e.get("name", "")).casefold(), e["id"]), reverse=descending
    )


def division_for(request: ApiRequest, division_id: str | None) -> Entity:
    """The division an entity goes into: the given one, or Home; 400 for an unknown id."""
    divisions = request.store.table("divisions")
    if division_id is None:
        return next(d for d in divisions.values() if d.get("homeDivision"))
    division = divisions.get(division_id)
    if division is None:
        raise bad_request(
            f"Division with id {division_id} does not exist.", "division", code="invalid.value"
        )
    return division
