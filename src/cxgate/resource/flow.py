"""Architect flows as a bundle kind: ``flows/*.yaml`` Archy files, compared as whole files.

A flow's YAML form is its metadata — ``name``, ``type`` (the Archy kind, ``inboundCall``),
``division``, ``description`` — plus ``definition``: the whole Archy file in a normal form
(YAML 1.2 scalars, sorted keys, no comments), so the org's export and the team's file compare
equal when they mean the same flow. The natural key is the type and the name.

Flows are declared here but are not a ``ResourceKind`` of the registry, because the generic
machinery cannot carry them: the bundle loader reads YAML 1.1 (an Archy output named ``yes``
would become ``True``) and cannot read unquoted ``{{tokens}}``; a flow is replaced whole on
deploy, not merged field by field; and its definition can only be read back with an export
job (a POST), which ``ApiReader`` does not offer. ``cxgate.bundle.flows`` loads them with
cxgate's Archy reader, ``cxgate.org.flows.live`` reads the org's, ``cxgate.plan.flows``
turns both into plan ``Change`` objects of kind ``flow``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cxgate.resource.base import Body, Token
from cxgate.resource.flowkinds import kind_for_archy, kind_for_type
from cxgate.resource.refs import Refs

__all__ = [
    "API_PATH",
    "FILES",
    "KIND_NAME",
    "TITLE",
    "flow_token",
    "metadata_from_api",
    "metadata_to_api",
]

KIND_NAME = "flow"
TITLE = "flow"
FILES = ("flows/*.yaml", "flows/*.yml")
API_PATH = "/api/v2/flows"  # list, POST; /{flowId} GET, PUT, DELETE (genesys-api.md §5)


def metadata_from_api(entity: Mapping[str, Any]) -> Body:
    """A Flow (``GET /api/v2/flows``) → the metadata part of the YAML form."""
    body: Body = {
        "name": str(entity["name"]),
        "type": kind_for_type(str(entity["type"])).archy,
        "division": (entity.get("division") or {}).get("name"),
        "description": entity.get("description") or None,
    }
    return {key: value for key, value in body.items() if value is not None}


def metadata_to_api(body: Mapping[str, Any], refs: Refs) -> Body:
    """The YAML form's metadata → a Flow request body (``POST``/``PUT /api/v2/flows``)."""
    request: Body = {"name": body["name"], "type": kind_for_archy(str(body["type"])).api_type}
    if body.get("description"):
        request["description"] = body["description"]
    division = refs.id_of("division", str(body["division"])) if body.get("division") else None
    if division:
        request["division"] = {"id": division}
    return request


def flow_token(entity: Mapping[str, Any]) -> Token:
    """What apply compares before writing a flow (flows have no version or ETag,
    genesys-api.md §10): the published, checked-in and saved version ids and the lock."""
    parts = [
        f"{slot}={(entity.get(key) or {}).get('id', '-')}"
        for slot, key in (
            ("published", "publishedVersion"),
            ("checkedIn", "checkedInVersion"),
            ("saved", "savedVersion"),
        )
    ]
    holder = entity.get("lockedUser") or entity.get("lockedClient") or {}
    parts.append(f"lock={holder.get('id', '-')}")
    return Token("flow", ";".join(parts))
