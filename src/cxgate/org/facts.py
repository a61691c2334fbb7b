"""What online validation needs to know about the org: features, products, limits.

Three reads, each cheap: ``GET /api/v2/organizations/me`` (features; shared with the org kind
through ``CachingReader``), ``GET /api/v2/authorization/products`` (one page, no paging
parameters: WHL authorization_api.py) and ``GET /api/v2/organizations/limits/namespaces/{ns}``
once per namespace the limit settings name. A namespace the org does not have, or a listing
the OAuth client may not read, is noted, not fatal: those limits or products are then unknown
and not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cxgate.errors import ApiError, NotFoundError
from cxgate.resource.base import ApiReader

__all__ = ["OrgFacts", "read_org_facts"]

ME = "/api/v2/organizations/me"
PRODUCTS = "/api/v2/authorization/products"


@dataclass(frozen=True, slots=True)
class OrgFacts:
    """Feature flags, product ids and limits (``namespace/key`` → value) of the org."""

    features: Mapping[str, bool] = field(default_factory=dict)
    products: frozenset[str] | None = frozenset()  # None: the org would not list them
    limits: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _limits_of(reader: ApiReader, namespace: str, notes: list[str]) -> dict[str, int]:
    path = f"/api/v2/organizations/limits/namespaces/{namespace}"
    try:
        answer: Mapping[str, Any] = reader.get(path)
    except NotFoundError:
        notes.append(f"the org has no limits namespace '{namespace}'")
        return {}
    except ApiError as exc:
        notes.append(f"limits of '{namespace}' not read ({exc.status} {exc.code}): not checked")
        return {}
    return {
        f"{namespace}/{entity['key']}": int(entity["value"])
        for entity in answer.get("entities") or ()
        if "key" in entity and isinstance(entity.get("value"), int | float)
    }


def _products(reader: ApiReader, notes: list[str]) -> frozenset[str] | None:
    try:
        listing: Mapping[str, Any] = reader.get(PRODUCTS)
    except ApiError as exc:
        notes.append(f"products not read ({exc.status} {exc.code}): product needs not checked")
        return None
    return frozenset(str(p["id"]) for p in listing.get("entities") or () if "id" in p)


def read_org_facts(reader: ApiReader, namespaces: Iterable[str]) -> OrgFacts:
    """Features, products and the limits of ``namespaces``; what the org refuses is noted."""
    org: Mapping[str, Any] = reader.get(ME)
    features = {str(k): bool(v) for k, v in (org.get("features") or {}).items()}
    notes: list[str] = []
    products = _products(reader, notes)
    limits: dict[str, int] = {}
    for namespace in sorted(set(namespaces)):
        limits.update(_limits_of(reader, namespace, notes))
    return OrgFacts(features, products, limits, tuple(notes))
