"""Organization settings (``/api/v2/organizations/me``): one object, updated with its version.

``PUT /api/v2/organizations/me`` must carry the ``version`` that was read; a stale one is a
conflict (genesys-api.md §7, §10). The org cannot be created or deleted; its ``features`` are a
kind of their own (``feature``), and ``thirdPartyOrgName`` is immutable so it is not managed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from cxgate.resource.base import (
    ApiReader,
    Body,
    BundleModel,
    Layout,
    ResourceKind,
    Token,
    pruned,
)
from cxgate.resource.refs import Refs

__all__ = ["KIND", "MANAGED_FIELDS", "OrganizationModel"]

PATH = "/api/v2/organizations/me"
MANAGED_FIELDS = (
    "name",
    "defaultLanguage",
    "defaultCountryCode",
    "thirdPartyURI",
    "supportURI",
    "voicemailEnabled",
)


class OrganizationModel(BundleModel):
    """The writable organization settings (``organization:`` in org.yaml)."""

    name: str | None = Field(default=None, min_length=1)
    default_language: str | None = None
    default_country_code: str | None = None
    third_party_uri: str | None = Field(default=None, alias="thirdPartyURI")
    support_uri: str | None = Field(default=None, alias="supportURI")
    voicemail_enabled: bool | None = None


def read(reader: ApiReader) -> list[dict[str, Any]]:
    """The org is one GET."""
    entity: dict[str, Any] = reader.get(PATH)
    return [entity]


def from_api(entity: Mapping[str, Any], refs: Refs) -> Body:
    """Organization → YAML form (managed fields only)."""
    return pruned({key: entity.get(key) for key in MANAGED_FIELDS})


def to_api(body: Mapping[str, Any], refs: Refs) -> Body:
    """YAML form → the managed part of Organization; apply adds the pinned ``version``."""
    return {key: body[key] for key in MANAGED_FIELDS if key in body}


def version_token(entity: Mapping[str, Any]) -> Token | None:
    """The org's integer ``version``, echoed in the PUT body."""
    version = entity.get("version")
    return None if version is None else Token("version", str(version))


KIND = ResourceKind(
    name="organization",
    title="organization",
    api_path=PATH,
    section="organization",
    files=("org.yaml",),
    layout=Layout.SECTION,
    model=OrganizationModel,
    from_api=from_api,
    to_api=to_api,
    read=read,
    token=version_token,
    server_fields=frozenset(
        {
            "id",
            "selfUri",
            "version",
            "state",
            "features",
            "thirdPartyOrgName",
            "domain",
            "defaultSiteId",
            "productPlatform",
        }
    ),
    creatable=False,
    deletable=False,
    singleton_key="organization",
)
