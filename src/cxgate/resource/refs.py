"""Name ↔ id tables: YAML names objects, the API wants ids, and ids differ between orgs.

A reference written as ``id:<uuid>`` is taken verbatim; that is the escape hatch for objects
cxgate does not manage by name (and what export writes when a live id has no known name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["ID_PREFIX", "Refs"]

ID_PREFIX = "id:"


class Refs:
    """Per-kind name → id and id → name tables, for the bundle and the live org together."""

    __slots__ = ("_ids", "_names")

    def __init__(self, pairs: Mapping[str, Iterable[tuple[str, str]]] | None = None) -> None:
        self._ids: dict[str, dict[str, str]] = {}
        self._names: dict[str, dict[str, str]] = {}
        for kind, kind_pairs in (pairs or {}).items():
            for name, object_id in kind_pairs:
                self.add(kind, name, object_id)

    def add(self, kind: str, name: str, object_id: str) -> None:
        """Record that ``kind`` object ``name`` has id ``object_id``."""
        self._ids.setdefault(kind, {})[name] = object_id
        self._names.setdefault(kind, {})[object_id] = name

    def id_of(self, kind: str, name: str) -> str | None:
        """The id for a name (or the id itself for ``id:<uuid>``); None if unknown."""
        if name.startswith(ID_PREFIX):
            return name[len(ID_PREFIX) :]
        return self._ids.get(kind, {}).get(name)

    def name_of(self, kind: str, object_id: str, fallback: str | None = None) -> str:
        """The name for an id: the table's, else the API's own ``fallback``, else ``id:<uuid>``."""
        known = self._names.get(kind, {}).get(object_id)
        if known is not None:
            return known
        return fallback if fallback else f"{ID_PREFIX}{object_id}"

    def has(self, kind: str, name: str) -> bool:
        """True when the name resolves (an ``id:`` reference always does)."""
        return self.id_of(kind, name) is not None

    def copy(self) -> Refs:
        """An independent copy (apply adds the ids of the objects it creates to its own)."""
        return Refs({kind: list(ids.items()) for kind, ids in self._ids.items()})

    def names(self, kind: str) -> frozenset[str]:
        """Every known name of a kind."""
        return frozenset(self._ids.get(kind, {}))
