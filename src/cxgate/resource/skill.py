"""Routing skills (``/api/v2/routing/skills``).

The API has POST, DELETE and a PATCH that only moves a skill to another division: there is no
PUT, so a skill cannot be renamed (genesys-api.md §6). A rename is a delete plus a create, which
takes the skill off every agent; plan marks it HIGH and refuses it unless forced.
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
    division_reference,
    modified_token,
    pruned,
    ref_entity,
    ref_name,
)
from cxgate.resource.refs import Refs

__all__ = ["KIND", "SkillModel"]

PATH = "/api/v2/routing/skills"


class SkillModel(BundleModel):
    """One skill: ``- Billing`` or ``- {name: Billing, division: Sales}``."""

    name: str = Field(min_length=1, max_length=255)
    division: str | None = None


def read_active(path: str) -> Any:
    """Reader for skills and languages: ``state: deleted`` entries are gone for our purposes."""

    def read(reader: ApiReader) -> list[dict[str, Any]]:
        return [e for e in reader.list_all(path) if e.get("state", "active") != "deleted"]

    return read


def from_api(entity: Mapping[str, Any], refs: Refs) -> Body:
    """RoutingSkill → YAML form."""
    return pruned(
        {"name": entity["name"], "division": ref_name(refs, "division", entity.get("division"))}
    )


def to_api(body: Mapping[str, Any], refs: Refs) -> Body:
    """YAML form → CreateRoutingSkill ``{name, divisionId}``."""
    request: Body = {"name": body["name"]}
    if body.get("division"):
        where = f"skill '{body['name']}'"
        request["divisionId"] = ref_entity(refs, "division", body["division"], where)["id"]
    return request


KIND = ResourceKind(
    name="skill",
    title="skill",
    api_path=PATH,
    section="skills",
    files=("skills.yaml",),
    layout=Layout.LIST,
    model=SkillModel,
    from_api=from_api,
    to_api=to_api,
    read=read_active(PATH),
    token=modified_token(frozenset()),
    references=division_reference,
    server_fields=frozenset({"id", "selfUri", "dateModified", "state", "version"}),
    updatable_fields=frozenset({"division"}),  # PATCH /api/v2/routing/skills/{id} {divisionId}
    shorthand="name",
    dependency_type="ACDSKILL",
    notes=("no PUT: a rename is a delete plus a create",),
)
