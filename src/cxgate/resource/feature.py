"""Organization features: ``PATCH /api/v2/organizations/features/{featureName} {enabled}``.

The org's ``features`` map (``GET /api/v2/organizations/me``) may hold more keys than can be
patched; only the names of the SDK's ``OrganizationFeatures`` model are managed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cxgate.resource.base import ApiReader, Body, BundleModel, Layout, ResourceKind
from cxgate.resource.refs import Refs

__all__ = ["FEATURE_NAMES", "KIND", "FeatureModel"]

# models/organization_features.py attribute_map (the featureName path values).
FEATURE_NAMES = frozenset(
    {
        "realtimeCIC",
        "purecloud",
        "hipaa",
        "ucEnabled",
        "pci",
        "purecloudVoice",
        "xmppFederation",
        "chat",
        "informalPhotos",
        "directory",
        "contactCenter",
        "unifiedCommunications",
        "custserv",
    }
)


class FeatureModel(BundleModel):
    """One feature flag; in YAML simply ``chat: true`` under ``features:``."""

    enabled: bool


def read(reader: ApiReader) -> list[dict[str, Any]]:
    """Features come from the org object; one entity per patchable name (absent = off)."""
    features: Mapping[str, Any] = reader.get("/api/v2/organizations/me").get("features") or {}
    return [{"name": name, "enabled": bool(features.get(name))} for name in sorted(FEATURE_NAMES)]


def from_api(entity: Mapping[str, Any], refs: Refs) -> Body:
    """Feature entity → ``{enabled}``."""
    return {"enabled": bool(entity["enabled"])}


def to_api(body: Mapping[str, Any], refs: Refs) -> Body:
    """``{enabled}`` → FeatureState."""
    return {"enabled": bool(body["enabled"])}


def no_token(entity: Mapping[str, Any]) -> None:
    """A feature flag has no concurrency token: the PATCH sets one boolean."""
    return None


KIND = ResourceKind(
    name="feature",
    title="organization feature",
    api_path="/api/v2/organizations/features",
    section="features",
    files=("org.yaml",),
    layout=Layout.MAPPING,
    model=FeatureModel,
    from_api=from_api,
    to_api=to_api,
    read=read,
    token=no_token,
    depends_on=("organization",),
    server_fields=frozenset(),
    creatable=False,
    deletable=False,
    shorthand="enabled",
    allowed_names=FEATURE_NAMES,
)
