"""Wrap-up codes (``/api/v2/routing/wrapupcodes``): full CRUD, PUT replaces the whole object.

No ``version`` field exists (genesys-api.md §10), so the token is ``dateModified`` plus a hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from cxgate.resource.base import (
    Body,
    BundleModel,
    Layout,
    ResourceKind,
    division_reference,
    modified_token,
    pruned,
    read_collection,
    ref_entity,
    ref_name,
)
from cxgate.resource.refs import Refs

__all__ = ["KIND", "WrapupCodeModel"]

PATH = "/api/v2/routing/wrapupcodes"


class WrapupCodeModel(BundleModel):
    """One wrap-up code; ``renamedFrom`` turns a rename into an update instead of delete+create."""

    name: str = Field(min_length=1, max_length=255)
    description: str | None = None
    division: str | None = None
    renamed_from: str | None = None


def from_api(entity: Mapping[str, Any], refs: Refs) -> Body:
    """WrapupCode → YAML form."""
    body = {
        "name": entity["name"],
        "description": entity.get("description"),
        "division": ref_name(refs, "division", entity.get("division")),
    }
    return pruned(body)


def to_api(body: Mapping[str, Any], refs: Refs) -> Body:
    """YAML form → WrapupCodeRequest ``{name, description, division: {id}}``."""
    request: Body = {"name": body["name"]}
    if "description" in body:
        request["description"] = body["description"]
    if body.get("division"):
        where = f"wrap-up code '{body['name']}'"
        request["division"] = ref_entity(refs, "division", body["division"], where)
    return request


KIND = ResourceKind(
    name="wrapup_code",
    title="wrap-up code",
    api_path=PATH,
    section="wrapupCodes",
    files=("wrapup_codes.yaml",),
    layout=Layout.LIST,
    model=WrapupCodeModel,
    from_api=from_api,
    to_api=to_api,
    read=read_collection(PATH),
    token=modified_token(frozenset()),
    references=division_reference,
    server_fields=frozenset(
        {"id", "selfUri", "dateCreated", "dateModified", "createdBy", "modifiedBy"}
    ),
    local_fields=frozenset({"renamedFrom"}),
    renamable=True,
    shorthand="name",
    dependency_type="ACDWRAPUPCODE",
)
