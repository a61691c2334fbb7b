"""The org's flows as plan compares them (the data; ``flow.api.live`` reads them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cxgate.bundle.flows import FlowKey, normal_definition
from cxgate.resource.base import Body, Token
from cxgate.resource.flow import flow_token, metadata_from_api
from cxgate.resource.flowkinds import kind_for_type

__all__ = ["OrgFlow", "OrgFlows", "flow_key", "org_flow", "shown_version"]


@dataclass(frozen=True, slots=True)
class OrgFlow:
    """One flow of the org: id, YAML-form body (with its definition when read), token."""

    id: str | None
    name: str
    body: Body
    token: Token | None
    version: str | None  # the version whose definition was read (published, else checked in)


@dataclass(frozen=True, slots=True)
class OrgFlows:
    """The org's flows by key, and every flow name (for references to flows)."""

    by_key: Mapping[FlowKey, OrgFlow]
    names: frozenset[str]
    from_bundle: bool = False  # another bundle (--against): the org's names are unknown

    def get(self, key: FlowKey) -> OrgFlow | None:
        return self.by_key.get(key)


def flow_key(entity: Mapping[str, Any]) -> FlowKey:
    """The key of a Flow entity: its Archy kind and folded name."""
    return (kind_for_type(str(entity["type"])).archy, str(entity["name"]).casefold())


def shown_version(entity: Mapping[str, Any]) -> str | None:
    """The version a plan compares: the published one, else the latest checked in."""
    for slot in ("publishedVersion", "checkedInVersion"):
        ref = entity.get(slot)
        if isinstance(ref, Mapping) and ref.get("id"):
            return str(ref["id"])
    return None


def org_flow(entity: Mapping[str, Any], text: str | None) -> OrgFlow:
    """An OrgFlow from a Flow entity and, if read, the Archy file of ``shown_version``."""
    body = metadata_from_api(entity)
    if text is not None:
        body["definition"] = normal_definition(text, f"{entity['name']} (org)")
    return OrgFlow(
        str(entity["id"]), str(entity["name"]), body, flow_token(entity), shown_version(entity)
    )
