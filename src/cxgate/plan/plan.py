"""The plan: every change with its risk, the safety verdict, and a checksum apply honours.

The safety check lives here, as in octoDNS: ``raise_if_unsafe`` refuses a plan that passes a
threshold or holds a blocked change, unless forced. The checksum is the sha256 of the canonical
JSON of what a reviewer approves (each change with its pinned token, the org and environment),
so ``apply --plan plan.json`` can refuse a file that was edited after review.

Plan file (``--out plan.json``, ``--output json``), format version 1::

    {"format": "cxgate-plan", "version": 1, "checksum": "sha256:…", "createdAt": "…Z",
     "bundle": "…", "env": "prod", "orgId": "…",
     "summary": {"create": 1, "update": 2, "delete": 0, "risk": "HIGH", "byKind": {…}},
     "safety": {"unsafe": false, "reasons": []},
     "warnings": [], "staffing": [QueueProjection.to_dict(), …],
     "changes": [Change.to_dict(), …]}
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cxgate.bundle.desired import DesiredState
from cxgate.errors import ChecksumMismatchError, PlanError, UnsafePlanError
from cxgate.plan.change import Action, Change, Risk
from cxgate.plan.diff import diff_states
from cxgate.plan.risk import RiskContext, assess_all
from cxgate.resource.base import canonical_json
from cxgate.resource.live import LiveState

if TYPE_CHECKING:
    from cxgate.plan.staffing import QueueProjection
from cxgate.bundle.policy import ThresholdPolicy
from cxgate.plan.ownership import Ownership
from cxgate.plan.thresholds import KindCounts, threshold_violations

__all__ = ["PLAN_FORMAT", "PLAN_VERSION", "Plan", "build_plan"]

PLAN_FORMAT = "cxgate-plan"
PLAN_VERSION = 1


@dataclass(frozen=True, slots=True)
class Plan:
    """The reviewed unit of work; immutable, so its checksum holds."""

    changes: tuple[Change, ...]
    existing: Mapping[str, int]
    thresholds: ThresholdPolicy = field(default_factory=ThresholdPolicy)
    bundle: str = ""
    env: str | None = None
    org_id: str | None = None
    created_at: str = ""
    warnings: tuple[str, ...] = ()
    projections: tuple[QueueProjection, ...] = ()  # staffing before/after; not checksummed
    refusals: tuple[str, ...] = ()  # change policy in force now (freeze, cooldown); not checksummed

    @property
    def has_changes(self) -> bool:
        """True when applying would write anything."""
        return bool(self.changes)

    @property
    def risk(self) -> Risk:
        """The highest risk of any change (LOW for an empty plan)."""
        return max((c.risk.level for c in self.changes), default=Risk.LOW)

    def counts(self) -> dict[str, KindCounts]:
        """Per kind: existing objects, and the updates and deletes planned."""
        tally = Counter((c.kind, c.action) for c in self.changes)
        kinds = set(self.existing) | {c.kind for c in self.changes}
        return {
            kind: KindCounts(
                self.existing.get(kind, 0),
                tally[(kind, Action.UPDATE)],
                tally[(kind, Action.DELETE)],
            )
            for kind in sorted(kinds)
        }

    def unsafe_reasons(self) -> list[str]:
        """Why the plan needs ``--force``: the change policy in force (freeze windows and
        cooldowns, unless overridden with a reason), thresholds passed, blocked changes."""
        reasons = [*self.refusals, *threshold_violations(self.counts(), self.thresholds)]
        for change in self.changes:
            if change.risk.blocked:
                texts = "; ".join(r.text for r in change.risk.reasons if r.level is Risk.HIGH)
                reasons.append(f"{change.action.value} {change.label} is blocked: {texts}")
        return reasons

    def raise_if_unsafe(self, force: bool = False) -> None:
        """Refuse an unsafe plan unless forced (octoDNS ``raise_if_unsafe``)."""
        reasons = self.unsafe_reasons()
        if reasons and not force:
            listed = "".join(f"\n  - {r}" for r in reasons)
            raise UnsafePlanError(
                f"the plan is unsafe; review it, then re-run with --force:{listed}"
            )

    def _reviewed(self) -> dict[str, Any]:
        return {
            "version": PLAN_VERSION,
            "orgId": self.org_id,
            "env": self.env,
            "changes": [c.reviewed_dict() for c in self.changes],
        }

    @property
    def checksum(self) -> str:
        """``sha256:<hex>`` of what a reviewer approves."""
        return "sha256:" + hashlib.sha256(canonical_json(self._reviewed()).encode()).hexdigest()

    def summary(self) -> dict[str, Any]:
        """Counts per action and per kind, and the overall risk."""
        by_action = Counter(c.action.value for c in self.changes)
        by_kind: dict[str, dict[str, int]] = {}
        for change in self.changes:
            slot = by_kind.setdefault(change.kind, {})
            slot[change.action.value] = slot.get(change.action.value, 0) + 1
        return {
            **{a.value: by_action[a.value] for a in Action},
            "risk": self.risk.name,
            "byKind": by_kind,
        }

    def to_dict(self) -> dict[str, Any]:
        """The plan file (see the module docstring)."""
        reasons = self.unsafe_reasons()
        return {
            "format": PLAN_FORMAT,
            "version": PLAN_VERSION,
            "checksum": self.checksum,
            "createdAt": self.created_at,
            "bundle": self.bundle,
            "env": self.env,
            "orgId": self.org_id,
            "existing": dict(sorted(self.existing.items())),
            "thresholds": self.thresholds.model_dump(mode="json", by_alias=True),
            "summary": self.summary(),
            "safety": {"unsafe": bool(reasons), "reasons": reasons},
            "warnings": list(self.warnings),
            "staffing": [p.to_dict() for p in self.projections],
            "changes": [c.to_dict() for c in self.changes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Read a plan file back, refusing other formats and any edit since it was written."""
        if data.get("format") != PLAN_FORMAT or data.get("version") != PLAN_VERSION:
            raise PlanError(
                f"not a cxgate plan file of version {PLAN_VERSION} "
                f"(format={data.get('format')!r}, version={data.get('version')!r}); re-run plan"
            )
        plan = cls(
            changes=tuple(Change.from_dict(c) for c in data.get("changes", ())),
            existing=dict(data.get("existing", {})),
            thresholds=ThresholdPolicy.model_validate(data.get("thresholds", {})),
            bundle=str(data.get("bundle", "")),
            env=data.get("env"),
            org_id=data.get("orgId"),
            created_at=str(data.get("createdAt", "")),
            warnings=tuple(data.get("warnings", ())),
        )
        if plan.checksum != data.get("checksum"):
            raise ChecksumMismatchError(
                "the plan file was changed after it was written (checksum mismatch); "
                "re-run plan and review it again"
            )
        return plan


def build_plan(
    live: LiveState,
    desired: DesiredState,
    ownership: Ownership,
    context: RiskContext | None = None,
    *,
    now: float | None = None,
    extra_warnings: Sequence[str] = (),
    changes: Sequence[Change] | None = None,
) -> Plan:
    """Diff (unless ``changes`` already holds the diff), assess, and wrap the result with the
    bundle's thresholds and the staffing projections of ``context``."""
    found = diff_states(live, desired, ownership) if changes is None else changes
    assessed = assess_all(found, context)
    stamp = dt.datetime.fromtimestamp(now, dt.UTC).isoformat().replace("+00:00", "Z") if now else ""
    projections = (context or RiskContext()).projections
    return Plan(
        changes=tuple(assessed),
        existing={kind: len(objects) for kind, objects in live.objects.items()},
        thresholds=desired.config.policy.thresholds,
        bundle=str(desired.root),
        env=desired.env,
        org_id=live.org_id,
        created_at=stamp,
        warnings=(*live.warnings, *extra_warnings),
        projections=tuple(projections[name] for name in sorted(projections)),
    )
