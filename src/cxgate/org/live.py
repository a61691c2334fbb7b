"""Read the live org into a ``LiveState``: every managed kind, in parallel, each GET once.

The only place the managed kinds are read; ``LiveState`` itself (``cxgate.resource.live``) is
data that plan and safety compare against without any I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from cxgate.org.external import read_external
from cxgate.org.reader import CachingReader
from cxgate.resource.base import ApiReader, ResourceKind
from cxgate.resource.live import LiveState
from cxgate.resource.registry import KINDS

__all__ = ["read_live"]

_ENRICH_WORKERS = 8  # one call per object: in parallel, the client's pacer keeps to the limit


def read_live(
    reader: ApiReader,
    kinds: Iterable[ResourceKind] = (),
    enrich: Mapping[str, Collection[str] | None] | None = None,
    external: Iterable[str] = (),
) -> LiveState:
    """Read every kind from the org, kinds in parallel, each GET once.

    ``enrich[kind]`` names objects whose sub-collections are read too (None = all of
    them), since those cost one call per object; ``external`` lists kinds cxgate refers
    to but does not manage (divisions, flows...) whose names should be read as well.
    """
    cached = CachingReader(reader)
    chosen = tuple(kinds or KINDS.values())
    with ThreadPoolExecutor(max_workers=len(chosen) + 1) as pool:
        names = pool.submit(read_external, cached, tuple(external))
        found = list(pool.map(lambda kind: _read_kind(cached, kind, enrich), chosen))
    entities = {kind.name: entities for kind, entities in zip(chosen, found, strict=True)}
    state = LiveState.from_entities(entities, names.result().pairs)
    return replace(state, unchecked=names.result().unchecked)


def _read_kind(
    reader: ApiReader, kind: ResourceKind, enrich: Mapping[str, Collection[str] | None] | None
) -> list[dict[str, Any]]:
    """One kind's entities, with sub-collections for the objects ``enrich`` names."""
    found = kind.read(reader)
    wanted = (enrich or {}).get(kind.name, ())
    if kind.enrich is None or wanted == ():
        return found
    add = kind.enrich

    def enriched(entity: dict[str, Any]) -> dict[str, Any]:
        return add(reader, entity) if wanted is None or kind.key_of(entity) in wanted else entity

    with ThreadPoolExecutor(max_workers=_ENRICH_WORKERS) as pool:
        return list(pool.map(enriched, found))
