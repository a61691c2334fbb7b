"""What online validation needs to know about the org: features, products, limits.

Three reads, each cheap: ``GET /api/v2/organizations/me`` (features; shared with the org kind
through ``CachingReader``), ``GET /api/v2/authorization/products`` (one page, no paging
parameters: WHL authorization_api.py) and ``GET /api/v2/organizations/limits/namespaces/{ns}``
once per namespace the limit settings name. A namespace the org does not have is noted, not
fatal: its limits are then simply unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cxgate.errors import NotFoundError
from cxgate.resource.base import ApiReader

__all__ = ["OrgFacts", "read_org_facts"]

ME = "/api/v2/organizations/me"
PRODUCTS = "/api/v2/authorization/products"


@dataclass(frozen=True, slots=True)
class OrgFacts:
    """Feature flags, product ids and limits (``namespace/key`` → value) of the org."""

    features: Mapping[str, bool] = field(default_factory=dict)
    products: frozenset[str] = frozenset()
    limits: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _limits_of(reader: ApiReader, namespace: str) -> dict[str, int] | None:
    try:
        answer: Mapping[str, Any] = reader.get(
            f"/api/v2/organizations/limits/namespaces/{namespace}"
        )
    except NotFoundError:
        return None
    return {
        f"{namespace}/{entity['key']}": int(entity["value"])
        for entity in answer.get("entities") or ()
        if "key" in entity and isinstance(entity.get("value"), int | float)
    }


def read_org_facts(reader: ApiReader, namespaces: Iterable[str]) -> OrgFacts:
    """Features, products and the limits of ``namespaces``."""
    org: Mapping[str, Any] = reader.get(ME)
    features = {str(k): bool(v) for k, v in (org.get("features") or {}).items()}
    listing: Mapping[str, Any] = reader.get(PRODUCTS)
    products = frozenset(str(p["id"]) for p in listing.get("entities") or () if "id" in p)
    limits: dict[str, int] = {}
    notes: list[str] = []
    for namespace in sorted(set(namespaces)):
        found = _limits_of(reader, namespace)
        if found is None:
            notes.append(f"the org has no limits namespace '{namespace}'")
        else:
            limits.update(found)
    return OrgFacts(features, products, limits, tuple(notes))
