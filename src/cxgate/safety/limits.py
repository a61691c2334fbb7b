"""Org limits: the counts a plan leaves must stay within ``/api/v2/organizations/limits``.

The limits API answers ``{entities: [{key, namespace, value}]}`` per namespace (WHL
models/limit.py), but Genesys documents no key names per object kind. The defaults below are
the keys a public Genesys admin toolkit reads for these counts against live orgs; they are
UNCONFIRMED against Genesys documentation, so ``policy.limits`` in cxgate.yaml overrides them
per kind, with another ``namespace/key`` or a fixed number::

    policy:
      limits: {queue: routing/queues.max, skill: 2000}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from cxgate.errors import Problem
from cxgate.plan.change import Action, Change

if TYPE_CHECKING:
    from cxgate.bundle.desired import DesiredState
    from cxgate.resource.live import LiveState

__all__ = [
    "DEFAULT_LIMIT_KEYS",
    "counts_after",
    "limit_namespaces",
    "limit_problems",
    "limit_settings",
]

DEFAULT_LIMIT_KEYS: Mapping[str, str] = {
    "queue": "routing/queues.max",
    "wrapup_code": "routing/wrapup.codes.max",
    "skill": "skills/skill.count.max",
    "language": "skills/language.count.max",
}


def limit_settings(overrides: Mapping[str, str | int]) -> dict[str, str | int]:
    """Kind → ``namespace/key`` (read from the org) or a fixed maximum: defaults, overridden."""
    return {**DEFAULT_LIMIT_KEYS, **overrides}


def limit_namespaces(settings: Mapping[str, str | int]) -> set[str]:
    """The namespaces to read (one call each)."""
    return {value.split("/", 1)[0] for value in settings.values() if isinstance(value, str)}


def counts_after(live: LiveState, changes: Iterable[Change]) -> dict[str, int]:
    """Objects per kind once the plan is applied: today's, plus creates, minus deletes."""
    counts = {kind: live.count(kind) for kind in live.objects}
    for change in changes:
        step = {Action.CREATE: 1, Action.DELETE: -1}.get(change.action, 0)
        counts[change.kind] = counts.get(change.kind, 0) + step
    return counts


def limit_problems(
    desired: DesiredState,
    changes: Iterable[Change],
    after: Mapping[str, int],
    settings: Mapping[str, str | int],
    org_limits: Mapping[str, int],
) -> list[Problem]:
    """An error per kind whose count would pass its limit; a warning per unknown limit key."""
    created: dict[str, str] = {}
    for change in changes:
        if change.action is Action.CREATE:
            created.setdefault(change.kind, change.name)
    found: list[Problem] = []
    for kind, setting in sorted(settings.items()):
        limit = setting if isinstance(setting, int) else org_limits.get(setting)
        if limit is None:
            found.append(_unknown_key(desired, kind, str(setting)))
        elif after.get(kind, 0) > limit:
            where = f"the org limit {setting}" if isinstance(setting, str) else "policy.limits"
            found.append(_over(desired, kind, (after[kind], limit, where), created.get(kind)))
    return found


def _over(
    desired: DesiredState, kind: str, figures: tuple[int, int, str], name: str | None
) -> Problem:
    count, limit, where = figures
    message = f"the plan leaves {count:,} {kind} objects; {where} allows {limit:,}"
    fix = f"create {count - limit:,} fewer, delete others first, or ask Genesys to raise it"
    obj = desired.get(kind, name) if name else None
    if obj is not None:
        return obj.problem(("name",), message, fix, rule="limits")
    return desired.config_problem(("policy", "limits"), message, fix, rule="limits")


def _unknown_key(desired: DesiredState, kind: str, key: str) -> Problem:
    return desired.config_problem(
        ("policy", "limits"),
        f"the org reports no limit {key}: the number of {kind} objects is not checked",
        f"set policy.limits.{kind} to the org's namespace/key, or to a number",
        severity="warning",
        rule="limits",
    )
