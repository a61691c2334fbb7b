"""Ownership: cxgate deletes only what it created or what the bundle names under ``delete:``.

Objects the bundle does not declare are otherwise left alone: an org is shared with people
working in the UI, other tools and other bundles (octoDNS's ownership processor does the same
for DNS records). Creations are recorded in the local state store by apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["Ownership"]


@dataclass(frozen=True, slots=True)
class Ownership:
    """``created``: (kind, id) pairs cxgate made; ``listed``: kind → names under ``delete:``."""

    created: frozenset[tuple[str, str]] = frozenset()
    listed: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        created: Iterable[tuple[str, str]] = (),
        listed: Mapping[str, Iterable[str]] | None = None,
    ) -> Ownership:
        """Build from any iterables."""
        return cls(frozenset(created), {k: frozenset(v) for k, v in (listed or {}).items()})

    def why_deletable(self, kind: str, name: str, object_id: str | None) -> str | None:
        """Why an undeclared object may be deleted, or None if it must be left alone."""
        if name in self.listed.get(kind, frozenset()):
            return "listed under delete: in cxgate.yaml"
        if object_id is not None and (kind, object_id) in self.created:
            return "created by cxgate and no longer in the bundle"
        return None
