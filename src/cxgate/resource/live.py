"""The live org as cxgate compares it: per kind, name → object in YAML form plus its token.

Read by ``cxgate.org.live.read_live`` or, in tests and benchmarks, built straight from
API-shaped entities (``LiveState.from_entities``). Division names are harvested from the
entities themselves (every object carries ``division: {id, name}``); names of other kinds a
bundle refers to (flows, groups, divisions with no objects yet) are read only when asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pydantic

from cxgate.resource.base import Body, ResourceKind, Token, pruned
from cxgate.resource.refs import Refs
from cxgate.resource.registry import KINDS

__all__ = ["LiveObject", "LiveState", "live_from_bodies", "yaml_form"]


@dataclass(frozen=True, slots=True)
class LiveObject:
    """One object of the org: its key, id, YAML-form body and the token pinned now."""

    kind: str
    name: str
    id: str | None
    body: Body
    token: Token | None


@dataclass(frozen=True, slots=True)
class LiveState:
    """Every managed object of the org, per kind, by natural key."""

    objects: Mapping[str, Mapping[str, LiveObject]]
    refs: Refs
    org_id: str | None = None
    warnings: tuple[str, ...] = field(default=())
    unchecked: Mapping[str, str] = field(default_factory=dict)  # kind → why names are unknown

    def get(self, kind: str, name: str) -> LiveObject | None:
        """The live object ``kind``/``name``, if any."""
        return self.objects.get(kind, {}).get(name)

    def count(self, kind: str) -> int:
        """How many objects of a kind the org holds."""
        return len(self.objects.get(kind, {}))

    @classmethod
    def from_entities(
        cls,
        entities: Mapping[str, list[dict[str, Any]]],
        external: Mapping[str, Iterable[tuple[str, str]]] | None = None,
    ) -> LiveState:
        """Build from API entities per kind name; ``external`` adds name/id pairs of kinds
        cxgate does not manage (flows, groups...)."""
        refs = _collect_refs(entities, external or {})
        objects: dict[str, dict[str, LiveObject]] = {}
        warnings: list[str] = []
        for kind_name, found in entities.items():
            kind = KINDS[kind_name]
            objects[kind_name] = _objects_of(kind, found, refs, warnings)
        org = entities.get("organization") or [{}]
        org_id = org[0].get("id")
        return cls(objects, refs, str(org_id) if org_id else None, tuple(warnings))


def live_from_bodies(
    bodies: Mapping[str, Mapping[str, Body]], org_id: str | None = None
) -> LiveState:
    """A LiveState from YAML-form bodies (another bundle, e.g. yesterday's export).

    Objects get ``bundle:`` pseudo ids and no tokens, so a plan made this way can be reviewed
    but not applied. Names the other bundle refers to but does not manage (divisions, flows)
    count as existing.
    """
    refs = Refs()
    objects: dict[str, dict[str, LiveObject]] = {}
    for kind_name, by_name in bodies.items():
        kind = KINDS[kind_name]
        objects[kind_name] = {}
        for name, body in by_name.items():
            object_id = f"bundle:{kind_name}:{name}"
            refs.add(kind_name, name, object_id)
            for ref in kind.references(body):  # divisions, flows...: known to that bundle
                if ref.kind not in KINDS:
                    refs.add(ref.kind, ref.name, f"bundle:{ref.kind}:{ref.name}")
            objects[kind_name][name] = LiveObject(
                kind_name, name, object_id, kind.managed(body), None
            )
    return LiveState(objects, refs, org_id)


def _collect_refs(
    entities: Mapping[str, list[dict[str, Any]]],
    external: Mapping[str, Iterable[tuple[str, str]]],
) -> Refs:
    refs = Refs(external)
    for kind_name, found in entities.items():
        kind = KINDS[kind_name]
        for entity in found:
            if kind.singleton_key is None and "id" in entity:
                refs.add(kind_name, kind.key_of(entity), str(entity["id"]))
            division = entity.get("division")
            if isinstance(division, dict) and division.get("name") and division.get("id"):
                refs.add("division", str(division["name"]), str(division["id"]))
    return refs


def _objects_of(
    kind: ResourceKind, found: list[dict[str, Any]], refs: Refs, warnings: list[str]
) -> dict[str, LiveObject]:
    objects: dict[str, LiveObject] = {}
    for entity in found:
        name = kind.key_of(entity)
        if name in objects:
            warnings.append(f"{kind.title} '{name}' exists twice in the org; using the first")
            continue
        body = yaml_form(kind, entity, refs, warnings)
        object_id = entity.get("id")
        objects[name] = LiveObject(
            kind.name, name, str(object_id) if object_id else None, body, kind.token(entity)
        )
    return objects


def yaml_form(
    kind: ResourceKind,
    entity: Mapping[str, Any],
    refs: Refs,
    warnings: list[str] | None = None,
) -> Body:
    """An API entity as plan compares it: the canonical YAML form; if the org holds values
    our schema does not know, the raw YAML form (with a warning)."""
    body = kind.from_api(entity, refs)
    try:
        return kind.canonical(body)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        if warnings is not None:
            name = kind.key_of(entity)
            warnings.append(f"{kind.title} '{name}': org value at {where} is outside the schema")
        return pruned(body)
