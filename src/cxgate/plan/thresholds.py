"""Safety thresholds (octoDNS): is a plan too big to apply without ``--force``?

Updates or deletes above a percentage of the existing objects of a kind (only once at least
``minExisting`` exist) make the plan unsafe; the limits themselves are ``policy.thresholds``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cxgate.bundle.policy import ThresholdPolicy, Thresholds

__all__ = ["KindCounts", "threshold_violations"]


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
