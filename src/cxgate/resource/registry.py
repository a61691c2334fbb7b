"""Every resource kind cxgate manages, in dependency order.

Later kinds (flows, schedules...) register here; ``tests/resource/test_registry.py`` checks
that each follows the convention and that dependencies are acyclic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from graphlib import CycleError, TopologicalSorter
from types import MappingProxyType

from cxgate.errors import ConfigError
from cxgate.resource import feature, language, org, queue, skill, wrapup_code
from cxgate.resource.base import ResourceKind

__all__ = ["EXTERNAL_KINDS", "KINDS", "get_kind", "in_dependency_order"]

# Kinds a bundle may refer to by name but does not manage (yet): resolved against the org.
EXTERNAL_KINDS = frozenset({"division", "flow", "prompt", "group", "team", "skillgroup"})


def in_dependency_order(kinds: Iterable[ResourceKind]) -> tuple[ResourceKind, ...]:
    """Kinds ordered so each comes after what it depends on (ties by name, for stability)."""
    by_name = {kind.name: kind for kind in kinds}
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for kind in sorted(by_name.values(), key=lambda k: k.name):
        sorter.add(kind.name, *(dep for dep in kind.depends_on if dep in by_name))
    try:
        order = list(sorter.static_order())
    except CycleError as exc:
        raise ConfigError(f"resource kinds depend on each other in a cycle: {exc.args[1]}") from exc
    return tuple(by_name[name] for name in order)


KINDS: Mapping[str, ResourceKind] = MappingProxyType(
    {
        kind.name: kind
        for kind in in_dependency_order(
            (org.KIND, feature.KIND, skill.KIND, language.KIND, wrapup_code.KIND, queue.KIND)
        )
    }
)


def get_kind(name: str) -> ResourceKind:
    """The kind called ``name``; a clear error naming the known kinds otherwise."""
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(KINDS)
        raise ConfigError(f"unknown resource kind '{name}' (known: {known})") from None
