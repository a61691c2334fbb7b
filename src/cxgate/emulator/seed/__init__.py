"""Seed data for the emulator: ``demo``, ``empty`` and ``generated:queues=N,...``."""

from __future__ import annotations

from typing import Any

from cxgate.emulator.seed.base import base_org
from cxgate.emulator.seed.demo import demo_org
from cxgate.emulator.seed.generated import generate_org
from cxgate.errors import ConfigError

__all__ = ["MAX_GENERATED", "base_org", "demo_org", "generate_org", "seed_data"]

_GENERATED_KEYS = ("queues", "skills", "wrapupcodes", "languages")
MAX_GENERATED = 50_000
"""Per kind: ten times the benchmarks' 5,000 queues; more would only exhaust memory."""


def seed_data(seed: str) -> dict[str, Any]:
    """The store data for a seed name; ConfigError explains the accepted names. A seeded
    org's dependency index is current (it was built after seeding)."""
    if seed == "demo":
        return _index_built(demo_org())
    if seed == "empty":
        return _index_built(base_org())
    if seed.startswith("generated"):
        return _index_built(generate_org(**_generated_counts(seed)))
    raise ConfigError(
        f"emulator seed {seed!r}: use demo, empty or generated:queues=N,skills=N,wrapupcodes=N"
    )


def _generated_counts(seed: str) -> dict[str, int]:
    _, _, spec = seed.partition(":")
    counts: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        key, _, value = item.partition("=")
        if key not in _GENERATED_KEYS or not value.isdigit():
            raise ConfigError(
                f"emulator seed {seed!r}: item {item!r} should be one of "
                f"{', '.join(k + '=N' for k in _GENERATED_KEYS)}"
            )
        if int(value) > MAX_GENERATED:
            raise ConfigError(
                f"emulator seed {seed!r}: {key}={value} is more than the {MAX_GENERATED:,} a "
                f"generated org may hold; use at most {key}={MAX_GENERATED}"
            )
        counts[key] = int(value)
    return counts


def _index_built(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "dependency_index": {}, "dependency_builds": {}}
