"""Features and products a change relies on: they must be on in the org once the plan applies.

The org's feature flags are ``GET /api/v2/organizations/me`` ``features`` (the plan may switch
some itself), its products ``GET /api/v2/authorization/products``. Which change needs which is
a small table: built in below, extended or replaced per (kind, field) by ``policy.requirements``
in cxgate.yaml. The feature names are the SDK's ``OrganizationFeatures``; product ids are not
published by Genesys per capability, so the built-in one is UNCONFIRMED and configurable::

    policy:
      requirements:
        - {kind: queue, field: enableTranscription, product: speechAndTextAnalytics}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from cxgate.bundle.policy import Requirement
from cxgate.errors import Problem
from cxgate.plan.change import Action, Change
from cxgate.resource.paths import values_at

if TYPE_CHECKING:
    from cxgate.bundle.desired import DesiredState

__all__ = ["BUILTIN_REQUIREMENTS", "requirement_problems", "requirements_for"]


BUILTIN_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        kind="queue",
        feature="contactCenter",
        why="routing queues are part of the contact center feature",
    ),
    Requirement(
        kind="queue",
        field="enableTranscription",
        product="speechAndTextAnalytics",
        why="transcription is part of speech and text analytics",
    ),
)


def requirements_for(extra: Iterable[Requirement]) -> tuple[Requirement, ...]:
    """The built-in table, with entries of the same (kind, field) replaced by ``extra``."""
    chosen = {(r.kind, r.field): r for r in BUILTIN_REQUIREMENTS}
    chosen.update({(r.kind, r.field): r for r in extra})
    return tuple(chosen.values())


def _relies_on(change: Change, requirement: Requirement) -> bool:
    if change.kind != requirement.kind or change.action is Action.DELETE:
        return False
    path = requirement.path
    if path and not any(value for _, value in values_at(change.desired or {}, path)):
        return False
    if change.action is Action.CREATE or not path:
        return True
    return any(f.path[: len(path)] == path or path[: len(f.path)] == f.path for f in change.fields)


def requirement_problems(
    desired: DesiredState,
    changes: Iterable[Change],
    features: Mapping[str, bool],
    products: frozenset[str] | None,
    requirements: Iterable[Requirement],
) -> list[Problem]:
    """An error for each change that relies on a feature that will be off or a missing product
    (``products`` None: not known, so product needs are not checked)."""
    found: list[Problem] = []
    for change in changes:
        for need in requirements:
            if not _relies_on(change, need):
                continue
            missing = _missing(need, features, products)
            if missing:
                found.append(_problem(desired, change, need, missing))
    return found


def _missing(
    need: Requirement, features: Mapping[str, bool], products: frozenset[str] | None
) -> str | None:
    if need.feature and not features.get(need.feature):
        return f"the '{need.feature}' feature is off"
    if need.product and products is not None and need.product not in products:
        return f"the org has no '{need.product}' product"
    return None


def _problem(desired: DesiredState, change: Change, need: Requirement, missing: str) -> Problem:
    why = f" ({need.why})" if need.why else ""
    what = f"{need.field} on " if need.field else ""
    message = f"{what}{change.label} needs what the org lacks: {missing}{why}"
    fix = (
        f"turn it on (features: {{{need.feature}: true}} in org.yaml)"
        if need.feature
        else "buy or enable the product, or drop the setting; "
        "if the product id differs in your org, set policy.requirements"
    )
    obj = desired.get(change.kind, change.name)
    if obj is None:
        return desired.config_problem(("policy", "requirements"), message, fix, rule="requirements")
    return obj.problem(need.path or ("name",), message, fix, rule="requirements")
