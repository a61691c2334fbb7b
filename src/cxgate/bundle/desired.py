"""The desired state: every object the bundle declares, in YAML form, with where it came from.

Flows are carried beside the registry kinds (``flows``): read once per run by the loader
with cxgate's Archy reader, then checked, planned and deployed from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from cxgate.bundle.config import BundleConfig
from cxgate.bundle.flows import BundleFlow
from cxgate.bundle.yamlsrc import Path, YamlDoc
from cxgate.errors import Problem
from cxgate.resource.base import Body
from cxgate.resource.registry import KINDS

__all__ = ["DesiredObject", "DesiredState"]


@dataclass(frozen=True, slots=True)
class DesiredObject:
    """One declared object: kind, natural key, canonical body, and its place in a file."""

    kind: str
    name: str
    body: Body
    doc: YamlDoc
    base: Path = ()

    @property
    def renamed_from(self) -> str | None:
        """The old name when the bundle renames this object (``renamedFrom``)."""
        old = self.body.get("renamedFrom")
        return str(old) if old else None

    def problem(self, path: Path, message: str, fix: str = "", **kw: Any) -> Problem:
        """A Problem at ``path`` inside this object, with its file and line."""
        return self.doc.problem((*self.base, *path), message, fix, **kw)


@dataclass(frozen=True, slots=True)
class DesiredState:
    """Everything a bundle declares for one environment."""

    root: FsPath
    config: BundleConfig
    env: str | None
    objects: Mapping[str, Mapping[str, DesiredObject]]
    deletes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    config_doc: YamlDoc | None = None
    flows: tuple[BundleFlow, ...] = ()  # flows/*.yaml, read once with the Archy reader

    @classmethod
    def from_bodies(
        cls,
        bodies: Mapping[str, Mapping[str, Mapping[str, Any]]],
        config: BundleConfig | None = None,
        env: str | None = None,
    ) -> DesiredState:
        """kind → name → YAML-form body, validated as if loaded from files (tests, benchmarks)."""
        objects = {
            kind: {
                name: DesiredObject(kind, name, KINDS[kind].canonical(body), YamlDoc(kind, body))
                for name, body in sorted(by_name.items())
            }
            for kind, by_name in bodies.items()
        }
        chosen = config or BundleConfig()
        deletes = {kind: frozenset(names) for kind, names in chosen.delete.items()}
        return cls(FsPath("."), chosen, env, objects, deletes)

    def get(self, kind: str, name: str) -> DesiredObject | None:
        """The declared object ``kind``/``name``, if any."""
        return self.objects.get(kind, {}).get(name)

    def count(self, kind: str) -> int:
        """How many objects of a kind the bundle declares."""
        return len(self.objects.get(kind, {}))

    def config_problem(self, path: Path, message: str, fix: str = "", **kw: Any) -> Problem:
        """A Problem located in cxgate.yaml."""
        if self.config_doc is None:
            return Problem("cxgate.yaml", "", message, fix, **kw)
        return self.config_doc.problem(path, message, fix, **kw)
