"""Plan fixtures: a desired state straight from bodies, without files."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cxgate.bundle.config import BundleConfig
from cxgate.bundle.desired import DesiredState


def desired_from(
    bodies: Mapping[str, Mapping[str, Mapping[str, Any]]],
    deletes: Mapping[str, set[str]] | None = None,
) -> DesiredState:
    """kind → name → YAML-form body, as if loaded from a bundle."""
    config = BundleConfig.model_validate(
        {"delete": {k: sorted(v) for k, v in (deletes or {}).items()}}
    )
    return DesiredState.from_bodies(bodies, config)
