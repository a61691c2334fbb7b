"""Plan fixtures: a desired state straight from bodies, without files."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cxgate.bundle.config import BundleConfig
from cxgate.bundle.desired import DesiredObject, DesiredState
from cxgate.bundle.yamlsrc import YamlDoc
from cxgate.resource.registry import KINDS


def desired_from(
    bodies: Mapping[str, Mapping[str, Mapping[str, Any]]],
    deletes: Mapping[str, set[str]] | None = None,
    config: BundleConfig | None = None,
) -> DesiredState:
    """kind → name → YAML-form body, as if loaded from a bundle."""
    objects = {
        kind: {
            name: DesiredObject(
                kind, name, KINDS[kind].canonical(body), YamlDoc(f"{kind}.yaml", body)
            )
            for name, body in sorted(by_name.items())
        }
        for kind, by_name in bodies.items()
    }
    return DesiredState(
        Path("."),
        config or BundleConfig(),
        None,
        objects,
        {k: frozenset(v) for k, v in (deletes or {}).items()},
    )
