"""Names of objects a bundle refers to but cxgate does not manage: divisions, flows, groups...

A queue names its in-queue flow, its division and its member groups; validate must say
whether those names exist in the org. They are read only for the kinds a bundle refers to,
one listing each at the largest page size. A listing the org refuses (no permission, or an
emulator without the endpoint) leaves that kind *unchecked*, with the reason, rather than
failing the whole run: a missing permission for groups should not hide a broken queue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from cxgate.errors import ApiError
from cxgate.resource.base import ApiReader

__all__ = ["EXTERNAL_PATHS", "ExternalNames", "read_external"]

# The listing of each kind (SDK: AuthorizationApi, ArchitectApi, GroupsApi, TeamsApi, RoutingApi).
EXTERNAL_PATHS: Mapping[str, str] = {
    "division": "/api/v2/authorization/divisions",
    "flow": "/api/v2/flows",
    "prompt": "/api/v2/architect/prompts",
    "group": "/api/v2/groups",
    "team": "/api/v2/teams",
    "skillgroup": "/api/v2/routing/skillgroups",
}


@dataclass(frozen=True, slots=True)
class ExternalNames:
    """(name, id) pairs per kind, and the kinds that could not be read with the reason."""

    pairs: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    unchecked: Mapping[str, str] = field(default_factory=dict)


def _read_one(reader: ApiReader, kind: str) -> tuple[str, tuple[tuple[str, str], ...] | str]:
    try:
        entities = reader.list_all(EXTERNAL_PATHS[kind])
    except ApiError as exc:
        return kind, f"the org did not list {kind} names ({exc.status} {exc.code or exc.message})"
    pairs = tuple((str(e["name"]), str(e["id"])) for e in entities if e.get("name") and e.get("id"))
    return kind, pairs


def read_external(reader: ApiReader, kinds: Iterable[str]) -> ExternalNames:
    """The names of every object of ``kinds`` (those cxgate knows how to list), in parallel."""
    wanted = sorted(set(kinds) & EXTERNAL_PATHS.keys())
    if not wanted:
        return ExternalNames()
    with ThreadPoolExecutor(max_workers=len(wanted)) as pool:
        results = list(pool.map(lambda kind: _read_one(reader, kind), wanted))
    pairs = {kind: found for kind, found in results if not isinstance(found, str)}
    unchecked = {kind: found for kind, found in results if isinstance(found, str)}
    return ExternalNames(pairs, unchecked)
