"""The change policy of ``cxgate.yaml``: safety thresholds, freeze windows, cooldowns.

Thresholds follow octoDNS: updates or deletes above a percentage of the existing objects of a
kind (only once at least ``minExisting`` exist) make the plan unsafe until ``--force``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, Field, field_validator

from cxgate.resource.base import BundleModel
from cxgate.resource.fields import parse_duration_ms
from cxgate.safety.limits import LimitSetting
from cxgate.safety.requirements import Requirement
from cxgate.safety.window import FreezeWindow

__all__ = ["CooldownPolicy", "KindCounts", "Policy", "Thresholds", "threshold_violations"]


def _seconds(value: Any) -> Any:
    """``"15m"`` → 900.0; plain numbers are seconds already."""
    parsed = parse_duration_ms(value)
    return parsed / 1000 if isinstance(parsed, int | float) and isinstance(value, str) else parsed


Seconds = Annotated[float, BeforeValidator(_seconds), Field(ge=0)]
Percent = Annotated[float, Field(ge=0, le=100)]


class Thresholds(BundleModel):
    """When a plan counts as too big to apply without ``--force``."""

    update_percent: Percent = 30.0
    delete_percent: Percent = 30.0
    min_existing: Annotated[int, Field(ge=0)] = 10


class ThresholdPolicy(Thresholds):
    """Overall thresholds plus per-kind overrides (``perKind: {queue: {deletePercent: 10}}``)."""

    per_kind: dict[str, Thresholds] = Field(default_factory=dict)

    def for_kind(self, kind: str) -> Thresholds:
        """The thresholds that apply to one kind."""
        return self.per_kind.get(kind, self)


class CooldownPolicy(BundleModel):
    """Minimum time between two changes of the same object (``perKind: {queue: 1h}``)."""

    default: Seconds = 0.0
    per_kind: dict[str, Seconds] = Field(default_factory=dict)

    def for_kind(self, kind: str) -> float:
        """Seconds that must pass between two changes of one object of ``kind``."""
        return self.per_kind.get(kind, self.default)


class Policy(BundleModel):
    """``policy:`` in cxgate.yaml; every part has a safe default."""

    timezone: str = "UTC"
    thresholds: ThresholdPolicy = Field(default_factory=ThresholdPolicy)
    freeze: list[FreezeWindow] = Field(default_factory=list)
    cooldown: CooldownPolicy = Field(default_factory=CooldownPolicy)
    limits: dict[str, LimitSetting] = Field(
        default_factory=dict,
        description="Per kind: the org limit to check counts against (namespace/key) or a number.",
    )
    requirements: list[Requirement] = Field(
        default_factory=list,
        description="Features or products a kind (or a field of it) needs, beyond the built-in.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            message = f"unknown time zone '{value}' (use an IANA name like Europe/Paris)"
            raise ValueError(message) from None
        return value


@dataclass(frozen=True, slots=True)
class KindCounts:
    """How many objects of a kind exist, and how many a plan updates and deletes."""

    existing: int
    updates: int = 0
    deletes: int = 0


def _over(label: str, action: str, count: int, existing: int, limit: Thresholds) -> str | None:
    percent = limit.update_percent if action == "update" else limit.delete_percent
    if existing < limit.min_existing or count * 100 <= percent * existing:
        return None
    share = count * 100 / existing
    return (
        f"{label}: {count} {action}s of {existing} existing ({share:.0f}%) "
        f"pass the {percent:g}% threshold"
    )


def threshold_violations(counts: Mapping[str, KindCounts], policy: ThresholdPolicy) -> list[str]:
    """Every threshold a plan passes, per kind and overall; empty means safe."""
    found: list[str] = []
    for kind, count in sorted(counts.items()):
        limit = policy.for_kind(kind)
        found += [
            reason
            for reason in (
                _over(kind, "update", count.updates, count.existing, limit),
                _over(kind, "delete", count.deletes, count.existing, limit),
            )
            if reason
        ]
    total = KindCounts(
        sum(c.existing for c in counts.values()),
        sum(c.updates for c in counts.values()),
        sum(c.deletes for c in counts.values()),
    )
    for action, number in (("update", total.updates), ("delete", total.deletes)):
        reason = _over("overall", action, number, total.existing, policy)
        if reason:
            found.append(reason)
    return found
