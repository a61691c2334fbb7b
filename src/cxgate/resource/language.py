"""Routing languages (``/api/v2/routing/languages``): POST and DELETE only, no update at all.

Like skills, a language cannot be renamed through the API (genesys-api.md §6).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from cxgate.resource.base import Body, BundleModel, Layout, ResourceKind, modified_token
from cxgate.resource.refs import Refs
from cxgate.resource.skill import read_active

__all__ = ["KIND", "LanguageModel"]

PATH = "/api/v2/routing/languages"


class LanguageModel(BundleModel):
    """One language: ``- French`` or ``- {name: French}``."""

    name: str = Field(min_length=1, max_length=255)


def from_api(entity: Mapping[str, Any], refs: Refs) -> Body:
    """Language → YAML form."""
    return {"name": entity["name"]}


def to_api(body: Mapping[str, Any], refs: Refs) -> Body:
    """YAML form → Language ``{name}``."""
    return {"name": body["name"]}


KIND = ResourceKind(
    name="language",
    title="language",
    api_path=PATH,
    section="languages",
    files=("languages.yaml",),
    layout=Layout.LIST,
    model=LanguageModel,
    from_api=from_api,
    to_api=to_api,
    read=read_active(PATH),
    token=modified_token(frozenset()),
    server_fields=frozenset({"id", "selfUri", "dateModified", "state", "version"}),
    updatable_fields=frozenset(),
    shorthand="name",
    dependency_type="ACDLANGUAGE",
    notes=("no update: a rename is a delete plus a create",),
)
