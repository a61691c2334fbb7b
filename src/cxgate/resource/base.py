"""How a resource kind is declared: path, natural key, dependencies, API ↔ YAML mapping, token.

Each kind module (org, feature, skill, language, wrapup_code, queue) builds one ``ResourceKind``;
``registry`` collects them. Everything here is pure: the only I/O is through ``ApiReader``,
which the real client and the tests' fakes both satisfy.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from cxgate.errors import BundleError
from cxgate.resource.refs import Refs

__all__ = [
    "ApiReader",
    "Body",
    "BundleModel",
    "Layout",
    "Reference",
    "ResourceKind",
    "Token",
    "body_hash",
    "canonical_json",
    "division_reference",
    "modified_token",
    "no_references",
    "prune",
    "pruned",
    "read_collection",
    "ref_entity",
    "ref_name",
]

Body = dict[str, Any]


class ApiReader(Protocol):
    """The part of the API client that reading the live org needs."""

    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        """GET one resource and return its JSON."""
        ...

    def list_all(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        page_size: int | None = None,
    ) -> list[dict[str, Any]]:
        """Every entity of a paged collection (max page size, pages fetched in parallel)."""
        ...


class BundleModel(BaseModel):
    """Base of every bundle schema model: camelCase keys as the API spells them, no extras."""

    model_config = ConfigDict(
        extra="forbid", alias_generator=to_camel, frozen=True, defer_build=True
    )


class Layout(enum.StrEnum):
    """How a kind's objects sit in its files."""

    LIST = "list"  # a top-level key holding a list of objects (skills.yaml: skills: [...])
    MAPPING = "mapping"  # a top-level key holding name: value pairs (org.yaml: features: {...})
    SECTION = "section"  # a top-level key holding one object (org.yaml: organization: {...})
    DOCUMENT = "document"  # each file is one object (queues/*.yaml)


@dataclass(frozen=True, slots=True)
class Token:
    """The concurrency token pinned at plan time; apply re-reads and compares before writing.

    ``scheme`` says how to compare: ``version`` (org: the integer the PUT must echo) or
    ``modified`` (queues, wrap-up codes: no server token, so ``dateModified`` plus a body hash;
    genesys-api.md §10).
    """

    scheme: str
    value: str


@dataclass(frozen=True, slots=True)
class Reference:
    """One by-name reference from an object to another (``kind`` ``name`` at ``path``)."""

    kind: str
    name: str
    path: tuple[str | int, ...]


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no whitespace: the form every hash and checksum is taken of."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def body_hash(entity: Mapping[str, Any], ignore: frozenset[str]) -> str:
    """sha256 of an API body without the fields that move on their own (member counts...)."""
    kept = {key: value for key, value in entity.items() if key not in ignore}
    return hashlib.sha256(canonical_json(kept).encode()).hexdigest()


def modified_token(ignore: frozenset[str]) -> Callable[[Mapping[str, Any]], Token | None]:
    """Token for kinds without a server version: ``dateModified`` plus a body hash."""

    def token(entity: Mapping[str, Any]) -> Token | None:
        stamp = entity.get("dateModified", "")
        return Token("modified", f"{stamp}|sha256:{body_hash(entity, ignore)}")

    return token


def prune(value: Any) -> Any:
    """Drop None, empty lists and empty dicts everywhere: the API omits or empties them freely."""
    if isinstance(value, dict):
        kept = {key: prune(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in (None, [], {})}
    if isinstance(value, list):
        return [prune(item) for item in value]
    return value


def pruned(body: Mapping[str, Any]) -> Body:
    """``prune`` for a whole object body, typed as one."""
    result: Body = prune(dict(body))
    return result


def ref_name(refs: Refs, kind: str, entity: Mapping[str, Any] | None) -> str | None:
    """The YAML name for an API reference object ``{id, name?}`` (None if absent)."""
    if not entity or "id" not in entity:
        return None
    return refs.name_of(kind, str(entity["id"]), fallback=entity.get("name"))


def ref_entity(refs: Refs, kind: str, name: str, where: str) -> dict[str, str]:
    """The API reference object ``{"id": ...}`` for a YAML name; unresolved is a bundle error."""
    object_id = refs.id_of(kind, name)
    if object_id is None:
        raise BundleError(
            f"{where}: {kind} '{name}' is neither in the bundle nor in the org "
            f"(fix: create it, correct the name, or write id:<uuid>)"
        )
    return {"id": object_id}


def no_references(body: Mapping[str, Any]) -> Iterator[Reference]:
    """For kinds that refer to nothing."""
    return iter(())


def division_reference(body: Mapping[str, Any]) -> Iterator[Reference]:
    """For kinds whose only reference is their division (skills, wrap-up codes)."""
    if body.get("division"):
        yield Reference("division", body["division"], ("division",))


def read_collection(path: str) -> Callable[[ApiReader], list[dict[str, Any]]]:
    """Reader for a paged collection at ``path``, at the client's maximum page size."""

    def read(reader: ApiReader) -> list[dict[str, Any]]:
        return reader.list_all(path)

    return read


@dataclass(frozen=True, slots=True)
class ResourceKind:
    """A declared resource kind; see the module docstring and any kind module for examples.

    ``from_api(entity, refs)`` gives the YAML form (names, not ids, pruned and canonical);
    ``to_api(body, refs)`` gives the request body for the fields cxgate manages (apply merges it
    over a fresh GET, since PUTs replace whole objects). ``server_fields`` are filled by the API
    and never diffed; ``local_fields`` live only in the bundle (``renamedFrom``, ``forecast``).
    """

    name: str
    title: str
    api_path: str
    section: str
    files: tuple[str, ...]
    layout: Layout
    model: type[BundleModel]
    from_api: Callable[[Mapping[str, Any], Refs], Body]
    to_api: Callable[[Mapping[str, Any], Refs], Body]
    read: Callable[[ApiReader], list[dict[str, Any]]]
    token: Callable[[Mapping[str, Any]], Token | None]
    depends_on: tuple[str, ...] = ()
    references: Callable[[Mapping[str, Any]], Iterator[Reference]] = no_references
    server_fields: frozenset[str] = frozenset({"id", "selfUri", "dateCreated", "dateModified"})
    local_fields: frozenset[str] = frozenset()
    updatable_fields: frozenset[str] | None = None  # None: every field (the kind has a PUT)
    creatable: bool = True
    deletable: bool = True
    renamable: bool = False
    singleton_key: str | None = None  # set for kinds with exactly one object (the org)
    shorthand: str | None = None  # a bare scalar item means {shorthand: value} (skills: [Billing])
    allowed_names: frozenset[str] | None = None  # closed set of names (organization features)
    enrich: Callable[[ApiReader, dict[str, Any]], dict[str, Any]] | None = None  # sub-collections
    dependency_type: str | None = None  # Architect dependency-tracking objectType (QUEUE...)
    notes: Sequence[str] = field(default=())

    def key_of(self, entity: Mapping[str, Any]) -> str:
        """The natural key of an API entity: its name, or the fixed key of a singleton."""
        if self.singleton_key is not None:
            return self.singleton_key
        return str(entity["name"])

    def canonical(self, raw: Mapping[str, Any]) -> Body:
        """Validate a YAML-form dict and return it as the diff compares it (set keys only)."""
        model = self.model.model_validate(raw)
        dumped: Body = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
        return dumped

    def managed(self, body: Mapping[str, Any]) -> Body:
        """The body without bundle-only fields: what is compared with the org."""
        return {key: value for key, value in body.items() if key not in self.local_fields}

    def can_update(self, paths: Sequence[tuple[str | int, ...]]) -> bool:
        """True when every changed top-level field can be written through the API."""
        if self.updatable_fields is None:
            return True
        return all(str(path[0]) in self.updatable_fields for path in paths)
